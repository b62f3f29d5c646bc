"""One item's score from its rule and facts (docs/engine.md §Item score), with its explanation.

A rule is compiled once into an `ItemPlan` for the item's points and the scheme's options, and the
plan runs for every unit. A run computes numbers only; the steps that explain a result are made
when someone reads `ItemResult.steps`, by running the same code again with a list to write into.
So an explanation can never disagree with its score, and scoring 10,000 units writes no sentences.

This module is the engine's item-level API (`ItemPlan`, `ItemResult`, `Step`, `evaluate_item`).
The parts below it, each importing only the ones listed before it:
  roles.py        what a clause's number does to the item (base, award, deduct, bonus, zero, 倒扣)
  steps.py        `Step`, one line of an explanation
  handlers.py     per-kind clause handlers: clause facts → contribution, and its steps
  clause_plan.py  `ClausePlan`: one clause compiled (role, handler, facts it takes, default)
Here the plan adds the contributions up: base and awards, caps written for several clauses,
evidence, floor, and the special clauses (此项不得分, 倒扣) that override the sum.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from functools import cached_property

from . import explain
from .clause_plan import ClausePlan
from .clauses import Kind, Rule
from .decimals import ZERO
from .errors import ScoringError
from .facts import NO_FACTS, NO_ITEM_FACTS, ItemFacts
from .handlers import default_step
from .roles import AWARD, BASE, BONUS, CONSEQUENCE, DEDUCT, NEGATIVE, SIGN_ROLE
from .steps import Step

__all__ = ["MEMO_SIZE", "ItemPlan", "ItemResult", "Step", "evaluate_item"]

MEMO_SIZE = 4096  # distinct facts remembered per item: units mostly report the same few things


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
    zero_group: bool = False  # a 此大项不得分 clause was triggered: the item scores 0, totals zero its 大项
    zero_scheme: bool = False  # a clause setting the whole total to zero was triggered
    zeroed: bool = False  # 此项不得分 (or a person's zero): the item (a pool item: its pool) scores 0
    consequences: tuple[str, ...] = ()  # effects that are not points, e.g. 取消评优资格, 一票否决
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
        self.entries = tuple(ClausePlan(c, self, grouped) for c in rule.clauses)
        # guards that replace a formula when they hold (错误率超过30%的，直接扣2分): (guard n, formula n)
        self.replacing = tuple((c.n, c.replaces) for c in rule.clauses if c.kind == Kind.GUARD and c.replaces)
        roles = {e.n: e.role for e in self.entries}
        self.groups = tuple((cap, SIGN_ROLE[cap.sign]) for cap in rule.caps)
        for cap, role in self.groups:
            unknown = [n for n in cap.clauses if roles.get(n) != role]
            if unknown:
                raise ScoringError("bad_cap", f"合并上限所列条款 {unknown} 不存在或不是{explain.CAP_NAME[role]}所限的条款", self.label)
        self.base_setting = any(e.role == BASE for e in self.entries)
        self.has_awards = any(e.role == AWARD for e in self.entries)
        self.components = sum((self._share(e) for e in self.entries if e.role == AWARD), ZERO)
        # made only of per-occurrence awards (and bonuses): earned from 0; a bonus alone adds to P
        earned_only = any(e.role == AWARD for e in self.entries) and all(
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

    def _share(self, e: ClausePlan) -> Decimal:
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
        if not facts.clauses and not facts.vars and facts.evidence and facts.override is None and not facts.zero:
            return self.default
        result = self._by_id.get(id(facts))
        if result is None:
            key = (tuple(facts.clauses.items()), tuple(facts.vars.items()), facts.evidence, facts.override, facts.zero)
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
        base, deduction, bonus, score, needs, zero, consequences = self._run(facts, None)
        # Built without the generated __init__, which costs three times as much and runs per unit.
        result = object.__new__(ItemResult)
        object.__setattr__(result, "__dict__", {
            "item_id": self.item_id, "points": self.points, "base": base, "deduction": deduction, "bonus": bonus,
            "score": score, "needs_judgement": needs, "in_pool": self.in_pool, "not_applicable": False,
            "zero_group": zero[1], "zero_scheme": zero[2], "zeroed": zero[0], "consequences": consequences,
            "facts": facts, "plan": self})
        return result

    def _run(self, facts: ItemFacts, steps: list | None):
        get = facts.clauses.get
        given = facts.vars
        base = award = deduct = bonus = negative = ZERO
        needs = self.problems
        zero = [False, False, False]  # item, group, scheme
        grouped: dict[int, Decimal] = {}
        values: dict[int, Decimal] = {}
        consequences: list[str] = []
        if steps is not None and self.components and not self.base_setting and not self.case:
            steps.append(Step(None, "", {}, self.start, None, explain.start_without_awards(self.P, self.start)))
        for e in self.entries:
            cf = get(e.n)
            if cf is None and not (given and e.names and not e.names.isdisjoint(given)):
                value = e.default
                needs = needs or e.judgement
                if steps is not None:
                    steps.append(default_step(self, e))
            else:
                cf = cf or NO_FACTS
                if e.unused(cf) != e.absent:
                    e.refuse_unused(cf, self.where(e.n))
                if e.judgement and cf.score is None and cf.met is None and cf.grade is None:
                    needs = True
                value = e.run(self, e, cf, given, steps)
            if e.grouped:
                grouped[e.n] = value
            if self.replacing:
                values[e.n] = value
            if e.clause.effect and value:
                consequences.append(e.clause.effect)
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
            elif role == CONSEQUENCE:
                pass
            elif value:
                zero[("item", "group", "scheme").index(e.clause.scope) if not self.case else 2] = True
        for guard, formula in self.replacing:
            if values.get(guard) and formula in values:
                base += self.P - values[formula]
                if steps is not None:
                    steps.append(Step(None, "", {}, self.P, None, explain.formula_replaced(formula, guard, self.P)))
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
            return self._case_total(base + award + bonus, deduct + negative, no_evidence, needs, zero, steps) + (
                tuple(consequences),)
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
        if no_evidence and self.evidence_required:
            base, bonus = self._unproven(base, bonus, steps)
        elif no_evidence and bonus:
            if steps is not None:
                steps.append(Step(None, "", {"evidence": False}, -bonus, "evidence", explain.evidence_bonus()))
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
        if zero[1]:  # 此大项不得分: the item is part of its 大项 (totals zero the rest of it)
            score = bonus = ZERO
            if steps is not None:
                steps.append(Step(None, "", {}, ZERO, "zero", explain.zeroed_with_group()))
        elif negative:
            score = -negative
            if steps is not None:
                steps.append(Step(None, "", {}, score, "negative", explain.negative_item(negative)))
        elif zero[0]:
            score = bonus = ZERO
            if steps is not None:
                steps.append(Step(None, "", {}, ZERO, "zero", explain.zeroed_item()))
        if facts.zero:  # e.g. nobody checked the item: nothing it says counts, its consequences neither
            score = bonus = ZERO
            zero[0] = True
            consequences.clear()
            if steps is not None:
                steps.append(Step(None, "", {"zero": True}, ZERO, "zero", explain.set_to_zero()))
        elif facts.override is not None:
            score, zero[0], needs = facts.override, False, False
            if steps is not None:
                steps.append(Step(None, "", {"override": facts.override}, score, "override",
                                  explain.overridden(score, self.in_pool)))
        if steps is not None:
            for e in self.entries:
                if e.clause.effect and e.clause.kind != Kind.CONSEQUENCE and e.clause.effect in consequences:
                    steps.append(Step(e.n, "", {}, None, "consequence", explain.consequence_of(e.n, e.clause.effect)))
        return base, deduct, bonus, score, needs, zero, tuple(consequences)

    def _unproven(self, base: Decimal, bonus: Decimal, steps: list | None) -> tuple[Decimal, Decimal]:
        """不予认定: an item that needs evidence, given none, loses what the unit must prove — a base
        set by a person or a formula, points earned by awards (met components included), bonuses —
        while its deductions stand: an item that only deducts keeps P − D."""
        kept = ZERO if self.base_setting else min(max(self.start, ZERO), self.P)
        earned = max(base - kept, ZERO)
        if steps is not None:
            steps.append(Step(None, "", {"evidence": False}, -(earned + bonus), "evidence",
                              explain.evidence_withheld(earned, bonus)))
        return base - earned, ZERO

    def _case_total(self, earned, taken, no_evidence, needs, zero, steps):
        if no_evidence and earned:
            if steps is not None:
                steps.append(Step(None, "", {"evidence": False}, -earned, "evidence", explain.evidence_bonus()))
            earned = ZERO
        score = earned - taken
        if steps is not None:
            steps.append(Step(None, "", {}, score, None, explain.case_total(score)))
        return ZERO, taken, earned, score, needs, zero


def evaluate_item(points: Decimal, rule: Rule, facts: ItemFacts, *, floor_at_zero: bool = False,
                  evidence_rule: bool = False, evidence_required: bool = False, step_rounding: str = "down",
                  in_pool: bool = False, item_id: str | None = None) -> ItemResult:
    """Score one item. `facts` come from `facts.item_facts(data, rule)`; a pool item (`in_pool`)
    is scored with P = 0 and no floor, its score being its signed delta on the pool."""
    plan = ItemPlan(points, rule, floor_at_zero=floor_at_zero, evidence_rule=evidence_rule,
                    evidence_required=evidence_required, step_rounding=step_rounding, in_pool=in_pool,
                    item_id=item_id)
    return plan.evaluate(facts)
