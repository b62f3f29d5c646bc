"""Done within N working days: publication (20), replies (2), gazette e-versions (5), worked by hand.

2021 facts used below: 国庆 10-01 (Fri) … 10-07 (Thu) off, 09-26 (Sun) and 10-09 (Sat) worked;
元旦 2022-01-01 (Sat) … 01-03 (Mon) off. The library has no data for 2027: weekends only, provisional.
"""
from datetime import date

import pytest

from zwgk.indicators.registry import IndicatorValue, get, year_period
from zwgk.ledgers.models import GazetteIssue, Message, Publication
from zwgk.workdays.calendar import Result, WorkCalendar
from zwgk.workdays.models import LocalDay

Y2021, Y2022, Y2027 = year_period(2021), year_period(2022), year_period(2027)


def publish(unit, formed, published, title=None):
    return Publication.objects.create(unit=unit, title=title or f"{formed}→{published}", formed_on=formed,
                                      published_on=published)


def drilled(indicator_id, unit, period, **params):
    return sorted(get(indicator_id).records(unit, period, **params).values_list("title", flat=True))


def test_publication_late_across_national_day_and_a_makeup_saturday(town):
    # Formed 2021-09-30 (Thu). Working days after it: 10-01…07 off; 10-08 (Fri) 1, 10-09 (Sat, 调休) 2,
    # 10-11…15 3–7, 10-18…22 8–12, 10-25…29 13–17, 11-01 18, 11-02 19, 11-03 (Wed) 20.
    # The deadline is 2021-11-03; without the make-up Saturday it would be 11-04.
    assert WorkCalendar().add_workdays(date(2021, 9, 30), 20).value == date(2021, 11, 3)
    publish(town, date(2021, 9, 30), date(2021, 11, 3), "on the deadline")
    publish(town, date(2021, 9, 30), date(2021, 11, 4), "a day late because 10-09 was worked")
    # Formed 2021-11-05 (Fri): 11-08…12 5, 11-15…19 10, 11-22…26 15, 11-29…12-03 20 → deadline 12-03 (Fri).
    # 12-04 is a Saturday with the same working-day count, yet after the deadline: late.
    publish(town, date(2021, 11, 5), date(2021, 12, 3), "Friday deadline met")
    publish(town, date(2021, 11, 5), date(2021, 12, 4), "the Saturday after the deadline")
    publish(town, date(2021, 9, 30), date(2022, 1, 5), "published in 2022: another period")
    result = get("publication_late").per_unit([town], Y2021)
    assert result == {town.pk: IndicatorValue(2, False, 4)}
    assert drilled("publication_late", town, Y2021) == ["a day late because 10-09 was worked",
                                                         "the Saturday after the deadline"]


def test_publication_late_across_new_year(town):
    # Formed 2021-12-20 (Mon): 12-21…24 1–4, 12-27…31 5–9, 2022-01-01…03 off (元旦), 01-04…07 10–13,
    # 01-10…14 14–18, 01-17 19, 01-18 (Tue) 20 → deadline 2022-01-18.
    publish(town, date(2021, 12, 20), date(2022, 1, 18), "on time")
    publish(town, date(2021, 12, 20), date(2022, 1, 19), "late")
    assert get("publication_late").per_unit([town], Y2022)[town.pk] == IndicatorValue(1, False, 2)
    assert drilled("publication_late", town, Y2022) == ["late"]


def test_publication_late_in_a_year_without_data_is_provisional(town, dept):
    # 2027 is unknown: weekends only. Formed 2027-03-01 (Mon): 03-02…05 1–4, 03-08…12 5–9, 03-15…19 10–14,
    # 03-22…26 15–19, 03-29 (Mon) 20 → deadline 2027-03-29, resting on provisional days.
    publish(town, date(2027, 3, 1), date(2027, 3, 29), "on time")
    publish(town, date(2027, 3, 1), date(2027, 3, 30), "late")
    # Formed 2026-12-01 (Tue), a year with data: 12-02…04 1–3, 12-07…11 4–8, 12-14…18 9–13, 12-21…25 14–18,
    # 12-28 19, 12-29 20 → deadline 2026-12-29. Published in 2027 it is late whatever 2027's holidays
    # turn out to be: the figure is firm (deadline_met only flags days up to the deadline).
    publish(dept, date(2026, 12, 1), date(2027, 2, 1), "late for sure")
    result = get("publication_late").per_unit([town, dept], Y2027)
    assert result == {town.pk: IndicatorValue(1, True, 2), dept.pk: IndicatorValue(1, False, 1)}
    cal = WorkCalendar()
    assert cal.deadline_met(date(2027, 3, 1), date(2027, 3, 30), 20) == Result(False, True)
    assert cal.deadline_met(date(2026, 12, 1), date(2027, 2, 1), 20) == Result(False, False)


