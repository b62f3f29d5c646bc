"""从台账计算: facts of bound clauses filled from the ledgers, for every unit of a campaign at once.

A binding (campaigns.Binding, made from the scheme file's `bindings:` when the campaign starts, or
by the office) names a clause, an indicator (zwgk.indicators) and how its value becomes the
clause's fact. Computed facts are marked on the entry with the indicator, the value, whether it is
provisional and how many ledger rows it rests on; an assessor may still change them, with a logged
reason, and a later computation leaves such an adjusted clause alone.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from zwgk.accounts.roles import is_office
from zwgk.audit.models import Event
from zwgk.audit.services import event, json_text, record
from zwgk.campaigns import access
from zwgk.campaigns.models import Binding, Campaign, Entry
from zwgk.campaigns.results import rescore_campaign
from zwgk.indicators.registry import REGISTRY, IndicatorValue, year_period
from zwgk.schemes.reading import engine_scheme, scheme_data
from zwgk.scoring.clauses import Kind
from zwgk.scoring.errors import ScoringError

# Clause kinds whose fact is "met or not": a count of 0 from the ledger means met.
_MET_KINDS = (Kind.MANUAL, Kind.ONCE, Kind.ZERO)


def default_fact(indicator_id: str, clause) -> str:
    yields = REGISTRY[indicator_id].yields
    if yields in ("value", "tags"):
        return yields
    return "met" if clause.kind in _MET_KINDS or (not clause.per and clause.kind in (Kind.DEADLINE, Kind.AWARD)) \
        else "count"


def fact_of(fact: str, value) -> dict | None:
    """An indicator's value as a clause's facts; None when there is nothing to say (no rate)."""
    if fact == "tags":
        counts = {tag: n for tag, n in (value or {}).items() if n}
        return {"count": counts} if counts else {}
    if value is None:
        return None
    if fact == "value":
        return {"value": format(Decimal(value), "f")}
    if fact == "met":
        return {"met": int(value) == 0}
    return {"count": int(value)}


def bindings_from_scheme(campaign: Campaign) -> list[Binding]:
    """The scheme file's bindings as the campaign's own, which the office may then change."""
    scheme = engine_scheme(campaign)
    made = []
    for raw in scheme_data(campaign)["items"]:
        item = scheme.item(str(raw["id"]))
        for b in raw.get("bindings") or ():
            clause = item.rule.clause(b["clause"])
            made.append(Binding(campaign=campaign, item_id=item.id, clause=clause.n, indicator=b["indicator"],
                                params=b.get("params") or {}, fact=b.get("fact") or default_fact(b["indicator"], clause)))
    return Binding.objects.bulk_create(made)


@dataclass
class Outcome:
    changed: int = 0
    unchanged: int = 0
    kept_adjusted: int = 0
    provisional: int = 0


def _computed_info(binding: Binding, value: IndicatorValue, now: str) -> dict:
    shown = value.value if not isinstance(value.value, Decimal) else format(value.value, "f")
    return {"indicator": binding.indicator, "value": shown, "provisional": value.provisional,
            "records": value.record_count, "at": now, "adjusted": False}


@transaction.atomic
def compute_from_ledgers(actor, campaign: Campaign) -> Outcome:
    access.require(is_office(actor) and not campaign.locked and not campaign.is_task_plan)
    bindings = list(campaign.bindings.all())
    if not bindings:
        raise ValidationError("本考核没有绑定台账指标的条款。")
    units = list(campaign.participants.values_list("unit_id", flat=True))
    entries = {(e.unit_id, e.item_id): e for e in campaign.entries.filter(
        item_id__in={b.item_id for b in bindings}, applicable=True).select_related("unit")}
    period, now, outcome = year_period(campaign.year), timezone.now().isoformat(), Outcome()
    touched: dict[int, tuple[Entry, dict]] = {}
    for b in bindings:
        indicator = REGISTRY.get(b.indicator)
        if indicator is None:
            raise ValidationError(f"第{b.item_id}项第{b.clause}条绑定的台账指标“{b.indicator}”不存在。")
        for unit, value in indicator.per_unit(units, period, **b.params).items():
            entry = entries.get((unit, b.item_id))
            if entry is None:
                continue
            key = str(b.clause)
            if (entry.computed.get(key) or {}).get("adjusted"):
                outcome.kept_adjusted += 1
                continue
            if entry.pk not in touched:
                touched[entry.pk] = (entry, dict(entry.facts))
                entry.version += 1  # pages showing the entry before this are out of date
            new = fact_of(b.fact, value.value)
            if new:
                entry.facts[key] = new
            else:
                entry.facts.pop(key, None)
            entry.computed[key] = _computed_info(b, value, now)
            outcome.provisional += value.provisional
    changes = [event(actor, "从台账计算", campaign=campaign, unit=entry.unit, target=f"{entry.unit.name} 第{entry.item_id}项",
                     field="核查事实", old=json_text(old), new=json_text(entry.facts))
               for entry, old in touched.values() if entry.facts != old]
    outcome.changed, outcome.unchanged = len(changes), len(touched) - len(changes)
    Event.objects.bulk_create(changes)
    Entry.objects.bulk_update([e for e, _ in touched.values()], ["facts", "computed", "version"])
    try:
        rescore_campaign(campaign)
    except ScoringError as err:
        raise ValidationError(f"台账计算的结果无法计分：{err}") from None
    record(actor, "从台账计算", campaign=campaign, target=campaign.title,
           new=f"变更{outcome.changed}项，未变{outcome.unchanged}项，保留人工调整{outcome.kept_adjusted}处")
    return outcome


def mark_adjusted(entry: Entry, old_facts: dict, new_facts: dict) -> list[str]:
    """The computed clauses an assessor has just changed; they are kept on later computations."""
    changed = [k for k in entry.computed if old_facts.get(k) != new_facts.get(k)]
    for k in changed:
        entry.computed[k] = {**entry.computed[k], "adjusted": True}
    return changed
