"""`Step`: one line of an explanation, as made by the clause handlers, the item plan and the totals.

Its own module because everything that explains a score writes steps, below the plan that runs
the handlers (docs/engine.md §Explanations).
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .clauses import fmt_exact
from .decimals import fmt


@dataclass(frozen=True)
class Step:
    """One line of an explanation. `amount` is the clause's signed contribution (negative = taken
    off; after the cap on a cap step); on summary lines (`clause` None) it is the resulting points."""

    clause: int | None
    text: str
    facts: dict
    amount: Decimal | None
    applied: str | None  # cap, cap_group, floor, evidence, zero, negative, pool, override, or None
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
