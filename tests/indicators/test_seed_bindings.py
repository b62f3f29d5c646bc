"""The five seed schemes' ledger bindings: from ledger rows written by hand to the bound item's score.

Each test builds one unit's ledger rows, starts a campaign on the seed scheme through
`create_campaign` (which copies the file's `bindings:` into the campaign), runs 从台账计算 and checks
the entry's facts and the item's score against the figures worked out in the comments. Working days
come from the holiday calendar; the dates used avoid holidays unless a comment says otherwise.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from zwgk.campaigns.computed import compute_from_ledgers
from zwgk.campaigns.models import Campaign
from zwgk.campaigns.results import unit_outcome
from zwgk.campaigns.setup import create_campaign
from zwgk.indicators.registry import REGISTRY, year_period
from zwgk.indicators.submissions import due_dates
from zwgk.ledgers.models import (
    Circular, ContentItem, Document, GazetteIssue, Interpretation, MediaAccount, MediaPost, Meeting, Message, Opinion,
    Publication, Submission,
)
from zwgk.organisations.models import Unit
from zwgk.schemefiles import builtin_path, load_scheme
from zwgk.schemes.models import Scheme

D = dt.date
SCHEMES = ["xunwu-2022", "guxian-2021", "jincheng-xzsp-2021", "huarong-2021", "jiangxian-2021"]

# Every bound (scheme, item, clause), with its indicator and the fact it fills. A binding added to or
# removed from a seed file must be added here, with a test below.
EXPECTED = {
    ("xunwu-2022", "4", 1): ("interpretation_late", "met"),
    ("xunwu-2022", "12", 2): ("interpretation_diverse_rate", "value"),
    ("xunwu-2022", "29", 1): ("media_missing_posts", "count"),
    ("xunwu-2022", "30", 1): ("media_interpretations_short", "count"),
    ("xunwu-2022", "31", 1): ("circulars_by_level", "tags"),
    ("guxian-2021", "8", 1): ("documents_nonpublic_unreasoned", "met"),
    ("guxian-2021", "17", 1): ("interpretation_diverse_rate", "value"),
    ("guxian-2021", "18", 1): ("interpretation_channel_rate", "value"),
    ("guxian-2021", "24", 1): ("gazette_online_late", "count"),
    ("guxian-2021", "29", 2): ("message_reply_late", "count"),
    ("guxian-2021", "31", 1): ("checks_missed", "count"),
    ("jincheng-xzsp-2021", "4", 1): ("checks_missed", "count"),
    ("jincheng-xzsp-2021", "17", 1): ("livelihood_reports_missed", "count"),
    ("jincheng-xzsp-2021", "18", 1): ("documents_nonpublic_unreasoned", "met"),
    ("jincheng-xzsp-2021", "27", 1): ("interpretation_diverse_rate", "value"),
    ("jincheng-xzsp-2021", "28", 1): ("interpretation_channel_rate", "value"),
    ("huarong-2021", "6", 1): ("documents_nonpublic_unreasoned", "count"),
    ("huarong-2021", "8", 2): ("months_under_minimum", "count"),
    ("huarong-2021", "9", 1): ("content_items_overdue", "count"),
    ("huarong-2021", "12", 1): ("message_reply_late", "count"),
    ("xunwu-2022", "12", 1): ("interpretation_unlinked", "met"),
    ("xunwu-2022", "15", 1): ("opinions_large", "met"),
    ("xunwu-2022", "35", 1): ("meetings_missing", "met"),
    ("guxian-2021", "14", 1): ("policy_uninterpreted", "count"),
    ("jincheng-xzsp-2021", "3", 1): ("deadline_missed", "met"),
    ("jincheng-xzsp-2021", "10", 1): ("deadline_missed", "met"),
    ("jincheng-xzsp-2021", "26", 1): ("policy_uninterpreted", "count"),
    ("jincheng-xzsp-2021", "39", 1): ("circulars_count", "count"),
    ("huarong-2021", "17", 3): ("deadline_missed", "met"),
}

MEDIA_GROUP = ("线上线下专区建设", "政务新媒体")


def file_bindings():
    """(scheme, item, clause) → (binding as written, the item's clauses) for every binding in the files."""
    out = {}
    for scheme_id in SCHEMES:
        loaded = load_scheme(str(builtin_path(scheme_id)))
        for raw in loaded.data["items"]:
            item = loaded.scheme.item(str(raw["id"]))
            for b in raw.get("bindings") or ():
                out[(scheme_id, item.id, b["clause"])] = (b, item.rule.clauses)
    return out


# ---- the files -------------------------------------------------------------------------------------

def test_the_bound_clauses_are_exactly_the_expected_ones():
    assert set(file_bindings()) == set(EXPECTED)


@pytest.mark.django_db
@pytest.mark.parametrize("key", sorted(EXPECTED), ids=lambda k: f"{k[0]}#{k[1]}.{k[2]}")
def test_each_binding_names_a_registered_indicator_with_parameters_it_accepts(key):
    binding, clauses = file_bindings()[key]
    indicator = REGISTRY[binding["indicator"]]
    assert binding["indicator"] == EXPECTED[key][0]
    assert binding["clause"] in {c.n for c in clauses}
    params = binding.get("params") or {}
    indicator.resolve(params)  # names and types
    # A dry run on a unit without ledgers, as the bindings page does: values only the computation checks
    # (days 0, a due date phrase it cannot read) fail here rather than on 从台账计算.
    unit = Unit.objects.create(name="空台账单位", kind=Unit.Kind.DEPARTMENT)
    assert set(indicator.per_unit([unit], year_period(2021), **params)) == {unit.pk}
    if "dates" in params:
        assert len(due_dates(year_period(2021), params["dates"])) == len(params["dates"])


def test_a_campaign_takes_the_files_bindings_with_the_facts_they_fill(county):
    units = [county.town, county.finance]
    for scheme_id in SCHEMES[1:4]:
        create_campaign(county.office, Scheme.objects.get(scheme_id=scheme_id), scheme_id, 2021, units)
    made = {}
    for campaign in Campaign.objects.all():
        for b in campaign.bindings.all():
            made[(campaign.scheme.scheme_id, b.item_id, b.clause)] = (b.indicator, b.fact)
    assert made == EXPECTED  # 绛县 is a task plan without clauses: nothing to bind


# ---- helpers ---------------------------------------------------------------------------------------

def campaign_on(county, scheme_id: str, year: int, units) -> Campaign:
    return create_campaign(county.office, Scheme.objects.get(scheme_id=scheme_id), f"{scheme_id} 台账计算", year,
                           units)


def computed(county, campaign: Campaign, unit, item_id: str, evidence: bool = False, facts: dict | None = None):
    """Run 从台账计算 and return the unit's entry for the item, read again.

    Computed facts are not a person's check: they count in the score only when the campaign
    counts unchecked items by their facts (the engine's defaults), which these tests choose."""
    if campaign.unchecked_rule != Campaign.Unchecked.DEFAULTS:
        campaign.unchecked_rule, campaign.unchecked_reason = Campaign.Unchecked.DEFAULTS, "台账计算的测试"
        campaign.save(update_fields=["unchecked_rule", "unchecked_reason"])
    entry = campaign.entries.get(unit=unit, item_id=item_id)
    if evidence:
        entry.evidence.create(url="http://www.example.gov.cn/zwgk", name="网页截图")
    if facts:
        entry.facts = facts
        entry.save(update_fields=["facts"])
    compute_from_ledgers(county.office, campaign)
    entry.refresh_from_db()
    return entry


def document(unit, number, issued, attribute="主动公开", reason="", basis="", policy=False, no_reading=""):
    return Document.objects.create(unit=unit, number=number, title=f"文件{number}", issued_on=issued,
                                   attribute=attribute, reason=reason, basis=basis, is_policy=policy,
                                   no_interpretation_reason=no_reading)


def interpretations(unit, year, forms_and_channels):
    for i, (form, channels) in enumerate(forms_and_channels):
        Interpretation.objects.create(unit=unit, title=f"解读{i}", form=form, channels=channels,
                                      published_on=D(year, 3, 1) + dt.timedelta(days=i))


# ---- 寻乌 2022 ---------------------------------------------------------------------------------------

def test_xunwu_4_policy_documents_interpreted_within_three_days_and_linked(county):
    t, o = county.town, county.other_town
    # 东山镇: four policy documents.
    a = document(t, "东政发〔2022〕1号", D(2022, 3, 1), policy=True)
    b = document(t, "东政发〔2022〕2号", D(2022, 4, 1), policy=True)
    c = document(t, "东政发〔2022〕3号", D(2022, 5, 1), policy=True)
    document(t, "东政发〔2022〕4号", D(2022, 6, 1), policy=True, no_reading="内部管理事项，不作解读")
    document(t, "东政发〔2022〕5号", D(2022, 7, 1))  # not a policy document
    for doc, published, linked in ((a, D(2022, 3, 4), True),   # 3 days after: in time
                                   (b, D(2022, 4, 5), True),   # 4 days after: late
                                   (c, D(2022, 5, 2), False)):  # in time but not linked to the document
        reading = Interpretation.objects.create(unit=t, title=f"解读{doc.number}", form="图解",
                                                published_on=published, linked=linked)
        reading.documents.add(doc)
    # → 2 documents (二号、三号) without a timely linked interpretation: not met, the manual clause gives 0.
    # 西河镇: one policy document interpreted the same day and linked → met: the clause's full 1 point.
    d = document(o, "西政发〔2022〕1号", D(2022, 3, 1), policy=True)
    Interpretation.objects.create(unit=o, title="西河解读", form="文字", published_on=D(2022, 3, 1),
                                  linked=True).documents.add(d)
    county.entry(o, "4").evidence.create(url="http://www.example.gov.cn/x", name="截图")
    entry = computed(county, county.campaign, t, "4", evidence=True)
    assert entry.facts == {"1": {"met": False}} and entry.computed["1"]["value"] == 2
    assert entry.score == Decimal("0")
    other = county.entry(o, "4")
    assert other.facts == {"1": {"met": True}} and other.score == Decimal("1")


def test_xunwu_12_share_of_interpretations_not_in_plain_text(county):
    # 10 interpretations in 2022, 6 not 文字 → 0.6 < 70%: clause 2 (1 point) is not earned.
    # All 10 are linked to their documents: clause 1 (相互链接 1分) is met. Item 12 = 1 + 0 = 1 of 2.
    interpretations(county.town, 2022, [("图解", [])] * 3 + [("视频", [])] * 2 + [("新闻发布会", [])]
                    + [("文字", [])] * 4)
    Interpretation.objects.filter(unit=county.town).update(linked=True)
    Interpretation.objects.create(unit=county.town, title="上年的解读", form="文字", published_on=D(2021, 12, 31))
    entry = computed(county, county.campaign, county.town, "12", evidence=True)
    assert entry.facts == {"1": {"met": True}, "2": {"value": "0.6"}}
    assert entry.score == Decimal("1")


def test_xunwu_12_interpretations_not_linked_to_their_documents(county):
    # 2022: a linked 图解 and an unlinked 视频 → 1 unlinked: clause 1 not met (0); both not 文字 → 100% ≥ 70%:
    # clause 2's 1 point. Item 12 = 0 + 1 = 1. Last year's unlinked interpretation does not count.
    t = county.town
    Interpretation.objects.create(unit=t, title="图解", form="图解", published_on=D(2022, 3, 1), linked=True)
    Interpretation.objects.create(unit=t, title="视频", form="视频", published_on=D(2022, 4, 1))
    Interpretation.objects.create(unit=t, title="上年", form="图解", published_on=D(2021, 12, 31))
    entry = computed(county, county.campaign, t, "12", evidence=True)
    assert entry.facts == {"1": {"met": False}, "2": {"value": "1"}} and entry.computed["1"]["value"] == 1
    assert entry.score == Decimal("1")


def test_xunwu_15_no_large_negative_opinion(county):
    t, o = county.town, county.other_town
    Opinion.objects.create(unit=t, found_on=D(2022, 5, 1), subject="征地补偿", responded_on=D(2022, 5, 2), large=True)
    Opinion.objects.create(unit=o, found_on=D(2022, 6, 1), subject="道路维修", responded_on=D(2022, 6, 1))
    Opinion.objects.create(unit=o, found_on=D(2021, 12, 1), subject="上年舆情", large=True)
    county.entry(o, "15").evidence.create(url="http://www.example.gov.cn/o", name="截图")
    # 东山镇: one large negative opinion in 2022 → not met → 0 of 2. 西河镇: none in 2022 → met → 2.
    entry = computed(county, county.campaign, t, "15", evidence=True)
    assert entry.facts == {"1": {"met": False}} and entry.score == Decimal("0")
    other = county.entry(o, "15")
    assert other.facts == {"1": {"met": True}} and other.score == Decimal("2")


def test_xunwu_35_a_training_on_transparency_work(county):
    t, o = county.town, county.other_town
    Meeting.objects.create(unit=t, kind="培训", held_on=D(2022, 7, 1), topic="政务公开业务培训")
    Meeting.objects.create(unit=o, kind="会议", held_on=D(2022, 7, 1), topic="政务公开工作会")  # not a training
    Meeting.objects.create(unit=o, kind="培训", held_on=D(2021, 11, 1), topic="上年培训")
    county.entry(o, "35").evidence.create(url="http://www.example.gov.cn/t", name="培训通知")
    # 东山镇: one training in 2022 → none short of 1 → met → 2. 西河镇: no training in 2022 → 0.
    entry = computed(county, county.campaign, t, "35", evidence=True)
    assert entry.facts == {"1": {"met": True}} and entry.score == Decimal("2")
    other = county.entry(o, "35")
    assert other.facts == {"1": {"met": False}} and other.score == Decimal("0")


def post(account, day, interpretation=False):
    MediaPost.objects.create(unit=account.unit, account=account, posted_on=day, title=f"{account.name}{day}",
                             is_interpretation=interpretation)


def test_xunwu_29_to_31_new_media_posts_interpretations_and_circulars_in_the_pool(county):
    t, o = county.town, county.other_town
    account = MediaAccount.objects.create(unit=t, platform="微信公众号", name="东山发布")
    MediaAccount.objects.create(unit=t, platform="微信服务号", name="东山服务", service_account=True)  # never counted
    # 2022 (1 August a Monday): 13-day windows from 01-01 (16 of them, to 07-27), peak weeks 08-01 … 10-30
    # (13, two posts each), 13-day windows from 10-31 (4, to 12-21): 46 posts needed.
    windows = [D(2022, 1, 1) + dt.timedelta(days=13 * k) for k in range(16)]
    windows += [D(2022, 10, 31) + dt.timedelta(days=13 * k) for k in range(4)]
    interpreted = {D(2022, 3, 7), D(2022, 6, 6), D(2022, 11, 13)}
    for k, first in enumerate(windows):
        if k != 2:  # the window 01-27 … 02-08 gets no post: 1 missing
            post(account, first, first in interpreted)
    for w in range(13):
        monday = D(2022, 8, 1) + dt.timedelta(days=7 * w)
        post(account, monday)
        if w != 12:  # the week 10-24 … 10-30 gets one post of two: 1 missing
            post(account, monday + dt.timedelta(days=1))
    # Item 29: 2 missing × 0.1 = 0.2. Item 30: 3 interpretation posts, 2 short of 5 × 0.1 = 0.2.
    # Item 31: one 省政府办公厅 circular about new media (2 points); a 市 circular not about new media, last
    # year's circular and a commendation do not count.
    Circular.objects.create(unit=t, kind="通报", level="省政府办公厅", number="赣府厅字〔2022〕1号",
                            issued_on=D(2022, 5, 10), subject="政务新媒体检查", about_media=True)
    Circular.objects.create(unit=t, kind="通报", level="市政府办公室", number="赣市府办字〔2022〕2号",
                            issued_on=D(2022, 6, 10), subject="网站检查", about_media=False)
    Circular.objects.create(unit=t, kind="通报", level="省政府办公厅", number="赣府厅字〔2021〕9号",
                            issued_on=D(2021, 12, 20), subject="政务新媒体检查", about_media=True)
    Circular.objects.create(unit=t, kind="表彰", level="国务院办公厅", number="国办函〔2022〕3号",
                            issued_on=D(2022, 9, 1), subject="优秀政务新媒体", about_media=True)
    # 西河镇: no account (nothing missing), no interpretation post (5 short: 0.5), one 国务院办公厅 circular
    # about new media (3 points).
    Circular.objects.create(unit=o, kind="通报", level="国务院办公厅", number="国办函〔2022〕7号",
                            issued_on=D(2022, 7, 1), subject="政务新媒体抽查", about_media=True)
    for unit in (t, o):
        for item in ("29", "30", "31"):
            county.entry(unit, item).evidence.create(url="http://www.example.gov.cn/m", name="截图")
    computed(county, county.campaign, t, "29")
    assert county.entry(t, "29").facts == {"1": {"count": 2}}
    assert county.entry(t, "30").facts == {"1": {"count": 2}}
    assert county.entry(t, "31").facts == {"1": {"count": {"省政府办公厅": 1}}}
    assert county.entry(o, "29").facts == {"1": {"count": 0}}
    assert county.entry(o, "30").facts == {"1": {"count": 5}}
    assert county.entry(o, "31").facts == {"1": {"count": {"国务院办公厅": 1}}}
    # The group 政务新媒体 (5 points) less the deductions: 东山镇 5 − 0.2 − 0.2 − 2 = 2.6;
    # 西河镇 5 − 0 − 0.5 − 3 = 1.5.
    for unit, pool in ((t, Decimal("2.6")), (o, Decimal("1.5"))):
        result = unit_outcome(county.campaign, county.campaign.participants.get(unit=unit)).result
        assert {g.path: g.score for g in result.groups}[MEDIA_GROUP] == pool


# ---- the 通用 indicators over several seeds -----------------------------------------------------------

@pytest.mark.parametrize("scheme_id,item,facts,score", [
    # 古县 8 and 晋城 18 (一次扣1分, 1 point): one unreasoned document → not met → 1 − 1 = 0.
    ("guxian-2021", "8", {"1": {"met": False}}, Decimal("0")),
    ("jincheng-xzsp-2021", "18", {"1": {"met": False}}, Decimal("0")),
    # 华容 6 (每次扣1分, 8 points): 8 − 1 = 7.
    ("huarong-2021", "6", {"1": {"count": 1}}, Decimal("7")),
])
def test_documents_not_public_without_reason_or_basis(county, scheme_id, item, facts, score):
    t, f = county.town, county.finance
    document(t, "东政发〔2021〕1号", D(2021, 3, 1), "依申请公开", reason="涉及第三方", basis="条例第十五条")  # complete
    document(t, "东政发〔2021〕2号", D(2021, 4, 1), "不予公开", reason="内部事务信息")  # no basis: counted
    document(t, "东政发〔2021〕3号", D(2021, 5, 1))  # 主动公开 needs no reason
    document(t, "东政发〔2020〕9号", D(2020, 12, 20), "依申请公开")  # last year's
    document(f, "财政发〔2021〕1号", D(2021, 3, 1), "不予公开", reason="国家秘密", basis="保密法")  # complete
    campaign = campaign_on(county, scheme_id, 2021, [t, f])
    entry = computed(county, campaign, t, item)
    assert entry.facts == facts and entry.score == score
    reasoned = campaign.entries.get(unit=f, item_id=item)
    assert reasoned.facts == ({"1": {"met": True}} if "met" in facts["1"] else {"1": {"count": 0}})
    assert reasoned.score == Decimal(1 if scheme_id != "huarong-2021" else 8)


@pytest.mark.parametrize("scheme_id,item", [("guxian-2021", "17"), ("jincheng-xzsp-2021", "27")])
def test_diverse_interpretations_at_least_90_percent(county, scheme_id, item):
    # 20 interpretations in 2021, 17 not 文字 → 0.85: 5 points short of 90%, 2 whole steps of two points
    # × 0.5 = 1 off the item's 2 points → 1.
    interpretations(county.town, 2021, [("图解", ["政府网站"])] * 10 + [("视频", ["政府网站"])] * 5
                    + [("在线访谈", ["政府网站"])] * 2 + [("文字", ["政府网站"])] * 3)
    campaign = campaign_on(county, scheme_id, 2021, [county.town])
    entry = computed(county, campaign, county.town, item)
    assert entry.facts == {"1": {"value": "0.85"}} and entry.score == Decimal("1")


@pytest.mark.parametrize("scheme_id,item", [("guxian-2021", "18"), ("jincheng-xzsp-2021", "28")])
def test_interpretations_beyond_the_government_website_at_least_half(county, scheme_id, item):
    # 25 interpretations in 2021; 12 on a channel other than 政府网站 (8 also on the website) → 0.48:
    # 2 points short of 50%, 2 steps of one point × 0.5 = 1 off the item's 2 points → 1.
    interpretations(county.town, 2021, [("文字", ["政府网站", "微信公众号"])] * 8 + [("视频", ["今日头条"])] * 4
                    + [("文字", ["政府网站"])] * 10 + [("图解", [])] * 3)
    campaign = campaign_on(county, scheme_id, 2021, [county.town])
    entry = computed(county, campaign, county.town, item)
    assert entry.facts == {"1": {"value": "0.48"}} and entry.score == Decimal("1")


def test_a_unit_without_interpretations_has_no_rate_and_loses_nothing(county):
    campaign = campaign_on(county, "guxian-2021", 2021, [county.town])
    entry = computed(county, campaign, county.town, "17")
    assert entry.facts == {} and entry.computed["1"]["value"] is None and entry.score == Decimal("2")


@pytest.mark.parametrize("scheme_id,item,clause,score", [
    ("guxian-2021", "29", "2", Decimal("0")),  # 2 points, 1 per late message: 2 − 2 = 0
    ("huarong-2021", "12", "1", Decimal("3")),  # 5 points, 1 per late reply: 5 − 2 = 3
])
def test_messages_answered_later_than_two_working_days(county, scheme_id, item, clause, score):
    t = county.town

    def message(ref, received, replied=None):
        Message.objects.create(unit=t, channel="留言板", reference=ref, received_on=received, replied_on=replied)

    message("1", D(2021, 3, 1), D(2021, 3, 3))  # Mon → deadline Wed 03-03: on time
    message("2", D(2021, 3, 1), D(2021, 3, 4))  # a day late
    message("3", D(2021, 3, 5), D(2021, 3, 9))  # Fri → Mon 03-08, Tue 03-09: on time
    message("4", D(2021, 3, 10))  # never answered, deadline 03-12 long past: late
    message("5", D(2021, 12, 30))  # never answered, but 12-31 then 2022-01-04 (元旦 01-01…03): not due yet
    message("6", D(2020, 12, 1))  # last year's
    campaign = campaign_on(county, scheme_id, 2021, [t])
    entry = computed(county, campaign, t, item)
    assert entry.facts == {clause: {"count": 2}} and entry.score == score


@pytest.mark.parametrize("scheme_id,item,score", [
    ("guxian-2021", "14", Decimal("-0.5")),  # 5 × 0.5 = 2.5 within the cap of 3: 2 − 2.5 = −0.5
    ("jincheng-xzsp-2021", "26", Decimal("0")),  # 2.5 capped at 2: 2 − 2 = 0
])
def test_policy_documents_neither_interpreted_nor_reasoned(county, scheme_id, item, score):
    t, f = county.town, county.finance
    for i in range(1, 6):
        document(t, f"东政发〔2021〕{i}号", D(2021, i, 10), policy=True)  # five without interpretation or reason
    late = document(t, "东政发〔2021〕6号", D(2021, 6, 10), policy=True)
    Interpretation.objects.create(unit=t, title="迟到的解读", form="文字",
                                  published_on=D(2021, 8, 1)).documents.add(late)  # late, unlinked: interpreted
    document(t, "东政发〔2021〕7号", D(2021, 7, 10), policy=True, no_reading="内部管理事项")
    document(t, "东政发〔2021〕8号", D(2021, 8, 10))  # not a policy document
    document(t, "东政发〔2020〕9号", D(2020, 12, 10), policy=True)  # last year's
    document(f, "财政发〔2021〕1号", D(2021, 3, 1), policy=True, no_reading="内部管理事项")
    campaign = campaign_on(county, scheme_id, 2021, [t, f])
    entry = computed(county, campaign, t, item)
    assert entry.facts == {"1": {"count": 5}} and entry.score == score
    reasoned = campaign.entries.get(unit=f, item_id=item)
    assert reasoned.facts == {"1": {"count": 0}} and reasoned.score == Decimal("2")


# ---- 古县 2021 ---------------------------------------------------------------------------------------

def test_guxian_24_gazette_e_version_within_five_working_days(county):
    f = county.finance  # 考核对象: 县直单位

    def issue(n, printed, online=None):
        GazetteIssue.objects.create(unit=f, issue=f"2021年第{n}期", printed_on=printed, online_on=online)

    issue(1, D(2021, 3, 1), D(2021, 3, 8))  # Mon; 03-02 … 03-05, 03-08 is the 5th working day: on time
    issue(2, D(2021, 6, 1), D(2021, 6, 9))  # Tue; 06-02 … 06-04, 06-07, 06-08 is the 5th: a day late
    issue(3, D(2021, 9, 1))  # Wed; never online, deadline 09-08 past: late
    issue(4, D(2021, 12, 28))  # deadline 2022-01-05 (元旦 01-01 … 03 off): not due within the year
    campaign = campaign_on(county, "guxian-2021", 2021, [f])
    entry = computed(county, campaign, f, "24")
    # 2 issues × 0.5 = 1 off 2 points.
    assert entry.facts == {"1": {"count": 2}} and entry.score == Decimal("1")


def test_guxian_31_a_check_and_circular_every_quarter(county):
    f = county.finance

    def deliver(subject, due, submitted):
        Submission.objects.create(unit=f, subject=subject, due_on=due, submitted_on=submitted)

    deliver("一季度政府网站和政务新媒体检查通报", D(2021, 3, 31), D(2021, 3, 25))  # Q1
    deliver("二季度政府网站和政务新媒体检查通报", D(2021, 6, 30), D(2021, 7, 5))  # late for Q2, counts for Q3
    deliver("四季度政府网站和政务新媒体检查通报", D(2021, 12, 31), D(2021, 12, 20))  # Q4
    deliver("民生实事推进情况", D(2021, 6, 30), D(2021, 5, 1))  # not a check
    # Windows 01-01…03-31, 04-01…06-30, 07-01…09-30, 10-01…12-31: only the second is empty → 1 × 0.5 off 1.
    campaign = campaign_on(county, "guxian-2021", 2021, [f])
    entry = computed(county, campaign, f, "31")
    assert entry.facts == {"1": {"count": 1}} and entry.score == Decimal("0.5")


# ---- 晋城市行政审批局 2021 ----------------------------------------------------------------------------

def test_jincheng_4_checks_by_the_end_of_july_september_and_november(county):
    t = county.town
    for day in (D(2021, 6, 15), D(2021, 10, 20)):
        Submission.objects.create(unit=t, subject="标准目录县级执行情况检查", due_on=day, submitted_on=day)
    # Windows 01-01…07-31 (06-15), 08-01…09-30 (none), 10-01…11-30 (10-20): 1 missed × 1 off 3 points → 2.
    campaign = campaign_on(county, "jincheng-xzsp-2021", 2021, [t])
    entry = computed(county, campaign, t, "4")
    assert entry.facts == {"1": {"count": 1}} and entry.score == Decimal("2")


def test_jincheng_17_livelihood_reports_four_times_a_year(county):
    t = county.town
    for quarter, due, day in ((1, D(2021, 4, 30), D(2021, 4, 28)), (2, D(2021, 7, 31), D(2021, 7, 30)),
                              (4, D(2022, 1, 31), D(2022, 1, 20))):
        Submission.objects.create(unit=t, subject=f"民生实事推进情况（第{quarter}次）", due_on=due, submitted_on=day)
    # Windows 01-01…04-30, 05-01…07-31, 08-01…10-31 (none), 11-01…2022-01-31 (次年1月底): 1 missed × 0.5
    # off 1 point → 0.5.
    campaign = campaign_on(county, "jincheng-xzsp-2021", 2021, [t])
    entry = computed(county, campaign, t, "17")
    assert entry.facts == {"1": {"count": 1}} and entry.score == Decimal("0.5")


@pytest.mark.parametrize("item,subject,on_time,late", [
    # 3: 年底前提交推进情况报告，未提交的扣2分 (2 points).
    ("3", "试点领域政务公开标准目录推进情况报告", D(2021, 12, 20), D(2022, 1, 5)),
    # 10: 9月底前完成人大建议、政协提案办理结果公示, 未完成的扣2分 (2 points).
    ("10", "人大建议、政协提案办理结果公示", D(2021, 9, 28), D(2021, 10, 8)),
])
def test_jincheng_single_due_dates(county, item, subject, on_time, late):
    t, f = county.town, county.finance
    Submission.objects.create(unit=t, subject=subject, due_on=on_time, submitted_on=on_time)
    Submission.objects.create(unit=f, subject=subject, due_on=on_time, submitted_on=late)
    Submission.objects.create(unit=f, subject="民生实事推进情况", due_on=on_time, submitted_on=on_time)  # another subject
    campaign = campaign_on(county, "jincheng-xzsp-2021", 2021, [t, f])
    # 东山镇 delivered by the date: met, 2. 县财政局 delivered after it: not met, 2 − 2 = 0.
    entry = computed(county, campaign, t, item)
    assert entry.facts == {"1": {"met": True}} and entry.score == Decimal("2")
    missed = campaign.entries.get(unit=f, item_id=item)
    assert missed.facts == {"1": {"met": False}} and missed.score == Decimal("0")


def test_jincheng_39_circulars_from_checks(county):
    t = county.town
    for number, level, day, kind in (("晋政办〔2021〕1号", "省政府办公厅", D(2021, 4, 1), "通报"),
                                     ("晋市办〔2021〕2号", "市政府办公室", D(2021, 7, 1), "通报"),
                                     ("国办〔2021〕3号", "国务院办公厅", D(2021, 10, 1), "通报"),
                                     ("晋市办〔2021〕4号", "市政府办公室", D(2021, 11, 1), "表彰"),
                                     ("晋市办〔2020〕5号", "市政府办公室", D(2020, 11, 1), "通报")):
        Circular.objects.create(unit=t, kind=kind, level=level, number=number, issued_on=day, subject="季度检查")
    # Three 通报 in 2021 (the commendation and last year's do not count): 3 × 0.5 off an item of 0 points → −1.5.
    campaign = campaign_on(county, "jincheng-xzsp-2021", 2021, [t])
    entry = computed(county, campaign, t, "39")
    assert entry.facts == {"1": {"count": 3}} and entry.score == Decimal("-1.5")


# ---- 华容 2021 ---------------------------------------------------------------------------------------

def test_huarong_8_months_with_fewer_than_five_publications(county):
    t = county.town
    per_month = {m: 5 for m in range(1, 13)} | {2: 4, 7: 0}
    Publication.objects.bulk_create([
        Publication(unit=t, title=f"{m}月第{i}条", formed_on=D(2021, m, 1), published_on=D(2021, m, 1 + i))
        for m, n in per_month.items() for i in range(n)])
    Publication.objects.create(unit=t, title="上年", formed_on=D(2020, 12, 1), published_on=D(2020, 12, 31))
    # February (4) and July (0) are under 5: 2 × 1 off 10 points → 8 (clause 1, 台账不规范, has no facts).
    campaign = campaign_on(county, "huarong-2021", 2021, [t])
    entry = computed(county, campaign, t, "8")
    assert entry.facts == {"2": {"count": 2}} and entry.score == Decimal("8")


def test_huarong_9_content_list_items_not_updated_as_often_as_listed(county):
    t = county.town
    listed = {"考录招聘": "两周", "乡村振兴": "两周", "公开年报": "年度", "污染防治": "月", "征地": "及时",
              "政府会议": "及时"}
    for content, frequency in listed.items():
        ContentItem.objects.create(unit=t, category="重点领域", content=content, frequency=frequency)
    for content, day in (("考录招聘", D(2021, 12, 20)),  # within the 14 days before 12-31 (from 12-17)
                         ("乡村振兴", D(2021, 12, 10)),  # before 12-17: overdue
                         ("公开年报", D(2021, 1, 20)),  # within the year back from 12-31
                         ("污染防治", D(2021, 11, 30)),  # a month back from 12-31 is 11-30: just in time
                         ("政府会议", D(2021, 3, 3))):  # 及时: published at all
        Publication.objects.create(unit=t, title=f"{content}{day}", item=content, formed_on=day, published_on=day)
    # 乡村振兴 and 征地 (never published) are overdue: 2 × 2 off 10 points → 6.
    campaign = campaign_on(county, "huarong-2021", 2021, [t])
    entry = computed(county, campaign, t, "9")
    assert entry.facts == {"1": {"count": 2}} and entry.score == Decimal("6")


def test_huarong_17_annual_report_submitted_by_31_january_of_the_next_year(county):
    t, f = county.town, county.finance
    Submission.objects.create(unit=t, subject="2021年政府信息公开工作年度报告", due_on=D(2022, 1, 31),
                              submitted_on=D(2022, 1, 25))
    # 县财政局 only submitted last year's report (in January 2021): it does not count for 2022-01-31.
    Submission.objects.create(unit=f, subject="2020年政府信息公开工作年度报告", due_on=D(2021, 1, 31),
                              submitted_on=D(2021, 1, 20))
    campaign = campaign_on(county, "huarong-2021", 2021, [t, f])
    # Clause 3 (未及时上报扣2分, 10 points): 东山镇 met → 10; 县财政局 not met → 10 − 2 = 8.
    entry = computed(county, campaign, t, "17")
    assert entry.facts == {"3": {"met": True}} and entry.score == Decimal("10")
    missed = campaign.entries.get(unit=f, item_id="17")
    assert missed.facts == {"3": {"met": False}} and missed.score == Decimal("8")
