"""Results a county can publish (issue 10): nothing unchecked counts, one computation of every
figure, grades and ranks from the shown figure, campaigns pinned to their scheme text, stale saves
refused, and the gates before 公示 and 定档."""
import io
import re
from datetime import timedelta
from decimal import Decimal

import docx
import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from zwgk.audit.models import Event
from zwgk.campaigns import workflow
from zwgk.campaigns.models import Appeal, Campaign, Entry
from zwgk.campaigns.results import campaign_outcomes, rescore_campaign, rules_text, unit_outcome
from zwgk.campaigns.setup import create_campaign
from zwgk.organisations.models import Unit
from zwgk.schemes.models import Scheme
from zwgk.schemes.services import BUILTIN_DIR, load_builtin_schemes

pytestmark = pytest.mark.django_db
Phase = Campaign.Phase


def url(name, *args):
    return reverse(name, args=args)


def check(entry, facts=None):
    """An assessor's check of an entry with its evidence (寻乌: 未按要求提供佐证材料的，不予认定),
    straight in the database (the workflow is tested elsewhere)."""
    entry.facts = facts or {}
    entry.reviewed_at = timezone.now()
    entry.save()
    entry.evidence.get_or_create(url="http://www.example.gov.cn/zwgk", defaults={"name": "网页"})


def totals(campaign):
    return {p.unit.name: (p.total, p.rank, p.unchecked) for p in campaign.participants.select_related("unit")}


# ---- 1. unchecked is not full marks ----------------------------------------------------------------
def test_a_unit_nobody_checked_counts_nothing_and_ranks_below_a_checked_one(county):
    for e in county.campaign.entries.filter(unit=county.town):
        check(e)
    full = rescore_campaign(county.campaign)[0].total  # 东山镇, everything checked and in order
    check(county.entry(county.town, "36"), {"1": {"count": 1}})  # 4 − 2
    rescore_campaign(county.campaign)
    t = totals(county.campaign)
    assert t["东山镇"] == (full - 2, 1, 0) and full > 90
    assert t["西河镇"] == (Decimal("0"), 2, 40)
    untouched = county.entry(county.other_town, "1")
    assert untouched.score == 0 and untouched.review_state == Entry.Review.UNSUBMITTED
    assert untouched.explanation[0]["message"].startswith("未核查：考核办尚未确定")


def test_the_full_marks_rule_is_an_explicit_choice_with_a_reason(county):
    """华容 has no evidence rule: under the engine's defaults an untouched unit keeps full marks."""
    huarong = create_campaign(county.office, Scheme.objects.get(scheme_id="huarong-2021"), "华容2021", 2021,
                              [county.town, county.other_town])
    huarong.entries.filter(unit=county.town).update(reviewed_at=timezone.now())
    huarong.entries.filter(unit=county.town, item_id="6").update(facts={"1": {"count": 1}})
    rescore_campaign(huarong)
    assert totals(huarong)["东山镇"][:2] == (Decimal("94"), 1)  # 95 − 1
    assert totals(huarong)["西河镇"][:2] == (Decimal("0"), 2)
    with pytest.raises(ValidationError) as err:
        workflow.set_unchecked_rule(county.office, huarong, "defaults", "  ")
    assert "理由" in str(err.value)
    workflow.set_unchecked_rule(county.office, huarong, "defaults", "沿用往年做法")
    t = totals(huarong)
    assert t["西河镇"][:2] == (Decimal("95"), 1) and t["东山镇"][:2] == (Decimal("94"), 2)
    event = Event.objects.get(action="确定未核查计分")
    assert (event.new, event.reason, event.actor) == ("未核查的指标按评分标准默认计分（只扣分的指标计满分）", "沿用往年做法",
                                                      county.office)
    assert any(line.startswith("未核查的指标按评分标准默认计分") and "沿用往年做法" in line
               for line in rules_text(huarong))
    with pytest.raises(PermissionDenied):
        workflow.set_unchecked_rule(county.reporter, huarong, "zero", "x")


