"""Results a county can publish, in a real browser (issue 10 acceptance).

A 华容 2021 campaign for 6 units: one town does its self-assessment carefully and is checked item
by item, the other five are untouched. 公示 is refused with the list of unchecked items; the
office decides, with a reason, that unchecked items count 0; the untouched units then rank below
the checked one, and the ranking and the 通报 say how the results were computed. Then two people
edit one entry from pages loaded at different times: the second save is refused and names the
first person's change.
"""
import io
import re
from decimal import Decimal

import docx
import pytest
from playwright.sync_api import expect

from zwgk.campaigns import workflow
from zwgk.campaigns.models import Assignment, Campaign, Entry
from zwgk.campaigns.setup import create_campaign
from zwgk.organisations.models import Unit
from zwgk.schemes.models import Scheme

Phase = Campaign.Phase


@pytest.fixture
def huarong(county):
    south = Unit.objects.create(name="南岭镇", kind=Unit.Kind.TOWNSHIP)
    roads = Unit.objects.create(name="县交通局", kind=Unit.Kind.DEPARTMENT)
    units = [county.town, county.other_town, south, county.finance, county.approval, roads]
    campaign = create_campaign(county.office, Scheme.objects.get(scheme_id="huarong-2021"), "华容县2021年度政务公开考核",
                               2021, units)
    Assignment.objects.create(campaign=campaign, assessor=county.assessor)
    campaign.phase = Phase.SELF
    campaign.save()
    county.huarong = campaign
    return county


def sign_out(page):
    page.get_by_role("button", name="退出登录").click()
    page.wait_for_load_state()


