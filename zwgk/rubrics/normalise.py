"""Free-text cells read into the fields campaigns use: who an item applies to, when it is due.

考核对象/责任单位 name categories of units (各乡（镇）、县直各单位、开发区) or particular
departments; a campaign needs the categories to know which units an item applies to. 完成时限
phrases become dates with the campaign deadline reader. Both only add to the text, which is kept.
"""
from __future__ import annotations

import re

from zwgk.campaigns.deadlines import parse_deadline

_TOWNS = re.compile(r"乡[（(]镇[）)]|乡镇|各乡|各镇|街道")  # not 乡村振兴局
_COUNTY = re.compile(r"县直|各单位|各部门|各相关单位|各有关单位|各相关部门")
_ZONE = re.compile(r"开发区")


def unit_types(text: str | None) -> list[str]:
    """“各乡（镇）、各单位” → [乡镇, 县直单位]; no category named → [] (every unit).

    Particular departments (县财政局, 综合组) say who does the work, not which units are assessed,
    so they leave the item applying to everyone; the office marks 不适用 per unit where needed.
    """
    if not text:
        return []
    return [name for name, pattern in (("乡镇", _TOWNS), ("开发区", _ZONE), ("县直单位", _COUNTY)) if pattern.search(text)]


def deadline(text: str | None, year: int | None) -> dict | None:
    """A 完成时限 cell as the scheme file keeps it: the text, and its dates where they can be read."""
    if not text:
        return None
    out: dict = {"text": text}
    if year is None:
        return out
    read = parse_deadline(text, year)
    if read.ongoing:
        out["ongoing"] = True
    if read.dates:
        out["dates"] = [d.isoformat() for d in read.dates]
    return out


_ROLE_END = re.compile(r"(牵头|配合|协调|抓好落实|负责落实|落实)$")
_CLAUSES = re.compile(r"[，,；;。\n]|(?:^|\s)\d{1,2}[.、．](?!\d)|\s+(?=各)")
_CATEGORY = re.compile(r"^(?:各|县直|全县|相关|有关|其他|其余)|各(?:有关|相关)?(?:单位|部门|科室|乡镇)$|开发区$")
_ETC = re.compile(r"等(?:有关|相关|县直)?(?:单位|部门)?$")


def lead_support(text: str | None) -> tuple[list[str], list[str]]:
    """责任单位 → (牵头 units, 配合 units): “县发改局牵头，各相关单位配合” → ([县发改局], []).

    Clauses ending in 牵头 name the lead, in 配合/抓好落实 the support; with no 牵头 written, the
    units named are the lead, except the last one before a 协调, who supports them. Categories (各乡镇人民政府、县直各单位) are not units: they are
    the item's `unit_types`.
    """
    lead: list[str] = []
    support: list[str] = []
    clauses = [c.strip() for c in _CLAUSES.split(text or "") if c and c.strip()]
    has_lead = any(c.endswith("牵头") for c in clauses)
    for clause in clauses:
        m = _ROLE_END.search(clause)
        role = m.group(1) if m else None
        names = _names(clause[: m.start()] if m else clause)
        if role == "协调" and not has_lead:  # “A、B、县府办协调”: the last one coordinates the others
            names, coordinator = names[:-1], names[-1:]
            support.extend(n for n in coordinator if n not in support)
            role = None
        target = lead if role == "牵头" or (role is None and not has_lead) else support
        target.extend(n for n in names if n not in target)
    return lead, support


def _names(text: str) -> list[str]:
    """Units listed with 、 or spaces; a bracketed note stays with its name (文件起草组(科室、单位))."""
    out, name, depth = [], "", 0
    for char in text + "、":
        depth += (char in "(（") - (char in ")）")
        if depth == 0 and (char in "、，,/" or char.isspace()):
            name = _ETC.sub("", name.strip())
            if name and not _CATEGORY.search(name) and name not in out:
                out.append(name)
            name = ""
        else:
            name += char
    return out