def test_publicity_is_refused_with_the_unchecked_items_until_the_office_decides(county, client):
    county.phase(Phase.REVIEW)
    check(county.entry(county.town, "1"))
    client.force_login(county.office)
    r = client.post(url("campaigns:advance", county.campaign.pk), follow=True)
    county.campaign.refresh_from_db()
    assert county.campaign.phase == Phase.REVIEW
    page = r.content.decode()
    assert r.redirect_chain[-1][0] == url("campaigns:completeness", county.campaign.pk)
    assert "还有4个单位的159项适用指标未核查，不能发布公示" in page
    # The list per unit, with links to the items.
    assert re.search(r'data-unit="东山镇">.*?<b>39</b>', page, re.S)
    assert url("campaigns:entry", county.campaign.pk, county.entry(county.other_town, "2").pk) in page
    client.post(url("campaigns:unchecked_rule", county.campaign.pk), {"rule": "zero", "reason": "未报送的不得分"})
    client.post(url("campaigns:advance", county.campaign.pk))
    county.campaign.refresh_from_db()
    assert county.campaign.phase == Phase.PUBLICITY
    ranking = client.get(url("campaigns:ranking", county.campaign.pk)).content.decode()
    assert "未核查的指标计0分（考核办" in ranking and "理由：未报送的不得分" in ranking


def test_finalising_waits_for_the_publicity_period_unless_the_office_says_why(county):
    county.campaign.unchecked_rule, county.campaign.unchecked_reason = "zero", "经研究"
    county.campaign.publicity_end = timezone.localdate() + timedelta(days=3)
    county.campaign.save()
    county.phase(Phase.PUBLICITY)
    with pytest.raises(ValidationError) as err:
        workflow.advance(county.office, county.campaign)
    assert "尚未期满" in str(err.value)
    appeal = workflow.file_appeal(county.reporter, county.entry(county.town, "1"), "已公开")
    with pytest.raises(ValidationError) as err:
        workflow.advance(county.office, county.campaign, "领导小组会议已审定")
    assert "还有1件申诉未答复" in str(err.value)
    workflow.answer_appeal(county.office, appeal, "rejected", "维持")
    assert workflow.advance(county.office, county.campaign, "领导小组会议已审定") == Phase.FINAL
    assert Event.objects.filter(action="提前定档", reason="领导小组会议已审定").exists()
    county.campaign.refresh_from_db()
    assert county.campaign.final_reason == "领导小组会议已审定"


def test_a_returned_check_is_void_until_checked_again(county):
    county.phase(Phase.REVIEW)
    entry = county.entry(county.town, "36")
    entry.state = Entry.State.APPROVED
    entry.save()
    entry.evidence.create(url="http://www.example.gov.cn/m", name="纪要")
    workflow.record_findings(county.assessor, entry, {"1": {"count": 1}}, {})
    assert entry.review_state == Entry.Review.CHECKED and entry.score == 2
    workflow.send_back(county.assessor, entry, "请补充会议纪要")
    entry.refresh_from_db()
    assert entry.review_state == Entry.Review.RETURNED and entry.score == 0
    assert county.campaign.participants.get(unit=county.town).unchecked == 40
    # Sent back during 评审, the unit can fix it, and its head approve it again.
    entry.campaign = county.campaign
    workflow.save_self(county.reporter, entry, self_score=Decimal("4"), self_note="已补充纪要")
    workflow.submit(county.reporter, [entry])
    workflow.approve(county.head, [entry])
    assert entry.review_state == Entry.Review.TO_CHECK


# ---- 2. fair totals: full marks, 折算, bands per group ------------------------------------------------
@pytest.fixture
def huarong(county):
    campaign = create_campaign(county.office, Scheme.objects.get(scheme_id="huarong-2021"), "华容2021", 2021,
                               [county.town, county.finance])
    return campaign


def test_each_unit_shows_its_own_full_marks_and_折算_brings_them_to_the_total(huarong, county):
    workflow.set_unchecked_rule(county.office, huarong, "defaults", "试算")
    outcomes = {o.participant.unit.name: o for o in campaign_outcomes(huarong)}
    assert (outcomes["东山镇"].max_points, outcomes["县财政局"].max_points) == (Decimal("95"), Decimal("85"))
    assert outcomes["县财政局"].total == Decimal("85")
    assert any("满分为其适用指标分值之和" in line for line in rules_text(huarong))
    huarong.normalise = True
    huarong.save()
    outcomes = {o.participant.unit.name: o for o in campaign_outcomes(huarong)}
    assert (outcomes["县财政局"].total, outcomes["县财政局"].max_points) == (Decimal("100"), Decimal("100"))
    assert any("折算" in line and "满分均为100分" in line for line in rules_text(huarong))


