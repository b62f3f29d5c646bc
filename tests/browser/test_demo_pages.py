"""Screenshots of the main pages on the demo county, as `make run` shows it, for a person to look at.

Each page is also checked for its heading and for the absence of a server error, and the dashboard
for its charts drawn by the vendored Chart.js.
"""
import pytest
from playwright.sync_api import expect

from zwgk.campaigns.models import Campaign


@pytest.fixture
def demo():
    from zwgk.demo.data import load_demo
    from zwgk.schemes.services import load_builtin_schemes

    load_builtin_schemes()
    password, _ = load_demo()
    return password, Campaign.objects.get(scheme__scheme_id="xunwu-2022")


def visit(page, url, shot, name, heading):
    response = page.goto(url)
    assert response.ok, f"{url} → {response.status}"
    expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
    shot(page, name)


def test_main_pages_of_the_demo(demo, page, login, shot, live_server):
    password, campaign = demo
    page.emulate_media(reduced_motion="reduce")  # charts drawn at once, not mid-animation
    login(page, live_server, "kaoheban", password)
    visit(page, f"/campaigns/{campaign.pk}/", shot, "10-dashboard", campaign.title)
    for canvas in page.locator("canvas").all():
        expect(canvas).to_be_visible()
    assert page.evaluate("Object.keys(Chart.instances).length") >= 2
    visit(page, f"/campaigns/{campaign.pk}/ranking/", shot, "11-ranking", "结果与排名")
    participant = campaign.participants.order_by("rank").first()
    visit(page, f"/campaigns/{campaign.pk}/units/{participant.unit_id}/sheet/", shot, "12-score-sheet",
          campaign.scheme.title)
    visit(page, f"/campaigns/{campaign.pk}/tasks/", shot, "13-tasks", "任务分工")
    visit(page, f"/campaigns/{campaign.pk}/assignments/", shot, "13-assignments", "考核组")
    visit(page, "/audit/", shot, "13-audit-log", "操作日志")
    visit(page, "/workdays/", shot, "13-workdays", "工作日历")
    visit(page, f"/campaigns/{campaign.pk}/ledger/", shot, "13-ledger-bindings", "台账计算")
    visit(page, "/ledgers/", shot, "13-ledgers", "台账")
    visit(page, "/ledgers/publications/", shot, "13-ledger-publications", "主动公开")
    visit(page, "/organisations/", shot, "13-units", "单位")
    visit(page, "/organisations/contacts/", shot, "14-contacts", "联系人")
    visit(page, "/accounts/manage/", shot, "15-accounts", "账号")
    page.get_by_role("button", name="退出登录").click()

    login(page, live_server, "pingshen", password)
    entry = campaign.entries.filter(unit=participant.unit_id, item_id="29").get()
    visit(page, f"/campaigns/{campaign.pk}/entries/{entry.pk}/", shot, "16-review-pool-item", "第29项")
    expect(page.locator("#review")).to_contain_text("台账计算")
    page.get_by_label("发现次数").fill("7")
    expect(page.locator("#live [data-explain]")).to_contain_text("7")
    shot(page, "17-review-live-score")
    page.get_by_role("button", name="退出登录").click()

    login(page, live_server, "lianluo01", password)
    page.goto(f"/campaigns/{campaign.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("东山镇")
    shot(page, "18-unit-items")
    visit(page, "/notifications/", shot, "19-notifications", "通知")


def test_issue_10_pages_of_the_demo(demo, page, login, shot, live_server):
    """The pages issue 10 added or changed, as each role sees them on the demo county."""
    password, campaign = demo
    participant = campaign.participants.select_related("unit").order_by("rank").first()
    login(page, live_server, "kaoheban", password)
    visit(page, "/", shot, "50-home-office", "您好")
    visit(page, f"/campaigns/{campaign.pk}/completeness/", shot, "51-completeness", "结果完整性检查")
    visit(page, f"/campaigns/{campaign.pk}/appeals/", shot, "52-appeals", "申诉")
    visit(page, f"/campaigns/{campaign.pk}/settings/", shot, "53-campaign-settings", "考核设置")
    visit(page, f"/campaigns/{campaign.pk}/notice/", shot, "54-notice-settings", "通报与计分设置")
    visit(page, f"/campaigns/{campaign.pk}/units/{participant.unit_id}/", shot, "55-unit-with-urge",
          participant.unit.name)
    expect(page.locator("#urge")).to_contain_text("催办")
    visit(page, "/accounts/manage/roster/import/", shot, "56-roster-import", "导入")
    visit(page, "/accounts/password/", shot, "57-own-password", "修改密码")
    response = page.goto("/campaigns/999999/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    shot(page, "58-not-found")
    page.get_by_role("button", name="退出登录").click()

    login(page, live_server, "pingshen", password)
    visit(page, "/", shot, "59-home-assessor", "您好")
    page.get_by_role("button", name="退出登录").click()
    login(page, live_server, "fuze01", password)
    visit(page, "/", shot, "60-home-head", "您好")
