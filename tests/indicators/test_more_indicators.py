"""Unlinked and uninterpreted policy work, meetings held and short, opinions, generic due dates, 通报 count."""
import datetime as dt
from datetime import date

import pytest

from zwgk.indicators.registry import IndicatorValue, get, year_period
from zwgk.ledgers.models import Circular, Document, Interpretation, Meeting, Opinion, Submission

Y2021 = year_period(2021)


def test_interpretation_unlinked(town, dept):
    for i, (day, linked) in enumerate(((date(2021, 3, 1), True), (date(2021, 4, 1), False),
                                       (date(2021, 5, 1), False), (date(2020, 12, 31), False))):
        Interpretation.objects.create(unit=town, title=f"解读{i}", form="文字", published_on=day, linked=linked)
    # 2021: three interpretations looked at, two not linked; last year's does not count.
    assert get("interpretation_unlinked").per_unit([town, dept], Y2021) == {
        town.pk: IndicatorValue(2, False, 3), dept.pk: IndicatorValue(0)}
    assert sorted(get("interpretation_unlinked").records(town, Y2021).values_list("title", flat=True)) == \
        ["解读1", "解读2"]


def test_policy_uninterpreted(town):
    def document(number, issued=date(2021, 5, 1), policy=True, reason=""):
        return Document.objects.create(unit=town, number=number, title=number, issued_on=issued, attribute="主动公开",
                                       is_policy=policy, no_interpretation_reason=reason)

    late = document("晚解读")  # interpreted a year later and not linked: still interpreted
    Interpretation.objects.create(unit=town, title="迟到的解读", form="文字",
                                  published_on=date(2022, 5, 1)).documents.add(late)
    document("无解读")  # counted
    document("有理由", reason="内部管理")
    document("非政策", policy=False)
    document("去年", issued=date(2020, 12, 1))
    # Looked at: the three 2021 policy documents; neither interpreted nor reasoned: 1.
    assert get("policy_uninterpreted").per_unit([town], Y2021)[town.pk] == IndicatorValue(1, False, 3)
    assert list(get("policy_uninterpreted").records(town, Y2021).values_list("number", flat=True)) == ["无解读"]


def test_meetings_held_and_missing(town, dept):
    def meeting(topic, day, kind="会议", minutes=False, unit=town):
        Meeting.objects.create(unit=unit, kind=kind, held_on=day, topic=topic, has_minutes=minutes)

    meeting("政务公开工作专题会", date(2021, 3, 1), minutes=True)
    meeting("政务公开工作部署会", date(2021, 6, 1))
    meeting("政务公开业务培训", date(2021, 7, 1), kind="培训")
    meeting("上年的会", date(2020, 12, 1), minutes=True)
    meeting("财政局培训", date(2021, 7, 1), kind="培训", unit=dept)
    held, missing = get("meetings_held"), get("meetings_missing")
    assert held.per_unit([town, dept], Y2021) == {town.pk: IndicatorValue(2, False, 2), dept.pk: IndicatorValue(0)}
    assert held.per_unit([town], Y2021, has_minutes=True)[town.pk] == IndicatorValue(1, False, 1)
    # Trainings: one each → none short of 1; two short of a minimum of 3.
    assert missing.per_unit([town, dept], Y2021, kind="培训") == {
        town.pk: IndicatorValue(0, False, 1), dept.pk: IndicatorValue(0, False, 1)}
    assert missing.per_unit([town], Y2021, minimum=3)[town.pk] == IndicatorValue(1, False, 2)
    assert missing.per_unit([town], Y2021, topic="专题", minimum=2)[town.pk] == IndicatorValue(1, False, 1)
    assert list(missing.records(town, Y2021, topic="专题").values_list("topic", flat=True)) == ["政务公开工作专题会"]
    with pytest.raises(ValueError):
        missing.per_unit([town], Y2021, minimum=0)