@pytest.fixture
def guxian(county):
    """古县 2021 with 折算 (a 县直单位's items add up to 72 of 100), every item checked, 优秀 from 90."""
    third = Unit.objects.create(name="县交通局", kind=Unit.Kind.DEPARTMENT)
    campaign = create_campaign(county.office, Scheme.objects.get(scheme_id="guxian-2021"), "古县2021", 2021,
                               [county.town, county.finance, county.approval, third])
    campaign.normalise = True
    campaign.grade_bands = [{"name": "优秀", "min": "90"}, {"name": "良好", "min": "80"}]
    campaign.save()
    campaign.entries.update(reviewed_at=timezone.now())
    return campaign


def _set(campaign, unit, item_id, **fields):
    campaign.entries.filter(unit=unit, item_id=item_id).update(**fields)


def test_a_total_on_a_grade_boundary_after_折算_gets_the_grade_and_rank_of_its_shown_figure(guxian, county):
    roads = Unit.objects.get(name="县交通局")
    for unit in (county.finance, county.approval, roads):
        _set(guxian, unit, "35", override_score=Decimal("3"), override_reason="第三名")  # 10 → 3
    # 县财政局: 72 − 7 − (0.0407 × 5) = 64.7965 → × 100 ÷ 72 = 89.99513…, shown 90.00
    _set(guxian, county.finance, "6", facts={"vars": {"瞒报率": "0.0407"}})
    # 县行政审批局: 72 − 7 − 0.2 = 64.8 → exactly 90
    _set(guxian, county.approval, "6", facts={"vars": {"瞒报率": "0.04"}})
    # 县交通局: 72 − 7 − 0.2155 = 64.7845 → 89.978…, shown 89.98
    _set(guxian, roads, "6", facts={"vars": {"瞒报率": "0.0431"}})
    outcomes = {o.participant.unit.name: o for o in rescore_campaign(guxian)}
    finance, approval, roads_ = outcomes["县财政局"], outcomes["县行政审批局"], outcomes["县交通局"]
    assert finance.result.total < 90 and finance.total == Decimal("90.00") == approval.total
    assert (finance.grade, finance.rank) == ("优秀", 1) == (approval.grade, approval.rank)
    assert (roads_.total, roads_.grade, roads_.rank) == (Decimal("89.98"), "良好", 3)
    # What is stored is what was computed.
    assert totals(guxian)["县财政局"] == (Decimal("90.00"), 1, 0)
    assert guxian.participants.get(unit=county.finance).grade == "优秀"


def test_grade_bands_may_differ_per_ranking_group(huarong, county, client):
    workflow.set_unchecked_rule(county.office, huarong, "defaults", "试算")
    client.force_login(county.office)
    r = client.post(url("campaigns:notice", huarong.pk), {
        "normalise": "0", "grade_bands": "优秀 90\n良好 80", "bands_0": "", "bands_1": "优秀 84\n良好 70"})
    assert r.status_code == 302
    huarong.refresh_from_db()
    assert {"name": "优秀", "min": "84", "group": "县直单位"} in huarong.grade_bands
    grades = {p.unit.name: p.grade for p in huarong.participants.select_related("unit")}
    assert grades == {"县财政局": "优秀", "东山镇": "优秀"}  # 85 ≥ 84; 95 ≥ 90
    assert any(line.startswith("等次划分（县直单位）：优秀84分及以上") for line in rules_text(huarong))


