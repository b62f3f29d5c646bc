"""One item's score from its rule and facts (docs/engine.md §Item score), with its explanation.

A rule is compiled once into an `ItemPlan` for the item's points and the scheme's options, and the
plan runs for every unit. A run computes numbers only; the steps that explain a result are made
when someone reads `ItemResult.steps`, by running the same code again with a list to write into.
So an explanation can never disagree with its score, and scoring 10,000 units writes no sentences.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from functools import cached_property
from operator import attrgetter

from . import explain
from .clauses import BASE_SETTING, DEDUCTING, Clause, Kind, Rule, Sign, fmt_exact
from .decimals import HUNDRED, ZERO, fmt
from .errors import ScoringError
from .facts import NO_FACTS, NO_ITEM_FACTS, ClauseFacts, ItemFacts
from .formula import evaluate_formula, variables_of

ONE = Decimal(1)
# Roles: what a clause's number does to the item.
BASE, AWARD, DEDUCT, BONUS, ZERO_ROLE, NEGATIVE = "base", "award", "deduct", "bonus", "zero", "negative"
_TAKES_OFF = (DEDUCT, NEGATIVE)


@dataclass(frozen=True)
class Step:
    """One line of an explanation. `amount` is the clause's signed contribution (negative = taken
    off; after the cap on a cap step); on summary lines (`clause` None) it is the resulting points."""

    clause: int | None
    text: str
    facts: dict
    amount: Decimal | None
    applied: str | None  # cap, cap_group, floor, evidence, zero, negative, pool, or None
    message: str

    def to_dict(self) -> dict:
        return {
            "clause": self.clause,
            "text": self.text,
            "facts": _jsonable(self.facts),
            "amount": fmt(self.amount),
            "applied": self.applied,
            "message": self.message,
        }


def _jsonable(value):
    """Facts exactly as given (fmt_exact), so an explanation never rounds an input."""
    if isinstance(value, Decimal):
        return fmt_exact(value)
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    return value


@dataclass(frozen=True)
class ItemResult:
    """An item's (or a scheme-level case's) score. `base`, `deduction` and `bonus` are what the
    clauses computed; `score` is final, after floor, evidence and special clauses. A pool item's
    score is its signed delta on the pool."""

    item_id: str | None
    points: Decimal | None
    base: Decimal
    deduction: Decimal
    bonus: Decimal
    score: Decimal
    needs_judgement: bool
    in_pool: bool = False
    not_applicable: bool = False
    zero_group: bool = False  # a 此大项不得分 clause was triggered (applied by totals)
    zero_scheme: bool = False  # a clause setting the whole total to zero was triggered
    zeroed: bool = False  # 此项不得分 or missing evidence: the item (a pool item: its pool) scores 0
    facts: ItemFacts = field(default=NO_ITEM_FACTS, repr=False, compare=False)
    plan: "ItemPlan | None" = field(default=None, repr=False, compare=False)

    @cached_property
    def steps(self) -> tuple[Step, ...]:
        return self.plan.explain(self.facts) if self.plan is not None else ()

    def explanation(self) -> list[dict]:
        return [step.to_dict() for step in self.steps]

    def explanation_text(self) -> list[str]:
        return [step.message for step in self.steps]

    def __getstate__(self):
        """Pickled with its steps made, without the plan (and the plan's memo of other results)."""
        return {**self.__dict__, "steps": self.steps, "plan": None}

    def zeroed_in_group(self, path: tuple[str, ...]) -> "ItemResult":
        """The result once its 大项 scores 0 (此大项不得分), with the line saying so."""
        result = replace(self, score=ZERO, bonus=ZERO)
        line = Step(None, "", {}, ZERO, "zero", explain.zero_group(path))
        result.__dict__["steps"] = self.steps + (line,)  # cached_property slot; the result is frozen
        return result


# ---- compiling a rule --------------------------------------------------------------------------
_USES = {
    Kind.PER_OCCURRENCE: ("count",),
    Kind.TIERED: ("count",),
    Kind.ONCE: ("count", "met"),
    Kind.RATE: ("value",),
    Kind.FORMULA: (),
    Kind.GUARD: ("value",),
    Kind.RANK: ("rank", "value"),
    Kind.DEADLINE: ("count", "met"),
    Kind.FREQUENCY: ("count",),
    Kind.ZERO: ("count", "met"),
    Kind.NEGATIVE: ("count", "met"),
    Kind.GRADE: ("grade",),
    Kind.RANGE: ("score",),
    Kind.MANUAL: ("score", "met"),
}
_FACT_NAMES = ("count", "value", "met", "rank", "score", "grade")
_ABSENT = {"count": None, "tag_counts": (), "value": None, "met": None, "rank": None, "score": None, "grade": None}
MEMO_SIZE = 4096  # distinct facts remembered per item: units mostly report the same few things


def _uses(clause: Clause) -> tuple[str, ...]:
    if clause.kind in (Kind.BONUS, Kind.AWARD):
        return ("count", "score") if clause.per else ("count", "met", "score")
    return _USES[clause.kind]


def _role(clause: Clause) -> str:
    kind = clause.kind
    if kind in BASE_SETTING:
        return BASE
    if kind == Kind.TIERED:
        return {Sign.DEDUCT: DEDUCT, Sign.BONUS: BONUS, Sign.AWARD: AWARD}[clause.sign]
    if kind == Kind.GUARD and clause.amount is None:
        return ZERO_ROLE
    if kind in DEDUCTING:
        return DEDUCT
    return {Kind.BONUS: BONUS, Kind.AWARD: AWARD, Kind.ZERO: ZERO_ROLE, Kind.NEGATIVE: NEGATIVE}[kind]


def _reachable(names, definitions: dict[str, str]) -> set[str]:
    """Variable names that feed `names`, through the rule's definitions (瞒报率=瞒报数据量/台账数据量)."""
    out: set[str] = set()
    todo = list(names)
    while todo:
        name = todo.pop()
        if name in out:
            continue
        out.add(name)
        if name in definitions:
            todo.extend(variables_of(definitions[name]))
    return out


class _Entry:
    """One clause, compiled: its role, handler, the facts it may not take and its no-facts value."""

    __slots__ = ("clause", "n", "role", "run", "unused", "absent", "default", "judgement", "names", "grouped", "limit")

    def __init__(self, clause: Clause, plan: "ItemPlan", grouped: set[int]):
        self.clause = clause
        self.n = clause.n
        self.role = _role(clause)
        self.run = _HANDLERS[clause.kind]
        uses = _uses(clause)
        # facts the clause cannot use, read in one call and compared with "not given"
        unused = [name for name in _FACT_NAMES if name not in uses] + ([] if "count" in uses else ["tag_counts"])
        self.unused = attrgetter(*unused, "__class__")  # the constant last name makes it always a tuple
        self.absent = tuple(_ABSENT[name] for name in unused) + (ClauseFacts,)
        self.grouped = clause.n in grouped
        one_off_earning = clause.kind in (Kind.BONUS, Kind.AWARD) and not clause.per
        # a clause's own cap; an assessed score on a one-off bonus/award is limited by its amount
        self.limit = clause.amount if clause.cap is None and one_off_earning else clause.cap
        self.judgement = not plan.case and clause.kind in (Kind.MANUAL, Kind.GRADE, Kind.RANGE)
        if clause.kind == Kind.FORMULA:
            self.names = frozenset(_reachable(variables_of(clause.expression), plan.definitions))
        elif clause.kind in (Kind.RATE, Kind.GUARD) and clause.variable:
            self.names = frozenset(_reachable((clause.variable, *clause.aliases), plan.definitions))
        else:
            self.names = frozenset(clause.aliases)
        self.default = ZERO if plan.case else _default(clause, plan.P)


def _default(clause: Clause, points: Decimal) -> Decimal:
    """What a clause contributes when nothing is known: nothing happened, requirements met."""
    kind = clause.kind
    if kind == Kind.AWARD and not clause.per:
        return min(clause.amount, clause.cap) if clause.cap is not None else clause.amount
    if kind in (Kind.FORMULA, Kind.RANK):
        return points
    if kind == Kind.MANUAL:
        return points if clause.high is None else min(clause.high, points)
    if kind == Kind.RANGE:
        return clause.high
    if kind == Kind.GRADE:
        return max(t.amount for t in clause.tiers)
    return ZERO


class ItemPlan:
    """A rule compiled for one item's points and the scheme's options, reused for every unit.

    `case=True` compiles a scheme-level case (综合加分 / 重大扣分): no points, no base, no floor;
    every clause contributes nothing until facts say so, and the score is earned − deducted.
    """

    def __init__(self, points: Decimal | None, rule: Rule, *, floor_at_zero: bool = False,
                 evidence_rule: bool = False, evidence_required: bool = False, step_rounding: str = "down",
                 in_pool: bool = False, item_id: str | None = None, case: bool = False):
        if step_rounding not in ("down", "up"):
            raise ScoringError("bad_rounding", f"step_rounding 应为 down 或 up，收到的是 {step_rounding!r}")
        self.item_id = item_id
        self.label = (item_id if case else f"指标{item_id}") if item_id else ""
        self.case = case
        self.in_pool = in_pool
        self.points = None if in_pool or case else points
        self.P = ZERO if in_pool or case or points is None else points
        self.rule = rule
        self.evidence_rule = evidence_rule
        self.evidence_required = evidence_required
        self.rounding = ROUND_CEILING if step_rounding == "up" else ROUND_FLOOR
        self.step_rounding = step_rounding
        self._by_id: dict = {}
        self._by_value: dict = {}
        self.problems = bool(rule.problems)
        self.definitions = {name: text for c in rule.clauses for name, text in c.definitions}
        grouped = {n for cap in rule.caps for n in cap.clauses}
        self.entries = tuple(_Entry(c, self, grouped) for c in rule.clauses)
        roles = {e.n: e.role for e in self.entries}
        self.groups = tuple(
            (cap, {Sign.DEDUCT: DEDUCT, Sign.BONUS: BONUS, Sign.AWARD: AWARD}[cap.sign])
            for cap in rule.caps
        )
        for cap, role in self.groups:
            unknown = [n for n in cap.clauses if roles.get(n) != role]
            if unknown:
                raise ScoringError("bad_cap", f"合并上限所列条款 {unknown} 不存在或不是{explain.CAP_NAME[role]}所限的条款", self.label)
        self.base_setting = any(e.role == BASE for e in self.entries)
        self.has_awards = any(e.role == AWARD for e in self.entries)
        self.components = sum((self._share(e) for e in self.entries if e.role == AWARD), ZERO)
        earned_only = bool(self.entries) and all(
            e.role == BONUS or (e.role == AWARD and e.clause.per) for e in self.entries)
        self.start = ZERO if earned_only else self.P - self.components
        caps = [e.clause.cap for e in self.entries if e.role == DEDUCT and e.clause.cap is not None]
        caps += [cap.amount for cap, role in self.groups if role == DEDUCT]
        self.deduction_cap = max(caps) if caps else None  # the largest deduction cap written in the text
        if floor_at_zero:
            self.floor, self.floor_kind = ZERO, "at_zero"
        elif self.deduction_cap is not None and self.deduction_cap > self.P:
            self.floor, self.floor_kind = self.P - self.deduction_cap, "cap"
        else:
            self.floor, self.floor_kind = ZERO, "zero"

    def _share(self, e: _Entry) -> Decimal:
        """The part of P an award clause must earn: a component's amount, a per-occurrence award's
        cap (its whole P when uncapped), so that nothing is earned before facts say so."""
        if e.clause.kind == Kind.AWARD and not e.clause.per:
            return e.default
        return e.limit if e.limit is not None else self.P

    # ---- running ---------------------------------------------------------------------------
    def where(self, n: int) -> str:
        return f"{self.label} 条款{n}".strip()

    @cached_property
    def default(self) -> ItemResult:
        """The result with no facts at all, shared by every unit that reports nothing."""
        return self._result(NO_ITEM_FACTS)

    @cached_property
    def not_applicable(self) -> ItemResult:
        return ItemResult(self.item_id, self.points, ZERO, ZERO, ZERO, ZERO, False, self.in_pool,
                          not_applicable=True, facts=ItemFacts(not_applicable=True), plan=self)

    def evaluate(self, facts: ItemFacts) -> ItemResult:
        """The result for these facts; equal facts share one result (results are immutable).

        Remembered by the facts object's identity first — cheap, and safe because the remembered
        result keeps that very object alive; units read by `totals.unit_facts` share their facts
        objects — then by value, for facts made one by one elsewhere."""
        if facts.not_applicable:
            return self.not_applicable
        if not facts.clauses and not facts.vars and facts.evidence:
            return self.default
        result = self._by_id.get(id(facts))
        if result is None:
            key = (tuple(facts.clauses.items()), tuple(facts.vars.items()), facts.evidence)
            result = self._by_value.get(key)
            if result is None:
                result = self._result(facts)
                if len(self._by_value) < MEMO_SIZE:
                    self._by_value[key] = result
            if result.facts is facts and len(self._by_id) < MEMO_SIZE:
                self._by_id[id(facts)] = result
        return result

    def explain(self, facts: ItemFacts) -> tuple[Step, ...]:
        if facts.not_applicable:
            return (Step(None, "", {}, None, None, explain.not_applicable()),)
        steps: list[Step] = []
        self._run(facts, steps)
        return tuple(steps)

    def _result(self, facts: ItemFacts) -> ItemResult:
        base, deduction, bonus, score, needs, zero = self._run(facts, None)
        # Built without the generated __init__, which costs three times as much and runs per unit.
        result = object.__new__(ItemResult)
        object.__setattr__(result, "__dict__", {
            "item_id": self.item_id, "points": self.points, "base": base, "deduction": deduction, "bonus": bonus,
            "score": score, "needs_judgement": needs, "in_pool": self.in_pool, "not_applicable": False,
            "zero_group": zero[1], "zero_scheme": zero[2], "zeroed": zero[0], "facts": facts, "plan": self})
        return result

    def _run(self, facts: ItemFacts, steps: list | None):
        get = facts.clauses.get
        given = facts.vars
        base = award = deduct = bonus = negative = ZERO
        needs = self.problems
        zero = [False, False, False]  # item, group, scheme
        grouped: dict[int, Decimal] = {}
        if steps is not None and self.components and not self.base_setting and not self.case:
            steps.append(Step(None, "", {}, self.start, None, explain.start_without_awards(self.P, self.start)))
        for e in self.entries:
            cf = get(e.n)
            if cf is None and not (given and e.names and not e.names.isdisjoint(given)):
                value = e.default
                needs = needs or e.judgement
                if steps is not None:
                    steps.append(self._default_step(e))
            else:
                cf = cf or NO_FACTS
                if e.unused(cf) != e.absent:
                    self._unused(e, cf)
                if e.judgement and cf.score is None and cf.met is None and cf.grade is None:
                    needs = True
                value = e.run(self, e, cf, given, steps)
            if e.grouped:
                grouped[e.n] = value
            role = e.role
            if role == DEDUCT:
                deduct += value
            elif role == BONUS:
                bonus += value
            elif role == AWARD:
                award += value
            elif role == BASE:
                base += value
            elif role == NEGATIVE:
                negative += value
            elif value:
                zero[("item", "group", "scheme").index(e.clause.scope) if not self.case else 2] = True
        for cap, role in self.groups:
            total = sum((grouped.get(n, ZERO) for n in cap.clauses), ZERO)
            if total > cap.amount:
                excess = total - cap.amount
                if role == DEDUCT:
                    deduct -= excess
                elif role == BONUS:
                    bonus -= excess
                else:
                    award -= excess
                if steps is not None:
                    signed = -cap.amount if role == DEDUCT else cap.amount
                    steps.append(Step(None, cap.text, {}, signed, "cap_group",
                                      explain.cap_group(cap.clauses, cap.amount, total, role)))
        no_evidence = self.evidence_rule and not facts.evidence
        if self.case:
            return self._case_total(base + award + bonus, deduct + negative, no_evidence, needs, zero, steps)
        P = self.P
        if self.base_setting:
            kept = min(max(base, ZERO), P)
            if steps is not None and kept != base:
                steps.append(Step(None, "", {}, kept, None, explain.kept_in_points(base, P, kept)))
            base = kept
        else:
            base = self.start
        if self.has_awards:
            raw = base + award
            kept = min(max(raw, ZERO), P)
            if steps is not None:
                steps.append(Step(None, "", {}, kept, None, explain.with_awards(base, award, raw, kept, P)))
            base = kept
        if no_evidence and bonus and not self.evidence_required:
            if steps is not None:
                steps.append(Step(None, "", {"evidence": False}, -bonus, "evidence", explain.evidence(False)))
            bonus = ZERO
        score = base - deduct + bonus
        if self.in_pool:
            if steps is not None:
                steps.append(Step(None, "", {}, score, "pool", explain.pool_summary(deduct, bonus, score)))
        else:
            if steps is not None:
                label = "基础分" if self.base_setting or base != P else "分值"
                steps.append(Step(None, "", {}, score, None, explain.summary(label, base, deduct, bonus, score)))
            if score < self.floor:
                if steps is not None:
                    message = explain.floor(self.floor_kind, self.floor, score, self.deduction_cap, P)
                    steps.append(Step(None, "", {}, self.floor, "floor", message))
                score = self.floor
        if negative:
            score = -negative
            if steps is not None:
                steps.append(Step(None, "", {}, score, "negative", explain.negative_item(negative)))
        elif zero[0] or (no_evidence and self.evidence_required):
            score = bonus = ZERO
            zero[0] = True
            if steps is not None:
                missing = no_evidence and self.evidence_required
                message = explain.evidence(True) if missing else explain.zeroed_item()
                steps.append(Step(None, "", {"evidence": False} if missing else {}, ZERO,
                                  "evidence" if missing else "zero", message))
        return base, deduct, bonus, score, needs, zero

    def _case_total(self, earned, taken, no_evidence, needs, zero, steps):
        if no_evidence and earned:
            if steps is not None:
                steps.append(Step(None, "", {"evidence": False}, -earned, "evidence", explain.evidence(False)))
            earned = ZERO
        score = earned - taken
        if steps is not None:
            steps.append(Step(None, "", {}, score, None, explain.case_total(score)))
        return ZERO, taken, earned, score, needs, zero

    def _unused(self, e: _Entry, cf: ClauseFacts):
        uses = _uses(e.clause)
        name = next(n for n in _FACT_NAMES if n not in uses and (
            getattr(cf, n) is not None or n == "count" and cf.tag_counts))
        if e.clause.kind == Kind.FORMULA:
            hint = "公式的变量请写在 vars 中"
        elif e.clause.kind in (Kind.RATE, Kind.GUARD):
            hint = f"请给出 value，或在 vars 中给出变量 {e.clause.variable}"
        else:
            hint = f"可给出：{'、'.join(uses)}"
        raise ScoringError("fact_not_used", f"{e.clause.kind.label}条款不使用事实 {name}（{hint}）", self.where(e.n))

    def _default_step(self, e: _Entry) -> Step:
        c, h = e.clause, explain.head(e.n, e.clause.text)
        kind, value = c.kind, e.default
        if kind in (Kind.GUARD, Kind.RATE):
            message = explain.guard_default(h, c.variable or "实际比率")
        elif kind == Kind.ZERO:
            message = explain.zero(h, c.scope, False)
        elif kind == Kind.NEGATIVE:
            message = explain.negative(h, None, c.amount, ZERO)
        elif self.case or e.role in (DEDUCT, BONUS) or not value:
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
        else:
            message = explain.judgement_default(h, "满分" if kind == Kind.MANUAL else "上限", value)
        signed = -value if e.role in _TAKES_OFF else value
        return Step(e.n, c.text, {}, signed, None, message)


# ---- clause handlers: (plan, entry, clause facts, vars, steps) → contribution ≥ 0 -------------
def _note(steps: list, e: _Entry, cf: ClauseFacts, value: Decimal, message: str, used: dict | None = None):
    facts = cf.as_dict(e.clause)
    if used:
        facts["vars"] = used
    steps.append(Step(e.n, e.clause.text, facts, -value if e.role in _TAKES_OFF else value, None, message))


def _fallback(plan, e, steps) -> Decimal:
    """Facts were given for the clause but none it can use (e.g. `{}`): as if none were given."""
    if steps is not None:
        steps.append(plan._default_step(e))
    return e.default


def _capped(e: _Entry, raw: Decimal, steps: list | None) -> Decimal:
    limit = e.limit
    if limit is None or raw <= limit:
        return raw
    if steps is not None:
        signed = -limit if e.role in _TAKES_OFF else limit
        steps.append(Step(e.n, "", {}, signed, "cap", explain.cap(e.n, limit, raw, e.role)))
    return limit


def _counted(plan, e, cf, given, steps):
    """每少1次扣0.1分 / 每拓展一个领域加0.5分 / 每报送一条得1分: count × amount, capped."""
    if cf.score is not None:
        return _assessed(e, cf, steps)
    count = cf.count or 0
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
    raw = sum((tiers[i].amount * count for i, count in counts), ZERO)
    if steps is not None:
        h = explain.head(e.n, e.clause.text)
        parts = [(tiers[i].label, count, tiers[i].amount) for i, count in counts if count]
        _note(steps, e, cf, raw, explain.tiered(h, parts, raw, e.role) if parts else explain.nothing(h, e.role))
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


def _rate(plan, e, cf, given, steps):
    """不得少于90%，每降低两个百分点扣0.5分: complete steps of the shortfall × amount, capped."""
    c = e.clause
    value, used = _variable(plan, e, cf, given)
    h = explain.head(e.n, c.text)
    if value is None:
        if steps is not None:
            _note(steps, e, cf, ZERO, explain.guard_default(h, c.variable or "实际比率"))
        return ZERO
    if value > 1 >= c.threshold:
        raise ScoringError("rate_not_fraction", f"比率 {fmt_exact(value)} 大于 1，请写成小数（0.85）或百分数（85%）", plan.where(e.n))
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
        hit = False
    else:
        hit = value > c.threshold if c.direction == "above" else value < c.threshold
    raw = (ONE if c.amount is None else c.amount) if hit else ZERO
    if steps is not None:
        h = explain.head(e.n, c.text)
        message = explain.guard_default(h, c.variable) if value is None else \
            explain.guard(h, c.variable, value, c.threshold, c.direction, c.amount, hit)
        _note(steps, e, cf, ZERO if c.amount is None else raw, message, used)
    return raw


def _within(value: Decimal, plan: ItemPlan) -> Decimal:
    value = max(value, ZERO)
    return value if plan.case else min(value, plan.P)


def _formula(plan, e, cf, given, steps):
    """得分=（1-瞒报率）×5: the formula's value, within [0, P]."""
    c = e.clause
    if e.names.isdisjoint(given):
        return _fallback(plan, e, steps)
    try:
        value = evaluate_formula(c.expression, given, plan.definitions)
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
    value = c.first - (cf.rank - 1) * c.step
    kept = _within(value, plan)
    if steps is not None:
        _note(steps, e, cf, kept, explain.rank(explain.head(e.n, c.text), cf.rank, c.first, c.step, value, kept))
    return kept


def _grade(plan, e, cf, given, steps):
    """按优、良、中、差分别得10、8、6、0分: the named grade's points."""
    if cf.grade is None:
        return _fallback(plan, e, steps)
    amount = next(t.amount for t in e.clause.tiers if t.label == cf.grade)
    if steps is not None:
        _note(steps, e, cf, amount, explain.grade(explain.head(e.n, e.clause.text), cf.grade, amount))
    return amount


def _judged(plan, e, cf, given, steps):
    """Range (有栏目得0.2-1分) and manual (酌情) clauses: the assessor's score, or met for full / none."""
    c = e.clause
    if cf.score is not None:
        return _assessed(e, cf, steps)
    if cf.met is None:
        return _fallback(plan, e, steps)
    full = c.high if c.high is not None else plan.P
    value = full if cf.met else ZERO
    if steps is not None:
        _note(steps, e, cf, value, explain.manual_met(explain.head(e.n, c.text), cf.met, full))
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


_HANDLERS = {
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
}


def evaluate_item(points: Decimal, rule: Rule, facts: ItemFacts, *, floor_at_zero: bool = False,
                  evidence_rule: bool = False, evidence_required: bool = False, step_rounding: str = "down",
                  in_pool: bool = False, item_id: str | None = None) -> ItemResult:
    """Score one item. `facts` come from `facts.item_facts(data, rule)`; a pool item (`in_pool`)
    is scored with P = 0 and no floor, its score being its signed delta on the pool."""
    plan = ItemPlan(points, rule, floor_at_zero=floor_at_zero, evidence_rule=evidence_rule,
                    evidence_required=evidence_required, step_rounding=step_rounding, in_pool=in_pool,
                    item_id=item_id)
    return plan.evaluate(facts)
