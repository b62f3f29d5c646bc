"""Clause handlers: what one clause contributes to its item, given that clause's facts.

Each kind of clause (shared/spec/scoring.md §3) has a handler
`(plan, clause plan, clause facts, vars, steps) → contribution ≥ 0`; the clause's role
(`roles.py`) decides whether the plan adds it or takes it off. A handler computes the number and,
only when `steps` is a list, writes the explanation of that very computation into it — so the
explanation can never disagree with the score, and scoring writes no sentences.

Handlers read from the item plan only what the item decides: its points `P`, whether it is a
scheme-level `case`, the rule's variable `definitions`, the step `rounding` and `where` (for errors).
"""
from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from . import explain
from .clauses import Kind, fmt_exact
from .decimals import HUNDRED, ZERO
from .errors import ScoringError
from .facts import ClauseFacts
from .formula import evaluate_formula
from .roles import AWARD, BASE, BONUS, DEDUCT, TAKES_OFF
from .steps import Step

if TYPE_CHECKING:
    from .clause_plan import ClausePlan
    from .evaluate import ItemPlan

ONE = Decimal(1)


# ---- steps shared by the handlers (and the plan, for clauses without facts) ------------------
def default_step(plan: ItemPlan, e: ClausePlan) -> Step:
    """The step for a clause given no facts it can use: what its default (`e.default`) means."""
    c, h = e.clause, explain.head(e.n, e.clause.text)
    kind, value = c.kind, e.default
    if kind in (Kind.GUARD, Kind.RATE):
        message = explain.guard_default(h, c.variable or "实际比率")
    elif kind == Kind.ZERO:
        message = explain.zero(h, c.scope, False)
    elif kind == Kind.NEGATIVE:
        message = explain.negative(h, None, c.amount, ZERO)
    elif kind == Kind.CONSEQUENCE:
        message = explain.consequence(h, c.effect, False)
    elif kind in (Kind.MANUAL, Kind.RANGE) and e.role == DEDUCT:
        message = explain.judged_deduction_default(h)
    elif plan.case or e.role in (DEDUCT, BONUS) or not value:
        message = explain.nothing(h, e.role)
    elif e.role == AWARD:
        message = explain.one_off(h, value, True, AWARD, default=True)
    elif kind == Kind.FORMULA:
        message = explain.formula_default(h, value)
    elif kind == Kind.RANK:
        message = explain.rank_default(h, value)
    elif kind == Kind.GRADE:
        best = max(c.tiers, key=lambda t: t.amount)
        message = explain.judgement_default(h, f"最高等次“{best.label}”", value)
    elif kind == Kind.BANDS:
        message = explain.judgement_default(h, "最高一档", value)
    else:
        message = explain.judgement_default(h, "满分" if kind == Kind.MANUAL else "上限", value)
    signed = -value if e.role in TAKES_OFF else value
    return Step(e.n, c.text, {}, signed, None, message)


def _note(steps: list, e: ClausePlan, cf: ClauseFacts, value: Decimal, message: str, used: dict | None = None):
    facts = cf.as_dict(e.clause)
    if used:
        facts["vars"] = used
    steps.append(Step(e.n, e.clause.text, facts, -value if e.role in TAKES_OFF else value, None, message))


def _fallback(plan, e, steps) -> Decimal:
    """Facts were given for the clause but none it can use (e.g. `{}`): as if none were given."""
    if steps is not None:
        steps.append(default_step(plan, e))
    return e.default


def _capped(e: ClausePlan, raw: Decimal, steps: list | None) -> Decimal:
    limit = e.limit
    if limit is None or raw <= limit:
        return raw
    if steps is not None:
        signed = -limit if e.role in TAKES_OFF else limit
        steps.append(Step(e.n, "", {}, signed, "cap", explain.cap(e.n, limit, raw, e.role)))
    return limit


