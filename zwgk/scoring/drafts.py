"""A clause in the making: the phrases of a sentence and the raw clause they close, before it is
typed, with the small readings the parser and the merges share (which level, grade or place a
label names; a problem at the right place in the original text).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from .clauses import Clause, Kind, Sign
from .errors import Problem
from .normalize import Normalized, chinese_number
from .wording import GRADE_ORDINAL, GRADES, LEVELS


@dataclass
class Phrase:
    text: str
    start: int  # offsets in the normalised text
    end: int


@dataclass
class Raw:
    """A clause before typing: its condition phrases and the amount phrase that closed it."""

    sentence: int
    conditions: list[Phrase]
    phrase: Phrase
    form: str  # the amount form: zero, negative, list, range, deduct, bonus, award, bare, formula, manual
    match: re.Match | None
    cap: Decimal | None = None
    extra: dict = field(default_factory=dict)

    @property
    def condition(self) -> str:
        before = self.phrase.text[: self.match.start()] if self.match else ""
        return ",".join([p.text for p in self.conditions] + ([before] if before else []))

    @property
    def start(self) -> int:
        return self.extra.get("start", (self.conditions[0] if self.conditions else self.phrase).start)

    @property
    def end(self) -> int:
        return max(self.phrase.end, self.extra.get("cap_end", 0))


class Unreadable(Exception):
    def __init__(self, code: str, message: str):
        self.code, self.message = code, message


def problem_at(code: str, message: str, phrases: list[Phrase], norm: Normalized, original: str, source: str) -> Problem:
    start = min(p.start for p in phrases)
    end = max(p.end for p in phrases)
    a, b = norm.span(start, end)
    return Problem(code, message, original[a:b], a, b, source)


def tier_label(raw: Raw) -> str:
    """The words that pick out a tier: the last condition phrase, without 每次/1次/的."""
    for part in reversed(raw.condition.split(",")):
        label = re.sub(r"(?:每)?1?(?:次|件|起|项)?$|的$", "", part.strip()).strip(" ,")
        label = re.sub(r"^每|的$", "", label)
        if label:
            return label
    return ""


def level_of(phrase: str) -> str | None:
    found = [lv for lv in LEVELS if lv in phrase]
    if {"国务院", "国办", "国家", "中央", "中国政府网", "全国"} & set(found):
        return "国"
    return found[0] if len(found) == 1 else None


def grade_in(label: str) -> str | None:
    """The grade a label names, read from its end: 评价等次为好的 → 好, 结果为基本满意 → 基本满意, 一档 → 一档."""
    label = label.strip().removesuffix("的")
    ordinal = GRADE_ORDINAL.search(label)
    if ordinal and ordinal.end() == len(label):
        return ordinal.group(0)
    return next((g for g in GRADES if label.endswith(g)), None)


def place_number(text: str) -> int:
    return int(text) if text.isdigit() else chinese_number(text) or 0


def sign_of(clause: Clause) -> Sign | None:
    if clause.kind in (Kind.BONUS,):
        return Sign.BONUS
    if clause.kind == Kind.AWARD:
        return Sign.AWARD
    if clause.kind == Kind.TIERED:
        return clause.sign
    if clause.kind in (Kind.PER_OCCURRENCE, Kind.ONCE, Kind.RATE, Kind.GUARD, Kind.DEADLINE, Kind.FREQUENCY):
        return Sign.DEDUCT
    return None
