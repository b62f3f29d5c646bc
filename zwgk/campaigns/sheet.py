"""A unit's score sheet (评分表) as plain data, for the page and for the xlsx export, from the one
computation of its result (campaigns.results)."""
from __future__ import annotations

from decimal import Decimal

from zwgk.campaigns.items import item_order
from zwgk.campaigns.models import Campaign
from zwgk.campaigns.results import UnitOutcome, rules_text
from zwgk.reports.sheets import CaseLine, GroupPoints, SheetRow, UnitSheet
from zwgk.schemes.reading import engine_scheme, item_data, scheme_data

# Explanation lines that say why an item was not scored by its rule, or lost its points.
_SAID = ("evidence", "zero", "negative", "unchecked", "override")


def lost_reasons(explanation: list[dict]) -> tuple[str, ...]:
    """The explanation lines that took points off, as the unit reads them."""
    out = []
    for step in explanation:
        amount = step.get("amount")
        if step.get("clause") is not None and amount and Decimal(amount) < 0:
            out.append(step["message"])
        elif step.get("applied") in _SAID and step.get("message"):
            out.append(step["message"])
    return tuple(dict.fromkeys(out))


def unit_sheet(campaign: Campaign, outcome: UnitOutcome, rules: list[str] | None = None) -> UnitSheet:
    """`rules` (rules_text) may be passed in when many sheets are made at once."""
    scheme = engine_scheme(campaign)
    participant = outcome.participant
    rows = []
    for item_id, line in outcome.items.items():
        e, item, r = line.entry, scheme.item(item_id), item_data(campaign, item_id)
        lost = lost_reasons(line.explanation)
        lost += tuple(f"第{n}条由台账计算，结果暂定：所涉年份的节假日安排尚未发布，按周末推算"
                      for n, c in sorted(e.computed.items()) if c.get("provisional"))
        notes = sorted(e.finding_notes.items(), key=lambda kv: item_order(kv[0]))
        lost += tuple(f"核查说明（第{n}条）：{note}" for n, note in notes if note)
        rows.append(SheetRow(
            item_id=item_id, levels=tuple(item.path) if item else (), points=item.points if item else None,
            criteria="\n".join(t for t in (r.get("text"), r.get("bonus_text")) if t),
            applies_to=r.get("applies_to") or "、".join(r.get("unit_types") or ()), method=r.get("method") or "",
            self_score=e.self_score, score=line.score, not_applicable=not e.applicable,
            lost=lost if e.applicable else (e.na_reason,) if e.na_reason else (),
            requirement=r.get("requirement") or "", checked=line.checked or not e.applicable,
        ))
    result = outcome.result
    cases = {c.id: c for c in (*scheme.bonus_cases, *scheme.major_cases)}
    bonus = tuple(CaseLine(cid, cases[cid].text, r.score) for cid, r in result.cases.items()
                  if cid in result.bonus_ids and r.score)
    major = tuple(CaseLine(cid, cases[cid].text, abs(r.score)) for cid, r in result.cases.items()
                  if cid not in result.bonus_ids and r.score)
    depth = max((len(row.levels) for row in rows), default=1)
    return UnitSheet(
        title=campaign.scheme.title, unit=participant.unit.name, group=participant.group,
        # The level columns the items fill: 华容 names two levels, but its items sit on the first.
        levels=tuple(scheme_data(campaign).get("levels") or ("一级指标", "二级指标"))[:depth], rows=tuple(rows),
        groups=tuple(GroupPoints(g.path, g.points, g.score) for g in result.groups),
        bonus=bonus, major=major, total=outcome.total, self_total=outcome.self_total,
        grade=outcome.grade, rank=outcome.rank,
        provisional=campaign.phase != Campaign.Phase.FINAL or outcome.provisional,
        max_points=outcome.max_points, unchecked=outcome.unchecked,
        rules=tuple(rules_text(campaign) if rules is None else rules),
        steps=tuple(s["message"] for s in outcome.steps), unchecked_counting=campaign.unchecked_counting,
    )
