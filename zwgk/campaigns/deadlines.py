"""Reading the 完成时限 (deadline) cell of a task-breakdown table into due dates.

The cells are short phrases written by hand: "2021年8月底前", "9月30日前", "1.2021年7月底前 2.2021年8月底前",
"7月底、9月底、11月底前", "每季度结束后10日内", "长期坚持", or a whole sentence such as
"年报在次年1月31日前上报,并于次年2月10日前在网站公布". Campaigns need the dates to track what is due,
so this module reads them once, in plain Python (no Django), and says honestly when it could not.

How it reads: the text is normalised (NFKC, Chinese numerals before 月/日/年 turned into digits,
whitespace dropped), then scanned left to right with a short list of token patterns. Words between
tokens ("各项工作于", "之前完成", "上报") are filler and ignored, but any date vocabulary left
unread (a digit, 月, 日, 旬, 季, 次年 …) means part of the phrase was not understood.
"""
from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

__all__ = ["Deadline", "parse_deadline"]


@dataclass(frozen=True)
class Deadline:
    """A deadline phrase as written and what it says: due dates, ongoing, periodic."""

    text: str
    dates: tuple[date, ...] = ()
    ongoing: bool = False
    recurring: str = ""
    understood: bool = True

    def next_due(self, today: date) -> date | None:
        """The first due date on or after today, None when all have passed (or there are none)."""
        return next((d for d in self.dates if d >= today), None)


# 年初 has no day of its own. The project's scheme files read it as the end of the first quarter
# (jiangxian-2021.yaml item 24: "年初读作第一季度末，即2022-03-31"), and campaigns/setup.py merges
# the file's dates with these, so any other reading would add a spurious earlier due date.
START_OF_YEAR = (3, 31)

_ONGOING = "长期坚持|持续推进|常态化|长期|持续|及时|随时|经常性"
_PERIOD_MONTHS = {"月": 1, "季": 3, "季度": 3, "半年": 6, "年": 12}
_RECURRING = {"月": "每月", "季": "每季度", "季度": "每季度", "半年": "每半年", "年": "每年"}
_QUARTERS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_RELATIVE_YEAR = {"次": 1, "明": 1, "翌": 1, "当": 0, "本": 0, "今": 0}

_YEAR = r"(?:(?P<y>\d{4})|(?P<rel>[次明翌当本今]))年"
_PER = r"每(?P<per>月|季度?|半年|年)"
# Tried in order at each position; the first that matches is taken.
_TOKENS = [(kind, re.compile(pattern)) for kind, pattern in [
    ("iso", r"(?P<y>\d{4})[./-](?P<m>\d{1,2})[./-](?P<d>\d{1,2})[日号]?"),
    ("every_after", _PER + r"(?:末|底|结束后)(?P<n>\d{1,2})[日号]"),                 # 每季度末10日前, 每季度结束后10日内
    ("every_day", r"每(?P<per>月)(?P<n>\d{1,2})[日号]"),                          # 每月10日前
    ("every_on", r"每(?P<per>年)(?=\d{1,2}月)"),                                 # 每年1月31日前: the date follows
    ("every", _PER + r"(?:末|底)?"),
    ("day", rf"(?:{_YEAR})?(?P<m>\d{{1,2}})月(?P<d>\d{{1,2}})[日号]"),
    ("month", rf"(?:{_YEAR})?(?P<ms>\d{{1,2}}(?:[、,和及与]\d{{1,2}})*)月"
              r"(?P<part>底|末|上旬|中旬|下旬|初)?(?P<before>之?前|以前)?"),
    ("quarter", rf"(?:{_YEAR})?第?(?P<q>[一二三四1-4])季度?(?:末|底)?"),
    ("half", rf"(?:{_YEAR})?(?P<h>[上下])半年(?:末|底)?"),
    ("year_part", rf"(?:{_YEAR}|年)(?P<ys>底|末|内|初)"),
    ("ongoing", _ONGOING),
    ("numbering", r"\(\d{1,2}\)|(?<![\d.])\d{1,2}[.)、]"),                     # 1. 2、 (3) before list items
]]
# Date vocabulary that must not be left over once the tokens are taken out.
_UNREAD = re.compile(r"\d|[月日号旬季周]|星期|半年|[次明翌当本今]年")

_CN_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
              "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN = "[〇零一二三四五六七八九十两]+"
