"""Reading rubric tables from the files counties really send: notices as text, Excel, Word."""
import datetime as dt
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import docx
import pytest
from openpyxl import Workbook

from zwgk.rubrics import Table
from zwgk.rubrics.files import read_tables
from zwgk.rubrics.text_tables import text_tables
from zwgk.rubrics.xlsx_tables import cell_text

SEEDS = Path(__file__).resolve().parent / "seeds"  # copies of ../shared/seeds, as given


def seed(prefix: str) -> tuple[str, bytes]:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.name, path.read_bytes()


# --- text ------------------------------------------------------------------------------------


def test_seed_001_cell_per_line_is_one_table_with_its_rows():
    tables = read_tables(*seed("001"))
    assert len(tables) == 1
    table = tables[0]
    assert table.rows[0] == ["一级指标", "二级指标", "分值", "评分标准", "考核对象", "考核方式", "自评分", "得分"]
    assert table.lines[0] == 5
    first_item = next(n for n, cells in enumerate(table.rows) if cells[0].startswith("“五公开”"))
    cells = table.rows[first_item]
    assert cells[1] == "重大行政决策公开"
    assert cells[2] == "13"
    assert cells[3].startswith("1.制定完善重大行政决策事项目录")
    assert len(cells) == 8  # the empty 自评分/得分 cells are kept
    assert table.lines[first_item] == 14
    assert table.source.startswith("第5–")


def test_seed_000_gives_one_table_per_page_with_line_numbers():
    tables = read_tables(*seed("000"))
    assert [t.source for t in tables] == [
        "第138–143行", "第147–155行", "第159–165行", "第169–176行", "第180–186行", "第190–193行", "第197–199行",
    ]
    for table in tables:
        assert table.rows[0][:4] == ["一级指标", "二级指标", "三级指标", "赋分"]
    first = tables[0]
    assert first.lines == [138, 139, 140, 141, 142, 143]
    assert first.rows[1][:4] == ["组织领导与工作保障", "组织领导", "政务公开领导小组或县领导相关工作研究", "2"]
    assert first.rows[2][:2] == ["", ""]  # merged 一级/二级指标 left empty in the text
    # The second page's header ends with a tab: its trailing empty cell is kept.
    assert len(tables[1].rows[0]) == 10 and tables[1].rows[0][-1] == ""


def test_seed_002_header_rows_have_ten_cells():
    tables = read_tables(*seed("002"))
    assert len(tables) == 11
    for table in tables:
        assert len(table.rows[0]) == 10
        assert table.rows[0][0] == "一级指标" and table.rows[0][-1] == "备注"
    assert tables[0].lines[:2] == [45, 46]


@pytest.mark.parametrize("prefix, count, header", [
    ("003", 4, ["一级指标", "二级指标", "内容保障单位", "更新频率"]),
    ("004", 6, ["序号", "公开任务", "公开内容", "具体要求", "责任部门"]),
])
def test_seeds_003_004_tab_tables(prefix, count, header):
    tables = read_tables(*seed(prefix))
    assert len(tables) == count
    assert tables[0].rows[0] == header
    assert all(len(table.rows) == len(table.lines) for table in tables)


def test_text_prose_between_tables_and_empty_rows():
    text = "通知正文\n\nA\tB\tC\n\t\t\n1\t2\t\n说明文字\nX\tY\n"
    tables = text_tables(text)
    assert [t.source for t in tables] == ["第3–5行", "第7行"]
    assert tables[0].rows == [["A", "B", "C"], ["1", "2", ""]]  # the all-empty row 4 is skipped
    assert tables[0].lines == [3, 5]
    assert tables[1].rows == [["X", "Y"]]


def test_cell_per_line_rows_and_line_numbers():
    text = "标题\n\n\t指标\n\t分值\n\n\t公开\n\t3\n\n附注\n"
    [table] = text_tables(text)
    assert table.rows == [["指标", "分值"], ["公开", "3"]]
    assert table.lines == [3, 6]
    assert table.source == "第3–7行"


def test_gbk_text():
    data = "一级指标\t分值\n主动公开\t5\n".encode("gbk")
    [table] = read_tables("细则.txt", data)
    assert table.rows == [["一级指标", "分值"], ["主动公开", "5"]]


def test_utf16_with_bom_and_utf8_with_bom():
    text = "一级指标\t分值\r\n主动公开\t5\r\n"
    for data in (text.encode("utf-16"), "\ufeff".encode() + text.encode("utf-8")):
        [table] = read_tables("细则.txt", data)
        assert table.rows == [["一级指标", "分值"], ["主动公开", "5"]]


# --- xlsx ------------------------------------------------------------------------------------


