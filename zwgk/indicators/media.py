"""政务新媒体: posting frequency (寻乌 item 29) and policy interpretations posted (寻乌 item 30).

media_missing_posts — "除微信服务号外，每13天…至少发布1条信息，8-10月份每周两条信息，每少1次扣0.1分".
Every account of the unit except 微信服务号 (service_account) is checked on its own and the
missing posts of its accounts are added up. The period is split into slots:

* peak weeks: each Monday–Sunday week lying wholly in the period whose Thursday falls in August,
  September or October needs 2 posts. A week belongs to the month holding most of its days (the
  ISO rule), so no stub of one to three days at 1 August or 31 October must carry two posts;
  the peak may thus begin up to three days before 1 August and end up to three days after
  31 October.
* regular windows: the rest of the period — the stretch before the peak weeks and the one after
  them (one per year) — is cut into consecutive 13-day windows from the stretch's first day,
  each needing 1 post. "每13天" reads as consecutive 13-day periods, as an assessor counts them;
  a stretch's last window shorter than 13 days needs nothing, since 13 days never passed in it.

Each post short in a slot is one missing post: a week with 0 posts is 2, with 1 post 1, and a
window with none is 1 (extra posts never make up for another slot). For a calendar year such as
2022 (1 August a Monday): windows 1 January – 27 July (16 windows; 28–31 July left over), peak
weeks 1 August – 30 October (13 weeks), windows 31 October – 21 December (4; 10 days left over):
46 posts needed at the least.

media_interpretations_short — "政务新媒体须发布5次以上政策文件解读信息，少一次扣0.1分": posts
marked as interpretations (is_interpretation, any account of the unit) in the period, and how
many short of `minimum` (以上 includes the number: 5 posts are enough).
"""
from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from django.db.models import Count

from zwgk.indicators.registry import Indicator, IndicatorValue, Period, counts, register, unit_q
from zwgk.ledgers.models import MediaAccount, MediaPost

WINDOW_DAYS, PER_WINDOW = 13, 1
PEAK_MONTHS, PER_PEAK_WEEK = (8, 9, 10), 2
ONE_DAY = dt.timedelta(days=1)


class Slot(NamedTuple):
    first: dt.date
    last: dt.date
    required: int


class Shortfall(NamedTuple):
    """A slot in which an account posted fewer than required."""

    account: MediaAccount
    slot: Slot
    posted: int


def slots(period: Period) -> list[Slot]:
    """The period's peak weeks and regular windows, in date order (see the module docstring)."""
    start, end = period
    monday = start + dt.timedelta(days=-start.weekday() % 7)
    peak = []
    while monday + 6 * ONE_DAY <= end:
        if (monday + 3 * ONE_DAY).month in PEAK_MONTHS:
            peak.append(Slot(monday, monday + 6 * ONE_DAY, PER_PEAK_WEEK))
        monday += 7 * ONE_DAY
    out, day = [], start
    for week in [*peak, None]:
        stretch_end = week.first - ONE_DAY if week else end
        while day + (WINDOW_DAYS - 1) * ONE_DAY <= stretch_end:
            out.append(Slot(day, day + (WINDOW_DAYS - 1) * ONE_DAY, PER_WINDOW))
            day += WINDOW_DAYS * ONE_DAY
        if week:
            out.append(week)
            day = week.last + ONE_DAY
    return out


def _posted(ids: list[int], period: Period) -> tuple[dict[int, int], list[Slot], dict[int, list[int]]]:
    """The accounts checked ({account: unit}), the slots, and each account's posts per slot."""
    accounts = dict(MediaAccount.objects.filter(unit_q(ids), service_account=False).values_list("id", "unit_id"))
    plan, start = slots(period), period[0]
    slot_of = [-1] * ((period[1] - start).days + 1)  # the slot of each day of the period, -1 for none
    for i, slot in enumerate(plan):
        for k in range((slot.first - start).days, (slot.last - start).days + 1):
            slot_of[k] = i
    posted = {account: [0] * len(plan) for account in accounts}
    posts = MediaPost.objects.filter(unit_q(ids, "account__unit_id"), posted_on__range=period)
    for account, day in posts.order_by().values_list("account_id", "posted_on").iterator(chunk_size=20000):
        per_slot = posted.get(account)
        if per_slot is not None and (i := slot_of[(day - start).days]) >= 0:
            per_slot[i] += 1
    return accounts, plan, posted


def _missing_compute(ids, period, params):
    accounts, plan, posted = _posted(ids, period)
    out = {u: [0, 0] for u in ids}  # missing posts, posts in slots
    for account, per_slot in posted.items():
        totals = out.get(accounts[account])
        if totals is not None:
            totals[0] += sum(max(0, s.required - n) for s, n in zip(plan, per_slot))
            totals[1] += sum(per_slot)
    return {u: IndicatorValue(missing, False, seen) for u, (missing, seen) in out.items()}


def _missing_drill(unit, period, params) -> list[Shortfall]:
    _, plan, posted = _posted([unit], period)
    names = MediaAccount.objects.in_bulk(list(posted))
    return [Shortfall(names[account], slot, n) for account in sorted(posted, key=lambda a: str(names[a]))
            for slot, n in zip(plan, posted[account]) if n < slot.required]


media_missing_posts = register(Indicator(
    "media_missing_posts", "政务新媒体少发布的条数", MediaPost, "count",
    "除微信服务号外的每个账号：8-10月（周四落在8-10月的整周）每周至少2条，其余时间自考核期初（及旺季结束后）"
    "起每满13天至少1条；每少1条计1次，各账号相加。",
    _missing_compute, _missing_drill))


def _interpretations(ids, period):
    return MediaPost.objects.filter(unit_q(ids), posted_on__range=period, is_interpretation=True)


def _short_compute(ids, period, params):
    found = _interpretations(ids, period).order_by().values("unit_id").annotate(n=Count("id"))
    rows = {u: n for u, n in found.values_list("unit_id", "n")}
    minimum = params["minimum"]
    return counts(ids, ((u, rows.get(u, 0), max(0, minimum - rows.get(u, 0)), False) for u in ids))


media_interpretations_short = register(Indicator(
    "media_interpretations_short", "政务新媒体少发布的政策解读条数", MediaPost, "count",
    "考核期内政务新媒体发布的政策文件解读信息少于N条（默认5条）时所差的条数。",
    _short_compute, lambda unit, period, params: _interpretations([unit], period), {"minimum": 5}))
