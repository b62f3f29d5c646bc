"""Non-public documents without reason or basis; 通报 counted by level as a tiered clause's tags."""
from datetime import date

from zwgk.indicators.registry import IndicatorValue, get, year_period
from zwgk.ledgers.models import Circular, Document

Y2021 = year_period(2021)


def test_documents_nonpublic_unreasoned(town):
    def document(number, attribute, reason="", basis="", issued=date(2021, 5, 1)):
        Document.objects.create(unit=town, number=number, title=number, issued_on=issued, attribute=attribute,
                                reason=reason, basis=basis)

    document("公开", "主动公开")  # public: no reason needed
    document("有理由", "依申请公开", "涉及第三方", "条例第十五条")
    document("无依据", "不予公开", reason="涉密")
    document("无理由", "依申请公开", basis="条例第十六条")
    document("都没有", "不予公开")
    document("去年", "不予公开", issued=date(2020, 12, 31))
    # Looked at: the four non-public documents of 2021; without reason or basis: 3.
    assert get("documents_nonpublic_unreasoned").per_unit([town], Y2021)[town.pk] == IndicatorValue(3, False, 4)
    found = get("documents_nonpublic_unreasoned").records(town, Y2021)
    assert sorted(found.values_list("number", flat=True)) == sorted(["无依据", "无理由", "都没有"])


def test_circulars_by_level(town, dept):
    def circular(number, level, kind="通报", issued=date(2021, 6, 1), about_media=False):
        Circular.objects.create(unit=town, number=number, level=level, kind=kind, issued_on=issued,
                                subject="网站检查", about_media=about_media)

    circular("省1", "省政府办公厅", about_media=True)
    circular("省2", "省政府办公厅")
    circular("市1", "市政府办公室")
    circular("表彰", "省政府办公厅", kind="表彰")
    circular("去年", "国务院办公厅", issued=date(2020, 6, 1))
    indicator = get("circulars_by_level")
    assert indicator.per_unit([town, dept], Y2021) == {
        town.pk: IndicatorValue({"省政府办公厅": 2, "市政府办公室": 1}, False, 3), dept.pk: IndicatorValue({})}
    # 寻乌 item 31 counts only circulars about 政务新媒体.
    assert indicator.per_unit([town], Y2021, about_media=True)[town.pk].value == {"省政府办公厅": 1}
    # 华容 writes the tiers 国家、省、市、县.
    huarong = {"国务院办公厅": "国家", "省政府办公厅": "省", "市政府办公室": "市", "县政府办公室": "县"}
    assert indicator.per_unit([town], Y2021, tags=huarong)[town.pk].value == {"省": 2, "市": 1}
    assert indicator.per_unit([town], Y2021, kind="表彰")[town.pk].value == {"省政府办公厅": 1}
    assert sorted(indicator.records(town, Y2021).values_list("number", flat=True)) == ["市1", "省1", "省2"]
    # A level renamed to nothing is left out (a clause without a tier for it).
    circular("县1", "县政府办公室")
    assert indicator.per_unit([town], Y2021, tags={"县政府办公室": None})[town.pk] == IndicatorValue(
        {"省政府办公厅": 2, "市政府办公室": 1}, False, 3)
    assert indicator.records(town, Y2021, tags={"县政府办公室": ""}).filter(number="县1").count() == 0
