"""The DayNumber table: built from the calendar, rebuilt when what it was built from changes."""
import random
from datetime import date, timedelta

import pytest

from zwgk.workdays import daynumbers
from zwgk.workdays.calendar import WorkCalendar
from zwgk.workdays.daynumbers import day_rows, ensure_day_numbers, sync_day_numbers
from zwgk.workdays.models import DayNumber, DayNumberSync, LocalDay


def test_rows_answer_as_the_calendar_does():
    local = {date(2027, 1, 9): True, date(2026, 10, 9): False}
    cal = WorkCalendar(local)
    by_date = {row.date: row for row in day_rows(cal, 2020, 2028)}
    assert len(by_date) == 366 + 365 * 3 + 366 + 365 * 3 + 366  # 2020 … 2028, three leap years
    rng = random.Random(7)
    for _ in range(3000):
        a = date(2020, 1, 1) + timedelta(days=rng.randrange(9 * 365))
        b = min(a + timedelta(days=rng.randrange(90)), date(2028, 12, 31))
        between = cal.workdays_between(a, b)
        assert by_date[b].number - by_date[a].number == between.value
        assert (by_date[b].provisional_number > by_date[a].provisional_number) == between.provisional
        n = rng.randrange(1, 30)
        deadline = cal.add_workdays(a, n)
        if deadline.value <= date(2028, 12, 31):
            assert (by_date[a].firm_ahead < n) == deadline.provisional, (a, n)


def test_firm_ahead_stops_at_the_first_provisional_day():
    # 2026-12-31 (Thu): the next day is in 2027, without data → 0. 2026-12-30: 12-31 is worked → 1.
    # A local change makes Saturday 2027-01-09 firm; 01-08 (Fri) then has one firm working day ahead.
    rows = {row.date: row for row in day_rows(WorkCalendar({date(2027, 1, 9): True}), 2026, 2027)}
    assert rows[date(2026, 12, 31)].firm_ahead == 0
    assert rows[date(2026, 12, 30)].firm_ahead == 1
    assert rows[date(2027, 1, 8)].firm_ahead == 1
    assert rows[date(2027, 12, 31)].firm_ahead == 0


@pytest.mark.django_db
def test_sync_then_ensure_is_two_small_queries(django_assert_num_queries):
    assert sync_day_numbers(2020, 2022) == 366 + 365 + 365
    with django_assert_num_queries(2):
        ensure_day_numbers(2020, 2022)
    assert DayNumber.objects.get(date=date(2021, 10, 9)).workday  # 国庆调休 Saturday


@pytest.mark.django_db
def test_ensure_rebuilds_after_a_local_change_however_made():
    ensure_day_numbers(2021, 2021)
    before = DayNumber.objects.get(date=date(2021, 10, 11))
    LocalDay.objects.bulk_create([LocalDay(date=date(2021, 10, 11), is_workday=False, note="本地休息")])  # no signals
    ensure_day_numbers(2021, 2021)
    after = DayNumber.objects.get(date=date(2021, 10, 11))
    assert before.workday and not after.workday and after.number == before.number - 1


@pytest.mark.django_db
def test_ensure_rebuilds_for_a_new_library_release(monkeypatch):
    ensure_day_numbers(2021, 2021)
    fingerprint = DayNumberSync.objects.get().fingerprint
    monkeypatch.setattr(daynumbers, "version", lambda name: "99.0")
    ensure_day_numbers(2021, 2021)
    assert DayNumberSync.objects.get().fingerprint != fingerprint


@pytest.mark.django_db
def test_the_range_widens_and_never_narrows():
    ensure_day_numbers(2021, 2021)
    state = DayNumberSync.objects.get()
    assert (state.first_year, state.last_year) == (2000, 2035)
    ensure_day_numbers(1998, 2040)
    ensure_day_numbers(2021, 2021)
    state = DayNumberSync.objects.get()
    assert (state.first_year, state.last_year) == (1998, 2040)
    assert DayNumber.objects.order_by("date").first().date == date(1998, 1, 1)
    assert DayNumber.objects.order_by("date").last().date == date(2040, 12, 31)
