"""The DayNumber table: the working-day calendar laid out in the database for SQL indicators.

Indicators count working days for a million ledger rows at a time; asking WorkCalendar row by row
in Python is far slower than one join per date in the database. The table has one row per date of
a range of whole years (by default 2000–2035, widened when a period needs it):

* ``number``: working days from the table's first day up to and including the date, so the
  working days after a up to b are ``number(b) − number(a)`` (WorkCalendar.workdays_between).
* ``workday``: whether the date is a working day.
* ``provisional_number``: likewise a running count of provisional days (years without official
  data, less local changes), so "a day after a up to b is provisional" is
  ``provisional_number(b) > provisional_number(a)``.
* ``firm_ahead``: working days after the date and before the next provisional day, so "the n-th
  working day after a rests on a provisional day" is ``firm_ahead(a) < n`` — what
  WorkCalendar.deadline_met needs to flag a missed deadline, without looking the deadline up.

The table is derived data: `ensure_day_numbers` rebuilds it whenever what it was built from
changed — the years, the local changes (LocalDay, however they were edited) or the
chinese-calendar release (a new release adds next year's holidays) — which it checks with two
small queries by comparing a fingerprint of those inputs with the one stored in DayNumberSync.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from importlib.metadata import version

from django.db import connection, transaction

from zwgk.workdays.calendar import WorkCalendar
from zwgk.workdays.models import DayNumber, DayNumberSync, LocalDay

FIRST_YEAR, LAST_YEAR = 2000, 2035
LAYOUT = 1  # bump when the table's columns change meaning, so existing tables are rebuilt
ONE_DAY = dt.timedelta(days=1)


def _local_changes() -> dict[dt.date, bool]:
    return dict(LocalDay.objects.values_list("date", "is_workday"))


def _fingerprint(local: dict[dt.date, bool], first_year: int, last_year: int) -> str:
    changes = ",".join(f"{d:%Y%m%d}{int(w)}" for d, w in sorted(local.items()))
    source = f"{LAYOUT}|{version('chinese-calendar')}|{first_year}-{last_year}|{changes}"
    return hashlib.sha256(source.encode()).hexdigest()


def _firm_after(cal: WorkCalendar, day: dt.date) -> int:
    """Working days after `day` before the next provisional day (found beyond the library's data)."""
    count, d = 0, day + ONE_DAY
    while not cal.is_provisional(d):
        count += cal.is_workday(d)
        d += ONE_DAY
    return count


def day_rows(cal: WorkCalendar, first_year: int, last_year: int) -> list[DayNumber]:
    """The table's rows for whole years first_year … last_year under the calendar."""
    rows, flags, number, provisional = [], [], 0, 0
    for year in range(first_year, last_year + 1):
        d = dt.date(year, 1, 1)
        for works, prov in cal.year_days(year):
            number += works
            provisional += prov
            rows.append(DayNumber(date=d, number=number, workday=works, provisional_number=provisional))
            flags.append(prov)
            d += ONE_DAY
    ahead = _firm_after(cal, rows[-1].date)
    for row, prov in zip(reversed(rows), reversed(flags)):  # firm_ahead(d) from firm_ahead(d + 1)
        row.firm_ahead = ahead
        ahead = 0 if prov else ahead + row.workday
    return rows


def sync_day_numbers(first_year: int = FIRST_YEAR, last_year: int = LAST_YEAR) -> int:
    """Rebuild the table for the given years from the calendar and local changes; the row count."""
    local = _local_changes()
    rows = day_rows(WorkCalendar(local), first_year, last_year)
    with transaction.atomic():
        if connection.vendor == "postgresql":  # two rebuilds at once would insert the same dates
            connection.cursor().execute(f"LOCK TABLE {DayNumber._meta.db_table} IN SHARE ROW EXCLUSIVE MODE")
        DayNumber.objects.all().delete()
        DayNumber.objects.bulk_create(rows, batch_size=2000)
        DayNumberSync.objects.all().delete()
        DayNumberSync.objects.create(fingerprint=_fingerprint(local, first_year, last_year),
                                     first_year=first_year, last_year=last_year)
    return len(rows)


def ensure_day_numbers(first_year: int, last_year: int) -> None:
    """Make sure the table covers the years and is current; rebuild it (never narrower) if not."""
    state = DayNumberSync.objects.order_by("pk").first()
    if state and state.first_year <= first_year and last_year <= state.last_year:
        if state.fingerprint == _fingerprint(_local_changes(), state.first_year, state.last_year):
            return
    lo, hi = min(first_year, FIRST_YEAR), max(last_year, LAST_YEAR)
    if state:
        lo, hi = min(lo, state.first_year), max(hi, state.last_year)
    sync_day_numbers(lo, hi)
