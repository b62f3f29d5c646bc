import io
from decimal import Decimal as D

import openpyxl

from zwgk.reports.ranking import ranking_xlsx
from zwgk.reports.sheets import RankRow

ROWS = [
    RankRow(1, "澄江镇", "乡镇", D("96.5"), "优秀", D("98")),
    RankRow(1, "县财政局", "县直单位", D("97.25"), "优秀", D("99")),
    RankRow(2, "晨光镇", "乡镇", D("88"), "良好", None),
    RankRow(None, "吉潭镇", "乡镇", None, "", D("90")),
]


def book():
    return openpyxl.load_workbook(io.BytesIO(ranking_xlsx("寻乌县2022年度政务公开工作考核排名", ROWS)))


def values(ws, row):
    return [c.value for c in ws[row]]


def test_one_sheet_per_group_in_first_appearance_order_then_all():
    assert book().sheetnames == ["乡镇", "县直单位", "全部"]


def test_group_sheet_lists_only_its_units_in_given_order():
    ws = book()["乡镇"]
    assert ws["A1"].value == "寻乌县2022年度政务公开工作考核排名（乡镇）"
    assert values(ws, 2) == ["名次", "单位", "分组", "自评分", "得分", "满分", "等次", "备注"]
    assert [ws.cell(r, 2).value for r in range(3, ws.max_row + 1)] == ["澄江镇", "晨光镇", "吉潭镇"]
    assert values(ws, 5) == [None, "吉潭镇", "乡镇", 90, None, None, None, None]


def test_numbers_are_exact():
    ws = book()["全部"]
    assert ws["A1"].value == "寻乌县2022年度政务公开工作考核排名"
    assert ws.max_row == 2 + len(ROWS)
    for r, row in enumerate(ROWS, 3):
        assert ws.cell(r, 2).value == row.unit
        for column, expected in ((4, row.self_total), (5, row.total)):
            value = ws.cell(r, column).value
            assert (None if value is None else D(str(value))) == expected
    assert isinstance(ws["E4"].value, float) and D(str(ws["E4"].value)) == D("97.25")


def test_group_named_like_the_all_sheet_stays_distinct():
    rows = [RankRow(1, "甲镇", "全部", D(90), "优秀", D(90))]
    wb = openpyxl.load_workbook(io.BytesIO(ranking_xlsx("排名", rows)))
    assert wb.sheetnames == ["全部", "全部(2)"]
    assert wb["全部(2)"]["A1"].value == "排名"


def test_print_setup_repeats_the_header():
    ws = book()["全部"]
    assert ws.print_title_rows == "$2:$2"
    assert ws["A2"].font.b and ws["B3"].border.top.style == "thin"


def test_full_marks_unchecked_items_and_how_results_were_computed_are_printed():
    rows = [RankRow(1, "东山镇", "乡镇", D("81.5"), "良好", None, D("95"), 3)]
    notes = ["未核查的指标计0分（考核办2026年12月4日确定，理由：经研究）。"]
    ws = openpyxl.load_workbook(io.BytesIO(ranking_xlsx("排名", rows, notes)))["乡镇"]
    assert values(ws, 3) == [1, "东山镇", "乡镇", None, 81.5, 95, "良好", "3项未核查（暂定）"]
    assert ws.cell(4, 1).value == notes[0]
