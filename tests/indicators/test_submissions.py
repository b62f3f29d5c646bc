"""Dated deliverables: ledger rows missed, and the rule's own due dates (民生实事, checks)."""
from datetime import date

import pytest

from zwgk.indicators import submissions
from zwgk.indicators.registry import IndicatorValue, get, year_period
from zwgk.ledgers.models import Submission
from zwgk.organisations.models import Unit

Y2021 = year_period(2021)
D = date


def deliver(unit, subject, due, submitted=None):
    Submission.objects.create(unit=unit, subject=subject, due_on=due, submitted_on=submitted)


def test_submissions_missed(town):
    deliver(town, "民生实事进展", D(2021, 4, 30), D(2021, 4, 28))  # in time
    deliver(town, "民生实事进展", D(2021, 7, 31), D(2021, 8, 2))  # late
    deliver(town, "民生实事进展", D(2021, 10, 31))  # never delivered
    deliver(town, "自查报告", D(2021, 6, 30), D(2021, 6, 30))  # on the day: in time
    deliver(town, "民生实事进展", D(2022, 1, 31))  # due in the next period
    assert get("submissions_missed").per_unit([town], Y2021)[town.pk] == IndicatorValue(2, False, 4)
    assert get("submissions_missed").per_unit([town], Y2021, subject="自查")[town.pk] == IndicatorValue(0, False, 1)
    missed = get("submissions_missed").records(town, Y2021)
    assert sorted(missed.values_list("due_on", flat=True)) == [D(2021, 7, 31), D(2021, 10, 31)]


def test_a_row_due_today_or_later_is_not_missed_yet(town, monkeypatch):
    monkeypatch.setattr(submissions.timezone, "localdate", lambda: D(2021, 7, 31))
    deliver(town, "民生实事进展", D(2021, 7, 31))
    deliver(town, "民生实事进展", D(2021, 7, 30))
    assert get("submissions_missed").per_unit([town], Y2021)[town.pk].value == 1


def test_livelihood_reports(town, dept):
    idle = Unit.objects.create(name="西河镇", kind=Unit.Kind.TOWNSHIP)
    # Due 2021-04-30, 07-31, 10-31 and 2022-01-31; windows 01-01…04-30, 05-01…07-31, 08-01…10-31, 11-01…01-31.
    # 东山镇: 04-28 (window 1), 08-02 (window 3: too late for 07-31, in time for 10-31), 2022-01-20 (window 4)
    # → the 07-31 report is missing: 1.
    for day in (D(2021, 4, 28), D(2021, 8, 2), D(2022, 1, 20)):
        deliver(town, "民生实事推进情况", day, day)
    deliver(town, "月度信息报送", D(2021, 6, 1), D(2021, 6, 1))  # another subject helps nothing
    # 财政局: two in window 1 and one on 2022-01-31 itself → windows 2 and 3 missing: 2.
    for day in (D(2021, 4, 10), D(2021, 4, 20), D(2022, 1, 31)):
        deliver(dept, "民生实事推进情况", day, day)
    # 西河镇 delivered nothing: 4.
    result = get("livelihood_reports_missed").per_unit([town, dept, idle], Y2021)
    assert result == {town.pk: IndicatorValue(1, False, 3), dept.pk: IndicatorValue(2, False, 3),
                      idle.pk: IndicatorValue(4)}
    assert get("livelihood_reports_missed").records(town, Y2021) == [D(2021, 7, 31)]
    assert get("livelihood_reports_missed").records(idle, Y2021) == [D(2021, 4, 30), D(2021, 7, 31),
                                                                     D(2021, 10, 31), D(2022, 1, 31)]


def test_checks_and_dates_not_yet_due(town, monkeypatch):
    # End of July, September, November: 07-31, 09-30, 11-30. Checks on 06-15 and 09-30 → November missing.
    deliver(town, "标准目录执行情况检查", D(2021, 6, 15), D(2021, 6, 15))
    deliver(town, "标准目录执行情况检查", D(2021, 9, 30), D(2021, 9, 30))
    assert get("checks_missed").per_unit([town], Y2021)[town.pk] == IndicatorValue(1, False, 2)
    assert get("checks_missed").records(town, Y2021) == [D(2021, 11, 30)]
    # On 2021-10-15 only the July and September dates have passed: nothing missed yet.
    monkeypatch.setattr(submissions.timezone, "localdate", lambda: D(2021, 10, 15))
    assert get("checks_missed").per_unit([town], Y2021)[town.pk].value == 0


def test_due_dates_are_read_like_the_scheme_files():
    assert submissions.due_dates(Y2021, ["次年1月底", "4月30日", "7月31日", "10月31日"]) == [
        D(2021, 4, 30), D(2021, 7, 31), D(2021, 10, 31), D(2022, 1, 31)]
    with pytest.raises(ValueError):
        submissions.due_dates(Y2021, ["7月底、9月底"])
