"""The Chinese sentences of explanations, kept in one place.

The web page, the exports and the command line all show these same lines (scoring.md §6), so
wording is decided here once; `evaluate.py`, `handlers.py` and `totals.py` only pass numbers in.
"""
from __future__ import annotations

from decimal import Decimal

from .clauses import fmt_exact
from .decimals import fmt, fmt_rate
from .formula import format_formula, parse_formula

VERB = {"deduct": "扣", "bonus": "加", "award": "得", "base": "得"}
CAP_NAME = {"deduct": "扣分上限", "bonus": "加分上限", "award": "得分上限"}
SCOPE_NAME = {"item": "此项不得分", "group": "此大项不得分", "scheme": "总得分为零"}


def pts(value: Decimal) -> str:
    return f"{fmt(value)}分"


def head(n: int, text: str) -> str:
    return f"条款{n}「{text}」" if text else f"条款{n}"


# ---- one clause ------------------------------------------------------------------------------
def nothing(h: str, role: str) -> str:
    return f"{h}：未发生，不{VERB[role]}分" if role != "award" else f"{h}：未发生，得0分"


def counted(h: str, count: int, amount: Decimal, raw: Decimal, role: str) -> str:
    verb = VERB[role]
    return f"{h}：{count}次 × {pts(amount)} = {pts(raw)}，{verb}{pts(raw)}"


def tiered(h: str, parts: list[tuple[str, int, Decimal]], raw: Decimal, role: str, highest: bool = False) -> str:
    if highest:
        happened = "、".join(f"{label}{count}次" for label, count, _ in parts)
        return f"{h}：{happened}，按最高一档计一次，{VERB[role]}{pts(raw)}"
    detail = " + ".join(f"{label}{count}次 × {pts(amount)}" for label, count, amount in parts)
    return f"{h}：{detail} = {pts(raw)}，{VERB[role]}{pts(raw)}"


def once(h: str, amount: Decimal, triggered: bool) -> str:
    return f"{h}：未达到要求，扣{pts(amount)}" if triggered else f"{h}：已达到要求，不扣分"


def one_off(h: str, amount: Decimal, granted: bool, role: str, default: bool = False) -> str:
    if role == "award":
        if granted:
            return f"{h}：{'未提供事实，视为已完成' if default else '已完成'}，得{pts(amount)}"
        return f"{h}：未完成，不得该项{pts(amount)}"
    return f"{h}：符合情形，加{pts(amount)}" if granted else f"{h}：不符合情形，不加分"


def assessed(h: str, score: Decimal, role: str) -> str:
    return f"{h}：评定{VERB[role]}{pts(score)}"


def rate(h: str, value: Decimal, threshold: Decimal, direction: str, gap: Decimal | None,
         step: Decimal | None, steps: Decimal | None, amount: Decimal, raw: Decimal, rounding: str) -> str:
    start = f"{h}：实际{fmt_rate(value)}"
    if gap is None:
        return f"{start}，{'不低于要求' if direction == 'min' else '不高于上限'}{fmt_rate(threshold)}，不扣分"
    side = f"比要求{fmt_rate(threshold)}低" if direction == "min" else f"比上限{fmt_rate(threshold)}高"
    text = f"{start}，{side}{fmt(gap)}个百分点"
    if step is None:
        return f"{text}，扣{pts(raw)}"
    whole = "不足一档按一档计" if rounding == "up" else "不足一档不计"
    return f"{text}，每{fmt(step)}个百分点一档（{whole}），计{fmt(steps)}档 × {pts(amount)} = {pts(raw)}，扣{pts(raw)}"


def variables(values: dict[str, Decimal]) -> str:
    return "，".join(f"{name}={fmt_exact(v)}" for name, v in values.items())


def formula(h: str, expression: str, used: dict[str, Decimal], result: Decimal, kept: Decimal) -> str:
    text = f"{h}：得分 = {format_formula(parse_formula(expression))}，代入{variables(used)}，得{pts(result)}"
    return text if kept == result else f"{text}，按分值范围计为{pts(kept)}"


def formula_default(h: str, points: Decimal) -> str:
    return f"{h}：未提供变量数值，按满分{pts(points)}计"


def guard(h: str, variable: str, value: Decimal, threshold: Decimal, direction: str,
          amount: Decimal | None, triggered: bool) -> str:
    side = ("超过" if triggered else "未超过") if direction == "above" else ("低于" if triggered else "不低于")
    start = f"{h}：{variable} = {fmt_rate(value)}，{side}{fmt_rate(threshold)}"
    if not triggered:
        return f"{start}，不扣分"
    return f"{start}，本项得0分" if amount is None else f"{start}，扣{pts(amount)}"