def test_nothing_unchecked_counts_and_the_rule_is_printed(huarong, page, login, shot, live_server):
    county, campaign = huarong, huarong.huarong
    page.on("dialog", lambda dialog: dialog.accept())
    entries = {e.item_id: e for e in campaign.entries.filter(unit=county.town)}

    # 1. 东山镇's reporter fills item 6 with a link, and submits everything; the head approves.
    login(page, live_server, "reporter", county.PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_contain_text("您好")
    shot(page, "40-home-reporter")
    page.goto(f"/campaigns/{campaign.pk}/entries/{entries['6'].pk}/")
    page.get_by_label("自评分").fill("8")
    page.get_by_label("自评说明").fill("全年公开文件均已备案，目录见链接")
    page.get_by_role("button", name="保存自评").click()
    expect(page.get_by_role("status")).to_contain_text("自评已保存")
    page.goto(f"/campaigns/{campaign.pk}/units/{county.town.pk}/")
    page.get_by_label("全选").check()
    page.get_by_role("button", name="提交所选指标给负责人审核").click()
    expect(page.get_by_role("status")).to_contain_text("已提交")
    sign_out(page)
    login(page, live_server, "head", county.PASSWORD)
    expect(page.locator("main")).to_contain_text("等待您审核")
    shot(page, "41-home-head")
    page.goto(f"/campaigns/{campaign.pk}/units/{county.town.pk}/")
    page.get_by_label("全选").check()
    page.get_by_role("button", name="审核通过所选指标").click()
    expect(page.get_by_role("status")).to_contain_text("已审核通过")
    sign_out(page)

    # 2. Review: the assessor checks item 6 in the browser (one finding), the rest of 东山镇's items
    #    are checked in order (as they would be, item by item); nobody looks at the other units.
    campaign.phase = Phase.REVIEW
    campaign.save()
    login(page, live_server, "assessor", county.PASSWORD)
    page.goto(f"/campaigns/{campaign.pk}/?unit={county.town.pk}&state=to_check#assigned")
    shot(page, "42-assessor-list")
    page.goto(f"/campaigns/{campaign.pk}/entries/{entries['6'].pk}/")
    page.locator("#c1").fill("1")
    expect(page.locator("#live [data-score]")).to_have_text("7")
    page.get_by_role("button", name="保存核查结果").click()
    expect(page.get_by_role("status")).to_contain_text("核查结果已保存")
    sign_out(page)
    for e in campaign.entries.filter(unit=county.town, applicable=True).exclude(item_id="6"):
        e.campaign = campaign
        workflow.record_findings(county.assessor, e, {}, {})

    # 3. The office tries to publish: refused, with the unchecked items of the five other units.
    login(page, live_server, "office", county.PASSWORD)
    expect(page.locator("main")).to_contain_text("未核查")
    shot(page, "43-home-office")
    page.goto(f"/campaigns/{campaign.pk}/")
    page.get_by_role("button", name="发布结果并公示").click()
    expect(page.get_by_role("alert")).to_contain_text("还有5个单位的")
    expect(page.get_by_role("alert")).to_contain_text("未核查，不能发布公示")
    rows = page.locator("tr[data-unit]")
    expect(rows).to_have_count(6)
    expect(page.locator("tr[data-unit='东山镇']")).to_contain_text("已全部核查")
    west = page.locator("tr[data-unit='西河镇']")
    west.locator("summary").click()
    expect(west.get_by_role("link", name="第6项")).to_be_visible()
    shot(page, "44-completeness")
    assert Campaign.objects.get(pk=campaign.pk).phase == Phase.REVIEW

    # Before the decision the ranking is provisional, and the untouched towns are already below.
    page.goto(f"/campaigns/{campaign.pk}/ranking/")
    towns = page.locator("table[data-group='乡镇'] tbody tr")
    expect(towns.first).to_have_attribute("data-unit", "东山镇")

    # 4. The office chooses the 0 rule with a reason, and publishes.
    page.goto(f"/campaigns/{campaign.pk}/completeness/")
    page.get_by_label("未核查的指标计0分").check()
    page.get_by_label("理由").fill("经县政务公开领导小组研究，未报送佐证材料、未经核查的指标不得分")
    page.get_by_role("button", name="保存计分办法").click()
    expect(page.get_by_role("status")).to_contain_text("已确定：未核查的指标计0分")
    page.goto(f"/campaigns/{campaign.pk}/")
    page.get_by_role("button", name="发布结果并公示").click()
    expect(page.get_by_role("status")).to_contain_text("公示")

    # 5. The ranking: 东山镇 first, the untouched towns below it; every unit's full marks shown
    #    (乡镇 95, 县直单位 85); the rule printed.
    page.get_by_role("link", name="结果与排名").click()
    town_rows = page.locator("table[data-group='乡镇'] tbody tr")
    expect(town_rows.nth(0)).to_have_attribute("data-unit", "东山镇")
    expect(town_rows.nth(0)).to_contain_text("94")
    for i in (1, 2):
        expect(town_rows.nth(i).locator("td").first).to_have_text("2")
        expect(town_rows.nth(i)).to_contain_text("项未核查")
    expect(town_rows.nth(0).locator("td").nth(3)).to_have_text("95")
    expect(page.locator("table[data-group='县直单位'] tbody tr").first.locator("td").nth(3)).to_have_text("85")
    rules = page.locator("ul.rules")
    expect(rules).to_contain_text("未核查的指标计0分")
    expect(rules).to_contain_text("未报送佐证材料、未经核查的指标不得分")
    shot(page, "45-ranking")

    # 6. The 通报 states the rule and carries the score and rank table as its annex.
    with page.expect_download() as notice:
        page.get_by_role("link", name="下载结果通报（docx）").click()
    with open(notice.value.path(), "rb") as f:
        document = docx.Document(io.BytesIO(f.read()))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "未核查的指标计0分" in text and "未经核查的指标不得分" in text
    assert re.search(r"附件：.*得分及排名", text)
    annex = [[c.text for c in row.cells] for t in document.tables for row in t.rows]
    assert ["1", "东山镇", "94", "95"] == annex[1][:4]
    assert any(row[1] == "西河镇" and row[2] == "0" for row in annex)

    # 7. The unit's score sheet: aligned columns, 考核要求 filled, its own full marks, every point explained.
    page.goto(f"/campaigns/{campaign.pk}/units/{county.town.pk}/sheet/")
    headers = page.locator("table.sheet thead th").all_inner_texts()
    item6 = page.locator("table.sheet tr[data-item='6'] td")
    assert item6.count() == len(headers)
    assert item6.nth(headers.index("得分")).inner_text().strip() == "7"
    assert item6.nth(headers.index("分值")).inner_text().strip() == "8"
    expect(page.locator("[data-max]").first).to_have_text("95")
    shot(page, "46-score-sheet")


def test_two_people_editing_one_entry(huarong, browser, page, login, shot, live_server):
    """Two browser contexts: the second save is refused with a message naming the first change."""
    county, campaign = huarong, huarong.huarong
    campaign.phase = Phase.REVIEW
    campaign.save()
    entry = campaign.entries.get(unit=county.town, item_id="6")
    entry_url = f"/campaigns/{campaign.pk}/entries/{entry.pk}/"
    login(page, live_server, "office", county.PASSWORD)
    page.goto(entry_url)

    other = browser.new_context(base_url=live_server.url, viewport={"width": 1366, "height": 768}, locale="zh-CN")
    try:
        second = other.new_page()
        login(second, live_server, "admin", county.PASSWORD)
        second.goto(entry_url)
        second.get_by_label("调整后得分").fill("6")
        second.get_by_label("理由", exact=True).fill("现场核查发现目录不全")
        second.get_by_role("button", name="保存调整").click()
        expect(second.get_by_role("status")).to_contain_text("得分已调整")
    finally:
        other.close()

    # The first page was loaded before that change.
    page.get_by_label("调整后得分").fill("5")
    page.get_by_label("理由", exact=True).fill("按会议意见")
    page.get_by_role("button", name="保存调整").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("已被修改：admin于")
    expect(alert).to_contain_text("调整得分（得分：0 → 6）")
    shot(page, "47-stale-save")
    entry.refresh_from_db()
    assert entry.override_score == Decimal("6")
    # Asked again, on the page showing the latest version, the save goes through.
    page.get_by_label("调整后得分").fill("5")
    page.get_by_label("理由", exact=True).fill("按会议意见")
    page.get_by_role("button", name="保存调整").click()
    expect(page.get_by_role("status")).to_contain_text("得分已调整")
    entry.refresh_from_db()
    assert entry.override_score == Decimal("5")
    assert Entry.objects.get(pk=entry.pk).version == entry.version


def test_the_unit_sees_why_it_lost_points_and_may_add_evidence_to_appeal(huarong, page, login, shot, live_server):
    county, campaign = huarong, huarong.huarong
    campaign.phase = Phase.REVIEW
    campaign.save()
    entry = campaign.entries.get(unit=county.town, item_id="6")
    entry.campaign = campaign
    workflow.record_findings(county.assessor, entry, {"1": {"count": 2}}, {"1": "3月、5月文件未登记公开属性"})
    workflow.set_unchecked_rule(county.office, campaign, "zero", "经研究")
    workflow.advance(county.office, campaign)

    login(page, live_server, "reporter", county.PASSWORD)
    page.goto(f"/campaigns/{campaign.pk}/entries/{entry.pk}/")
    score = page.locator("#score")
    expect(score.locator(".score-big")).to_contain_text("6")
    expect(score).to_contain_text("条款1「公文办理台账不规范每次扣1分」：2次 × 1分 = 2分，扣2分")
    expect(score).to_contain_text("第1条：3月、5月文件未登记公开属性")
    appeals = page.locator("#appeals")
    expect(appeals.get_by_role("link", name="佐证材料")).to_have_attribute("href", "#evidence")
    page.get_by_label("佐证链接").fill("http://www.example.gov.cn/zwgk/tz.html")
    page.get_by_label("链接说明").fill("公文办理台账（已补登）")
    page.get_by_role("button", name="添加链接").click()
    expect(page.locator("#evidence")).to_contain_text("申诉")
    page.get_by_label("申诉理由").fill("两份文件已补登公开属性，见新增佐证。")
    page.get_by_role("button", name="提出申诉").click()
    expect(page.get_by_role("status")).to_contain_text("申诉已提交")
    shot(page, "48-unit-entry-appeal")
    assert county.office.notifications.filter(text__contains="提出申诉").exists()
    sheet = page.goto(f"/campaigns/{campaign.pk}/units/{county.town.pk}/sheet/")
    assert sheet.ok
    expect(page.locator("tr[data-item='6']")).to_contain_text("核查说明（第1条）：3月、5月文件未登记公开属性")
