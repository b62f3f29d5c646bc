"""The 寻乌 posting rule on a hand-built year of posts, and interpretation posts short of five."""
from datetime import date, timedelta

from zwgk.indicators.media import Slot, slots
from zwgk.indicators.registry import IndicatorValue, get, year_period
from zwgk.ledgers.models import MediaAccount, MediaPost

Y2022 = year_period(2022)
D = date


def days(first, last):
    return (last - first).days + 1


def test_slots_of_2022():
    # 2022-08-01 is a Monday and 10-31 a Monday too.
    plan = slots(Y2022)
    windows = [s for s in plan if s.required == 1]
    weeks = [s for s in plan if s.required == 2]
    # Before the peak: 2022-01-01 … 07-31 is 212 days = 16 windows of 13 (01-01 … 07-27) + 4 days left over.
    assert windows[0] == Slot(D(2022, 1, 1), D(2022, 1, 13), 1)
    assert windows[15] == Slot(D(2022, 7, 15), D(2022, 7, 27), 1)
    # Peak: the 13 weeks 08-01 … 10-30 (the week of 10-31 has its Thursday, 11-03, in November).
    assert len(weeks) == 13 and weeks[0].first == D(2022, 8, 1) and weeks[-1].last == D(2022, 10, 30)
    # After: 10-31 … 12-31 is 62 days = 4 windows (10-31 … 12-21) + 10 days left over.
    assert windows[16:] == [Slot(D(2022, 10, 31), D(2022, 11, 12), 1), Slot(D(2022, 11, 13), D(2022, 11, 25), 1),
                            Slot(D(2022, 11, 26), D(2022, 12, 8), 1), Slot(D(2022, 12, 9), D(2022, 12, 21), 1)]
    assert len(windows) == 20 and sum(s.required for s in plan) == 46


def test_the_peak_follows_the_thursdays():
    # 2019-08-01 is a Thursday: the week 07-29 … 08-04 is a peak week; 10-31 is a Thursday: 10-28 … 11-03 is.
    weeks = [s for s in slots(year_period(2019)) if s.required == 2]
    assert weeks[0].first == D(2019, 7, 29) and weeks[-1].last == D(2019, 11, 3) and len(weeks) == 14
    # 2021-08-01 is a Sunday: its week (Thursday 07-29) is not a peak week; the peak starts on 08-02.
    weeks = [s for s in slots(year_period(2021)) if s.required == 2]
    assert weeks[0].first == D(2021, 8, 2) and weeks[-1].last == D(2021, 10, 31)


def post(account, *dates, interpretation=False):
    for i, day in enumerate(dates):
        MediaPost.objects.create(unit=account.unit, account=account, posted_on=day, title=f"{day}#{i}",
                                 is_interpretation=interpretation)


def test_missing_posts(town, dept):
    a = MediaAccount.objects.create(unit=town, platform="微信公众号", name="东山发布")
    idle = MediaAccount.objects.create(unit=town, platform="微博", name="东山微博")
    service = MediaAccount.objects.create(unit=town, platform="微信服务号", name="东山服务", service_account=True)
    # Windows before the peak (first days): 01-01, 01-14, 01-27, 02-09, 02-22, 03-07, 03-20, 04-02, 04-15,
    # 04-28, 05-11, 05-24, 06-06, 06-19, 07-02, 07-15. One post in each except 01-27 and 02-09 → 2 missing.
    # 07-29 falls in the 4 days left over before the peak: it helps no window.
    post(a, D(2022, 1, 1), D(2022, 1, 14), D(2022, 2, 22), D(2022, 3, 7), D(2022, 3, 20), D(2022, 4, 2),
         D(2022, 4, 15), D(2022, 4, 28), D(2022, 5, 11), D(2022, 5, 24), D(2022, 6, 6), D(2022, 6, 19),
         D(2022, 7, 2), D(2022, 7, 15), D(2022, 7, 29))
    # Peak weeks from Monday 08-01: week 1 three posts (the third makes up for nothing), week 2 one post
    # (1 missing), weeks 3–12 Monday and Tuesday, week 13 (10-24 … 10-30) none (2 missing) → 3 missing.
    post(a, D(2022, 8, 1), D(2022, 8, 2), D(2022, 8, 3), D(2022, 8, 8))
    for k in range(2, 12):
        monday = D(2022, 8, 1) + timedelta(weeks=k)
        post(a, monday, monday + timedelta(days=1))
    # After the peak: 10-31, 11-13, 11-26 cover three windows; 12-09 … 12-21 has none (1 missing);
    # 12-25 is in the 10 days left over.
    post(a, D(2022, 10, 31), D(2022, 11, 13), D(2022, 11, 26), D(2022, 12, 25), D(2021, 12, 31))
    post(service, D(2022, 3, 3))  # service accounts are not checked
    # 东山发布: 2 + 3 + 1 = 6 missing; 东山微博 posted nothing: all 46. The posts counted are those of
    # 东山发布 in slots: 14 + 4 + 20 + 3 = 41 (07-29 and 12-25 fall in no slot, 2021-12-31 is outside).
    result = get("media_missing_posts").per_unit([town, dept], Y2022)
    assert result == {town.pk: IndicatorValue(6 + 46, False, 41), dept.pk: IndicatorValue(0)}
    short = [s for s in get("media_missing_posts").records(town, Y2022) if s.account == a]
    assert [(s.slot.first, s.slot.required - s.posted) for s in short] == [
        (D(2022, 1, 27), 1), (D(2022, 2, 9), 1), (D(2022, 8, 8), 1), (D(2022, 10, 24), 2), (D(2022, 12, 9), 1)]
    assert sum(s.slot.required - s.posted for s in get("media_missing_posts").records(town, Y2022)
               if s.account == idle) == 46


def test_interpretation_posts_short_of_five(town, dept):
    a = MediaAccount.objects.create(unit=town, platform="微信公众号", name="东山发布")
    b = MediaAccount.objects.create(unit=dept, platform="微信公众号", name="财政发布")
    post(a, D(2022, 3, 1), D(2022, 5, 1), D(2022, 9, 1), interpretation=True)
    post(a, D(2021, 12, 1), interpretation=True)  # another year
    post(a, D(2022, 6, 1))  # not an interpretation
    post(b, *(D(2022, m, 1) for m in range(1, 7)), interpretation=True)
    # 东山镇 3 → 2 short of 5; 财政局 6 → none short.
    result = get("media_interpretations_short").per_unit([town, dept], Y2022)
    assert result == {town.pk: IndicatorValue(2, False, 3), dept.pk: IndicatorValue(0, False, 6)}
    assert get("media_interpretations_short").records(town, Y2022).count() == 3
