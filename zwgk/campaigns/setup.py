"""Starting a campaign: the scheme's items given to units by applicability, with their tasks."""
from __future__ import annotations

import calendar
from datetime import date

from django.db import transaction

from zwgk.audit.services import record
from zwgk.campaigns.computed import bindings_from_scheme
from zwgk.campaigns.deadlines import parse_deadline
from zwgk.campaigns.models import Campaign, Entry, Participant, Task
from zwgk.campaigns.results import rescore_campaign
from zwgk.organisations.models import Unit
from zwgk.schemes.reading import digest, engine_scheme, scheme_data
from zwgk.scoring.totals import applies_to


def applies(item: dict, unit: Unit) -> tuple[bool, str]:
    """Whether an item's 考核对象 includes the unit, and the reason when it does not."""
    types = item.get("unit_types") or []
    if applies_to(types, (unit.group, unit.kind)):  # the engine's rule, so `zwgk evaluate` agrees
        return True, ""
    return False, f"考核对象为{'、'.join(types)}，不含{unit.group}"


def _named(names: list[str], units: list[Unit]) -> list[Unit]:
    """Units a task names (县财政局 in 县财政局牵头), matched by name either way round."""
    found = []
    for name in names:
        for u in units:
            if u.name == name or name in u.name or u.name in name:
                found.append(u)
    return found


def moved(day: date, years: int) -> date:
    """The same day `years` later (29 February becomes the 28th in a common year)."""
    year = day.year + years
    return date(year, day.month, min(day.day, calendar.monthrange(year, day.month)[1]))


def task_dates(item: dict, scheme_year: int | None, year: int) -> tuple[list[str], list[str], bool]:
    """(due dates for the campaign's year, the scheme's own dates when they were moved, ongoing).

    A scheme's dates belong to its year (2021年8月底前 in a 2021 scheme); a campaign of another
    year takes each date the same number of years on, and keeps the scheme's dates to say so."""
    deadline = item.get("deadline") or {}
    base = scheme_year or year
    parsed = parse_deadline(deadline.get("text"), base)
    days = sorted({*(date.fromisoformat(str(d)) for d in deadline.get("dates") or ()), *parsed.dates})
    ongoing = bool(deadline.get("ongoing") or parsed.ongoing)
    if not days or base == year:
        return [d.isoformat() for d in days], [], ongoing
    return [moved(d, year - base).isoformat() for d in days], [d.isoformat() for d in days], ongoing


@transaction.atomic
def create_campaign(actor, scheme, title: str, year: int, units, **dates) -> Campaign:
    """A campaign on the scheme's current text, kept as the campaign's own copy (pinned)."""
    data = scheme_data(scheme)
    campaign = Campaign.objects.create(
        scheme=scheme, title=title, year=year, scheme_yaml=scheme.source_yaml,
        scheme_digest=digest(scheme.source_yaml), normalise=engine_scheme(scheme).rules.normalise, **dates)
    add_units(actor, campaign, units)
    everyone = list(Unit.objects.all())
    for item in data["items"]:
        due_dates, scheme_dates, ongoing = task_dates(item, data.get("year"), year)
        task = Task.objects.create(
            campaign=campaign, item_id=str(item["id"]), responsible_text=item.get("responsible") or "",
            deadline_text=(item.get("deadline") or {}).get("text") or "", due_dates=due_dates,
            scheme_dates=scheme_dates, due=due_dates[0] if due_dates else None, ongoing=ongoing,
        )
        task.lead.set(_named(item.get("lead") or [], everyone))
        task.support.set(_named(item.get("support") or [], everyone))
    bindings_from_scheme(campaign)
    rescore_campaign(campaign)
    record(actor, "创建考核", campaign=campaign, target=title,
           new=f"{scheme.title}（版本{campaign.scheme_digest[:8]}），{len(units)}个单位")
    return campaign


@transaction.atomic
def add_units(actor, campaign: Campaign, units) -> None:
    """Give every item to each unit, marked not applicable where its 考核对象 excludes the unit."""
    items = scheme_data(campaign)["items"]
    for unit in units:
        _, created = Participant.objects.get_or_create(campaign=campaign, unit=unit,
                                                       defaults={"group": unit.group})
        if not created:
            continue
        Entry.objects.bulk_create([
            Entry(campaign=campaign, unit=unit, item_id=str(item["id"]), position=i,
                  applicable=ok, na_reason=reason)
            for i, item in enumerate(items) for ok, reason in [applies(item, unit)]
        ])
        if campaign.pk and actor is not None:
            record(actor, "加入考核", campaign=campaign, unit=unit, target=unit.name)
