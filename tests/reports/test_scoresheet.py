import dataclasses
import io
from decimal import Decimal as D

import openpyxl
import pytest

from zwgk.reports.scoresheet import scoresheet_xlsx
from zwgk.reports.sheets import SheetRow, UnitSheet


def open_book(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data))


def number(cell) -> D:
    assert isinstance(cell.value, (int, float)), f"{cell.coordinate} holds {cell.value!r}, not a number"
    return D(str(cell.value))


@pytest.fixture
def ws(xunwu_sheet):
    return open_book(scoresheet_xlsx([xunwu_sheet]))["澄江镇"]


def test_title_subtitle_and_header(ws):
    assert ws["A1"].value == "寻乌县2022年度政务公开工作考核评分表"
    assert ws["A2"].value == "单位：澄江镇  分组：乡镇（公示稿）"
    assert [c.value for c in ws[3]] == [
        "一级指标", "二级指标", "分值", "评分标准", "考核对象", "考核方式", "自评分", "得分", "扣分原因",
    ]
    assert {"A1:I1", "A2:I2"} <= {str(r) for r in ws.merged_cells.ranges}
    assert ws["C3"].font.b


def test_final_sheet_has_no_provisional_mark(xunwu_sheet):
    ws = open_book(scoresheet_xlsx([dataclasses.replace(xunwu_sheet, provisional=False)])).active
    assert ws["A2"].value == "单位：澄江镇  分组：乡镇"


def test_item_values_are_exact_numbers(ws):
    assert ws["D4"].value == "第1项评分标准"
    assert ws["E4"].value == "各乡（镇）、各单位"
    assert ws["F4"].value == "网上核查"
    assert number(ws["C5"]) == D("3")
    assert number(ws["G5"]) == D("3")
    assert number(ws["H5"]) == D("2")
    assert number(ws["H6"]) == D("0.25")
    assert number(ws["H11"]) == D("0.5")
    assert ws["I5"].value == "未邀请社会公众代表列席政府会议，扣1分"
    assert ws["I6"].value == "未公开专项规划，扣1分\n未发布历史规划说明，扣0.75分"
    assert ws["I4"].value is None


def test_levels_merge_over_rows_on_the_same_path(ws):
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"A4:A6", "B4:B5", "A7:A10", "B7:B9"} <= merged
    assert ws["A4"].value == "“五公开”推进情况"
    assert ws["B6"].value == "规划信息公开"
    assert ws["A11"].value == "特色工作" and ws["B11"].value is None


def test_same_name_under_different_parents_is_not_merged():
    rows = tuple(
        SheetRow(str(i), (first, "组织保障"), D(2), "标准", "各单位", "核查", None, D(2))
        for i, first in enumerate(("指导监督", "保障措施"), 1)
    )
    sheet = UnitSheet("评分表", "甲镇", "乡镇", ("一级指标", "二级指标"), rows)
    ws = open_book(scoresheet_xlsx([sheet])).active
    assert ws["B4"].value == ws["B5"].value == "组织保障"
    assert not any(str(r).startswith("B4") for r in ws.merged_cells.ranges)


def test_pooled_group_shows_its_points_and_score_once(ws):
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"C7:C9", "H7:H9"} <= merged
    assert number(ws["C7"]) == D("5")
    assert number(ws["H7"]) == D("4.7")


def test_not_applicable_item(ws):
    assert ws["D10"].value == "第32项评分标准"
    assert ws["H10"].value == "不适用"
    assert number(ws["C10"]) == D("5")


def test_pool_of_not_applicable_items_reads_not_applicable(xunwu_sheet):
    rows = tuple(
        dataclasses.replace(r, not_applicable=True) if r.item_id in ("29", "30", "31") else r
        for r in xunwu_sheet.rows
    )
    groups = (dataclasses.replace(xunwu_sheet.groups[0], score=None),)
    ws = open_book(scoresheet_xlsx([dataclasses.replace(xunwu_sheet, rows=rows, groups=groups)])).active
    assert ws["H7"].value == "不适用"
    assert number(ws["C7"]) == D("5")


def test_cases_total_grade_and_rank(ws):
    assert ws["A12"].value == "综合加分"
    assert ws["D12"].value == "B1 被市领导批示表扬"
    assert number(ws["H12"]) == D("1")
    assert ws["A13"].value == "重大扣分"
    assert ws["D13"].value == "M1 政务新媒体被省政府办公厅通报"
    assert number(ws["H13"]) == D("-1.5")
    assert ws["A14"].value == "合计"
    assert number(ws["C14"]) == D("19")  # 3 + 3 + 2 + 5 (pool) + 5 (不适用) + 1
    assert number(ws["G14"]) == D("95")
    assert number(ws["H14"]) == D("88.45")
    assert (ws["A15"].value, ws["C15"].value) == ("等次", "良好")
    assert (ws["A16"].value, ws["C16"].value) == ("名次", 3)
    assert {"A12:B12", "A14:B14", "C15:I15"} <= {str(r) for r in ws.merged_cells.ranges}
    assert ws.max_row == 16


def test_several_cases_share_one_label(xunwu_sheet):
    bonus = xunwu_sheet.bonus * 2
    ws = open_book(scoresheet_xlsx([dataclasses.replace(xunwu_sheet, bonus=bonus)])).active
    assert "A12:B13" in {str(r) for r in ws.merged_cells.ranges}
    assert ws["A14"].value == "重大扣分"


def test_no_grade_or_rank_rows_when_absent(xunwu_sheet):
    sheet = dataclasses.replace(xunwu_sheet, grade="", rank=None, bonus=(), major=())
    ws = open_book(scoresheet_xlsx([sheet])).active
    assert ws["A12"].value == "合计"
    assert ws.max_row == 12


def test_formatting_and_print_setup(ws):
    assert ws["D4"].alignment.wrap_text
    assert ws["D4"].border.left.style == "thin"
    assert ws["H16"].border.bottom.style == "thin"
    assert ws.column_dimensions["D"].width > ws.column_dimensions["C"].width
    assert ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == 9  # A4
    assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows == "$3:$3"


def test_sheet_names_are_valid_and_unique(xunwu_sheet):
    long_name = "县/直[单位]:测试*?" + "很长的单位名称" * 5
    units = [long_name, long_name, "澄江镇", "澄江镇"]
    book = open_book(scoresheet_xlsx([dataclasses.replace(xunwu_sheet, unit=u) for u in units]))
    names = book.sheetnames
    assert len(set(names)) == 4
    assert names[2:] == ["澄江镇", "澄江镇(2)"]
    for name in names:
        assert len(name) <= 31
        assert not set(name) & set("[]:*?/\\")
    assert names[0].startswith("县_直_单位__测试__很长")
    assert names[1].endswith("(2)")


def test_nothing_to_export():
    with pytest.raises(ValueError):
        scoresheet_xlsx([])
