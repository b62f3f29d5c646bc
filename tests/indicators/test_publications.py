"""Months under the monthly minimum and content-list items gone stale, worked by hand."""
from datetime import date, timedelta

from zwgk.indicators.publications import MonthCount, complete_months
from zwgk.indicators.registry import IndicatorValue, get, year_period
from zwgk.ledgers.models import ContentItem, Publication

Y2021 = year_period(2021)


def publish(unit, day, n=1, item=""):
    for i in range(n):
        Publication.objects.create(unit=unit, title=f"{item}{day}#{i}", item=item, formed_on=day, published_on=day)


def test_complete_months():
    assert len(complete_months(Y2021)) == 12
    assert complete_months((date(2021, 1, 15), date(2021, 4, 10))) == [date(2021, 2, 1), date(2021, 3, 1)]
    assert complete_months((date(2021, 2, 1), date(2021, 2, 27))) == []
    assert complete_months((date(2021, 12, 1), date(2022, 1, 31))) == [date(2021, 12, 1), date(2022, 1, 1)]


def test_months_under_minimum(town, dept):
    publish(town, date(2021, 1, 31), 5)  # January: 5, enough
    publish(town, date(2021, 2, 1), 4)  # February: 4, one short
    publish(town, date(2020, 12, 31), 9)  # another year
    # 2021: January reaches 5; the other eleven months do not (February 4, the rest 0) → 11.
    result = get("months_under_minimum").per_unit([town, dept], Y2021)
    assert result == {town.pk: IndicatorValue(11, False, 9), dept.pk: IndicatorValue(12, False, 0)}
    drill = get("months_under_minimum").records(town, Y2021)
    assert drill[0] == MonthCount(date(2021, 2, 1), 4) and drill[1] == MonthCount(date(2021, 3, 1), 0)
    assert len(drill) == 11
    # With a minimum of 4, February is enough too.
    assert get("months_under_minimum").per_unit([town], Y2021, minimum=4)[town.pk].value == 10
    # 2021-01-15 … 2021-04-10: only February and March are whole months; February is short, March empty.
    assert get("months_under_minimum").per_unit([town], (date(2021, 1, 15), date(2021, 4, 10)))[town.pk].value == 2


def test_content_items_overdue(town, dept):
    # As of 2021-12-31: 两周 needs a publication on or after 12-17, 月 on or after 11-30, 季 on or after
    # 09-30, 年度 on or after 2020-12-31; 及时 only needs to have been published at some time.
    cases = {  # content: (frequency, last publication date or None, overdue?)
        "考录招聘": ("两周", date(2021, 12, 17), False),
        "乡村振兴": ("两周", date(2021, 12, 16), True),
        "财政预决算": ("月", date(2021, 11, 30), False),
        "教育": ("月", date(2021, 11, 29), True),
        "医疗卫生": ("季", date(2021, 10, 1), False),
        "公开年报": ("年度", date(2021, 1, 20), False),
        "食品安全": ("年度", date(2020, 12, 30), True),
        "权责清单": ("及时", date(2019, 5, 1), False),
        "政府会议": ("及时", None, True),
        "征地": ("月", None, True),
    }
    for content, (frequency, last, _) in cases.items():
        ContentItem.objects.create(unit=town, content=content, frequency=frequency)
        if last:
            publish(town, last - timedelta(days=40), item=content)
            publish(town, last, item=content)
    publish(dept, date(2021, 12, 20), item="征地")  # another unit's publication does not count
    publish(town, date(2022, 1, 5), item="征地")  # nor one after the period
    result = get("content_items_overdue").per_unit([town, dept], Y2021)
    assert result == {town.pk: IndicatorValue(5, False, 10), dept.pk: IndicatorValue(0, False, 0)}
    drill = get("content_items_overdue").records(town, Y2021)
    assert {i.content for i in drill} == {c for c, (_, _, overdue) in cases.items() if overdue}
    assert {i.content: i.latest for i in drill}["乡村振兴"] == date(2021, 12, 16)