# ---- 3. one computation ----------------------------------------------------------------------------
def test_preview_stored_total_sheet_xlsx_ranking_and_notice_agree(guxian, county, client):
    """After findings, an override, a 综合加分 case and an answered appeal, every place agrees."""
    guxian.entries.update(reviewed_at=None)
    guxian.unchecked_rule, guxian.unchecked_reason = "zero", "经研究"
    guxian.review_due = None
    guxian.save()
    guxian.phase = Phase.REVIEW
    guxian.save()
    town_entries = guxian.entries.filter(unit=county.town)
    town_entries.update(reviewed_at=timezone.now())
    client.force_login(county.office)
    item1 = town_entries.get(item_id="1")
    client.post(url("campaigns:entry", guxian.pk, item1.pk), {"action": "findings", "c1": "1"})
    item3 = town_entries.get(item_id="3")
    client.post(url("campaigns:entry", guxian.pk, item3.pk),
                {"action": "override", "override_score": "1.25", "override_reason": "酌情"})
    client.post(url("campaigns:cases", guxian.pk, county.town.pk), {"B1-c1": "1", "reason": "市政府表彰"})
    client.post(url("campaigns:advance", guxian.pk))
    guxian.refresh_from_db()
    assert guxian.phase == Phase.PUBLICITY
    client.force_login(county.reporter)
    client.post(url("campaigns:entry", guxian.pk, item1.pk), {"action": "appeal", "text": "已整改"})
    client.force_login(county.office)
    appeal = Appeal.objects.get(entry=item1)
    client.post(url("campaigns:entry", guxian.pk, item1.pk),
                {"action": "answer", "appeal": appeal.pk, "outcome": "partly", "answer": "部分成立", "score": "1.5"})

    stored = guxian.participants.get(unit=county.town)
    preview = client.post(url("campaigns:preview", guxian.pk, item1.pk), {"c1": "1"}).json()
    sheet = client.get(url("campaigns:sheet", guxian.pk, county.town.pk)).content.decode()
    shown = re.search(r"<b data-total>([^<]+)</b>", sheet)[1]
    ws = openpyxl.load_workbook(io.BytesIO(client.get(url("campaigns:sheet_xlsx", guxian.pk, county.town.pk)).content)).active
    total_row = next(row for row in ws.iter_rows(values_only=True) if row[0] == "合计")
    ranking = openpyxl.load_workbook(io.BytesIO(client.get(url("campaigns:ranking_xlsx", guxian.pk)).content))["全部"]
    ranked = next(row for row in ranking.iter_rows(values_only=True) if row[1] == "东山镇")
    notice = docx.Document(io.BytesIO(client.get(url("campaigns:notice_docx", guxian.pk)).content))
    annex = next(row for t in notice.tables for row in t.rows if row.cells[1].text == "东山镇")

    expected = unit_outcome(guxian, stored).total
    # Item 1: a finding, then 1.5 after the appeal; item 3: 1.25 of 2 by the office; everything else of
    # 东山镇 checked; 折算 to 100; plus 5 for B1. Whatever the sum, every place shows the same.
    assert stored.bonus == {"B1": {"1": {"count": 1}}} and stored.total == expected > 90
    assert Decimal(preview["total"]) == expected
    assert Decimal(shown) == expected
    assert Decimal(str(total_row[[c.value for c in ws[3]].index("得分")])) == expected
    assert Decimal(str(ranked[4])) == expected
    assert Decimal(annex.cells[2].text) == expected
    assert guxian.entries.get(pk=item1.pk).score == Decimal("1.5")


def test_the_live_preview_counts_the_item_being_checked(county, client):
    county.phase(Phase.REVIEW)
    entry = county.entry(county.town, "36")
    entry.evidence.create(url="http://www.example.gov.cn/m", name="纪要")
    client.force_login(county.assessor)
    data = client.post(url("campaigns:preview", county.campaign.pk, entry.pk), {"c1": "1"}).json()
    assert (data["score"], data["total"], data["max_points"], data["unchecked"]) == ("2", "2", "100", 39)
    assert data["explanation"][0].startswith("条款1「")


# ---- pinned scheme ---------------------------------------------------------------------------------
def test_reloading_a_builtin_scheme_with_changed_points_leaves_a_campaign_alone(county, client, tmp_path):
    for e in county.campaign.entries.filter(unit=county.town):
        check(e)
    rescore_campaign(county.campaign)
    before = totals(county.campaign)
    text = (BUILTIN_DIR / "xunwu-2022.yaml").read_text(encoding="utf-8")
    changed = text.replace('total_points: "100"', 'total_points: "110"', 1)
    changed = re.sub(r'(- id: "36"\n(?:    .*\n)*?    points: )"4"', r'\1"14"', changed, count=1)
    assert changed.count('"14"') > text.count('"14"')
    (tmp_path / "xunwu-2022.yaml").write_text(changed, encoding="utf-8")
    load_builtin_schemes(tmp_path)
    assert Scheme.objects.get(scheme_id="xunwu-2022").total_points == 110

    county.campaign.refresh_from_db()
    rescore_campaign(county.campaign)
    assert totals(county.campaign) == before
    assert unit_outcome(county.campaign, county.campaign.participants.get(unit=county.town)).max_points == 100
    client.force_login(county.office)
    page = client.get(url("campaigns:detail", county.campaign.pk)).content.decode()
    assert f"版本 {county.campaign.scheme_digest[:8]}" in page and "此后已更新，本考核仍按此版本计分" in page
    later = create_campaign(county.office, Scheme.objects.get(scheme_id="xunwu-2022"), "2023", 2022, [county.town])
    assert later.scheme_digest != county.campaign.scheme_digest


