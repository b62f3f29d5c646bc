"""A unit's score sheet (评分表) as plain data, for the page and for the xlsx export."""
from __future__ import annotations

from decimal import Decimal

from zwgk.campaigns.models import Campaign, Participant
from zwgk.campaigns.scoring import evaluate_participant
from zwgk.reports.sheets import CaseLine, GroupPoints, SheetRow, UnitSheet
from zwgk.schemes.reading import engine_scheme, scheme_data


def lost_reasons(explanation: list[dict]) -> tuple[str, ...]:
    """The explanation lines that took points off, as the unit reads them."""
    out = []
    for step in explanation:
        amount = step.get("amount")
        if step.get("clause") is not None and amount and Decimal(amount) < 0:
            out.append(step["message"])
        elif step.get("applied") in ("evidence", "zero", "negative") and step.get("message"):
            out.append(step["message"])
    return tuple(out)


def unit_sheet(campaign: Campaign, participant: Participant) -> UnitSheet:
    scheme = engine_scheme(campaign.scheme)
    data = scheme_data(campaign.scheme)
    raw = {str(i["id"]): i for i in data["items"]}
    result = evaluate_participant(participant)
    rows = []
    self_total = Decimal(0)
    for e in campaign.entries.filter(unit=participant.unit_id).order_by("position"):
        item = scheme.item(e.item_id)
        r = raw.get(e.item_id, {})
        lost = lost_reasons(e.explanation)
        if e.override_score is not None:
            lost += (f"考核办调整得分为{e.override_score.normalize():f}分：{e.override_reason}",)
        lost += tuple(f"第{n}条由台账计算，结果暂定：所涉年份的节假日安排尚未发布，按周末推算"
                      for n, c in sorted(e.computed.items()) if c.get("provisional"))
        if e.self_score is not None and e.applicable:
            self_total += e.self_score
        rows.append(SheetRow(
            item_id=e.item_id, levels=tuple(item.path) if item else (), points=item.points if item else None,
            criteria="\n".join(t for t in (r.get("text"), r.get("bonus_text")) if t),
            applies_to=r.get("applies_to") or "、".join(r.get("unit_types") or ()), method=r.get("method") or "",
            self_score=e.self_score, score=e.final_score if e.applicable else None,
            not_applicable=not e.applicable, lost=lost if e.applicable else (e.na_reason,) if e.na_reason else (),
        ))
    cases = {c.id: c for c in (*scheme.bonus_cases, *scheme.major_cases)}
    bonus = tuple(CaseLine(cid, cases[cid].text, r.score) for cid, r in result.cases.items()
                  if cid in result.bonus_ids and r.score)
    major = tuple(CaseLine(cid, cases[cid].text, abs(r.score)) for cid, r in result.cases.items()
                  if cid not in result.bonus_ids and r.score)
    return UnitSheet(
        title=campaign.scheme.title, unit=participant.unit.name, group=participant.group,
        levels=tuple(data.get("levels") or ("一级指标", "二级指标")), rows=tuple(rows),
        groups=tuple(GroupPoints(g.path, g.points, g.score) for g in result.groups),
        bonus=bonus, major=major, total=participant.total, self_total=self_total,
        grade=participant.grade, rank=participant.rank,
        provisional=campaign.phase != Campaign.Phase.FINAL,
    )
