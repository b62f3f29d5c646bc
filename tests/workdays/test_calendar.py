"""WorkCalendar against hand-worked dates from the State Council's holiday notices."""
from datetime import date, datetime, timedelta

import pytest

from zwgk.workdays.calendar import Result, WorkCalendar

cal = WorkCalendar()


def test_national_day_2021():
    # 2021: 10-01 (Fri) … 10-07 (Thu) off; 09-26 (Sun) and 10-09 (Sat) are make-up working days.
    # 09-30 (Thu) + 1 working day: 10-01…10-07 skipped → 10-08 (Fri).
    assert cal.add_workdays(date(2021, 9, 30), 1) == Result(date(2021, 10, 8), False)
    assert cal.is_workday(date(2021, 9, 26)) and cal.is_workday(date(2021, 10, 9))
    assert not any(cal.is_workday(date(2021, 10, d)) for d in range(1, 8))
    assert not cal.is_workday(date(2021, 10, 10))  # an ordinary Sunday
    # 09-24 (Fri) → 10-09 (Sat): 09-26, 27, 28, 29, 30 (5) + 10-08, 10-09 (2) = 7.
    assert cal.workdays_between(date(2021, 9, 24), date(2021, 10, 9)) == Result(7, False)
    assert cal.describe(date(2021, 9, 26)).label == "调休上班（国庆节）"
    assert cal.describe(date(2021, 10, 2)).label == "国庆节"
    assert cal.describe(date(2021, 10, 10)).label == "休息日"
    assert cal.describe(date(2021, 9, 30)).label == "工作日"


def test_spring_festival_2022():
    # 01-29 (Sat) and 01-30 (Sun) are make-up working days; 01-31 (Mon) … 02-06 (Sun) off.
    assert cal.is_workday(date(2022, 1, 29)) and cal.is_workday(date(2022, 1, 30))
    assert not any(cal.is_workday(date(2022, 1, 31) + timedelta(days=k)) for k in range(7))
    # 01-28 (Fri): +1 → 01-29 (Sat), +2 → 01-30 (Sun), +3 → 02-07 (Mon, first day back).
    assert cal.add_workdays(date(2022, 1, 28), 1).value == date(2022, 1, 29)
    assert cal.add_workdays(date(2022, 1, 28), 2).value == date(2022, 1, 30)
    assert cal.add_workdays(date(2022, 1, 28), 3).value == date(2022, 2, 7)
    # A message left on 01-30 answered on 02-07 was answered on the next working day.
    assert cal.workdays_between(date(2022, 1, 30), date(2022, 2, 7)) == Result(1, False)
    assert cal.describe(date(2022, 2, 1)).kind == "holiday"
    assert cal.describe(date(2022, 1, 29)).kind == "makeup"


def test_year_boundary():
    # 2021-12-30 (Thu): 12-31 (Fri) is 1; 2022-01-01…03 (Sat–Mon) New Year off; 01-04 is 2, 01-05 is 3.
    assert cal.add_workdays(date(2021, 12, 30), 3) == Result(date(2022, 1, 5), False)
    assert cal.workdays_between(date(2021, 12, 30), date(2022, 1, 5)).value == 3
    assert cal.workdays_between(date(2021, 12, 31), date(2022, 1, 4)).value == 1
    assert cal.workdays_between(date(2022, 1, 5), date(2021, 12, 30)).value == -3


def test_whole_year_2021():
    # 365 days, 1 January a Friday → 104 weekend days, 261 weekdays.
    # Weekday holidays: 元旦 1 + 春节 02-11,12,15,16,17 = 5 + 清明 04-05 = 1 + 劳动节 05-03,04,05 = 3
    #   + 端午 06-14 = 1 + 中秋 09-20,21 = 2 + 国庆 10-01,04,05,06,07 = 5 → 18; 261 − 18 = 243.
    # Make-up days: 02-07, 02-20, 04-25, 05-08, 09-18, 09-26, 10-09 → 7; 243 + 7 = 250.
    assert cal.workdays_between(date(2020, 12, 31), date(2021, 12, 31)) == Result(250, False)


def test_a_year_without_data_counts_weekends_only_and_is_provisional():
    # The library stops at 2026. 2027-01-01 is a Friday: really 元旦, but with no data it counts as work.
    assert not cal.has_official_data(2027) and cal.has_official_data(2026)
    assert cal.is_workday(date(2027, 1, 1)) and cal.is_provisional(date(2027, 1, 1))
    assert not cal.is_workday(date(2027, 1, 2)) and cal.is_provisional(date(2027, 1, 2))
    assert not cal.is_provisional(date(2026, 12, 31))
    # 2027-01-01 (Fri) + 1 → 01-04 (Mon), weekend skipped.
    assert cal.add_workdays(date(2027, 1, 1), 1) == Result(date(2027, 1, 4), True)
    assert cal.describe(date(2027, 1, 1)).provisional
    # 2026-12-30 (Wed) → 2027-01-04 (Mon): 12-31, 01-01, 01-04 = 3, provisional as it reaches 2027.
    assert cal.workdays_between(date(2026, 12, 30), date(2027, 1, 4)) == Result(3, True)
    assert cal.workdays_between(date(2026, 12, 1), date(2026, 12, 31)).provisional is False
    assert cal.add_workdays(date(2026, 12, 30), 1) == Result(date(2026, 12, 31), False)
    assert cal.add_workdays(date(2026, 12, 31), 1) == Result(date(2027, 1, 1), True)


