"""Bringing a county's own rubric in a real browser (issue 5): upload the 晋城 seed as given, confirm
the columns, read the machine's reading and its warnings, correct the one line it could not read,
save, and export the saved scheme to Excel."""
import io
from pathlib import Path

import openpyxl
from playwright.sync_api import expect

from zwgk.schemes.models import ImportDraft, Scheme
from zwgk.schemes.reading import scheme_data

SEED = Path(__file__).resolve().parents[1] / "rubrics" / "seeds" / "002_c782502cedf75dfd.txt"


def test_import_a_rubric_review_it_and_save(county, page, login, shot, live_server, tmp_path):
    login(page, live_server, "office", county.PASSWORD)
    page.get_by_role("link", name="考核方案").first.click()
    expect(page.get_by_role("heading", name="考核方案")).to_be_visible()
    shot(page, "30-schemes")

    page.get_by_role("link", name="导入考核细则").click()
    bad = tmp_path / "细则.txt"
    bad.write_text("这是一段说明文字，不是表格。", encoding="utf-8")
    page.set_input_files("input[type=file]", str(bad))
    page.get_by_role("button", name="上传").click()
    expect(page.get_by_text("没有找到表格")).to_be_visible()
    assert not ImportDraft.objects.exists()

    page.set_input_files("input[type=file]", str(SEED))
    page.get_by_role("button", name="上传").click()
    expect(page.get_by_role("heading", name="识别表头", exact=False)).to_be_visible()
    points = page.get_by_label("第4列“赋分”的用途")
    expect(points).to_have_value("points")
    shot(page, "31-import-columns")
    page.get_by_role("button", name="按此识别").click()

    expect(page.get_by_role("heading", name="核对", exact=False)).to_be_visible()
    expect(page.locator("#warnings")).to_contain_text("从需情复上扣分")
    expect(page.locator("#warnings")).to_contain_text("错位")
    item = page.locator("#item-25")
    expect(item.locator("mark").first).to_have_text("对行政机关未按要求提供服务的，从需情复上扣分")
    shot(page, "32-import-review")

    page.fill("#id_item-25-read_as", "在依法依规答复的基础上增加便民答复内容；对行政机关未按要求提供服务的，每次扣1分")
    page.fill("#id_item-25-reading", "原文“从需情复上扣分”是OCR乱码，按每次扣1分理解")
    page.get_by_role("button", name="重新识别").click()
    expect(page.locator("#item-25 .reading")).to_contain_text("条款1")
    expect(page.locator("#item-25 .reading mark")).to_have_count(0)

    page.fill("#id_scheme_id", "jincheng-import-2021")
    page.get_by_role("button", name="保存方案").click()
    expect(page.get_by_role("status")).to_contain_text("已保存考核方案")
    shot(page, "33-import-saved")

    saved = Scheme.objects.get(scheme_id="jincheng-import-2021")
    data = scheme_data(saved)
    assert len(data["items"]) == 40 and data["total_points"] == "85"
    item25 = next(i for i in data["items"] if i["id"] == "25")
    assert item25["clauses"][0]["amount"] == "1" and "OCR" in item25["reading"]
    assert not ImportDraft.objects.exists()

    row = page.get_by_role("row").filter(has_text="jincheng-import-2021")
    with page.expect_download() as download:
        row.get_by_role("link", name="导出Excel").click()
    book = openpyxl.load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    headers = [c.value for c in book.worksheets[0][2]]
    assert "评分标准" in headers and "分值" in headers
