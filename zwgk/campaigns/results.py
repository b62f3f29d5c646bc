"""A unit's result in a campaign: the one computation behind every figure zwgk shows or publishes.

The live preview, rescoring, the score sheet page, every export and the 通报 come through
`unit_outcome` / `campaign_outcomes`. Records become engine facts here and nowhere else, with the
campaign's decisions: the office's overrides, 不适用, how items nobody checked count, the
scheme-level cases. The engine applies pools, floors, 折算 (the campaign's choice, carried by
`schemes.reading.engine_scheme(campaign)`), the bonus and total caps. The total is then rounded
to the figure that is shown (two decimals, half up), and the grade and the rank are read from
that figure, so a total shown as 90.00 is in the 90 band and equal figures share a place.

A unit is always evaluated whole, so pools (points on a group), 此大项不得分 and the scheme-level
cases come out right. The stored figures (`Entry.score`/`explanation`, `Participant.total`,
`grade`, `rank`, `max_points`, `unchecked`) are this computation written down by `rescore_unit` /
`rescore_campaign` after every change, for lists and charts.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from zwgk.campaigns.models import Campaign, Entry, Participant, consequence_line
from zwgk.evidence.models import Evidence
from zwgk.lib.dates import chinese_date
from zwgk.schemes.reading import engine_scheme
from zwgk.scoring.decimals import fmt, shown
from zwgk.scoring.evaluate import ItemResult
from zwgk.scoring.totals import UnitResult, evaluate_unit, evaluate_units, ranks_across_units, unit_facts

Unchecked = Campaign.Unchecked

# The line an unchecked item's explanation starts with, by the campaign's rule.
UNCHECKED_LINES = {
    Unchecked.UNSET: "未核查：考核办尚未确定未核查指标的计分办法，暂计0分",
    Unchecked.ZERO: "未核查：按本次考核规定，未核查的指标计0分",
    Unchecked.DEFAULTS: "未核查：按本次考核规定，未核查的指标按评分标准默认计分（只扣分的指标计满分）",
}


@dataclass
class ItemOutcome:
    entry: Entry
    result: ItemResult
    checked: bool
    explanation: list[dict]

    @property
    def score(self) -> Decimal | None:
        """What the item counts for (a pool item: its signed part of the pool); None when not applicable."""
        return None if self.result.not_applicable else self.result.score


@dataclass
class UnitOutcome:
    participant: Participant
    result: UnitResult
    items: dict[str, ItemOutcome]
    total: Decimal  # the shown figure
    max_points: Decimal
    unchecked: int  # applicable items no person has checked
    grade: str
    rank: int | None = None
    steps: list[dict] = field(default_factory=list)  # how the total was made (pools, 折算, cases, caps)

    @property
    def consequence_lines(self) -> list[str]:
        return [consequence_line(item, effect) for item, effect in self.result.consequences]

    @property
    def provisional(self) -> bool:
        return self.unchecked > 0

    @property
    def self_total(self) -> Decimal | None:
        """The unit's 自评分 over its applicable items; None when it gave none."""
        given = [line.entry.self_score for line in self.items.values()
                 if line.entry.applicable and line.entry.self_score is not None]
        return sum(given, Decimal(0)) if given else None


# ---- records → facts -----------------------------------------------------------------------------
def counts_unchecked_as_zero(campaign: Campaign) -> bool:
    """Nothing unchecked counts, unless the office chose the engine's defaults (with a reason)."""
    return campaign.unchecked_rule != Unchecked.DEFAULTS


def _item_facts(campaign: Campaign, entry: Entry, has_evidence: bool, checked: bool,
                facts: dict | None = None) -> dict:
    """An entry as engine facts (shared/spec/cli.md FACTS items), with the office's decisions."""
    if not entry.applicable:
        return {"not_applicable": True}
    data = dict(entry.facts if facts is None else facts)
    data["evidence"] = has_evidence
    if entry.override_score is not None:
        data["override"] = entry.override_score
    elif not checked and counts_unchecked_as_zero(campaign):
        data["zero"] = True
    return data


def _line(message: str, applied: str) -> dict:
    return {"clause": None, "text": "", "facts": {}, "amount": None, "applied": applied, "message": message}


def _explanation(campaign: Campaign, entry: Entry, result: ItemResult, checked: bool) -> list[dict]:
    """The engine's lines, after the campaign's own: why an item was not scored by its rule."""
    lines = []
    if entry.applicable and entry.override_score is not None:
        lines.append(_line(f"考核办调整得分：{entry.override_reason}", "override"))
    elif entry.applicable and not checked:
        lines.append(_line(UNCHECKED_LINES[Unchecked(campaign.unchecked_rule)], "unchecked"))
    return lines + result.explanation()