def test_deadline_met_and_when_it_is_provisional():
    # 2026-12-15 (Tue) + 20: Dec 16–18 (3), 21–25 (8), 28–31 (12), Jan 1 (13), Jan 4–8 (18),
    # Jan 11 (19), Jan 12 (20) → the deadline 2027-01-12 rests on 2027, so it is provisional.
    start = date(2026, 12, 15)
    assert cal.add_workdays(start, 20) == Result(date(2027, 1, 12), True)
    assert cal.deadline_met(start, date(2026, 12, 20), 20) == Result(True, False)  # on time whatever 2027 brings
    assert cal.deadline_met(start, date(2027, 1, 12), 20) == Result(True, True)
    assert cal.deadline_met(start, date(2027, 1, 13), 20) == Result(False, True)
    assert cal.deadline_met(start, start, 0) == Result(True, False)
    # 2021-09-30 + 1 → 10-08; done on 10-09 (the make-up Saturday) is late, firmly.
    assert cal.deadline_met(date(2021, 9, 30), date(2021, 10, 9), 1) == Result(False, False)
    # 2022-05-12 (Thu) + 1 → 05-13 (Fri); a Saturday after the deadline is still late.
    assert cal.deadline_met(date(2022, 5, 12), date(2022, 5, 14), 1) == Result(False, False)
    assert cal.deadline_met(date(2022, 5, 12), date(2022, 5, 13), 1) == Result(True, False)
    # Published before it was formed: on time.
    assert cal.deadline_met(date(2027, 3, 1), date(2027, 2, 1), 5) == Result(True, False)


def test_local_holiday_and_local_make_up_day():
    # 2022 Labour Day: 04-30…05-04 off, 05-05 (Thu) back. A county also gives 05-05 off:
    # 05-04 + 1 → 05-06 (Fri) instead of 05-05.
    assert cal.add_workdays(date(2022, 5, 4), 1).value == date(2022, 5, 5)
    local = WorkCalendar({date(2022, 5, 5): False, date(2022, 5, 14): True})
    assert local.add_workdays(date(2022, 5, 4), 1) == Result(date(2022, 5, 6), False)
    assert local.describe(date(2022, 5, 5)).label == "本地调整：休息"
    # 05-14 is an ordinary Saturday made a local working day: 05-13 (Fri) + 1 → 05-14.
    assert local.add_workdays(date(2022, 5, 13), 1).value == date(2022, 5, 14)
    assert local.describe(date(2022, 5, 14)).label == "本地调整：上班"
    assert cal.add_workdays(date(2022, 5, 13), 1).value == date(2022, 5, 16)


def test_a_local_change_makes_its_date_firm():
    # 2027-01-01 entered locally as a day off (元旦) before the library knows 2027.
    local = WorkCalendar({date(2027, 1, 1): False})
    assert not local.is_workday(date(2027, 1, 1)) and not local.is_provisional(date(2027, 1, 1))
    assert local.workdays_between(date(2026, 12, 31), date(2027, 1, 1)) == Result(0, False)
    assert local.workdays_between(date(2026, 12, 31), date(2027, 1, 4)) == Result(1, True)


def test_between_semantics():
    fri, sat, sun, mon = date(2022, 5, 13), date(2022, 5, 14), date(2022, 5, 15), date(2022, 5, 16)
    assert cal.workdays_between(fri, fri).value == 0  # same day
    assert cal.workdays_between(fri, mon).value == 1  # reply on the next working day
    assert cal.workdays_between(fri, sat).value == 0  # a day off adds nothing
    assert cal.workdays_between(sat, sun).value == 0
    assert cal.workdays_between(sat, mon).value == 1
    assert cal.workdays_between(mon, fri).value == -1  # end before start: the negative of the reverse
    assert cal.add_workdays(sat, 0).value == sat


def test_misuse_is_refused():
    with pytest.raises(ValueError):
        cal.add_workdays(date(2022, 5, 13), -1)
    with pytest.raises(TypeError):
        cal.is_workday(datetime(2022, 5, 13, 9, 0))
    with pytest.raises(TypeError):
        bool(cal.deadline_met(date(2022, 5, 13), date(2022, 5, 13), 1))
    assert str(cal.add_workdays(date(2027, 1, 1), 1)) == "2027-01-04（暂定）"
    assert cal.add_workdays(date(2022, 1, 1), 1).mark == ""
    when, provisional = cal.add_workdays(date(2027, 1, 1), 1)
    assert (when, provisional) == (date(2027, 1, 4), True)


def test_tables_are_built_only_for_years_touched():
    c = WorkCalendar()
    c.workdays_between(date(2021, 12, 30), date(2022, 1, 5))
    assert sorted(c._years) == [2021, 2022]
