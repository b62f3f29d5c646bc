"""Properties of WorkCalendar, checked against a day-by-day count."""
from datetime import date, timedelta

import chinese_calendar
from hypothesis import given, settings
from hypothesis import strategies as st

from zwgk.workdays.calendar import WorkCalendar

CAL = WorkCalendar()
any_day = st.dates(date(2020, 1, 1), date(2027, 12, 31))
overrides = st.dictionaries(st.dates(date(2021, 1, 1), date(2027, 12, 31)), st.booleans(), max_size=30)


@settings(max_examples=300, deadline=None)
@given(start=any_day, n=st.integers(0, 60))
def test_add_then_count_gives_n_back(start, n):
    result = CAL.add_workdays(start, n).value
    assert CAL.workdays_between(start, result).value == n
    if n >= 1:
        assert CAL.is_workday(result)
        # …and it is the first such day.
        assert CAL.workdays_between(start, result - timedelta(days=1)).value == n - 1


@settings(max_examples=200, deadline=None)
@given(local=overrides, start=any_day, n=st.integers(0, 60))
def test_add_then_count_with_local_changes(local, start, n):
    cal = WorkCalendar(local)
    result = cal.add_workdays(start, n)
    assert cal.workdays_between(start, result.value).value == n
    assert n == 0 or cal.is_workday(result.value)


def _slow(cal, start, end):
    """Day by day: working days in (start, end], and whether any of them is provisional."""
    count, provisional, d = 0, False, start
    while d < end:
        d += timedelta(days=1)
        count += cal.is_workday(d)
        provisional |= cal.is_provisional(d)
    return count, provisional


@settings(max_examples=150, deadline=None)
@given(local=overrides, a=any_day, span=st.integers(0, 800))
def test_between_matches_a_day_by_day_count(local, a, span):
    cal = WorkCalendar(local)
    b = min(a + timedelta(days=span), date(2027, 12, 31))
    forward = cal.workdays_between(min(a, b), max(a, b))
    assert (forward.value, forward.provisional) == _slow(cal, min(a, b), max(a, b))
    backward = cal.workdays_between(max(a, b), min(a, b))
    assert (backward.value, backward.provisional) == (-forward.value, forward.provisional)


@settings(max_examples=100, deadline=None)
@given(a=st.dates(date(2004, 1, 1), date(2026, 12, 31)), span=st.integers(0, 500))
def test_without_local_changes_it_agrees_with_chinese_calendar(a, span):
    b = min(a + timedelta(days=span), date(2026, 12, 31))
    expected = len(chinese_calendar.get_workdays(a, b)) - chinese_calendar.is_workday(a)
    assert CAL.workdays_between(a, b).value == expected
    assert CAL.workdays_between(a, b).provisional is False


@settings(max_examples=200, deadline=None)
@given(a=any_day, b=any_day, c=any_day)
def test_between_is_additive(a, b, c):
    assert (CAL.workdays_between(a, b).value + CAL.workdays_between(b, c).value
            == CAL.workdays_between(a, c).value)


@settings(max_examples=200, deadline=None)
@given(start=any_day, done=any_day, n=st.integers(0, 40))
def test_deadline_met_agrees_with_the_deadline_date(start, done, n):
    assert CAL.deadline_met(start, done, n).value == (done <= CAL.add_workdays(start, n).value)