# Chinese numbers counting months or days (九月, 三十一日, 七、九、十一月) and four-digit years (二〇二一年).
_CN_NUMBER = re.compile(rf"{_CN}(?=(?:[、,和及与]{_CN})*[月日号])|[〇零一二三四五六七八九]{{4}}(?=年)")
_CIRCLED = re.compile("[\u2460-\u2473]")  # ①…⑳, which NFKC would turn into bare digits


def _cn_int(s: str) -> str:
    """十二 → 12, 三十一 → 31, 二〇二一 → 2021; a malformed run (十十) is left as written, to go unread."""
    tens, ten, ones = s.partition("十")
    try:
        if ten:
            return str((_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0))
        return "".join(str(_CN_DIGITS[c]) for c in s)
    except KeyError:
        return s


def _normalise(text: str) -> str:
    """One spelling for every way of writing the same phrase, so the token patterns stay few."""
    text = _CIRCLED.sub(lambda m: f"{ord(m.group()) - 0x245F}.", text)
    text = unicodedata.normalize("NFKC", text)
    text = _CN_NUMBER.sub(lambda m: _cn_int(m.group()), text)
    return re.sub(r"\s+", "", text)


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _every(per: str, year: int, after: int | None) -> list[date]:
    """The ends of each period in the year, or the given day of the month after each period ends."""
    step = _PERIOD_MONTHS[per]
    ends = range(step, 13, step)
    if after is None:
        return [_month_end(year, m) for m in ends]
    return [date(year + m // 12, m % 12 + 1, after) for m in ends]


def _read(kind: str, m: re.Match, year: int) -> list[date]:
    """The dates one token stands for. Raises ValueError for a date that does not exist."""
    g = m.groupdict()
    if kind == "iso":
        return [date(int(g["y"]), int(g["m"]), int(g["d"]))]
    if kind == "every_after":
        return _every(g["per"], year, int(g["n"]))
    if kind == "every_day":
        return [date(year, month, int(g["n"])) for month in range(1, 13)]
    if kind == "every":
        return _every(g["per"], year, None)
    if kind == "day":
        return [date(year, int(g["m"]), int(g["d"]))]
    if kind == "month":
        part = g["part"]
        if part in ("初", None) and (part or g["before"]):
            # 6月初 names no day, and a bare 9月前 may mean before September starts or ends.
            raise ValueError(f"ambiguous month: {m.group()}")
        day = {"上旬": 10, "中旬": 20}.get(part)
        months = [int(x) for x in re.split(r"[、,和及与]", g["ms"])]
        return [date(year, mo, day) if day else _month_end(year, mo) for mo in months]
    if kind == "quarter":
        return [_month_end(year, 3 * _QUARTERS[g["q"]])]
    if kind == "half":
        return [date(year, 6, 30) if g["h"] == "上" else date(year, 12, 31)]
    if kind == "year_part":
        return [date(year, *START_OF_YEAR) if g["ys"] == "初" else date(year, 12, 31)]
    return []


def parse_deadline(text: str | None, year: int) -> Deadline:
    """Read a 完成时限 phrase; `year` is the campaign year, used where the phrase names none.

    A year written in the phrase (2021年, 次年) also holds for the dates after it in the same phrase,
    as in "次年1月31日前上报，2月10日前公布". Never raises: what cannot be read makes
    understood False and the dates keep whatever could be read. A blank cell says nothing,
    so it is understood and has no dates.
    """
    text = text or ""
    s = _normalise(text)
    dates: set[date] = set()
    recurring: list[str] = []
    ongoing, understood, unread = False, True, []
    current, pos = year, 0
    while pos < len(s):
        for kind, pattern in _TOKENS:
            m = pattern.match(s, pos)
            if m:
                break
        else:
            unread.append(s[pos])
            pos += 1
            continue
        pos = m.end()
        g = m.groupdict()
        if g.get("y"):
            current = int(g["y"])
        elif g.get("rel"):
            current = year + _RELATIVE_YEAR[g["rel"]]
        if g.get("per"):
            recurring.append(_RECURRING[g["per"]])
        ongoing = ongoing or kind == "ongoing"
        try:
            dates.update(_read(kind, m, current))
        except ValueError:
            understood = False
    if _UNREAD.search("".join(unread)) or len(set(recurring)) > 1:
        understood = False
    if s and not (dates or ongoing or recurring):
        understood = False
    return Deadline(text=text, dates=tuple(sorted(dates)), ongoing=ongoing,
                    recurring=recurring[0] if recurring else "", understood=understood)