def make_xlsx() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "评分表"
    sheet["A1"] = "2021年度考核细则"
    sheet.merge_cells("A1:D1")
    sheet.append(["一级指标", "分值", "评分标准", "完成时限"])
    sheet.append(["主动公开", 3, "未公开的，扣0.5分\n扣完为止", dt.date(2021, 12, 31)])
    sheet.append([None, 0.5, "每少一项扣1分", dt.datetime(2021, 6, 30)])
    sheet.append([None, 2.0, "  两边有空格  ", None])
    sheet.merge_cells("A3:A5")
    sheet.append([])  # an empty row inside the table
    sheet.append(["依申请公开", Decimal("1.50"), True, None])
    sheet["F20"].number_format = "0.00"  # formatted but empty: trimmed
    workbook.create_sheet("空白")
    hidden = workbook.create_sheet("说明")
    hidden["B2"] = "隐藏的说明"
    hidden.sheet_state = "hidden"
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_xlsx_merges_numbers_dates():
    tables = read_tables("细则.xlsx", make_xlsx())
    assert [t.source for t in tables] == ["工作表“评分表”", "工作表“说明”"]
    table = tables[0]
    assert table.rows == [
        ["2021年度考核细则", "", "", ""],
        ["一级指标", "分值", "评分标准", "完成时限"],
        ["主动公开", "3", "未公开的，扣0.5分\n扣完为止", "2021年12月31日"],
        ["", "0.5", "每少一项扣1分", "2021年6月30日"],
        ["", "2", "两边有空格", ""],
        ["依申请公开", "1.5", "是", ""],
    ]
    assert table.lines == [1, 2, 3, 4, 5, 7]  # sheet row 6 is empty and skipped
    assert table.spans == {(0, 0): (1, 4), (2, 0): (3, 1)}
    assert table.rowspan(2, 0) == 3 and table.rowspan(3, 0) == 1
    assert tables[1].rows == [["", "隐藏的说明"]]
    assert tables[1].lines == [2]


def test_xlsx_merge_over_skipped_empty_row_counts_kept_rows():
    workbook = Workbook()
    sheet = workbook.active
    sheet["A1"], sheet["B1"] = "主动公开", "第一项"
    sheet["B3"] = "第三项"
    sheet.merge_cells("A1:A3")  # row 2 holds nothing but the merge: it is skipped
    buffer = BytesIO()
    workbook.save(buffer)
    [table] = read_tables("a.xlsx", buffer.getvalue())
    assert table.rows == [["主动公开", "第一项"], ["", "第三项"]]
    assert table.lines == [1, 3]
    assert table.spans == {(0, 0): (2, 1)}


@pytest.mark.parametrize("value, text", [
    (3, "3"), (3.0, "3"), (0.1, "0.1"), (0.5, "0.5"), (1e-7, "0.0000001"), (1234567.25, "1234567.25"),
    (Decimal("2.50"), "2.5"), (Decimal("300"), "300"), (False, "否"),
    (dt.datetime(2022, 1, 5, 0, 0), "2022年1月5日"), (" 文字 ", "文字"), ("a\r\nb", "a\nb"), (None, ""),
])
def test_cell_text(value, text):
    assert cell_text(value) == text


# --- docx ------------------------------------------------------------------------------------


def make_docx() -> bytes:
    document = docx.Document()
    document.add_paragraph("考核细则")
    document.add_table(rows=1, cols=2)  # an empty table: skipped, but it is still the 1st
    table = document.add_table(rows=5, cols=4)
    texts = [
        ["标题", "", "", ""],
        ["一级指标", "二级指标", "分值", "评分标准"],
        ["主动公开", "决策公开", "3", "未公开的扣1分"],
        ["", "执行公开", "2", "第一段"],
        ["", "结果公开", "", ""],
    ]
    for r, cells in enumerate(texts):
        for c, text in enumerate(cells):
            if text:
                table.cell(r, c).text = text
    table.cell(3, 3).add_paragraph("第二段")
    table.cell(0, 0).merge(table.cell(0, 3))  # horizontal: title over all columns
    table.cell(2, 0).merge(table.cell(4, 0))  # vertical: 主动公开 over three rows
    table.cell(3, 2).merge(table.cell(4, 3))  # both: 2 rows × 2 columns
    nested = table.cell(1, 3).add_table(rows=1, cols=1)
    nested.cell(0, 0).text = "嵌套表格"
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_docx_grid_and_spans():
    [table] = read_tables("细则.docx", make_docx())
    assert table.source == "第2个表格"
    assert table.rows == [
        ["标题", "", "", ""],
        ["一级指标", "二级指标", "分值", "评分标准"],
        ["主动公开", "决策公开", "3", "未公开的扣1分"],
        ["", "执行公开", "2\n第一段\n第二段", ""],
        ["", "结果公开", "", ""],
    ]
    assert table.lines == [1, 2, 3, 4, 5]
    assert table.spans == {(0, 0): (1, 4), (2, 0): (3, 1), (3, 2): (2, 2)}


# --- json ------------------------------------------------------------------------------------


def test_table_json_round_trip():
    table = Table("工作表“评分表”", [["a", ""], ["b", "c"]], [1, 3], {(0, 0): (1, 2)})
    data = table.to_json()
    assert data["spans"] == {"0,0": [1, 2]}
    assert Table.from_json(data) == table
