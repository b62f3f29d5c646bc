"""Working days: chinese-calendar's statutory holidays and 调休, overridden by local changes.

Indicators ask questions like "published within 20 working days of forming?" for every record of
every unit, so a calendar is built once per run (`load_calendar()`) and answers from per-year
tables rather than walking day by day:

* For each year touched, a table holds the prefix sums of its working days: ``prefix[i]`` is the
  number of working days among the first ``i`` days of the year (``prefix[0] == 0``, length
  days-in-year + 1). Whether a day works is ``prefix[i + 1] - prefix[i]``; the working days in a
  stretch of the year are one subtraction; the n-th working day is a bisection.
* A span over several years adds the totals of the whole years in between, so every query costs
  O(years spanned + log 366) — in practice constant.
* Years the library has no data for (it raises NotImplementedError outside them) are computed from
  weekends alone and marked provisional; their table also holds prefix sums of provisional days
  (a local override makes its date firm again), so a span's flag is exact and just as cheap.

The library is asked about each day of a year once per process (`_national_year`); a calendar
lays its local changes over that and builds its tables lazily, per year touched, and keeps them.
"""
from __future__ import annotations

import datetime as dt
from array import array
from bisect import bisect_left
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Generic, TypeVar

import chinese_calendar

T = TypeVar("T")
PROVISIONAL_MARK = "（暂定）"


@dataclass(frozen=True, slots=True)
class Result(Generic[T]):
    """An answer and whether it rests on a year without official data (shown as "（暂定）")."""

    value: T
    provisional: bool

    def __bool__(self):
        # `if cal.deadline_met(...)` would always be true; make the caller say `.value`.
        raise TypeError("Result has no truth value; use .value (and .provisional)")

    def __iter__(self):
        """So that `when, provisional = cal.add_workdays(start, 20)` works."""
        return iter((self.value, self.provisional))

    @property
    def mark(self) -> str:
        return PROVISIONAL_MARK if self.provisional else ""

    def __str__(self):
        return f"{self.value}{self.mark}"


@dataclass(frozen=True, slots=True)
class DayInfo:
    """How a day is shown in the calendar page and exports."""

    date: dt.date
    is_workday: bool
    kind: str  # workday | rest | holiday | makeup | local
    label: str  # 工作日 / 休息日 / 国庆节 / 调休上班（国庆节） / 本地调整：休息
    provisional: bool