def _evidence_ids(entry_ids) -> set[int]:
    return set(Evidence.objects.filter(entry__in=list(entry_ids)).values_list("entry_id", flat=True))


def _unit_data(campaign: Campaign, participant: Participant, entries: list[Entry], with_evidence: set[int],
               trial: tuple[Entry, dict] | None) -> tuple[dict, dict[str, tuple[Entry, bool]]]:
    items, used = {}, {}
    for e in entries:
        if trial is not None and e.pk == trial[0].pk:  # the findings being typed: checked once saved
            source, checked, facts = trial[0], True, trial[1]
        else:
            source, checked, facts = e, e.checked, None
        items[e.item_id] = _item_facts(campaign, source, e.pk in with_evidence, checked, facts)
        used[e.item_id] = (source, checked)
    data = {"name": participant.unit.name, "group": participant.group, "items": items,
            "bonus": participant.bonus or {}, "major": participant.major or {}}
    return data, used


# ---- grades and places ---------------------------------------------------------------------------
def grade_bands(campaign: Campaign, group: str | None = None) -> list[tuple[str, Decimal]]:
    """The 等次 bands for a ranking group, highest first: the office's for that group, else the
    office's for every group, else the scheme's."""
    own = [b for b in campaign.grade_bands or () if b.get("group") == group] if group else []
    common = [b for b in campaign.grade_bands or () if not b.get("group")]
    chosen = own or common
    if chosen:
        bands = [(b["name"], Decimal(str(b["min"]))) for b in chosen]
    else:
        bands = [(b.name, b.min) for b in engine_scheme(campaign).grades]
    return sorted(bands, key=lambda b: b[1], reverse=True)


def grade_of(bands: list[tuple[str, Decimal]], figure: Decimal) -> str:
    return next((name for name, minimum in bands if figure >= minimum), "")


def place(figure: Decimal | None, others) -> int | None:
    """A unit's place among the others of its group: ties share a place (1, 1, 3); a unit not
    scored yet has none."""
    if figure is None:
        return None
    return 1 + sum(1 for other in others if other is not None and other > figure)


def _outcome(campaign: Campaign, participant: Participant, result: UnitResult,
             used: dict[str, tuple[Entry, bool]], bands) -> UnitOutcome:
    items, unchecked = {}, 0
    for item_id, (entry, checked) in used.items():
        r = result.items[item_id]
        items[item_id] = ItemOutcome(entry, r, checked, _explanation(campaign, entry, r, checked))
        unchecked += entry.applicable and not checked
    total = shown(result.total)
    return UnitOutcome(participant, result, items, total, result.max_points, unchecked,
                       grade_of(bands, total), steps=[s.to_dict() for s in result.steps])


# ---- the computation -----------------------------------------------------------------------------
def _entries_by_unit(campaign: Campaign) -> dict[int, list[Entry]]:
    by_unit: dict[int, list[Entry]] = {}
    for e in campaign.entries.order_by("unit", "position"):
        by_unit.setdefault(e.unit_id, []).append(e)
    return by_unit


def campaign_outcomes(campaign: Campaign, trial: tuple[Entry, dict] | None = None) -> list[UnitOutcome]:
    """Every unit's result, placed within its ranking group."""
    scheme = engine_scheme(campaign)
    participants = list(campaign.participants.select_related("unit"))
    by_unit = _entries_by_unit(campaign)
    with_evidence = _evidence_ids(e.pk for es in by_unit.values() for e in es)
    data = [_unit_data(campaign, p, by_unit.get(p.unit_id, []), with_evidence, trial) for p in participants]
    results = evaluate_units(scheme, [unit_facts(d, scheme) for d, _ in data])
    bands = {group: grade_bands(campaign, group) for group in {p.group for p in participants}}
    outcomes = [_outcome(campaign, p, r, used, bands[p.group]) for p, r, (_, used) in zip(participants, results, data)]
    for o in outcomes:
        group = [x.total for x in outcomes if x.participant.group == o.participant.group and x is not o]
        o.rank = place(o.total, group)
    return outcomes


