"""The engine applied to a campaign: entries → facts → scores, explanations, totals and ranks.

A unit is always evaluated whole, so pools (points on a group), 此大项不得分 and scheme-level
cases come out right.
"""
from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from zwgk.campaigns.models import Campaign, Entry, Participant
from zwgk.evidence.models import Evidence
from zwgk.schemes.reading import engine_scheme
from zwgk.scoring.totals import UnitResult, evaluate_unit, evaluate_units, unit_facts


def item_facts_of(entry: Entry, has_evidence: bool, facts: dict | None = None) -> dict:
    """An entry as engine facts (shared/spec/cli.md FACTS items)."""
    if not entry.applicable:
        return {"not_applicable": True}
    data = dict(entry.facts if facts is None else facts)
    data["evidence"] = has_evidence
    return data


def _unit_data(participant: Participant, entries, with_evidence: set[int], changed: Entry | None = None,
               facts: dict | None = None) -> dict:
    items = {}
    for e in entries:
        replace = changed is not None and e.pk == changed.pk
        items[e.item_id] = item_facts_of(changed if replace else e, e.pk in with_evidence,
                                         facts if replace else None)
    return {"name": participant.unit.name, "group": participant.group, "items": items,
            "bonus": participant.bonus or {}, "major": participant.major or {}}


def _evidence_ids(entries) -> set[int]:
    return set(Evidence.objects.filter(entry__in=[e.pk for e in entries]).values_list("entry_id", flat=True))


def _evaluate(participant: Participant, changed: Entry | None = None,
              facts: dict | None = None) -> tuple[list[Entry], UnitResult]:
    entries = list(participant.campaign.entries.filter(unit=participant.unit_id))
    scheme = engine_scheme(participant.campaign.scheme)
    data = _unit_data(participant, entries, _evidence_ids(entries), changed, facts)
    return entries, evaluate_unit(scheme, unit_facts(data, scheme))


def evaluate_participant(participant: Participant, changed: Entry | None = None,
                         facts: dict | None = None) -> UnitResult:
    """A unit's result from its stored entries; `changed`/`facts` try out one entry's findings
    without saving them (the review page's live score). Raises ScoringError on bad facts."""
    return _evaluate(participant, changed, facts)[1]


def _store(entries: list[Entry], result: UnitResult) -> None:
    """Each entry's score and explanation, written only for the entries whose result changed."""
    changed = []
    for e in entries:
        r = result.items.get(e.item_id)
        if r is None:
            continue
        score = None if r.not_applicable else r.score
        explanation = r.explanation()
        if e.score != score or e.explanation != explanation:
            e.score, e.explanation = score, explanation
            changed.append(e)
    Entry.objects.bulk_update(changed, ["score", "explanation"])


@transaction.atomic
def rescore_unit(participant: Participant) -> UnitResult:
    """Recompute and store every entry's score of one unit, and the unit's total (rank is left as is)."""
    entries, result = _evaluate(participant)
    _store(entries, result)
    participant.total = _with_overrides(result, entries)
    participant.grade = _grade(grade_bands(participant.campaign), participant.total)
    participant.save(update_fields=["total", "grade"])
    return result


def _with_overrides(result: UnitResult, entries: list[Entry]) -> Decimal:
    """The unit's total with the office's overrides: each overridden item's difference is added."""
    total = result.total
    for e in entries:
        r = result.items.get(e.item_id)
        if e.override_score is not None and r is not None and not r.not_applicable:
            total += e.override_score - r.score
    return max(total, Decimal(0))


def grade_bands(campaign: Campaign) -> list[tuple[str, Decimal]]:
    """The campaign's 等次 bands, highest first: its own when the office set them, else the scheme's."""
    if campaign.grade_bands:
        bands = [(b["name"], Decimal(str(b["min"]))) for b in campaign.grade_bands]
    else:
        bands = [(b.name, b.min) for b in engine_scheme(campaign.scheme).grades]
    return sorted(bands, key=lambda b: b[1], reverse=True)


def _grade(bands: list[tuple[str, Decimal]], total: Decimal | None) -> str:
    if total is None:
        return ""
    for name, minimum in bands:
        if total >= minimum:
            return name
    return ""


@transaction.atomic
def rescore_campaign(campaign: Campaign) -> None:
    """Every unit's scores, totals, grades and ranks within its group (ties share a rank)."""
    if campaign.is_task_plan:
        return
    scheme = engine_scheme(campaign.scheme)
    participants = list(campaign.participants.select_related("unit"))
    by_unit: dict[int, list[Entry]] = {}
    for e in campaign.entries.all():
        by_unit.setdefault(e.unit_id, []).append(e)
    with_evidence = _evidence_ids([e for es in by_unit.values() for e in es])
    facts = [unit_facts(_unit_data(p, by_unit.get(p.unit_id, []), with_evidence), scheme) for p in participants]
    results = evaluate_units(scheme, facts)
    bands = grade_bands(campaign)
    by_name = {r.name: r for r in results}
    for p in participants:
        result = by_name[p.unit.name]
        entries = by_unit.get(p.unit_id, [])
        _store(entries, result)
        p.total = _with_overrides(result, entries)
        p.grade = _grade(bands, p.total)
    _rank(participants)
    Participant.objects.bulk_update(participants, ["total", "grade", "rank"])


def _rank(participants: list[Participant]) -> None:
    groups: dict[str, list[Participant]] = {}
    for p in participants:
        groups.setdefault(p.group, []).append(p)
    for members in groups.values():
        members.sort(key=lambda p: p.total or 0, reverse=True)
        previous, place = None, 0
        for i, p in enumerate(members, 1):
            if p.total != previous:
                place, previous = i, p.total
            p.rank = place