def guard_default(h: str, variable: str) -> str:
    return f"{h}：未提供{variable}，不扣分"


def rank(h: str, place: int, clause, result: Decimal, kept: Decimal) -> str:
    if place <= len(clause.tiers):
        text = f"{h}：第{place}名，按评分标准写明的名次分值计{pts(result)}"
    elif clause.step is None:
        text = f"{h}：第{place}名，不在评分标准写明的名次内，计0分"
    else:
        text = f"{h}：第{place}名，{pts(clause.first)} − ({place} − 1) × {pts(clause.step)} = {pts(result)}"
    return text if kept == result else f"{text}，按分值范围计为{pts(kept)}"


def band(h: str, value: Decimal, low: Decimal | None, amount: Decimal) -> str:
    where = f"不低于{fmt_rate(low)}的一档" if low is not None and low > 0 else "最低一档"
    return f"{h}：实际{fmt_rate(value)}，在{where}，得{pts(amount)}"


def consequence(h: str, effect: str, triggered: bool) -> str:
    return f"{h}：出现该情形，{effect}（不计分，由考核办落实）" if triggered else f"{h}：未出现该情形"


def consequence_of(n: int, effect: str) -> str:
    return f"条款{n}：同时{effect}（不计分，由考核办落实）"


def formula_replaced(n: int, guard: int, points: Decimal) -> str:
    return f"条款{guard}成立，条款{n}的公式不再适用，基础分按分值{pts(points)}计，再按条款{guard}扣分"


def judged_deduction_default(h: str) -> str:
    return f"{h}：未评定，暂不扣分（需人工评定）"


def rank_default(h: str, points: Decimal) -> str:
    return f"{h}：未提供名次，按满分{pts(points)}计"


def grade(h: str, label: str, amount: Decimal) -> str:
    return f"{h}：评定等次“{label}”，得{pts(amount)}"


def judgement_default(h: str, what: str, amount: Decimal) -> str:
    return f"{h}：未评定，暂按{what}{pts(amount)}计（需人工评定）"


def manual_met(h: str, met: bool, full: Decimal, role: str = "base") -> str:
    if role == "deduct":
        return f"{h}：认定达到要求，不扣分" if met else f"{h}：认定未达到要求，扣{pts(full)}"
    return f"{h}：认定达到要求，得满分{pts(full)}" if met else f"{h}：认定未达到要求，得0分"


def zero(h: str, scope: str, triggered: bool) -> str:
    return f"{h}：出现该情形，{SCOPE_NAME[scope]}" if triggered else f"{h}：未出现该情形"


def negative(h: str, count: int | None, amount: Decimal, raw: Decimal) -> str:
    if raw == 0:
        return f"{h}：未出现该情形，不倒扣"
    if count is None:
        return f"{h}：出现该情形，倒扣{pts(amount)}"
    return f"{h}：出现{count}次 × {pts(amount)}，倒扣{pts(raw)}"


# ---- caps, base, floor, specials ---------------------------------------------------------------
def cap(n: int, limit: Decimal, raw: Decimal, role: str) -> str:
    verb = VERB[role]
    return f"条款{n}：按{CAP_NAME[role]}{pts(limit)}计，{verb}{pts(limit)}（原应{verb}{pts(raw)}）"


def cap_group(numbers: tuple[int, ...], limit: Decimal, raw: Decimal, role: str) -> str:
    verb = VERB[role]
    listed = "、".join(str(n) for n in numbers)
    return f"条款{listed}合计：按合并{CAP_NAME[role]}{pts(limit)}计，{verb}{pts(limit)}（原应{verb}{pts(raw)}）"


def start_without_awards(points: Decimal, base: Decimal) -> str:
    return f"分值{pts(points)}中{pts(points - base)}需逐项得分，其余基础分{pts(base)}"


def kept_in_points(raw: Decimal, points: Decimal, kept: Decimal) -> str:
    return f"基础分合计{pts(raw)}，按分值0-{pts(points)}计为{pts(kept)}"


def with_awards(base: Decimal, awarded: Decimal, raw: Decimal, kept: Decimal, points: Decimal) -> str:
    text = f"基础分{pts(base)} + 得分项{pts(awarded)} = {pts(raw)}"
    return text if kept == raw else f"{text}，按分值0-{pts(points)}计为{pts(kept)}"


