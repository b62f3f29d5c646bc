"""Errors and problems of the scoring engine.

Every error carries a machine code, the place it concerns and a Chinese message, so a program
gets the code and a person gets the sentence (Zulip's JsonableError idea).
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """Something in a scoring text the parser could not turn into a rule.

    `start`/`end` are character offsets into the text the problem was found in (`source`
    says which: the scoring text or the bonus text); `column` is 1-based for people.
    """

    code: str
    message: str
    fragment: str
    start: int
    end: int
    source: str = "text"

    @property
    def column(self) -> int:
        return self.start + 1

    def to_dict(self) -> dict:
        return {
            "code": self.code,
            "message": self.message,
            "fragment": self.fragment,
            "source": self.source,
            "column": self.column,
            "end_column": self.end,
        }


class ScoringError(ValueError):
    """Bad input to the engine: malformed facts, an unknown clause, a score out of range…"""

    def __init__(self, code: str, message: str, where: str = ""):
        self.code = code
        self.message = message
        self.where = where
        super().__init__(f"{where}：{message}" if where else message)

    def located(self, where: str) -> "ScoringError":
        """The same error with an outer place prepended (unit, item, clause…)."""
        inner = f"{where} {self.where}".strip() if self.where else where
        return ScoringError(self.code, self.message, inner)
