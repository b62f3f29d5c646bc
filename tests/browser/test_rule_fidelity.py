"""Other counties' wording in a real browser (issue 11): an office imports a rubric written the way
another county writes it; the review page reads the deduction addressed to a party as a deduction,
the components, rank steps and alternatives as written, and flags, with its reason highlighted,
the one line a person has to decide. A consequence that is not points shows on the unit's page."""
import io

from django.utils import timezone
from openpyxl import Workbook
from playwright.sync_api import expect

from zwgk.campaigns.results import rescore_campaign
from zwgk.schemes.reading import digest

ROWS = [
    ["某县2024年度政务公开工作考核细则"],
    ["一级指标", "二级指标", "分值", "评分标准"],
    ["主动公开", "栏目更新", "2", "每季度更新少于3次的，扣牵头科室0.5分"],
    [None, "年度计划", "2", "公开年度计划1分、公开完成情况1分"],
    ["信息报送", "排名", "5", "第一名得5分，第二名得4.5分，依次递减0.5分"],
    [None, "报送时效", "2", "按时完成得2分，逾期完成得1分，未完成不得分"],
    [None, "信息质量", "2", "每发现一处错误扣0.5分，每处扣1分"],
]


def _rubric(tmp_path):
    book = Workbook()
    for row in ROWS:
        book.active.append(row)
    path = tmp_path / "考核细则.xlsx"
    out = io.BytesIO()
    book.save(out)
    path.write_bytes(out.getvalue())
    return path


def test_other_counties_wording_is_read_or_flagged(county, page, login, shot, live_server, tmp_path):
    login(page, live_server, "office", county.PASSWORD)
    page.goto(f"{live_server.url}/schemes/import/")
    page.set_input_files("input[type=file]", str(_rubric(tmp_path)))
    page.get_by_role("button", name="上传").click()
    page.get_by_role("button", name="按此识别").click()
    expect(page.get_by_role("heading", name="核对", exact=False)).to_be_visible()

    expect(page.locator("#item-1 .reading")).to_contain_text("按次扣分")
    expect(page.locator("#item-1 .reading")).to_contain_text("扣0.5分")
    expect(page.locator("#item-2 .reading")).to_contain_text("条款2")
    expect(page.locator("#item-3 .reading")).to_contain_text("第2名得4.5分")
    expect(page.locator("#item-4 .reading")).to_contain_text("等次计分")
    for n in (1, 2, 3, 4):
        expect(page.locator(f"#item-{n} .reading mark")).to_have_count(0)
    flagged = page.locator("#item-5")
    expect(flagged.locator("mark").first).to_be_visible()
    expect(flagged).to_contain_text("同一情形扣多少分无法确定")
    shot(page, "60-rule-fidelity-review")


def test_a_consequence_shows_on_the_units_page(county, page, login, shot, live_server):
    campaign = county.campaign
    marked = "text: 因政务公开工作存在突出问题被省政府办公厅约谈，一次扣2分, amount: \"2\", cap: null}"
    campaign.scheme_yaml = campaign.scheme_yaml.replace(marked, marked[:-1] + ", effect: 取消评优资格}")
    campaign.scheme_digest = digest(campaign.scheme_yaml)
    campaign.save()
    entry = county.entry(county.town, "36")
    entry.facts, entry.reviewed_at = {"1": {"count": 1}}, timezone.now()  # checked by an assessor
    entry.save()
    rescore_campaign(campaign)

    login(page, live_server, "office", county.PASSWORD)
    page.goto(f"{live_server.url}/campaigns/{campaign.pk}/units/{county.town.pk}/")
    expect(page.locator("[data-consequence]")).to_have_text("第36项：取消评优资格")
    shot(page, "61-consequence-on-unit")