# ---- stale saves -----------------------------------------------------------------------------------
def test_a_save_from_a_page_loaded_before_someone_elses_change_is_refused(county, client):
    from django.test import Client

    county.phase(Phase.REVIEW)
    entry = county.entry(county.town, "36")
    entry_url = url("campaigns:entry", county.campaign.pk, entry.pk)
    seen = {"version": str(entry.version), "seen_at": entry.updated_at.isoformat()}
    other = Client()
    other.force_login(county.admin)
    other.post(entry_url, {"action": "override", "override_score": "3", "override_reason": "复核", **seen})
    client.force_login(county.office)
    r = client.post(entry_url, {"action": "override", "override_score": "1", "override_reason": "我的判断", **seen})
    assert r.status_code == 409
    page = r.content.decode()
    assert "已被修改：admin于" in page and "调整得分（得分：0 → 3）" in page
    assert 'value="我的判断"' not in page or "我的判断" in page  # the person's input is kept
    entry.refresh_from_db()
    assert entry.override_score == 3
    fresh = re.search(r'name="version" value="(\d+)"', page)[1]
    r = client.post(entry_url, {"action": "override", "override_score": "1", "override_reason": "我的判断",
                                "version": fresh})
    assert r.status_code == 302
    entry.refresh_from_db()
    assert entry.override_score == 1


def test_self_assessment_from_two_tabs(county, client):
    county.phase(Phase.SELF)
    entry = county.entry(county.town, "36")
    client.force_login(county.reporter)
    entry_url = url("campaigns:entry", county.campaign.pk, entry.pk)
    old = {"version": str(entry.version)}
    assert client.post(entry_url, {"action": "save_self", "self_score": "4", "self_note": "甲", **old}).status_code == 302
    r = client.post(entry_url, {"action": "save_self", "self_score": "2", "self_note": "乙", **old})
    assert r.status_code == 409 and "修改自评（自评分：空 → 4）" in r.content.decode()
    entry.refresh_from_db()
    assert (entry.self_score, entry.self_note) == (4, "甲")


# ---- tasks follow the campaign's year --------------------------------------------------------------
def test_task_dates_move_to_the_campaigns_year_and_say_so(county):
    campaign = create_campaign(county.office, Scheme.objects.get(scheme_id="huarong-2021"), "2026", 2026,
                               [county.town])
    moved = [t for t in campaign.tasks.all() if t.scheme_dates]
    assert moved, "华容 2021 has dated tasks"
    for task in moved:
        assert all(d.startswith("2026") or d.startswith("2027") for d in task.due_dates)
        assert all(d.startswith("2021") or d.startswith("2022") for d in task.scheme_dates)
    same = create_campaign(county.office, Scheme.objects.get(scheme_id="huarong-2021"), "2021", 2021, [county.town])
    assert not any(t.scheme_dates for t in same.tasks.all())


# ---- notifications -----------------------------------------------------------------------------------
def test_people_are_told_when_work_waits_for_them(county, client):
    county.phase(Phase.SELF)
    entry = county.entry(county.town, "36")
    workflow.submit(county.reporter, [entry])
    assert county.head.notifications.filter(text__contains="等待您审核").exists()
    workflow.approve(county.head, [entry])
    county.phase(Phase.REVIEW)
    entry.refresh_from_db()
    workflow.record_findings(county.assessor, entry, {}, {})
    assert county.reporter.notifications.filter(text__contains="第36项已由考核组核查").exists()
    county.phase(Phase.PUBLICITY)
    entry.refresh_from_db()
    appeal = workflow.file_appeal(county.reporter, entry, "有纪要")
    assert county.office.notifications.filter(text__contains="提出申诉").exists()
    workflow.answer_appeal(county.office, appeal, "rejected", "纪要不全")
    assert county.head.notifications.filter(text__contains="申诉已答复（维持原评分）").exists()


def test_the_office_urges_a_unit_by_hand(county, client):
    county.phase(Phase.SELF)
    client.force_login(county.office)
    r = client.post(url("campaigns:urge", county.campaign.pk, county.town.pk), {"text": "请于本周五前报送"}, follow=True)
    assert "已向东山镇的2人发出催办" in r.content.decode()
    assert county.reporter.notifications.filter(text__contains="【催办】请于本周五前报送").exists()
    assert not county.other_reporter.notifications.exists()
    assert Event.objects.filter(action="催办", unit=county.town).exists()


