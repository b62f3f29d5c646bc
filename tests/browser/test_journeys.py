"""The yearly loop in a real browser, one role after another (issue 3 acceptance).

A unit reporter fills two items with evidence and submits; the unit head approves; an assessor
records findings and watches the engine's score and explanation update; the office publishes,
the unit appeals, the office answers, finalises and downloads the xlsx and docx.
"""
import io
import re
from decimal import Decimal

import docx
import openpyxl
import pytest
from playwright.sync_api import expect

from zwgk.campaigns.models import Appeal, Campaign, Entry

PNG = b"\x89PNG\r\n\x1a\n" + bytes(64)


@pytest.fixture
def town(county):
    county.phase(Campaign.Phase.SELF)
    return county


def sign_out(page):
    page.get_by_role("button", name="退出登录").click()
    page.wait_for_load_state()


def open_entry(page, county, item_id):
    entry = county.entry(county.town, item_id)
    page.goto(f"/campaigns/{county.campaign.pk}/entries/{entry.pk}/")
    return entry


def test_the_yearly_loop(town, page, login, shot, live_server, tmp_path):
    county = town
    page.on("dialog", lambda dialog: dialog.accept())

    # 1. The unit's reporter fills items 1 and 2 with evidence and submits them.
    login(page, live_server, "reporter", county.PASSWORD)
    page.get_by_role("navigation").get_by_role("link", name="考核工作").click()
    page.get_by_role("link", name=county.campaign.title).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("东山镇")
    page.get_by_role("link", name="第1项", exact=True).click()
    page.get_by_label("自评分").fill("3")
    page.get_by_label("自评说明").fill("已公开重大行政决策事项目录")
    page.get_by_role("button", name="保存自评").click()
    expect(page.get_by_role("status")).to_contain_text("自评已保存")
    page.get_by_label("上传文件").set_input_files([{"name": "决策目录截图.png", "mimeType": "image/png", "buffer": PNG}])
    page.get_by_role("button", name="上传", exact=True).click()
    expect(page.locator("#evidence")).to_contain_text("决策目录截图.png")
    shot(page, "01-self-assessment")

    page.get_by_role("link", name="下一项").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("第2项")
    page.get_by_label("自评分").fill("3")
    page.get_by_role("button", name="保存自评").click()
    page.get_by_label("佐证链接").fill("http://www.example.gov.cn/zwgk/lxzd.html")
    page.get_by_label("链接说明").fill("列席制度")
    page.get_by_role("button", name="添加链接").click()
    expect(page.locator("#evidence")).to_contain_text("列席制度")

    page.goto(f"/campaigns/{county.campaign.pk}/units/{county.town.pk}/")
    page.get_by_label("选择第1项").check()
    page.get_by_label("选择第2项").check()
    shot(page, "02-unit-items")
    page.get_by_role("button", name="提交所选指标给负责人审核").click()
    expect(page.get_by_role("status")).to_contain_text("已提交2项")
    sign_out(page)

    # 2. The unit head approves.
    login(page, live_server, "head", county.PASSWORD)
    page.goto(f"/campaigns/{county.campaign.pk}/units/{county.town.pk}/")
    page.get_by_label("全选").check()
    page.get_by_role("button", name="审核通过所选指标").click()
    expect(page.get_by_role("status")).to_contain_text("已审核通过2项")
    assert set(county.campaign.entries.filter(unit=county.town, item_id__in=["1", "2"])
               .values_list("state", flat=True)) == {Entry.State.APPROVED}
    sign_out(page)

    # 3. The office moves the campaign to review.
    login(page, live_server, "office", county.PASSWORD)
    page.goto(f"/campaigns/{county.campaign.pk}/")
    page.get_by_role("button", name="进入评审").click()
    expect(page.get_by_role("status")).to_contain_text("评审")
    shot(page, "03-office-dashboard")
    sign_out(page)

    # 4. The assessor records a finding and sees the engine's score and explanation live.
    login(page, live_server, "assessor", county.PASSWORD)
    page.goto(f"/campaigns/{county.campaign.pk}/")
    page.get_by_role("row", name=re.compile("东山镇 第2项")).get_by_role("link").click()
    page.wait_for_load_state()  # review.js listens from the end of the page: act once it has run
    live = page.locator("#live")
    page.get_by_label("第2条核查结论").select_option("no")
    expect(live.locator("[data-score]")).to_have_text("1")
    expect(live.locator("[data-explain]")).to_contain_text("邀请社会公众代表列席")
    page.get_by_label("第2条核查说明").fill("未见邀请列席的记录")
    shot(page, "04-review")
    page.get_by_role("button", name="保存核查结果").click()
    expect(page.get_by_role("status")).to_contain_text("核查结果已保存")
    assert county.entry(county.town, "2").score == Decimal("1")
    sign_out(page)

    # 5. The office publishes the results: refused while items are unchecked, until it decides
    #    (with a reason) that unchecked items count 0.
    login(page, live_server, "office", county.PASSWORD)
    page.goto(f"/campaigns/{county.campaign.pk}/")
    page.get_by_role("button", name="发布结果并公示").click()
    expect(page.get_by_role("alert")).to_contain_text("未核查，不能发布公示")
    page.get_by_label("未核查的指标计0分").check()
    page.get_by_label("理由").fill("经考核领导小组研究，未核查的指标不得分")
    page.get_by_role("button", name="保存计分办法").click()
    page.goto(f"/campaigns/{county.campaign.pk}/")
    page.get_by_role("button", name="发布结果并公示").click()
    expect(page.get_by_role("status")).to_contain_text("公示")
    sign_out(page)

    # 6. The unit appeals item 2.
    login(page, live_server, "reporter", county.PASSWORD)
    page.goto(f"/campaigns/{county.campaign.pk}/units/{county.town.pk}/sheet/")
    shot(page, "05-unit-score-sheet")
    expect(page.locator("tr[data-item='2']")).to_contain_text("1")
    open_entry(page, county, "2")
    page.get_by_label("申诉理由").fill("已于2022年6月邀请群众代表列席常务会议，会议纪要见佐证。")
    page.get_by_role("button", name="提出申诉").click()
    expect(page.get_by_role("status")).to_contain_text("申诉已提交")
    sign_out(page)

    # 7. The office answers, finalises and downloads the score sheets and the notice.
    login(page, live_server, "office", county.PASSWORD)
    open_entry(page, county, "2")
    appeal = Appeal.objects.get()
    page.get_by_label("处理结果").select_option("upheld")
    page.get_by_label("答复意见").fill("经复核，会议纪要属实，恢复该项得分。")
    page.get_by_label("调整后得分（申诉成立时填写，可留空）").fill("3")
    page.get_by_role("button", name="提交答复").click()
    expect(page.get_by_role("status")).to_contain_text("申诉已答复")
    appeal.refresh_from_db()
    assert appeal.outcome == Appeal.Outcome.UPHELD

    page.goto(f"/campaigns/{county.campaign.pk}/")
    page.get_by_role("button", name="定档").click()
    expect(page.get_by_role("status")).to_contain_text("定档")
    page.get_by_role("link", name="结果与排名").click()
    shot(page, "06-ranking")

    total = county.campaign.participants.get(unit=county.town).total
    with page.expect_download() as sheets:
        page.get_by_role("link", name="下载全部评分表（xlsx）").click()
    assert sheets.value.suggested_filename.endswith(".xlsx")
    with open(sheets.value.path(), "rb") as f:
        book = openpyxl.load_workbook(io.BytesIO(f.read()))
    rows = [[c.value for c in row] for row in book["东山镇"].iter_rows()]
    header = next(r for r in rows if "得分" in r)
    score = header.index("得分")
    item2 = next(r for r in rows if any(isinstance(v, str) and v.startswith("2.建立完善社会公众代表") for v in r))
    assert Decimal(str(item2[score])) == Decimal("3")
    total_row = next(r for r in rows if "合计" in r)
    assert Decimal(str(total_row[score])) == total

    with page.expect_download() as notice:
        page.get_by_role("link", name="下载结果通报（docx）").click()
    assert notice.value.suggested_filename.endswith(".docx")
    with open(notice.value.path(), "rb") as f:
        text = "\n".join(p.text for p in docx.Document(io.BytesIO(f.read())).paragraphs)
    assert "关于2022年度政务公开工作考核结果的通报" in text
    assert "东山镇" in text and "西河镇" in text
