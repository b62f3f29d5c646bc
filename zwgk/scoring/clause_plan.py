"""One clause compiled for its item's plan: role, handler, the facts it takes, its no-facts value.

Everything here depends on the rule and the item's points alone, so it is worked out once per
item and the per-unit loop in `evaluate.ItemPlan._run` only reads attributes.
"""
from __future__ import annotations

from decimal import Decimal
from operator import attrgetter
from typing import TYPE_CHECKING

from .clauses import Clause, Kind
from .decimals import ZERO
from .errors import ScoringError
from .facts import FACT_NAMES, ClauseFacts
from .formula import variables_of
from .handlers import HANDLERS
from .roles import AWARD, BASE, role_of

if TYPE_CHECKING:
    from .evaluate import ItemPlan

# The facts each kind can use; any other fact given for the clause is an error, not ignored.
_USES = {
    Kind.PER_OCCURRENCE: ("count", "met"),
    Kind.TIERED: ("count",),
    Kind.ONCE: ("count", "met"),
    Kind.RATE: ("value", "met"),
    Kind.FORMULA: (),
    Kind.GUARD: ("value", "met"),
    Kind.RANK: ("rank", "value"),
    Kind.DEADLINE: ("count", "met"),
    Kind.FREQUENCY: ("count", "met"),
    Kind.ZERO: ("count", "met"),
    Kind.NEGATIVE: ("count", "met"),
    Kind.GRADE: ("grade", "met"),
    Kind.RANGE: ("score",),
    Kind.MANUAL: ("score", "met"),
    Kind.BANDS: ("value", "met"),
    Kind.CONSEQUENCE: ("count", "met"),
}
_ABSENT = {"count": None, "tag_counts": (), "value": None, "met": None, "rank": None, "score": None, "grade": None}


def _uses(clause: Clause) -> tuple[str, ...]:
    if clause.kind in (Kind.BONUS, Kind.AWARD):
        return ("count", "score") if clause.per else ("count", "met", "score")
    return _USES[clause.kind]


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


class ClausePlan:
    """One clause, compiled: its role, handler, the facts it may not take and its no-facts value."""

    __slots__ = ("clause", "n", "role", "run", "unused", "absent", "default", "judgement", "names", "grouped", "limit")

    def __init__(self, clause: Clause, plan: "ItemPlan", grouped: set[int]):
        self.clause = clause
        self.n = clause.n
        self.role = role_of(clause)
        self.run = HANDLERS[clause.kind]
        uses = _uses(clause)
        # facts the clause cannot use, read in one call and compared with "not given"
        unused = [name for name in FACT_NAMES if name not in uses] + ([] if "count" in uses else ["tag_counts"])
        self.unused = attrgetter(*unused, "__class__")  # the constant last name makes it always a tuple
        self.absent = tuple(_ABSENT[name] for name in unused) + (ClauseFacts,)
        self.grouped = clause.n in grouped
        one_off_earning = clause.kind in (Kind.BONUS, Kind.AWARD) and not clause.per
        # a clause's own cap; an assessed score on a one-off bonus/award is limited by its amount
        self.limit = clause.amount if clause.cap is None and one_off_earning else clause.cap
        self.judgement = not plan.case and clause.kind in (Kind.MANUAL, Kind.GRADE, Kind.RANGE)
        if clause.kind == Kind.FORMULA:
            self.names = frozenset(_reachable(variables_of(clause.expression), plan.definitions))
        elif clause.kind in (Kind.RATE, Kind.GUARD, Kind.BANDS) and clause.variable:
            self.names = frozenset(_reachable((clause.variable, *clause.aliases), plan.definitions))
        else:
            self.names = frozenset(clause.aliases)
        self.default = ZERO if plan.case else _default(clause, plan.P)

    def refuse_unused(self, cf: ClauseFacts, where: str):
        """Raise for the first fact given that the clause cannot use (`self.unused` found one)."""
        uses = _uses(self.clause)
        name = next(n for n in FACT_NAMES if n not in uses and (
            getattr(cf, n) is not None or n == "count" and cf.tag_counts))
        if self.clause.kind == Kind.FORMULA:
            hint = "公式的变量请写在 vars 中"
        elif self.clause.kind in (Kind.RATE, Kind.GUARD, Kind.BANDS):
            hint = f"请给出 value，或在 vars 中给出变量 {self.clause.variable}"
        else:
            hint = f"可给出：{'、'.join(uses)}"
        raise ScoringError("fact_not_used", f"{self.clause.kind.label}条款不使用事实 {name}（{hint}）", where)


def _default(clause: Clause, points: Decimal) -> Decimal:
    """What a clause contributes when nothing is known: nothing happened, requirements met."""
    kind = clause.kind
    if role_of(clause) not in (BASE, AWARD):
        return ZERO  # deductions, bonuses (排名加分), 酌情扣分, triggers: nothing happened
    if kind == Kind.AWARD and not clause.per:
        return min(clause.amount, clause.cap) if clause.cap is not None else clause.amount
    if kind in (Kind.FORMULA, Kind.RANK):
        return points
    if kind == Kind.BANDS:
        return min(points, max(points if b.amount is None else b.amount for b in clause.bands))
    if kind == Kind.MANUAL:
        return points if clause.high is None else min(clause.high, points)
    if kind == Kind.RANGE:
        return clause.high
    if kind == Kind.GRADE:
        return max(t.amount for t in clause.tiers)
    return ZERO