@cache
def has_official_data(year: int) -> bool:
    """Whether chinese-calendar knows the year's holidays and make-up days."""
    try:
        chinese_calendar.is_workday(dt.date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


def _holiday_name(english: str | None) -> str:
    if not english:
        return ""
    try:
        return chinese_calendar.Holiday(english).chinese
    except ValueError:
        return english


@cache
def _national_year(year: int) -> bytes:
    """One byte per day of the year, 1 for a working day: the library's, or Monday–Friday.

    Shared by all calendars (it does not depend on local changes), so building a calendar per
    request or per indicator run does not ask the library about every day again.
    """
    first = dt.date(year, 1, 1)
    days = (dt.date(year + 1, 1, 1) - first).days
    official = has_official_data(year)
    out = bytearray(days)
    for i in range(days):
        d = first + dt.timedelta(days=i)
        out[i] = chinese_calendar.is_workday(d) if official else d.weekday() < 5
    return bytes(out)


class _Year:
    """Prefix sums of working days (and of provisional days, for years without data)."""

    __slots__ = ("first", "prefix", "provisional")

    def __init__(self, year: int, overrides: Mapping[dt.date, bool]):
        self.first = dt.date(year, 1, 1)
        national = _national_year(year)
        days = len(national)
        local = {(d - self.first).days: w for d, w in overrides.items() if d.year == year}
        prefix = array("H", [0]) * (days + 1)
        provisional = None if has_official_data(year) else array("H", [0]) * (days + 1)
        work = prov = 0
        for i in range(days):
            works = local.get(i)
            if works is None:  # the national arrangement: provisional when the year has no data
                works = national[i]
                prov += 1
            work += works
            prefix[i + 1] = work
            if provisional is not None:
                provisional[i + 1] = prov
        self.prefix = prefix
        self.provisional = provisional

    @property
    def total(self) -> int:
        return self.prefix[-1]


class WorkCalendar:
    """Working days with local overrides ({date: is_workday}) taking precedence over the library.

    `workdays_between(a, b)` counts working days after `a` up to and including `b`, so it is
    0 for the same day and 1 for a reply on the next working day. When `b` is before `a` it is
    the negative of `workdays_between(b, a)`; the count is thus antisymmetric and additive:
    between(a, b) + between(b, c) == between(a, c). `add_workdays(a, n)` is its inverse: the
    earliest day d with between(a, d) == n (a working day when n >= 1; `a` itself when n == 0).

    The provisional flag of an answer is set when a day it depends on — those after the start up
    to the day answered — lies in a year without official data and has no local override.
    Dates must be `datetime.date`; convert datetimes with `timezone.localdate()` first.
    """

    def __init__(self, overrides: Mapping[dt.date, bool] | None = None):
        self._overrides = dict(overrides or {})
        self._years: dict[int, _Year] = {}

    # ------------------------------------------------------------ per-day

    def _year(self, year: int) -> _Year:
        table = self._years.get(year)
        if table is None:
            table = self._years[year] = _Year(year, self._overrides)
        return table

    def _position(self, d: dt.date) -> tuple[_Year, int]:
        if not isinstance(d, dt.date) or isinstance(d, dt.datetime):
            raise TypeError(f"expected a datetime.date, got {type(d).__name__}")
        table = self._year(d.year)
        return table, (d - table.first).days

    def is_workday(self, d: dt.date) -> bool:
        table, i = self._position(d)
        return table.prefix[i + 1] != table.prefix[i]

    def is_provisional(self, d: dt.date) -> bool:
        table, i = self._position(d)
        return table.provisional is not None and table.provisional[i + 1] != table.provisional[i]

    def has_official_data(self, year: int) -> bool:
        return has_official_data(year)

    def year_days(self, year: int) -> list[tuple[bool, bool]]:
        """(is_workday, is_provisional) for each day of the year in order: whole years at once,
        for the DayNumber table, without a lookup per day."""
        table = self._year(year)
        work, prov = table.prefix, table.provisional
        if prov is None:
            return [(work[i + 1] != work[i], False) for i in range(len(work) - 1)]
        return [(work[i + 1] != work[i], prov[i + 1] != prov[i]) for i in range(len(work) - 1)]

    def describe(self, d: dt.date) -> DayInfo:
        """The day's status in words: 工作日 / 休息日 / holiday name / 调休上班 / 本地调整."""
        works = self.is_workday(d)
        provisional = self.is_provisional(d)
        if d in self._overrides:
            return DayInfo(d, works, "local", "本地调整：上班" if works else "本地调整：休息", False)
        if has_official_data(d.year):
            _, name = chinese_calendar.get_holiday_detail(d)
            name = _holiday_name(name)
            if works and d.weekday() >= 5:
                return DayInfo(d, True, "makeup", f"调休上班（{name}）" if name else "调休上班", False)
            if not works and name:
                return DayInfo(d, False, "holiday", name, False)
        return DayInfo(d, works, "workday" if works else "rest", "工作日" if works else "休息日", provisional)

    # ------------------------------------------------------------ spans

    def _through(self, base_year: int, d: dt.date) -> int:
        """Working days from 1 January of `base_year` to `d` inclusive (d.year >= base_year)."""
        table, i = self._position(d)
        return sum(self._year(y).total for y in range(base_year, d.year)) + table.prefix[i + 1]

    def _any_provisional(self, start: dt.date, end: dt.date) -> bool:
        """Whether any day after `start` up to and including `end` is provisional (start <= end)."""
        for year in range(start.year, end.year + 1):
            table = self._year(year)
            if table.provisional is None:
                continue
            lo = (start - table.first).days + 1 if year == start.year else 0
            hi = (end - table.first).days + 1 if year == end.year else len(table.provisional) - 1
            if table.provisional[hi] > table.provisional[lo]:
                return True
        return False

    def workdays_between(self, start: dt.date, end: dt.date) -> Result[int]:
        """Working days after `start` up to and including `end`; negative when `end` < `start`."""
        if end < start:
            r = self.workdays_between(end, start)
            return Result(-r.value, r.provisional)
        count = self._through(start.year, end) - self._through(start.year, start)
        return Result(count, self._any_provisional(start, end))

    def add_workdays(self, start: dt.date, n: int) -> Result[dt.date]:
        """The n-th working day after `start` (start itself not counted; n == 0 gives `start`)."""
        if n < 0:
            raise ValueError("n must be 0 or more")
        if n == 0:
            self._position(start)
            return Result(start, False)
        table, i = self._position(start)
        target = table.prefix[i + 1] + n  # count within start's year we are looking for
        year = start.year
        while table.total < target:
            target -= table.total
            year += 1
            table = self._year(year)
        day = table.first + dt.timedelta(days=bisect_left(table.prefix, target) - 1)
        return Result(day, self._any_provisional(start, day))

    def deadline_met(self, start: dt.date, done: dt.date, n: int) -> Result[bool]:
        """Whether `done` is no later than the n-th working day after `start`.

        A day off after the deadline is late (the deadline is the end of its last working day).
        Provisional only when the answer could change: when the days up to the earlier of `done`
        and the deadline include a provisional one.
        """
        deadline = self.add_workdays(start, n)
        met = done <= deadline.value
        if not met or done == deadline.value:
            return Result(met, deadline.provisional)
        return Result(True, done > start and self._any_provisional(start, done))


def load_calendar() -> WorkCalendar:
    """A calendar with the local changes from the database; build once per indicator run."""
    from zwgk.workdays.models import LocalDay

    return WorkCalendar(dict(LocalDay.objects.values_list("date", "is_workday")))
