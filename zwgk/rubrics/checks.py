"""The warnings a person reviews before saving an imported scheme.

Points that do not add up (to a group, or to the stated total), caps larger than the item's
points, text the parser did not understand, items with no points at all. Each names the item
and says what to do, in Chinese.
"""
from __future__ import annotations

from decimal import Decimal

from zwgk.scoring.clauses import Rule, fmt_exact

from .assemble import Caution, pool_of

# The codes `check` gives: a re-reading renews these; the others describe how the table was read.
CODES = frozenset({"not_understood", "cap_over_points", "no_text", "no_points", "group_sum", "total_sum"})


def check(scheme: dict, readings: dict[str, Rule]) -> list[Caution]:
    out: list[Caution] = []
    task_plan = scheme.get("kind") == "task-plan"
    groups = {tuple(g["path"]): _dec(g.get("points")) for g in scheme.get("groups", [])}
    for item in scheme.get("items", []):
        ident = item["id"]
        rule = readings.get(ident)
        points = _dec(item.get("points"))
        if rule is not None:
            out.extend(_problems(ident, f"第{ident}项", rule))
            out.extend(_caps(ident, points, rule))
        if not task_plan and points and not (item.get("read_as") or item.get("text") or item.get("bonus_text")):
            out.append(Caution(ident, "no_text", f"第{ident}项有分值{fmt_exact(points)}分，但没有评分标准：保存后由考核人员在0至{fmt_exact(points)}分之间评分。"
                                                 "如有计分规则，请写在“评分标准”或“按此理解”中。"))
        if not task_plan and points is None and pool_of(groups, tuple(item["path"])) is None:
            out.append(Caution(ident, "no_points", f"第{ident}项没有分值：分值列为空，文字中也没有写“（N分）”，所属分组也没有分值。请填写分值。"))
    for section in ("bonus", "major"):
        for case in (scheme.get(section) or {}).get("cases", []):
            if case["id"] in readings:
                out.extend(_problems(case["id"], case["id"], readings[case["id"]]))
    if not task_plan:
        out.extend(_sums(scheme, groups))
    return out


def _dec(value) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))


def _problems(ident: str, label: str, rule: Rule) -> list[Caution]:
    return [Caution(ident, "not_understood",
                    f"{label}：“{p.fragment}”未能识别为计分规则（{p.message}）。请在“按此理解”中改写，否则该项由考核人员酌情评分。")
            for p in rule.problems]


def _caps(ident: str, points: Decimal | None, rule: Rule) -> list[Caution]:
    if points is None:
        return []
    out = []
    for clause in rule.clauses:
        if clause.cap is not None and clause.cap > points:
            out.append(Caution(ident, "cap_over_points", f"第{ident}项第{clause.n}条的上限{fmt_exact(clause.cap)}分大于该项分值{fmt_exact(points)}分，"
                                                         "扣分最多扣到该项分值为止；如原文如此可不改。"))
    for cap in rule.caps:
        if cap.amount > points and cap.sign.value == "deduct":
            out.append(Caution(ident, "cap_over_points", f"第{ident}项合并扣分上限{fmt_exact(cap.amount)}分大于该项分值{fmt_exact(points)}分。"))
    return out


def _sums(scheme: dict, groups: dict) -> list[Caution]:
    """Each group with points against what is under it, and the top of the tree against the total."""
    out: list[Caution] = []
    items = scheme.get("items", [])
    for path, points in groups.items():
        if points is None:
            continue
        total, pooled = points_under(path, groups, items)
        label = "／".join(path)
        if pooled and total > points:
            out.append(Caution(None, "group_sum", f"分组“{label}”分值{fmt_exact(points)}分，组内已写分值的指标合计{fmt_exact(total)}分，超过了分组分值。"))
        elif not pooled and total != points:
            out.append(Caution(None, "group_sum", f"分组“{label}”分值{fmt_exact(points)}分，组内指标合计{fmt_exact(total)}分，两者不一致，请核对。"))
    stated = _dec(scheme.get("total_points"))
    if stated is not None:
        total, _ = points_under((), groups, items)
        if total != stated:
            out.append(Caution(None, "total_sum", f"方案总分{fmt_exact(stated)}分，各指标分值合计{fmt_exact(total)}分，两者不一致，请核对（加分项不计入合计）。"))
    return out


def points_under(path: tuple[str, ...], groups: dict, items: list[dict]) -> tuple[Decimal, bool]:
    """Points directly under `path` (() for the whole tree): child groups with points count as a
    whole; items not in such a group count themselves. `pooled` when some item there has no
    points of its own."""
    total = Decimal(0)
    pooled = False
    depth = len(path)
    inner = [g for g, p in groups.items() if p is not None and len(g) > depth and g[:depth] == path]
    top_inner = [g for g in inner if not any(o != g and g[: len(o)] == o for o in inner)]
    for g in top_inner:
        total += groups[g]
    for item in items:
        item_path, points = tuple(item["path"]), _dec(item.get("points"))
        if item_path[:depth] != path or any(item_path[: len(g)] == g for g in top_inner):
            continue
        if points is None:
            pooled = True
        else:
            total += points
    return total, pooled
