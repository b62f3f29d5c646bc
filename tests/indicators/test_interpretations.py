"""Interpretations in time and linked; the shares of diverse forms and of other channels."""
from datetime import date
from decimal import Decimal

from zwgk.indicators.registry import IndicatorValue, get, year_period
from zwgk.ledgers.models import Document, Interpretation

Y2021 = year_period(2021)
TEXT, GRAPHIC, VIDEO = "文字", "图解", "视频"


def document(unit, number, issued, policy=True, reason=""):
    return Document.objects.create(unit=unit, number=number, title=number, issued_on=issued, is_policy=policy,
                                   attribute="主动公开", no_interpretation_reason=reason)


def interpret(unit, title, published, *documents, linked=True, form=TEXT, channels=("政府网站",)):
    i = Interpretation.objects.create(unit=unit, title=title, published_on=published, linked=linked, form=form,
                                      channels=list(channels))
    i.documents.set(documents)
    return i


def test_interpretation_late(town):
    march = date(2021, 3, 1)
    d1 = document(town, "D1", march)
    interpret(town, "3 days after", date(2021, 3, 4), d1)  # 03-01 + 3 days = 03-04: in time
    d2 = document(town, "D2", march)
    interpret(town, "4 days after", date(2021, 3, 5), d2)  # late
    d3 = document(town, "D3", march)
    interpret(town, "not linked", date(2021, 3, 2), d3, linked=False)  # in time but not linked: late
    document(town, "D4", march, reason="内部管理事项，无需解读")  # excused
    document(town, "D5", march, policy=False)  # not a policy document
    d6 = document(town, "D6", date(2021, 12, 30))
    interpret(town, "across New Year", date(2022, 1, 2), d6)  # 3 calendar days: in time
    d7 = document(town, "D7", march)
    interpret(town, "D7 late but linked", date(2021, 3, 10), d7)
    interpret(town, "D7 in time, unlinked", date(2021, 3, 2), d7, linked=False)  # neither one will do: late
    d8a, d8b = document(town, "D8a", march), document(town, "D8b", date(2021, 3, 2))
    interpret(town, "one for two", date(2021, 3, 3), d8a, d8b)  # covers both in time
    document(town, "D9", date(2020, 12, 31))  # issued in 2020: another period
    d10 = document(town, "D10", march)
    interpret(town, "released with the draft", date(2021, 2, 27), d10)  # before the document: in time
    # Looked at: D1 D2 D3 D6 D7 D8a D8b D10 = 8; late: D2, D3, D7.
    assert get("interpretation_late").per_unit([town], Y2021)[town.pk] == IndicatorValue(3, False, 8)
    late = get("interpretation_late").records(town, Y2021)
    assert sorted(late.values_list("number", flat=True)) == ["D2", "D3", "D7"]
    # Allowing 4 days, D2 is in time.
    assert get("interpretation_late").per_unit([town], Y2021, days=4)[town.pk].value == 2


def test_rates(town, dept):
    day = date(2021, 6, 1)
    interpret(town, "a", day, form=TEXT, channels=["政府网站"])
    interpret(town, "b", day, form=GRAPHIC, channels=["政府网站", "微信"])
    interpret(town, "c", day, form=VIDEO, channels=[])
    interpret(town, "d", day, form=TEXT, channels=["微博"])
    interpret(town, "e", day, form=TEXT, channels=["报纸", "广播电视"])
    interpret(town, "last year", date(2020, 6, 1), form=VIDEO, channels=["微信"])
    # Forms: 图解 and 视频 of 5 → 0.4. Channels beyond 政府网站: b, d, e of 5 → 0.6.
    diverse = get("interpretation_diverse_rate").per_unit([town, dept], Y2021)
    assert diverse == {town.pk: IndicatorValue(Decimal("0.4"), False, 5), dept.pk: IndicatorValue(None)}
    channel = get("interpretation_channel_rate").per_unit([town], Y2021)
    assert channel[town.pk] == IndicatorValue(Decimal("0.6"), False, 5)
    rows = get("interpretation_channel_rate").records(town, Y2021)
    assert sorted(rows.filter(hit=True).values_list("title", flat=True)) == ["b", "d", "e"]
    assert rows.count() == 5
    rows = get("interpretation_diverse_rate").records(town, Y2021)
    assert sorted(rows.filter(hit=True).values_list("title", flat=True)) == ["b", "c"]
