"""Free-text cells read into the fields campaigns use: who an item applies to, when it is due.

考核对象/责任单位 name categories of units (各乡（镇）、县直各单位、开发区) or particular
departments; a campaign needs the categories to know which units an item applies to. 完成时限
phrases become dates with the campaign deadline reader. Both only add to the text, which is kept.
"""
from __future__ import annotations

import re

from zwgk.campaigns.deadlines import parse_deadline

_TOWNS = re.compile(r"乡|镇")
_COUNTY = re.compile(r"县直|各单位|各部门|各相关单位|各有关单位|各相关部门")
_ZONE = re.compile(r"开发区")
_DEPARTMENT = re.compile(r"局|委|办|中心|院|所")


def unit_types(text: str | None) -> list[str]:
    """“各乡（镇）、各单位” → [乡镇, 县直单位]; “县财政局” → [县直单位]; nothing named → [] (everyone)."""
    if not text:
        return []
    found = [name for name, pattern in (("乡镇", _TOWNS), ("开发区", _ZONE), ("县直单位", _COUNTY)) if pattern.search(text)]
    if not found and _DEPARTMENT.search(text):
        found = ["县直单位"]
    return found


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