def summary(label: str, base: Decimal, deduction: Decimal, bonus: Decimal, score: Decimal) -> str:
    parts = [f"{label}{pts(base)}"]
    if deduction:
        parts.append(f"− 扣分{pts(deduction)}")
    if bonus:
        parts.append(f"+ 加分{pts(bonus)}")
    return f"得分 = {' '.join(parts)} = {pts(score)}"


def pool_summary(deduction: Decimal, bonus: Decimal, delta: Decimal) -> str:
    extra = f"，加分{pts(bonus)}" if bonus else ""
    return f"本项无单独分值，在所属分组的分值内计：扣分{pts(deduction)}{extra}，本项计{pts(delta)}"


def floor(kind: str, limit: Decimal, raw: Decimal, written_cap: Decimal | None = None, points: Decimal | None = None) -> str:
    if kind == "at_zero":
        return f"扣分项扣完即止：得分不低于0分（原为{pts(raw)}）"
    if kind == "cap":
        return f"扣分上限{pts(written_cap)}大于分值{pts(points)}，得分最低为{pts(limit)}（原为{pts(raw)}）"
    return f"扣完为止：得分不低于0分（原为{pts(raw)}）"


def evidence_bonus() -> str:
    return "未按要求提供佐证材料，加分不予认定"


def evidence_withheld(earned: Decimal, bonus: Decimal) -> str:
    """未按要求提供佐证材料的，不予认定, for an item that needs evidence and has none: what the unit
    had to prove is not counted, deductions stand."""
    parts = [f"{name}{pts(value)}" for name, value in (("得分", earned), ("加分", bonus)) if value]
    if not parts:
        return "未按要求提供佐证材料：本项没有需要认定的得分或加分，扣分照计"
    return f"未按要求提供佐证材料，不予认定：{'、'.join(parts)}不计，扣分照计"


def zeroed_with_group() -> str:
    """此大项不得分 triggered by one of the item's own clauses: the item is part of its 大项."""
    return "出现“此大项不得分”情形：本项属于该大项，得0分，加分不计"


def zeroed_item() -> str:
    return "出现“此项不得分”情形：本项得0分，加分不计"


def set_to_zero() -> str:
    return "本项计0分（不按评分标准计算）"


def overridden(score: Decimal, in_pool: bool) -> str:
    if in_pool:
        return f"人工确定本项计入所在分组{pts(score)}分（不按评分标准计算）"
    return f"人工确定本项得分为{pts(score)}（不按评分标准计算）"


def negative_item(amount: Decimal) -> str:
    return f"倒扣：本项不计分值，计{pts(-amount)}"


def not_applicable() -> str:
    return "本项不适用于该单位，不计入总分"


def case_total(score: Decimal) -> str:
    return f"本项合计{pts(score)}"


# ---- a unit --------------------------------------------------------------------------------------
def zero_group(path: tuple[str, ...]) -> str:
    return f"出现“此大项不得分”情形：「{'/'.join(path)}」得0分"


def pool(path: tuple[str, ...], points: Decimal, delta: Decimal, score: Decimal) -> str:
    return f"分组「{'/'.join(path)}」分值{pts(points)}，所属各项计{pts(delta)}，得{pts(score)}"


def pool_zeroed(path: tuple[str, ...]) -> str:
    return f"分组「{'/'.join(path)}」中有项目不得分：该分组得0分"


def base_total(total: Decimal) -> str:
    return f"各项得分合计{pts(total)}"


def normalised(raw: Decimal, full: Decimal, applicable: Decimal, result: Decimal) -> str:
    return f"折算：{pts(raw)} × {pts(full)} ÷ 适用项分值{pts(applicable)} = {pts(result)}"


def bonus_total(total: Decimal, raw: Decimal, limit: Decimal | None) -> str:
    if limit is not None and raw > limit:
        return f"综合加分合计{pts(raw)}，按加分上限{pts(limit)}计"
    return f"综合加分合计{pts(total)}"


def major_total(total: Decimal) -> str:
    return f"重大扣分合计{pts(total)}"


def unit_total(base: Decimal, bonus: Decimal, major: Decimal, total: Decimal) -> str:
    return f"总分 = 各项得分{pts(base)} + 加分{pts(bonus)} − 扣分{pts(major)} = {pts(total)}"


def scheme_zero(case_id: str) -> str:
    return f"出现{case_id}所列情形：总得分为零"


def total_cap(limit: Decimal, raw: Decimal) -> str:
    return f"总分{pts(raw)}超过{pts(limit)}，以{pts(limit)}计"


def total_floor(raw: Decimal) -> str:
    return f"总分{pts(raw)}低于0分，以0分计"