def test_opinions_unanswered_and_large(town):
    def opinion(subject, found, responded=None, large=False):
        Opinion.objects.create(unit=town, found_on=found, subject=subject, responded_on=responded, large=large)

    opinion("当天回应", date(2021, 3, 1), date(2021, 3, 1))
    opinion("三天后回应", date(2021, 4, 1), date(2021, 4, 4), large=True)
    opinion("未回应", date(2021, 5, 1), large=True)
    opinion("上年", date(2020, 12, 1), large=True)
    unanswered, large = get("opinions_unanswered"), get("opinions_large")
    # Not responded at all: 1 of the three 2021 opinions.
    assert unanswered.per_unit([town], Y2021)[town.pk] == IndicatorValue(1, False, 3)
    # Within 2 calendar days: the one answered after 3 days is late too.
    assert unanswered.per_unit([town], Y2021, days=2)[town.pk] == IndicatorValue(2, False, 3)
    assert unanswered.per_unit([town], Y2021, days=3)[town.pk] == IndicatorValue(1, False, 3)
    assert unanswered.per_unit([town], Y2021, days=2, large=True)[town.pk] == IndicatorValue(2, False, 2)
    assert sorted(unanswered.records(town, Y2021, days=2).values_list("subject", flat=True)) == ["三天后回应", "未回应"]
    # Large negative opinions of 2021: 2.
    assert large.per_unit([town], Y2021)[town.pk] == IndicatorValue(2, False, 3)
    assert sorted(large.records(town, Y2021).values_list("subject", flat=True)) == ["三天后回应", "未回应"]


def test_opinions_unanswered_not_yet_due(town):
    today = dt.date.today()
    Opinion.objects.create(unit=town, found_on=today, subject="今天发现")
    period = (today - dt.timedelta(days=30), today)
    assert get("opinions_unanswered").per_unit([town], period, days=1)[town.pk] == IndicatorValue(0, False, 1)
    assert get("opinions_unanswered").per_unit([town], period)[town.pk] == IndicatorValue(1, False, 1)


def test_deadline_missed(town, dept):
    def deliver(subject, submitted, unit=town):
        Submission.objects.create(unit=unit, subject=subject, due_on=submitted, submitted_on=submitted)

    deliver("2020年政府信息公开工作年度报告", date(2021, 1, 20))  # last year's report, in January 2021
    deliver("2021年政府信息公开工作年度报告", date(2022, 2, 3), unit=dept)  # after 01-31: late
    indicator = get("deadline_missed")
    params = {"dates": ["次年1月31日"], "subject": "年度报告"}
    # From the period's start, last year's report delivered in January 2021 counts for the 2022 date …
    assert indicator.per_unit([town], Y2021, **params)[town.pk] == IndicatorValue(0, False, 1)
    # … opening the window on 次年1月1日, it does not: both units missed 2022-01-31.
    opened = {**params, "opens": "次年1月1日"}
    assert indicator.per_unit([town, dept], Y2021, **opened) == {
        town.pk: IndicatorValue(1), dept.pk: IndicatorValue(1)}
    assert indicator.records(town, Y2021, **opened) == [date(2022, 1, 31)]
    assert indicator.per_unit([town], Y2021) == {town.pk: IndicatorValue(0)}  # no dates, nothing due
    with pytest.raises(ValueError):
        indicator.per_unit([town], Y2021, dates=["9月底"], opens="10月1日")


def test_circulars_count(town, dept):
    def circular(number, level, subject="网站检查", kind="通报", issued=date(2021, 6, 1), about_media=False):
        Circular.objects.create(unit=town, number=number, level=level, kind=kind, issued_on=issued,
                                subject=subject, about_media=about_media)

    circular("省1", "省政府办公厅", subject="政务新媒体季度检查", about_media=True)
    circular("市1", "市政府办公室", subject="政府网站日常检查")
    circular("县1", "县政府办公室")
    circular("表彰", "省政府办公厅", kind="表彰")
    circular("去年", "国务院办公厅", issued=date(2020, 6, 1))
    indicator = get("circulars_count")
    assert indicator.per_unit([town, dept], Y2021) == {town.pk: IndicatorValue(3, False, 3), dept.pk: IndicatorValue(0)}
    assert indicator.per_unit([town], Y2021, about_media=True)[town.pk] == IndicatorValue(1, False, 1)
    assert indicator.per_unit([town], Y2021, subject="日常检查")[town.pk] == IndicatorValue(1, False, 1)
    assert sorted(indicator.records(town, Y2021).values_list("number", flat=True)) == ["县1", "市1", "省1"]
