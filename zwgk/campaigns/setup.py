"""Starting a campaign: the scheme's items given to units by applicability, with their tasks."""
from __future__ import annotations

from django.db import transaction

from zwgk.audit.services import record
from zwgk.campaigns.computed import bindings_from_scheme
from zwgk.campaigns.deadlines import parse_deadline
from zwgk.campaigns.models import Campaign, Entry, Participant, Task
from zwgk.organisations.models import Unit
from zwgk.schemes.reading import scheme_data


def applies(item: dict, unit: Unit) -> tuple[bool, str]:
    """Whether an item's 考核对象 includes the unit, and the reason when it does not."""
    types = item.get("unit_types") or []
    if not types or unit.group in types or unit.kind in types:
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


@transaction.atomic
def create_campaign(actor, scheme, title: str, year: int, units, **dates) -> Campaign:
    campaign = Campaign.objects.create(scheme=scheme, title=title, year=year, **dates)
    add_units(actor, campaign, units)
    everyone = list(Unit.objects.all())
    for item in scheme_data(scheme)["items"]:
        deadline = item.get("deadline") or {}
        parsed = parse_deadline(deadline.get("text"), year)
        dates_ = sorted({*(str(d) for d in deadline.get("dates") or ()), *(d.isoformat() for d in parsed.dates)})
        task = Task.objects.create(
            campaign=campaign, item_id=str(item["id"]), responsible_text=item.get("responsible") or "",
            deadline_text=deadline.get("text") or "", due_dates=dates_, due=dates_[0] if dates_ else None,
            ongoing=bool(deadline.get("ongoing") or parsed.ongoing),
        )
        task.lead.set(_named(item.get("lead") or [], everyone))
        task.support.set(_named(item.get("support") or [], everyone))
    bindings_from_scheme(campaign)
    record(actor, "创建考核", campaign=campaign, target=title, new=f"{scheme.title}，{len(units)}个单位")
    return campaign


@transaction.atomic
def add_units(actor, campaign: Campaign, units) -> None:
    """Give every item to each unit, marked not applicable where its 考核对象 excludes the unit."""
    items = scheme_data(campaign.scheme)["items"]
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