def test_an_on_time_row_is_provisional_only_when_its_days_are(dept):
    # Formed 2026-12-20 (Sun), published 2027-01-05: 12-21…25 5, 12-28…31 9, 2027-01-01 (Fri, counted as
    # work for want of data) 10, 01-04 11, 01-05 12 → on time, but 2027 days were counted: provisional.
    publish(dept, date(2026, 12, 20), date(2027, 1, 5))
    assert get("publication_late").per_unit([dept], Y2027)[dept.pk] == IndicatorValue(0, True, 1)


def test_a_local_change_moves_the_deadline(town):
    # From 2021-09-30 the deadline is 11-03 (above), so publishing on 11-04 is late…
    publish(town, date(2021, 9, 30), date(2021, 11, 4))
    assert get("publication_late").per_unit([town], Y2021)[town.pk].value == 1
    # …until the county gives Monday 10-11 off: one working day fewer, the 20th is 11-04: on time.
    LocalDay.objects.create(date=date(2021, 10, 11), is_workday=False, note="县里放假一天")
    assert get("publication_late").per_unit([town], Y2021)[town.pk].value == 0


def test_message_replies(town, dept):
    def message(unit, ref, received, replied=None):
        Message.objects.create(unit=unit, channel="领导信箱", reference=ref, received_on=received, replied_on=replied)

    # Received Fri 2021-10-15, answered Mon 10-18: the next working day after the weekend (1) → on time.
    message(town, "weekend", date(2021, 10, 15), date(2021, 10, 18))
    # Answered Wed 10-20: 10-18 1, 10-19 2, 10-20 3 → more than 2 working days: late.
    message(town, "three days", date(2021, 10, 15), date(2021, 10, 20))
    # Received Thu 09-30, answered Sat 10-09 (调休): 10-08 1, 10-09 2 → on time.
    message(town, "makeup Saturday", date(2021, 9, 30), date(2021, 10, 9))
    # Not answered: received Wed 12-29, deadline Fri 12-31 within the year → late.
    message(town, "unanswered", date(2021, 12, 29))
    # Not answered: received Fri 12-31, deadline 2022-01-05 after the year → not yet late.
    message(town, "unanswered, due next year", date(2021, 12, 31))
    message(dept, "other unit, late", date(2021, 10, 15), date(2021, 10, 25))
    result = get("message_reply_late").per_unit([town, dept], Y2021)
    assert result == {town.pk: IndicatorValue(2, False, 5), dept.pk: IndicatorValue(1, False, 1)}
    late = get("message_reply_late").records(town, Y2021)
    assert sorted(late.values_list("reference", flat=True)) == ["three days", "unanswered"]
    # With 3 days allowed the Wednesday reply is in time, and the unanswered 12-29 message is due on
    # 2022-01-04 (12-30 1, 12-31 2, 01-04 3): not late within 2021 either.
    assert get("message_reply_late").per_unit([town], Y2021, days=3)[town.pk].value == 0


def test_gazette_e_versions(town):
    def issue(name, printed, online=None):
        GazetteIssue.objects.create(unit=town, issue=name, printed_on=printed, online_on=online)

    # Printed Tue 2021-09-28: 09-29 1, 09-30 2, 10-08 3, 10-09 (Sat, 调休) 4, 10-11 (Mon) 5 → deadline 10-11.
    issue("2021-9", date(2021, 9, 28), date(2021, 10, 11))
    issue("2021-9 bis", date(2021, 9, 28), date(2021, 10, 12))
    issue("2021-6", date(2021, 6, 1))  # never online; deadline 06-08 → late
    # Printed Mon 2021-12-27, not online: 12-28…31 1–4, 2022-01-04 5 → due after the year, not counted.
    issue("2021-12", date(2021, 12, 27))
    assert get("gazette_online_late").per_unit([town], Y2021)[town.pk] == IndicatorValue(2, False, 4)
    late = get("gazette_online_late").records(town, Y2021)
    assert sorted(late.values_list("issue", flat=True)) == ["2021-6", "2021-9 bis"]


def test_a_date_outside_the_table_is_not_counted_but_flagged(town):
    publish(town, date(1921, 3, 1), date(2021, 3, 1), "typed 1921 for 2021")
    assert get("publication_late").per_unit([town], Y2021)[town.pk] == IndicatorValue(0, True, 1)


def test_days_must_be_positive(town):
    with pytest.raises(ValueError):
        get("publication_late").per_unit([town], Y2021, days=0)