# ---- the handlers, by kind -----------------------------------------------------------------
def _counted(plan, e, cf, given, steps):
    """每少1次扣0.1分 / 每拓展一个领域加0.5分 / 每报送一条得1分: count × amount, capped."""
    if cf.score is not None:
        return _assessed(e, cf, steps)
    count = cf.count if cf.count is not None else (1 if cf.met is False else 0)  # met false: it happened once
    if e.clause.kind == Kind.PER_OCCURRENCE and e.clause.step:  # 每发现2处扣0.1分: complete groups only
        count = int(count // e.clause.step)
    raw = e.clause.amount * count
    if steps is not None:
        message = explain.counted(explain.head(e.n, e.clause.text), count, e.clause.amount, raw, e.role) if count \
            else explain.nothing(explain.head(e.n, e.clause.text), e.role)
        _note(steps, e, cf, raw, message)
    return _capped(e, raw, steps)


def _assessed(e, cf, steps):
    if steps is not None:
        _note(steps, e, cf, cf.score, explain.assessed(explain.head(e.n, e.clause.text), cf.score, e.role))
    return _capped(e, cf.score, steps)


def _tiered(plan, e, cf, given, steps):
    """被省政府办公厅通报1次扣2分…: Σ tier amount × count, capped."""
    tiers = e.clause.tiers
    counts = cf.tag_counts or (((0, cf.count),) if cf.count else ())
    if e.clause.highest:  # 按最高级别 / 就高不就低: the highest tier that happened, once
        happened = [tiers[i].amount for i, count in counts if count]
        raw = max(happened, default=ZERO)
    else:
        raw = sum((tiers[i].amount * count for i, count in counts), ZERO)
    if steps is not None:
        h = explain.head(e.n, e.clause.text)
        parts = [(tiers[i].label, count, tiers[i].amount) for i, count in counts if count]
        message = explain.tiered(h, parts, raw, e.role, e.clause.highest) if parts else explain.nothing(h, e.role)
        _note(steps, e, cf, raw, message)
    return _capped(e, raw, steps)


def _triggered(cf: ClauseFacts) -> bool:
    return cf.met is False or (cf.count or 0) >= 1


def _once(plan, e, cf, given, steps):
    """未…的，扣2分: the amount once, when the requirement was not met."""
    hit = _triggered(cf)
    raw = e.clause.amount if hit else ZERO
    if steps is not None:
        _note(steps, e, cf, raw, explain.once(explain.head(e.n, e.clause.text), e.clause.amount, hit))
    return raw


def _deadline(plan, e, cf, given, steps):
    """未于7月底…开展，每次扣1分: missed dates × amount (per), else the amount once."""
    if e.clause.per and cf.count is not None:
        return _counted(plan, e, cf, given, steps)
    return _capped(e, _once(plan, e, cf, given, steps), steps)


def _earned(plan, e, cf, given, steps):
    """Bonus and award clauses: per occurrence by count, one-off by met/count, or an assessed score."""
    c = e.clause
    if c.per or cf.score is not None:
        return _counted(plan, e, cf, given, steps)
    if cf.met is None and cf.count is None:
        granted = e.default > 0
    else:
        granted = cf.met is True or (cf.count or 0) >= 1
    raw = c.amount if granted else ZERO
    if steps is not None:
        _note(steps, e, cf, raw, explain.one_off(explain.head(e.n, c.text), c.amount, granted, e.role))
    return _capped(e, raw, steps)


def _variable(plan, e, cf, given) -> tuple[Decimal | None, dict]:
    """A rate's or guard's measured value: the clause's `value`, a named variable, or its definition."""
    c = e.clause
    if cf.value is not None:
        return cf.value, {}
    for name in (c.variable, *c.aliases):
        if name in given:
            return given[name], {name: given[name]}
    if c.variable in plan.definitions and not e.names.isdisjoint(given):
        try:
            value = evaluate_formula(c.variable, given, plan.definitions)
        except ScoringError as err:
            raise err.located(plan.where(e.n)) from None
        return value, {name: v for name, v in given.items() if name in e.names}
    return None, {}


def _fraction(plan, e, value: Decimal) -> None:
    """A measured rate is a fraction (0.85) or was written as a percentage (85%), never 85."""
    if value > 1:
        raise ScoringError("rate_not_fraction", f"比率 {fmt_exact(value)} 大于 1，请写成小数（0.85）或百分数（85%）", plan.where(e.n))


def _rate(plan, e, cf, given, steps):
    """不得少于90%，每降低两个百分点扣0.5分: complete steps of the shortfall × amount, capped."""
    c = e.clause
    value, used = _variable(plan, e, cf, given)
    h = explain.head(e.n, c.text)
    if value is None and cf.met is False:  # 未达到的扣1分, said without the measured rate
        if steps is not None:
            _note(steps, e, cf, c.amount, explain.once(h, c.amount, True))
        return _capped(e, c.amount, steps)
    if value is None:
        if steps is not None:
            _note(steps, e, cf, ZERO, explain.guard_default(h, c.variable or "实际比率"))
        return ZERO
    if c.threshold <= 1:
        _fraction(plan, e, value)
    gap = (c.threshold - value if c.direction == "min" else value - c.threshold) * HUNDRED
    count = None
    if gap <= 0:
        raw, gap = ZERO, None
    elif c.step is None:
        raw = c.amount
    else:
        count = (gap / c.step).to_integral_value(plan.rounding)
        raw = count * c.amount
    if steps is not None:
        message = explain.rate(h, value, c.threshold, c.direction, gap, c.step, count, c.amount, raw, plan.step_rounding)
        _note(steps, e, cf, raw, message, used)
    return _capped(e, raw, steps)


def _guard(plan, e, cf, given, steps):
    """错误率超过30%的，直接扣2分 (or 得0分): the amount, or a trigger for the zero role."""
    c = e.clause
    value, used = _variable(plan, e, cf, given)
    if value is None:
        hit = cf.met is False  # said without the measured value: the condition held
    else:
        hit = value > c.threshold if c.direction == "above" else value < c.threshold
    raw = (ONE if c.amount is None else c.amount) if hit else ZERO
    if steps is not None:
        h = explain.head(e.n, c.text)
        if value is not None:
            message = explain.guard(h, c.variable, value, c.threshold, c.direction, c.amount, hit)
        elif hit:
            message = explain.zero(h, "item", True) if c.amount is None else explain.once(h, c.amount, True)
        else:
            message = explain.guard_default(h, c.variable)
        _note(steps, e, cf, ZERO if c.amount is None else raw, message, used)
    return raw


def _within(value: Decimal, plan: ItemPlan, e: ClausePlan | None = None) -> Decimal:
    """A base-setting clause's value kept within [0, P]; a bonus (排名加分) only kept ≥ 0."""
    value = max(value, ZERO)
    return value if plan.case or (e is not None and e.role == BONUS) else min(value, plan.P)


def _with_points(plan, given: dict) -> dict:
    """The variables of a formula, with 分值 (and 满分) standing for the item's own points."""
    return {"分值": plan.P, "满分": plan.P, "本项分值": plan.P, "该项分值": plan.P, **given}


def _formula(plan, e, cf, given, steps):
    """得分=（1-瞒报率）×5: the formula's value, within [0, P]."""
    c = e.clause
    if e.names.isdisjoint(given):
        return _fallback(plan, e, steps)
    try:
        value = evaluate_formula(c.expression, _with_points(plan, given), plan.definitions)
    except ScoringError as err:
        raise err.located(plan.where(e.n)) from None
    kept = _within(value, plan)
    if steps is not None:
        used = {name: value for name, value in given.items() if name in e.names}
        _note(steps, e, cf, kept, explain.formula(explain.head(e.n, c.text), c.expression, used, value, kept), used)
    return kept


def _rank(plan, e, cf, given, steps):
    """第一名得10分，第二名得9分……: first − (rank − 1) × step, within [0, P]."""
    c = e.clause
    if cf.rank is None:
        if cf.value is not None:
            raise ScoringError("rank_needs_units", "按 value 排名需与其他单位一起评分（evaluate_units）；单独评分请给出 rank",
                               plan.where(e.n))
        return _fallback(plan, e, steps)
    least = c.low if c.low is not None else ZERO  # 最低得1分 / 其余名次得1分
    if cf.rank <= len(c.tiers):
        value = c.tiers[cf.rank - 1].amount
    elif c.step is not None:
        value = max(c.first - (cf.rank - 1) * c.step, least)
    else:
        value = least  # 排名前三的分别加3、2、1分: the places after those written earn nothing more
    kept = _within(value, plan, e)
    if steps is not None:
        _note(steps, e, cf, kept, explain.rank(explain.head(e.n, c.text), cf.rank, c, value, kept))
    return kept


def _bands(plan, e, cf, given, steps):
    """90%以上满分，80%-90%得3分，80%以下不得分: the points of the band the value falls in."""
    c = e.clause
    value, used = _variable(plan, e, cf, given)
    if value is None and cf.met is not None:  # met: the top band; not met: the bottom one
        value = c.bands[0].low if cf.met else Decimal(0)
    if value is None:
        return _fallback(plan, e, steps)
    _fraction(plan, e, value)
    band = next((b for b in c.bands if b.holds(value)), None)
    amount = ZERO if band is None else plan.P if band.amount is None else band.amount
    kept = _within(amount, plan)
    if steps is not None:
        _note(steps, e, cf, kept, explain.band(explain.head(e.n, c.text), value, band and band.low, kept), used)
    return kept


def _grade(plan, e, cf, given, steps):
    """按优、良、中、差分别得10、8、6、0分: the named grade's points."""
    grade = cf.grade
    if grade is None and cf.met is not None:  # met: the best outcome; not met: the worst
        pick = max if cf.met else min
        grade = pick(e.clause.tiers, key=lambda t: t.amount).label
    if grade is None:
        return _fallback(plan, e, steps)
    amount = next(t.amount for t in e.clause.tiers if t.label == grade)
    if steps is not None:
        _note(steps, e, cf, amount, explain.grade(explain.head(e.n, e.clause.text), grade, amount))
    return amount


def _judged(plan, e, cf, given, steps):
    """Range (有栏目得0.2-1分) and manual (酌情) clauses: the assessor's score, or met for full / none."""
    c = e.clause
    if cf.score is not None:
        return _assessed(e, cf, steps)
    if cf.met is None:
        return _fallback(plan, e, steps)
    full = c.high if c.high is not None else plan.P
    # met: the requirement was met — full points given, or (酌情扣分) nothing taken off
    value = full if cf.met == (e.role == BASE) else ZERO
    if steps is not None:
        _note(steps, e, cf, value, explain.manual_met(explain.head(e.n, c.text), cf.met, full, e.role))
    return value


def _zero(plan, e, cf, given, steps):
    """未公开的不得分 / 此大项不得分 / 得分为零: a trigger (1) for the scope."""
    hit = _triggered(cf)
    if steps is not None:
        _note(steps, e, cf, ZERO, explain.zero(explain.head(e.n, e.clause.text), e.clause.scope, hit))
    return ONE if hit else ZERO


def _negative(plan, e, cf, given, steps):
    """未进行的，倒扣2分 / 每出现一次倒扣6分: amount × count (per) or the amount once."""
    c = e.clause
    count = cf.count if c.per and cf.count is not None else None
    raw = c.amount * count if count is not None else (c.amount if _triggered(cf) else ZERO)
    if steps is not None:
        _note(steps, e, cf, raw, explain.negative(explain.head(e.n, c.text), count, c.amount, raw))
    return raw


def _consequence(plan, e, cf, given, steps):
    """…的，一票否决: no points; a trigger (1) that puts the consequence on the result."""
    hit = _triggered(cf)
    if steps is not None:
        _note(steps, e, cf, ZERO, explain.consequence(explain.head(e.n, e.clause.text), e.clause.effect, hit))
    return ONE if hit else ZERO


HANDLERS = {
    Kind.PER_OCCURRENCE: _counted,
    Kind.FREQUENCY: _counted,
    Kind.TIERED: _tiered,
    Kind.ONCE: _once,
    Kind.DEADLINE: _deadline,
    Kind.RATE: _rate,
    Kind.GUARD: _guard,
    Kind.FORMULA: _formula,
    Kind.RANK: _rank,
    Kind.GRADE: _grade,
    Kind.RANGE: _judged,
    Kind.MANUAL: _judged,
    Kind.BONUS: _earned,
    Kind.AWARD: _earned,
    Kind.ZERO: _zero,
    Kind.NEGATIVE: _negative,
    Kind.BANDS: _bands,
    Kind.CONSEQUENCE: _consequence,
}
