"""The 主动公开 ledger over time: months under the monthly minimum, content-list items gone stale.

months_under_minimum (华容 item 8, 每月当月公开数量少于5条扣1分): the complete calendar months
of the period — a month cut by the period's start or end is left out, since it could not reach
the minimum fairly — in which the unit published (published_on) fewer than `minimum` items.
Drill-down: those months with their counts, months with none included.

content_items_overdue (华容 法定主动公开内容清单): an item of the unit's content list is overdue
when no publication of the unit with that 公开事项 (Publication.item equal to the item's content)
was published in the last stretch its frequency allows, up to the period's end: 两周 the 14 days
before it, 月 one calendar month, 季 three, 年度 one year (a month back from 31 December is
30 November). 及时 items have no interval: they are updated when something happens, and whether
that was prompt is publication_late's measure, so such an item is overdue only when it was never
published at all by the period's end.
"""
from __future__ import annotations

import calendar
import datetime as dt
from typing import NamedTuple

from django.db.models import Case, Count, DateField, Exists, Max, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import TruncMonth

from zwgk.indicators.registry import Indicator, IndicatorValue, Period, counted, register, unit_q
from zwgk.indicators.sql import fetch, queryset_sql
from zwgk.ledgers.models import ContentItem, Publication

Frequency = ContentItem.Frequency
MONTHS_BACK = {Frequency.MONTH: 1, Frequency.QUARTER: 3, Frequency.YEAR: 12}


class MonthCount(NamedTuple):
    month: dt.date  # its first day
    count: int


def complete_months(period: Period) -> list[dt.date]:
    """First days of the calendar months lying wholly inside the period."""
    start, end = period
    month = start if start.day == 1 else (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    months = []
    while True:
        last = month.replace(day=calendar.monthrange(month.year, month.month)[1])
        if last > end:
            return months
        months.append(month)
        month = last + dt.timedelta(days=1)


def _per_month(ids: list[int], months: list[dt.date]):
    last = months[-1].replace(day=calendar.monthrange(months[-1].year, months[-1].month)[1])
    return (Publication.objects.filter(unit_q(ids), published_on__range=(months[0], last))
            .annotate(month=TruncMonth("published_on")).order_by()
            .values("unit_id", "month").annotate(n=Count("id")))


def _months_compute(ids, period, params):
    months = complete_months(period)
    if not months:
        return {u: IndicatorValue(0) for u in ids}
    inner, args = queryset_sql(_per_month(ids, months))
    rows = fetch(f"SELECT unit_id, SUM(n), SUM(CASE WHEN n >= %s THEN 1 ELSE 0 END) FROM ({inner}) t "
                 "GROUP BY unit_id", [params["minimum"], *args])
    out = {u: IndicatorValue(len(months)) for u in ids}
    for unit, published, full in rows:
        if unit in out:
            out[unit] = IndicatorValue(len(months) - int(full), False, int(published))
    return out


def _months_drill(unit, period, params) -> list[MonthCount]:
    months = complete_months(period)
    found = {row["month"]: row["n"] for row in _per_month([unit], months)} if months else {}
    return [MonthCount(m, found.get(m, 0)) for m in months if found.get(m, 0) < params["minimum"]]


months_under_minimum = register(Indicator(
    "months_under_minimum", "当月公开数量不足的月数", Publication, "count",
    "考核期内各个完整的自然月中，公开信息（按公开日期）少于N条（默认5）的月数。",
    _months_compute, _months_drill, {"minimum": 5}))


def _months_before(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def with_status(items, end: dt.date):
    """Content items with `latest` (their last publication up to `end`) and `overdue` as of `end`:
    the content list page shows both, the indicator counts the overdue ones."""
    cutoff = Case(
        When(frequency=Frequency.FORTNIGHT, then=Value(end - dt.timedelta(days=14))),
        *(When(frequency=f, then=Value(_months_before(end, k))) for f, k in MONTHS_BACK.items()),
        default=Value(dt.date.min), output_field=DateField())
    mine = Publication.objects.filter(unit_id=OuterRef("unit_id"), item=OuterRef("content"), published_on__lte=end)
    latest = mine.order_by().values("unit_id").annotate(last=Max("published_on")).values("last")
    recent = mine.filter(published_on__gte=OuterRef("cutoff"))
    return items.annotate(cutoff=cutoff, latest=Subquery(latest), overdue=~Exists(recent))


def _items(ids: list[int], end: dt.date):
    return with_status(ContentItem.objects.filter(unit_q(ids)), end).filter(overdue=True)


def _items_compute(ids, period, params):
    return counted(ids, with_status(ContentItem.objects.filter(unit_q(ids)), period[1]), Q(overdue=True))


def _items_drill(unit, period, params):
    return _items([unit], period[1]).order_by("content")


content_items_overdue = register(Indicator(
    "content_items_overdue", "未按更新频率更新的公开内容", ContentItem, "count",
    "法定主动公开内容清单中，截至考核期末未按更新频率更新的事项数：两周、每月、每季度、每年更新的事项，"
    "在期末前14天、1个月、3个月、1年内没有公开事项相同的公开信息；及时更新的事项，从未公开过。",
    _items_compute, _items_drill))

