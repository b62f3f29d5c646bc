"""综合加分项 / 重大扣分项 rows → the scheme's `bonus` and `major` cases (B1…, M1…).

Documents put these at the foot of the table, either one case per row or all cases in one cell
as a numbered list (sometimes still wrapped in the web page's <ol>), with a shared rule written
once above the list (“考核中有下列情形的，每发现一起，在总得分的基础上扣10分：”).
"""
from __future__ import annotations

import re

from .headers import clean

BONUS = {"综合加分项", "加分项", "加分事项", "加分项目", "附加分", "加分"}
MAJOR = {"重大扣分项", "扣分事项", "扣分项", "扣分项目", "一票否决", "一票否决项", "否决项", "重大扣分事项"}
_TAGS = re.compile(r"<[^>]+>")
_ENUM = re.compile(r"(?:^|(?<=[\s；;。]))(?:\d{1,2}[.、．](?!\d)|[（(][一二三四五六七八九十]{1,3}[）)])\s*")
_SHARED = re.compile(r"[：:]\s*$")


_NUMBERED = re.compile(r"^(?:[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十]{1,3}[）)]|\d{1,2}[、.．])")


def section_of(cell: str) -> str | None:
    """“bonus”, “major” or None for a cell that heads a section (“综合加分项”, “五、扣分事项”)."""
    key = _NUMBERED.sub("", clean(cell))
    if key in BONUS:
        return "bonus"
    if key in MAJOR:
        return "major"
    return None


def cases_of(cells: list[str]) -> tuple[str | None, list[str]]:
    """(the shared rule if one is written, the case texts) of one section row."""
    text = "\n".join(_TAGS.sub(" ", c).strip() for c in cells if c and _TAGS.sub("", c).strip())
    marks = list(_ENUM.finditer(text))
    if not marks:
        return None, [_tidy(text)] if text.strip() else []
    head = _tidy(text[: marks[0].start()])
    cases = [_tidy(text[m.end(): nxt.start() if nxt else len(text)]) for m, nxt in zip(marks, marks[1:] + [None])]
    shared = head if head and _SHARED.search(text[: marks[0].start()].strip()) else None
    if head and not shared:
        cases[0] = f"{head}{cases[0]}"
    return shared, [c for c in cases if c]


def joined(parts: list[str]) -> str:
    """Cells of one case row read as one text; a cell already contained in another is dropped."""
    out: list[str] = []
    for part in parts:
        if part and not any(part in kept for kept in out):
            out.append(part)
    return "".join(out)


def with_shared_rule(text: str, shared: str | None) -> str | None:
    """The case read with its shared rule: “…被判败诉的，每发现一起，在总得分的基础上扣10分”."""
    if not shared:
        return None
    rule = shared.rstrip("：:")
    rule = rule.split("，", 1)[1] if "，" in rule and re.search(r"有下列情形|以下情形", rule.split("，", 1)[0]) else rule
    return f"{text.rstrip('。；;')}，{rule}"


def _tidy(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().rstrip("；;").strip()