def unit_outcome(campaign: Campaign, participant: Participant,
                 trial: tuple[Entry, dict] | None = None) -> UnitOutcome:
    """One unit's result, placed among the others' stored figures. `trial` = (entry, facts) tries
    findings out without saving them (the review page's live score). Raises ScoringError on bad
    facts. A scheme that ranks units by a measured value (名次 from 比率) is computed whole."""
    scheme = engine_scheme(campaign)
    if ranks_across_units(scheme):
        return next(o for o in campaign_outcomes(campaign, trial) if o.participant.pk == participant.pk)
    entries = list(campaign.entries.filter(unit=participant.unit_id).order_by("position"))
    data, used = _unit_data(campaign, participant, entries, _evidence_ids(e.pk for e in entries), trial)
    result = evaluate_unit(scheme, unit_facts(data, scheme))
    outcome = _outcome(campaign, participant, result, used, grade_bands(campaign, participant.group))
    others = campaign.participants.filter(group=participant.group).exclude(pk=participant.pk)
    outcome.rank = place(outcome.total, others.values_list("total", flat=True))
    return outcome


# ---- writing it down -----------------------------------------------------------------------------
def _store_items(outcome: UnitOutcome) -> None:
    changed = []
    for item in outcome.items.values():
        e = item.entry
        if e.score != item.score or e.explanation != item.explanation:
            e.score, e.explanation = item.score, item.explanation
            changed.append(e)
    Entry.objects.bulk_update(changed, ["score", "explanation"])


def _store_unit(outcome: UnitOutcome) -> Participant:
    p = outcome.participant
    p.total, p.max_points, p.unchecked, p.grade = outcome.total, outcome.max_points, outcome.unchecked, outcome.grade
    p.consequences = [{"item": item, "effect": effect} for item, effect in outcome.result.consequences]
    return p


_UNIT_FIELDS = ["total", "max_points", "unchecked", "grade", "consequences"]


@transaction.atomic
def rescore_unit(participant: Participant) -> UnitOutcome | None:
    """Recompute and store one unit's items and total, and the places in its group."""
    campaign = participant.campaign
    if campaign.is_task_plan:
        return None
    outcome = unit_outcome(campaign, participant)
    _store_items(outcome)
    _store_unit(outcome).save(update_fields=_UNIT_FIELDS)
    members = list(campaign.participants.filter(group=participant.group))
    for m in members:
        m.rank = place(m.total, [o.total for o in members if o.pk != m.pk])
    Participant.objects.bulk_update(members, ["rank"])
    participant.rank = next(m.rank for m in members if m.pk == participant.pk)
    outcome.rank = participant.rank
    return outcome


@transaction.atomic
def rescore_campaign(campaign: Campaign) -> list[UnitOutcome]:
    """Every unit's items, totals, grades and places."""
    if campaign.is_task_plan:
        return []
    outcomes = campaign_outcomes(campaign)
    for o in outcomes:
        _store_items(o)
        _store_unit(o).rank = o.rank
    Participant.objects.bulk_update([o.participant for o in outcomes], [*_UNIT_FIELDS, "rank"])
    return outcomes


# ---- what was decided, in words ------------------------------------------------------------------
def rules_text(campaign: Campaign) -> list[str]:
    """How the results were computed, printed on the ranking, the score sheets and the 通报."""
    lines = []
    rule = Unchecked(campaign.unchecked_rule)
    if rule == Unchecked.UNSET:
        lines.append("未核查的指标暂计0分（考核办尚未确定未核查指标的计分办法，结果为暂定）。")
    else:
        decided = (f"考核办{chinese_date(timezone.localdate(campaign.unchecked_at))}确定" if campaign.unchecked_at
                   else "考核办确定")
        lines.append(f"{rule.label}（{decided}，理由：{campaign.unchecked_reason}）。")
    full = engine_scheme(campaign).total_points
    if campaign.normalise:
        lines.append(f"不适用的指标不计分，得分按折算计：各项得分合计 ÷ 适用指标分值 × {fmt(full)}，满分均为{fmt(full)}分。")
    else:
        lines.append("不适用的指标不计分，得分为各项得分直接相加，各单位满分为其适用指标分值之和（见“满分”）。")
    groups = sorted({p.group for p in campaign.participants.all()})
    bands = {group: grade_bands(campaign, group) for group in groups or [None]}
    if len(set(map(tuple, bands.values()))) == 1:  # one set of bands for everyone
        bands = {None: next(iter(bands.values()))}
    for group, shown_bands in bands.items():
        if shown_bands:
            where = f"（{group}）" if group else ""
            lines.append(f"等次划分{where}：" + "，".join(f"{name}{fmt(minimum)}分及以上"
                                                      for name, minimum in shown_bands) + "。")
    return lines