def test_the_office_lists_appeals_open_and_answered(county, client):
    county.phase(Phase.PUBLICITY)
    a = workflow.file_appeal(county.reporter, county.entry(county.town, "1"), "已公开目录")
    workflow.file_appeal(county.other_reporter, county.entry(county.other_town, "2"), "已建立制度")
    workflow.answer_appeal(county.office, a, "rejected", "维持")
    client.force_login(county.office)
    page = client.get(url("campaigns:appeals", county.campaign.pk) + "?status=pending").content.decode()
    assert "已建立制度" in page and "已公开目录" not in page
    page = client.get(url("campaigns:appeals", county.campaign.pk) + f"?unit={county.town.pk}").content.decode()
    assert "已公开目录" in page and "已建立制度" not in page and "维持原评分" in page


def test_a_new_campaign_refuses_units_outside_the_schemes_groups_and_deadlines_out_of_order(county, client):
    zone = Unit.objects.create(name="经济开发区", kind=Unit.Kind.ZONE)
    client.force_login(county.office)
    r = client.post(url("campaigns:new"), {
        "scheme": Scheme.objects.get(scheme_id="xunwu-2022").pk, "title": "2026年度考核", "year": "2026",
        "units": [county.town.pk, zone.pk], "self_due": "2026-06-30", "review_due": "2026-05-31"})
    page = r.content.decode()
    assert r.status_code == 200
    assert "经济开发区的排名分组不在方案的分组（乡镇、县直单位）中" in page
    assert "评审截止（2026-05-31）不能早于自评截止（2026-06-30）" in page
    assert not Campaign.objects.filter(title="2026年度考核").exists()


def test_a_refused_save_does_not_make_the_page_out_of_date(county, client):
    """A change refused after the entry was taken (a computed clause changed without a reason)
    leaves the page on the stored version, so the corrected save goes through."""
    county.phase(Phase.REVIEW)
    entry = county.entry(county.town, "36")
    entry.facts = {"1": {"count": 1}}
    entry.computed = {"1": {"indicator": "documents_nonpublic_unreasoned", "value": 1, "provisional": False,
                            "records": 1, "at": "2022-12-31", "adjusted": False}}
    entry.save()
    client.force_login(county.assessor)
    entry_url = url("campaigns:entry", county.campaign.pk, entry.pk)
    r = client.post(entry_url, {"action": "findings", "c1": "0", "version": str(entry.version)})
    assert r.status_code == 400 and "修改时请填写理由" in r.content.decode()
    shown = re.search(r'name="version" value="(\d+)"', r.content.decode())[1]
    assert shown == str(entry.version)
    r = client.post(entry_url, {"action": "findings", "c1": "0", "reason": "复核无误", "version": shown})
    assert r.status_code == 302


# ---- issue 11: consequences that are not points stay on the unit's result ------------------------
def test_a_consequence_is_stored_on_the_unit_and_shown_on_its_page_and_the_ranking(county, client):
    from zwgk.schemes.reading import digest

    campaign = county.campaign
    marked = "text: 因政务公开工作存在突出问题被省政府办公厅约谈，一次扣2分, amount: \"2\", cap: null}"
    assert marked in campaign.scheme_yaml
    campaign.scheme_yaml = campaign.scheme_yaml.replace(marked, marked[:-1] + ", effect: 取消评优资格}")
    campaign.scheme_digest = digest(campaign.scheme_yaml)
    campaign.save()
    check(county.entry(county.town, "36"), {"1": {"count": 1}})
    check(county.entry(county.other_town, "36"))
    rescore_campaign(campaign)
    town = campaign.participants.get(unit=county.town)
    assert town.consequences == [{"item": "36", "effect": "取消评优资格"}]
    assert campaign.participants.get(unit=county.other_town).consequences == []
    client.force_login(county.office)
    page = client.get(url("campaigns:unit", campaign.pk, county.town.pk)).content.decode()
    assert "第36项：取消评优资格" in page
    ranking = client.get(url("campaigns:ranking", campaign.pk)).content.decode()
    assert ranking.count("第36项：取消评优资格") == 1
    explanation = [line["message"] for line in county.entry(county.town, "36").explanation]
    assert any("取消评优资格" in m for m in explanation)
