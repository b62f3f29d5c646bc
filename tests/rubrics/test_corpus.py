"""A corpus of rubric tables in shapes the seeds do not have, each read as a person would read it.

Every case is a small .xlsx, .docx or text file made by the builders below, imported through
`read_tables` and `read_rubric` as an upload is, and checked for the exact items (ids, paths,
points), the groups' points, the total, the reading of a couple of items, and the warnings — or
their absence.
"""
from io import BytesIO

import docx
import pytest
from openpyxl import Workbook

from zwgk.rubrics import NoRubricColumns, read_rubric, read_tables

# --- builders -----------------------------------------------------------------------------------
# Each takes rows of cell texts (numbers allowed in a workbook) and returns the file's bytes.

Sheet = tuple  # (title, rows) or (title, rows, merged ranges like "A3:A5")


def xlsx(*sheets: Sheet) -> bytes:
    """A workbook with one worksheet per (title, rows[, merges]); None or "" is an empty cell."""
    book = Workbook()
    book.remove(book.active)
    for title, rows, *rest in sheets:
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append([None if cell == "" else cell for cell in row])
        for merged in (rest[0] if rest else []):
            sheet.merge_cells(merged)
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def docx_file(tables: list[list[list[str]]], merges: list[list[tuple[int, int, int, int]]] | None = None,
              between: str = "（续表）") -> bytes:
    """A document with the tables in order, a paragraph between them (a page's end).

    `merges[i]` lists (row, col, last_row, last_col) ranges of table i; only the top-left cell
    of a range should hold text, as Word keeps it.
    """
    document = docx.Document()
    document.add_paragraph("政务公开工作考核细则")
    for i, rows in enumerate(tables):
        if i:
            document.add_paragraph(between)
        width = max(len(r) for r in rows)
        table = document.add_table(rows=len(rows), cols=width)
        for r, cells in enumerate(rows):
            for c, text in enumerate(cells):
                if text != "":
                    table.cell(r, c).text = str(text)
        for top, left, bottom, right in (merges[i] if merges else []):
            table.cell(top, left).merge(table.cell(bottom, right))
    out = BytesIO()
    document.save(out)
    return out.getvalue()


def text_file(rows: list[list[str]], before: str = "政务公开工作考核细则\n\n", encoding: str = "utf-8") -> bytes:
    """Tab-separated rows, one per line, after a line of prose (a notice copied from a web page)."""
    body = "\n".join("\t".join(str(c) for c in row) for row in rows)
    return (before + body + "\n").encode(encoding)


def read(filename: str, data: bytes, roles=None):
    """The draft of an uploaded file, as the web app and the command line make it."""
    return read_rubric(read_tables(filename, data), roles)


def items(draft) -> list[tuple[str, list[str], str | None]]:
    """(id, path, points) of every item, in order."""
    return [(i["id"], i["path"], i["points"]) for i in draft.scheme["items"]]


def group_points(draft) -> dict[tuple[str, ...], str]:
    """The groups that carry points, path → points."""
    return {tuple(g["path"]): g["points"] for g in draft.scheme["groups"] if g.get("points") is not None}


def codes(draft) -> list[str]:
    """The warning codes, in order."""
    return [w.code for w in draft.warnings]


def clauses(draft, ident: str) -> list[tuple]:
    """(kind, amount, cap) of an item's clauses as the engine reads them; a grade's tiers for its amount."""
    out = []
    for clause in draft.readings[ident].clauses:
        if clause.tiers:
            out.append((clause.kind.value, [(t.label, str(t.amount)) for t in clause.tiers]))
        else:
            out.append((clause.kind.value, _s(clause.amount), _s(clause.cap)))
    return out


def _s(value) -> str | None:
    return None if value is None else str(value)


def item(draft, ident: str) -> dict:
    (found,) = [i for i in draft.scheme["items"] if i["id"] == ident]
    return found


H = ["一级指标", "二级指标", "分值", "评分标准"]

# --- 序号 column --------------------------------------------------------------------------------


def test_seq_column_gives_the_ids():
    rows = [["XX县2023年政务公开工作考核细则"], ["序号", *H],
            [1, "组织保障", "领导重视", 5, "未召开专题会议研究政务公开工作的，扣2分；未明确分管领导的，扣3分。"],
            [2, "", "工作机制", 5, "未建立信息发布审查机制的，扣5分。"],
            [3, "主动公开", "政策文件", 10, "政策文件未按时公开，每发现一次扣1分，扣完为止。"],
            [4, "", "政策解读", 10, "政策解读率低于90%的，每降低1个百分点扣0.5分。"]]
    draft = read("细则.xlsx", xlsx(("细则", rows, ["A1:E1"])))
    assert items(draft) == [
        ("1", ["组织保障", "领导重视"], "5"),
        ("2", ["组织保障", "工作机制"], "5"),
        ("3", ["主动公开", "政策文件"], "10"),
        ("4", ["主动公开", "政策解读"], "10"),
    ]
    assert group_points(draft) == {}
    assert draft.scheme["total_points"] == "30"
    assert draft.scheme["title"] == "XX县2023年政务公开工作考核细则"
    assert draft.scheme["levels"] == ["一级指标", "二级指标"]
    assert clauses(draft, "1") == [("once", "2", None), ("once", "3", None)]
    assert clauses(draft, "4") == [("rate", "0.5", None)]
    assert codes(draft) == []


def test_seq_column_with_dotted_numbers():
    rows = [["序号", *H],
            ["1.1", "组织保障", "领导重视", "5", "未召开专题会议的，扣2分。"],
            ["1.2", "", "工作机制", "5", "未建立机制的，扣5分。"],
            ["2.1", "主动公开", "政策文件", "10", "每缺1件扣1分，最多扣10分。"]]
    draft = read("细则.txt", text_file(rows))
    assert items(draft) == [
        ("1.1", ["组织保障", "领导重视"], "5"),
        ("1.2", ["组织保障", "工作机制"], "5"),
        ("2.1", ["主动公开", "政策文件"], "10"),
    ]
    assert draft.scheme["total_points"] == "20"
    assert clauses(draft, "2.1") == [("per_occurrence", "1", "10")]
    assert codes(draft) == []


def test_seq_column_numbers_sections_with_chinese_numerals():
    """一、二… in the 序号 column head a section (a group with its points), 1, 2, 3… its items."""
    rows = [["序号", "考核指标", "分值", "评分标准"],
            ["一", "组织保障", "10", ""],
            ["1", "领导重视", "5", "未召开专题会议的，扣2分。"],
            ["2", "工作机制", "5", "未建立机制的，扣5分。"],
            ["二", "主动公开", "10", ""],
            ["3", "政策文件", "10", "每发现一次未按时公开扣1分。"],
            ["合计", "", "20", ""]]
    draft = read("细则.xlsx", xlsx(("细则", rows)))
    assert items(draft) == [
        ("1", ["组织保障", "领导重视"], "5"),
        ("2", ["组织保障", "工作机制"], "5"),
        ("3", ["主动公开", "政策文件"], "10"),
    ]
    assert group_points(draft) == {("组织保障",): "10", ("主动公开",): "10"}
    assert draft.scheme["total_points"] == "20"
    assert codes(draft) == []


@pytest.mark.parametrize("kind", ["xlsx", "docx"])
def test_section_headings_merged_across_the_table(kind):
    """A heading row “一、组织保障（10分）” merged across all columns is its items' group."""
    rows = [["序号", "考核内容", "分值", "评分标准"],
            ["一、组织保障（10分）", "", "", ""],
            ["1", "领导重视", "5", "未召开专题会议的，扣2分。"],
            ["2", "工作机制", "5", "未建立机制的，扣5分。"],
            ["二、主动公开（10分）", "", "", ""],
            ["3", "政策文件", "10", "每发现一次未按时公开扣1分。"]]
    if kind == "xlsx":
        data = xlsx(("细则", rows, ["A2:D2", "A5:D5"]))
    else:
        data = docx_file([rows], [[(1, 0, 1, 3), (4, 0, 4, 3)]])
    draft = read(f"细则.{kind}", data)
    assert items(draft) == [("1", ["组织保障"], "5"), ("2", ["组织保障"], "5"), ("3", ["主动公开"], "10")]
    assert item(draft, "1")["requirement"] == "领导重视"
    assert group_points(draft) == {("组织保障",): "10", ("主动公开",): "10"}
    assert draft.scheme["total_points"] == "20"
    assert codes(draft) == []


# --- points written in the text ---------------------------------------------------------------


@pytest.mark.parametrize("kind", ["xlsx", "txt"])
def test_points_only_in_the_text(kind):
    rows = [["一级指标", "二级指标", "评分标准", "考核方式"],
            ["组织保障", "领导重视", "未召开专题会议研究政务公开工作的，扣2分（5分）", "查阅资料"],
            ["", "工作机制", "未建立信息发布审查机制的，扣3分。(5分)", "查阅资料"],
            ["主动公开", "政策文件", "政策文件未按时公开，每发现一次扣1分，扣完为止。（10分）", "网站检查"],
            ["", "政策解读", "政策解读每缺1篇扣0.5分，最多扣5分（ 10 分）", "网站检查"]]
    data = xlsx(("细则", rows)) if kind == "xlsx" else text_file(rows)
    draft = read(f"细则.{kind}", data)
    assert items(draft) == [
        ("1", ["组织保障", "领导重视"], "5"),
        ("2", ["组织保障", "工作机制"], "5"),
        ("3", ["主动公开", "政策文件"], "10"),
        ("4", ["主动公开", "政策解读"], "10"),
    ]
    assert group_points(draft) == {}
    assert draft.scheme["total_points"] == "30"
    assert item(draft, "2")["text"] == "未建立信息发布审查机制的，扣3分。(5分)"  # verbatim
    assert item(draft, "2")["method"] == "查阅资料"
    assert clauses(draft, "2") == [("once", "3", None)]
    assert clauses(draft, "4") == [("per_occurrence", "0.5", "5")]
    assert codes(draft) == []


# --- 优/良/中/差 columns --------------------------------------------------------------------------


def test_grade_columns():
    rows = [["考核项目", "考核内容", "分值", "优", "良", "中", "差"],
            ["政策解读", "解读材料与文件同步发布，形式多样", 10, 10, 8, 6, 3],
            ["回应关切", "及时回应社会关切", 5, 5, 4, 3, 1]]
    draft = read("细则.xlsx", xlsx(("细则", rows)))
    assert [layout.roles for layout in draft.layouts] == [["level", "requirement", "points", "grade", "grade", "grade", "grade"]]
    assert items(draft) == [("1", ["政策解读"], "10"), ("2", ["回应关切"], "5")]
    assert draft.scheme["total_points"] == "15"
    assert clauses(draft, "1") == [("grade", [("优", "10"), ("良", "8"), ("中", "6"), ("差", "3")])]
    assert clauses(draft, "2") == [("grade", [("优", "5"), ("良", "4"), ("中", "3"), ("差", "1")])]
    first = item(draft, "1")
    assert first["requirement"] == "解读材料与文件同步发布，形式多样"
    assert first["read_as"] == "评为优、良、中、差的分别得10、8、6、3分"
    assert first["reading"] == "评分档次取自表中“优”“良”“中”“差”列"
    assert first["clauses"][0]["kind"] == "grade"
    assert codes(draft) == []


@pytest.mark.parametrize("kind", ["docx", "txt"])
def test_grade_columns_named_in_full(kind):
    rows = [["考核项目", "评分标准", "分值", "优秀", "良好", "一般", "较差"],
            ["政策解读", "按解读质量评定等次", "10", "10分", "8分", "6分", "3分"],
            ["回应关切", "", "5", "5", "4", "2.5", "0"]]
    draft = read(f"细则.{kind}", docx_file([rows]) if kind == "docx" else text_file(rows))
    assert items(draft) == [("1", ["政策解读"], "10"), ("2", ["回应关切"], "5")]
    assert draft.scheme["total_points"] == "15"
    assert clauses(draft, "1") == [("grade", [("优秀", "10"), ("良好", "8"), ("一般", "6"), ("较差", "3")])]
    assert clauses(draft, "2") == [("grade", [("优秀", "5"), ("良好", "4"), ("一般", "2.5"), ("较差", "0")])]
    assert item(draft, "1")["read_as"] == "按解读质量评定等次。评为优秀、良好、一般、较差的分别得10、8、6、3分"
    assert codes(draft) == []


def test_grade_columns_under_a_merged_header_without_points():
    """评分等次 merged over 优/良/中/差 and no 分值 column: the best grade is the item's points."""
    rows = [["考核项目", "评分标准", "评分等次", "", "", ""],
            ["", "", "优", "良", "中", "差"],
            ["政策解读", "按解读质量评定", 10, 8, 6, 3],
            ["回应关切", "按回应情况评定", 5, 4, 3, 1]]
    draft = read("细则.xlsx", xlsx(("细则", rows, ["A1:A2", "B1:B2", "C1:F1"])))
    assert [layout.headers for layout in draft.layouts] == [["考核项目", "评分标准", "优", "良", "中", "差"]]
    assert items(draft) == [("1", ["政策解读"], "10"), ("2", ["回应关切"], "5")]
    assert draft.scheme["total_points"] == "15"
    assert clauses(draft, "2") == [("grade", [("优", "5"), ("良", "4"), ("中", "3"), ("差", "1")])]
    assert codes(draft) == []


# --- totals rows ------------------------------------------------------------------------------

ROWS = [H,
        ["组织保障", "领导重视", 5, "未召开专题会议研究政务公开工作的，扣2分。"],
        ["", "工作机制", 5, "未建立信息发布审查机制的，扣3分。"],
        ["主动公开", "政策文件", 10, "每发现一次扣1分。"]]
ITEMS = [("1", ["组织保障", "领导重视"], "5"), ("2", ["组织保障", "工作机制"], "5"), ("3", ["主动公开", "政策文件"], "10")]


@pytest.mark.parametrize("kind, total_row", [
    ("xlsx", ["合计", "", 20, ""]),
    ("xlsx", ["", "总计", "20", ""]),
    ("txt", ["合  计", "", "", "20分"]),  # the figure in another column, spaced label
])
def test_totals_row_states_the_total(kind, total_row):
    rows = ROWS + [total_row]
    draft = read(f"细则.{kind}", xlsx(("细则", rows)) if kind == "xlsx" else text_file(rows))
    assert items(draft) == ITEMS  # the totals row is no item
    assert draft.scheme["total_points"] == "20"
    assert codes(draft) == []


@pytest.mark.parametrize("label, total, warned", [
    ("合计：20分", "20", False),
    ("总分（20分）", "20", False),
    ("合计 25", "25", True),
])
def test_totals_written_in_one_merged_cell(label, total, warned):
    """“合计：20分” merged across the row: the figure is the total, and no group named after it."""
    draft = read("细则.xlsx", xlsx(("细则", ROWS + [[label, "", "", ""]], ["A5:D5"])))
    assert items(draft) == ITEMS
    assert [g["path"] for g in draft.scheme["groups"]] == [["组织保障"], ["主动公开"]]
    assert draft.scheme["total_points"] == total
    assert codes(draft) == (["total_sum"] if warned else [])


@pytest.mark.parametrize("kind", ["xlsx", "docx"])
def test_totals_row_that_disagrees_is_reported(kind):
    rows = ROWS + [["总计", "", "25", ""]]
    data = xlsx(("细则", rows, ["A5:B5"])) if kind == "xlsx" else docx_file([rows], [[(4, 0, 4, 1)]])
    draft = read(f"细则.{kind}", data)
    assert items(draft) == ITEMS
    assert draft.scheme["total_points"] == "25"  # as written: the person decides
    assert codes(draft) == ["total_sum"]
    assert "方案总分25分，各指标分值合计20分" in draft.warnings[0].message


# --- several sheets ---------------------------------------------------------------------------

SHEET1 = [["XX县2023年度政务公开工作考核细则（总分50分）"], [*H, "自评分"],
          ["组织保障", "领导重视", 5, "未召开专题会议研究政务公开工作的，扣2分。"],
          ["", "工作机制", 5, "未建立信息发布审查机制的，扣3分。"]]
SHEET2 = [[*H, "自评分"],
          ["主动公开", "政策文件", 10, "每发现一次扣1分。"],
          ["", "政策解读", 10, "每缺1篇扣0.5分。"]]
SHEET3 = [["依申请公开", "答复规范", 10, "答复不规范的，每件扣1分。"],
          ["", "办理时限", 10, "超期答复的，每件扣2分。"]]
SHEET_ITEMS = [
    ("1", ["组织保障", "领导重视"], "5"), ("2", ["组织保障", "工作机制"], "5"),
    ("3", ["主动公开", "政策文件"], "10"), ("4", ["主动公开", "政策解读"], "10"),
    ("5", ["依申请公开", "答复规范"], "10"), ("6", ["依申请公开", "办理时限"], "10"),
]
CONTACTS = [["各单位政务公开联系人名单"], ["单位", "姓名", "职务", "电话"],
            ["县政府办", "张三", "主任", "0350-1234567"], ["县财政局", "李四", "科长", "13800001111"]]


def test_rubric_split_over_sheets():
    draft = read("细则.xlsx", xlsx(("第1页", SHEET1, ["A1:E1"]), ("第2页", SHEET2), ("第3页", SHEET3)))
    assert len(draft.layouts) == 1
    assert draft.layouts[0].roles == ["level", "level", "points", "text", None]
    assert items(draft) == SHEET_ITEMS
    assert [row.source for row in draft.layouts[0].rows] == ["工作表“第1页”"] * 2 + ["工作表“第2页”"] * 2 + ["工作表“第3页”"] * 2
    assert draft.scheme["total_points"] == "50"
    assert draft.scheme["title"] == "XX县2023年度政务公开工作考核细则"
    assert clauses(draft, "6") == [("per_occurrence", "2", None)]
    assert codes(draft) == []


@pytest.mark.parametrize("contacts_first", [False, True])
def test_unrelated_sheet_is_left_out(contacts_first):
    rubric = ("细则", SHEET1 + SHEET2[1:] + SHEET3)
    contacts = ("联系人", CONTACTS)
    draft = read("细则.xlsx", xlsx(*([contacts, rubric] if contacts_first else [rubric, contacts])))
    assert items(draft) == SHEET_ITEMS
    assert draft.scheme["total_points"] == "50"
    assert codes(draft) == ["not_rubric"]
    assert draft.warnings[0].message.startswith("工作表“联系人”的表格")


def test_unrelated_sheet_with_numbers_in_the_points_column_is_left_out():
    """A 名单 whose telephone numbers fall in the 分值 column is no continuation either."""
    rubric = [["考核项目", "分值", "评分标准"], ["政策解读", 10, "未同步解读的，每件扣1分。"]]
    contacts = [["张三", "13800001111", "县政府办"], ["李四", "13900002222", "县财政局"]]
    draft = read("细则.xlsx", xlsx(("细则", rubric), ("名单", contacts)))
    assert items(draft) == [("1", ["政策解读"], "10")]
    assert codes(draft) == ["not_rubric"]


# --- header shapes ----------------------------------------------------------------------------

TWO_ROW_HEADER = [["考核指标", "", "", "分值", "评分标准"],
                  ["一级指标", "二级指标", "三级指标", "", ""],
                  ["组织保障（10分）", "领导重视", "专题研究", 5, "未召开专题会议研究政务公开工作的，扣2分。"],
                  ["", "", "分管领导", 5, "未明确分管领导的，扣5分。"],
                  ["主动公开（20分）", "政策文件", "按时公开", 10, "每发现一次未按时公开扣1分。"],
                  ["", "政策解读", "解读比例", 10, "解读率低于90%的，扣5分。"]]


@pytest.mark.parametrize("kind", ["xlsx", "docx"])
def test_two_row_header(kind):
    if kind == "xlsx":
        data = xlsx(("细则", TWO_ROW_HEADER, ["A1:C1", "D1:D2", "E1:E2", "A3:A4", "B3:B4", "A5:A6"]))
    else:
        data = docx_file([TWO_ROW_HEADER], [[(0, 0, 0, 2), (0, 3, 1, 3), (0, 4, 1, 4), (2, 0, 3, 0), (2, 1, 3, 1), (4, 0, 5, 0)]])
    draft = read(f"细则.{kind}", data)
    assert [layout.headers for layout in draft.layouts] == [["一级指标", "二级指标", "三级指标", "分值", "评分标准"]]
    assert draft.scheme["levels"] == ["一级指标", "二级指标", "三级指标"]
    assert items(draft) == [
        ("1", ["组织保障", "领导重视", "专题研究"], "5"),
        ("2", ["组织保障", "领导重视", "分管领导"], "5"),
        ("3", ["主动公开", "政策文件", "按时公开"], "10"),
        ("4", ["主动公开", "政策解读", "解读比例"], "10"),
    ]
    assert group_points(draft) == {("组织保障",): "10", ("主动公开",): "20"}
    assert [g["path"] for g in draft.scheme["groups"]] == [
        ["组织保障"], ["组织保障", "领导重视"], ["主动公开"], ["主动公开", "政策文件"], ["主动公开", "政策解读"],
    ]
    assert draft.scheme["total_points"] == "30"
    assert clauses(draft, "4") == [("guard", "5", None)]
    assert codes(draft) == []


def test_header_variants():
    rows = [["考核项目", "考核内容", "赋分", "扣分标准", "加分标准", "责任单位", "完成时限", "考核方式", "备注", "自评分"],
            ["政策解读", "重要政策文件同步解读", "10", "未同步解读的，每件扣1分。", "解读形式创新被市级推广的，加1分。",
             "县政府办", "2023年12月底", "网站检查", "重点指标", "8"],
            ["信息发布", "按时发布政府信息", "5", "每发现一条错误信息扣0.5分，扣分上限为3分。", "",
             "各乡镇、各部门", "长期坚持", "查阅资料", "", "5"]]
    draft = read("细则.xlsx", xlsx(("细则", rows)))
    assert draft.layouts[0].roles == ["level", "requirement", "points", "text", "bonus_text", "responsible", "deadline",
                                      "method", "notes", None]
    assert items(draft) == [("1", ["政策解读"], "10"), ("2", ["信息发布"], "5")]
    first = item(draft, "1")
    assert {k: first[k] for k in ("text", "bonus_text", "requirement", "responsible", "deadline", "method", "notes")} == {
        "text": "未同步解读的，每件扣1分。", "bonus_text": "解读形式创新被市级推广的，加1分。", "requirement": "重要政策文件同步解读",
        "responsible": "县政府办", "deadline": {"text": "2023年12月底"}, "method": "网站检查", "notes": "重点指标",
    }
    assert "8" not in str(first)  # the 自评分 column is the units' own, never part of the scheme
    assert clauses(draft, "1") == [("per_occurrence", "1", None), ("bonus", "1", None)]
    assert [c.get("source", "text") for c in first["clauses"]] == ["text", "bonus_text"]
    assert clauses(draft, "2") == [("per_occurrence", "0.5", "3")]
    assert draft.scheme["total_points"] == "15"
    assert codes(draft) == []


# --- Word tables: merged cells, rows across pages ----------------------------------------------


def test_docx_merged_levels_and_points_on_the_group():
    """一级指标 merged down over its items and a 分值 merged over a group's rows: the group's pool;
    its items have points only where their text writes “（N分）”."""
    rows = [H,
            ["组织保障", "领导重视", "10", "未召开专题会议研究政务公开工作的，扣2分（4分）"],
            ["", "工作机制", "", "未建立信息发布审查机制的，扣3分（6分）"],
            ["主动公开", "政策文件", "20", "每发现一次未按时公开扣1分。"],
            ["", "政策解读", "", "解读率低于90%的，扣5分。"],
            ["", "公开平台", "", "网站栏目每缺1个扣0.5分。"],
            ["依申请公开", "答复规范", "5", "答复不规范的，每件扣1分。"],
            ["", "办理时限", "5", "超期答复的，每件扣2分。"]]
    merges = [(1, 0, 2, 0), (1, 2, 2, 2), (3, 0, 5, 0), (3, 2, 5, 2), (6, 0, 7, 0)]
    draft = read("细则.docx", docx_file([rows], [merges]))
    assert items(draft) == [
        ("1", ["组织保障", "领导重视"], "4"),
        ("2", ["组织保障", "工作机制"], "6"),
        ("3", ["主动公开", "政策文件"], None),
        ("4", ["主动公开", "政策解读"], None),
        ("5", ["主动公开", "公开平台"], None),
        ("6", ["依申请公开", "答复规范"], "5"),
        ("7", ["依申请公开", "办理时限"], "5"),
    ]
    assert group_points(draft) == {("组织保障",): "10", ("主动公开",): "20"}
    assert draft.scheme["total_points"] == "40"
    assert clauses(draft, "5") == [("per_occurrence", "0.5", None)]
    assert codes(draft) == []  # pooled items have points through their group


def test_docx_second_level_merged_over_its_items():
    """二级指标 merged down over several rows names their group; each row is an item of it (the
    寻乌 shape in Word), even when most rows carry a 二级指标 cell of their own."""
    rows = [H,
            ["主动公开", "政策文件", "10", "每发现一次未按时公开扣1分（5分）"],
            ["", "", "", "政策文件解读每缺1篇扣0.5分（5分）"],
            ["", "公开平台", "6", "网站栏目每缺1个扣0.5分。"],
            ["", "", "", "政务新媒体未按时更新的，扣1分。"],
            ["依申请公开", "答复规范", "4", "答复不规范的，每件扣1分。"]]
    merges = [(1, 0, 4, 0), (1, 1, 2, 1), (1, 2, 2, 2), (3, 1, 4, 1), (3, 2, 4, 2)]
    draft = read("细则.docx", docx_file([rows], [merges]))
    assert items(draft) == [
        ("1", ["主动公开", "政策文件"], "5"),
        ("2", ["主动公开", "政策文件"], "5"),
        ("3", ["主动公开", "公开平台"], None),
        ("4", ["主动公开", "公开平台"], None),
        ("5", ["依申请公开", "答复规范"], None),
    ]
    assert group_points(draft) == {("主动公开", "政策文件"): "10", ("主动公开", "公开平台"): "6",
                                   ("依申请公开", "答复规范"): "4"}
    assert draft.scheme["total_points"] == "20"
    assert clauses(draft, "4") == [("once", "1", None)]
    assert codes(draft) == []


@pytest.mark.parametrize("header_repeated", [False, True])
def test_docx_row_continued_on_the_next_page(header_repeated):
    page1 = [H,
             ["组织保障", "领导重视", "5", "未召开专题会议研究政务公开工作的，扣2分。"],
             ["主动公开", "政策文件", "10", "政策文件未按时公开，每发现一次扣1分，"]]
    page2 = [["", "", "", "扣分上限为6分。"],
             ["", "政策解读", "5", "解读率低于90%的，扣5分。"]]
    draft = read("细则.docx", docx_file([page1, ([H] if header_repeated else []) + page2]))
    assert items(draft) == [
        ("1", ["组织保障", "领导重视"], "5"),
        ("2", ["主动公开", "政策文件"], "10"),
        ("3", ["主动公开", "政策解读"], "5"),
    ]
    assert item(draft, "2")["text"] == "政策文件未按时公开，每发现一次扣1分，扣分上限为6分。"
    assert clauses(draft, "2") == [("per_occurrence", "1", "6")]
    assert draft.scheme["total_points"] == "20"
    assert codes(draft) == ["continued"]
    line = 2 if header_repeated else 1
    assert draft.warnings[0].message == f"第2项：第1个表格第3行的评分标准在下一页第2个表格第{line}行接着写，已并为一项"
    assert draft.warnings[0].item == "2"  # linked to the item on the review page


def test_row_after_a_page_break_that_ends_a_sentence_is_not_joined():
    """A previous row that ends with “。” is complete: the row after the break is an item of its own."""
    page1 = [H, ["主动公开", "政策文件", "10", "每发现一次未按时公开扣1分。"]]
    page2 = [["", "政策解读", "5", "解读率低于90%的，扣5分。"]]
    draft = read("细则.docx", docx_file([page1, page2]))
    assert items(draft) == [("1", ["主动公开", "政策文件"], "10"), ("2", ["主动公开", "政策解读"], "5")]
    assert codes(draft) == []


# --- text tables with OCR damage -------------------------------------------------------------

OCR = [[*H, "考核方式"],
       ["组织保障", "领导重视", "5", "未召开专题会议研究政务公开工作的，扣2分。", "查阅资料"],
       None,
       ["主动公开", "政策文件", "10", "每发现一次未按时公开扣1分。", "网站检查"]]


@pytest.mark.parametrize("row, way", [
    (["工作机制", "5", "未建立信息发布审查机制的，扣3分。", "查阅资料"], "右"),  # the merged 一级指标 cell dropped
    (["", "", "工作机制", "5", "未建立信息发布审查机制的，扣3分。", "查阅资料"], "左"),  # an empty cell doubled
])
def test_ocr_shifted_row_is_realigned(row, way):
    rows = [r if r is not None else row for r in OCR]
    draft = read("细则.txt", text_file(rows))
    assert items(draft) == [
        ("1", ["组织保障", "领导重视"], "5"),
        ("2", ["组织保障", "工作机制"], "5"),
        ("3", ["主动公开", "政策文件"], "10"),
    ]
    assert item(draft, "2")["method"] == "查阅资料"
    assert clauses(draft, "2") == [("once", "3", None)]
    assert draft.scheme["total_points"] == "20"
    assert codes(draft) == ["shifted"]
    assert draft.warnings[0].message == f"第2项：第5行的单元格与表头错位，已将该行向{way}移动1格，使分值落在分值列，请核对指标层级和各列内容"
    assert draft.warnings[0].item == "2"


# --- warnings ---------------------------------------------------------------------------------


def test_warnings_not_understood_cap_over_points_group_sum():
    rows = [H,
            ["组织保障（10分）", "领导重视", "5", "未召开专题会议的，按比例扣分。"],
            ["", "工作机制", "4", "每发现一项机制缺失扣1分，最多扣6分。"],
            ["主动公开（10分）", "政策文件", "10", "每发现一次未按时公开扣1分。"]]
    draft = read("细则.xlsx", xlsx(("细则", rows)))
    assert items(draft) == [
        ("1", ["组织保障", "领导重视"], "5"),
        ("2", ["组织保障", "工作机制"], "4"),
        ("3", ["主动公开", "政策文件"], "10"),
    ]
    assert group_points(draft) == {("组织保障",): "10", ("主动公开",): "10"}
    assert draft.scheme["total_points"] == "20"
    assert [(w.item, w.code) for w in draft.warnings] == [("1", "not_understood"), ("2", "cap_over_points"), (None, "group_sum")]
    assert "“未召开专题会议的，按比例扣分”未能识别为计分规则" in draft.warnings[0].message
    assert draft.warnings[1].message.startswith("第2项第1条的上限6分大于该项分值4分")
    assert draft.warnings[2].message == "分组“组织保障”分值10分，组内指标合计9分，两者不一致，请核对。"
    assert clauses(draft, "1") == []
    assert "clauses" not in item(draft, "1")  # not understood: left for a person, never guessed
    assert clauses(draft, "2") == [("per_occurrence", "1", "6")]


def test_pooled_group_whose_items_exceed_it():
    rows = [H,
            ["主动公开", "政策文件", "10", "每发现一次未按时公开扣1分（6分）"],
            ["", "政策解读", "", "解读率低于90%的，扣5分（6分）"],
            ["", "公开平台", "", "网站栏目每缺1个扣0.5分。"]]
    draft = read("细则.xlsx", xlsx(("细则", rows, ["A2:A4", "C2:C4"])))
    assert items(draft) == [("1", ["主动公开", "政策文件"], "6"), ("2", ["主动公开", "政策解读"], "6"),
                            ("3", ["主动公开", "公开平台"], None)]
    assert group_points(draft) == {("主动公开",): "10"}
    assert codes(draft) == ["group_sum"]
    assert "组内已写分值的指标合计12分，超过了分组分值" in draft.warnings[0].message


# --- the person's column mapping ----------------------------------------------------------------


def test_roles_override_changes_the_reading():
    rows = [["一级指标", "考核内容", "分值", "说明"],
            ["组织保障", "未召开专题会议的，扣2分。", "5", "查阅会议纪要"],
            ["主动公开", "每发现一次未按时公开扣1分。", "10", "网站检查"]]
    data = xlsx(("细则", rows))
    guessed = read("细则.xlsx", data)
    assert guessed.layouts[0].roles == ["level", "requirement", "points", "notes"]
    assert items(guessed) == [("1", ["组织保障"], "5"), ("2", ["主动公开"], "10")]
    assert item(guessed, "1")["requirement"] == "未召开专题会议的，扣2分。"
    assert item(guessed, "1")["text"] is None
    assert clauses(guessed, "1") == []

    corrected = read("细则.xlsx", data, roles=[["level", "text", "points", "method"]])
    assert corrected.layouts[0].roles == ["level", "text", "points", "method"]
    assert items(corrected) == [("1", ["组织保障"], "5"), ("2", ["主动公开"], "10")]
    first = item(corrected, "1")
    assert (first["text"], first["requirement"], first["method"], first["notes"]) == (
        "未召开专题会议的，扣2分。", None, "查阅会议纪要", None)
    assert clauses(corrected, "1") == [("once", "2", None)]
    assert clauses(corrected, "2") == [("per_occurrence", "1", None)]
    assert codes(corrected) == []


def test_roles_override_can_drop_a_column():
    """A 加分 column the units fill in with their own figures is no 加分标准: the person drops it."""
    rows = [["考核项目", "分值", "评分标准", "加分"],
            ["政策解读", "10", "未同步解读的，每件扣1分。", "2"],
            ["信息发布", "5", "每发现一条错误信息扣0.5分。", ""]]
    data = xlsx(("细则", rows))
    guessed = read("细则.xlsx", data)
    assert guessed.layouts[0].roles == ["level", "points", "text", "bonus_text"]
    assert item(guessed, "1")["bonus_text"] == "2"
    corrected = read("细则.xlsx", data, roles=[["level", "points", "text", None]])
    assert items(corrected) == [("1", ["政策解读"], "10"), ("2", ["信息发布"], "5")]
    assert item(corrected, "1")["bonus_text"] is None
    assert clauses(corrected, "1") == [("per_occurrence", "1", None)]
    assert codes(corrected) == []


# --- the foot of the table -------------------------------------------------------------------


def test_bonus_major_and_notes_at_the_foot():
    rows = [["XX县政务公开考核细则"], H,
            ["组织保障", "领导重视", 10, "未召开专题会议的，扣2分（4分）"],
            ["", "工作机制", "", "未建立机制的，扣3分（6分）"],
            ["综合加分项", "", "", "获得省级表彰的，每项加2分，最多加4分。"],
            ["重大扣分项", "", "", "发生泄密事件的，政务公开工作得分为零。"],
            ["合计", "", 10, ""],
            ["注：各项扣分扣完为止；未按要求提供佐证材料的，不予认定。"]]
    draft = read("细则.xlsx", xlsx(("细则", rows, ["A1:D1", "A3:A4", "C3:C4", "A8:D8"])))
    assert items(draft) == [("1", ["组织保障", "领导重视"], "4"), ("2", ["组织保障", "工作机制"], "6")]
    assert group_points(draft) == {("组织保障",): "10"}
    assert draft.scheme["total_points"] == "10"
    assert [c["text"] for c in draft.scheme["bonus"]["cases"]] == ["获得省级表彰的，每项加2分，最多加4分。"]
    assert [c["text"] for c in draft.scheme["major"]["cases"]] == ["发生泄密事件的，政务公开工作得分为零。"]
    assert clauses(draft, "B1") == [("bonus", "2", "4")]
    assert clauses(draft, "M1") == [("zero", None, None)]
    assert draft.scheme["notes"] == ["注：各项扣分扣完为止；未按要求提供佐证材料的，不予认定。"]
    assert draft.scheme["rules"]["floor_at_zero"] is True and draft.scheme["rules"]["evidence_rule"] is True
    assert codes(draft) == []


def test_numbered_section_rows_and_items_without_scoring_text():
    """“五、加分项” heads the bonus cases like “加分项”; an item with points but only a 考核要求 is
    pointed out, since a person will have to score it."""
    rows = [["一级指标", "分值", "考核要求", "评分标准"],
            ["组织领导", "5", "成立领导小组，明确分工。", ""],
            ["公开平台", "5", "网站栏目齐全。", "缺1个栏目扣1分"],
            ["五、加分项", "", "受到省级表彰的加2分", ""]]
    draft = read_rubric(read_tables("细则.txt", "\n".join("\t".join(r) for r in rows).encode()))
    assert [i["id"] for i in draft.scheme["items"]] == ["1", "2"]
    assert [c["text"] for c in draft.scheme["bonus"]["cases"]] == ["受到省级表彰的加2分"]
    assert [(w.item, w.code) for w in draft.warnings if w.code == "no_text"] == [("1", "no_text")]


def test_headers_nobody_knows_are_mapped_by_the_person():
    """A table headed 项目/要点/分/说明: the machine knows no scoring column, says so with the
    table for the person to map, and reads it once the person has said which column is which."""
    rows = [["项目", "要点", "分", "说明"],
            ["组织领导", "未成立领导小组的，扣2分", "4", ""],
            ["公开平台", "栏目每缺1个扣1分", "6", "网站"]]
    tables = read_tables("细则.txt", "\n".join("\t".join(r) for r in rows).encode())
    with pytest.raises(NoRubricColumns) as caught:
        read_rubric(tables)
    (layout,) = caught.value.layouts
    assert layout.headers == ["项目", "要点", "分", "说明"] and not layout.rubric
    assert "识别表头" in caught.value.message
    draft = read_rubric(tables, [["level", "text", "points", "notes"]])
    assert [(i["path"], i["points"], i["text"]) for i in draft.scheme["items"]] == [
        (["组织领导"], "4", "未成立领导小组的，扣2分"), (["公开平台"], "6", "栏目每缺1个扣1分")]
    assert draft.scheme["items"][1]["notes"] == "网站"


def test_items_sharing_a_higher_groups_points_keep_their_own_cells():
    """一级 “公开平台（10分）” shared by its items; under 二级 “网站”, the first item has 2分 of its
    own and the next none: the 2 is that item's, not a 分值 written once for “网站”."""
    rows = [["一级指标", "二级指标", "分值", "评分标准"],
            ["公开平台（10分）", "网站", "2", "栏目每缺1个扣1分"],
            ["", "", "", "未开设互动栏目的，扣2分"],
            ["", "新媒体", "", "每少1次扣0.2分"]]
    draft = read_rubric(read_tables("细则.txt", "\n".join("\t".join(r) for r in rows).encode()))
    assert [(i["path"], i["points"]) for i in draft.scheme["items"]] == [
        (["公开平台", "网站"], "2"), (["公开平台", "网站"], None), (["公开平台", "新媒体"], None)]
    assert {tuple(g["path"]): g.get("points") for g in draft.scheme["groups"]} == {
        ("公开平台",): "10", ("公开平台", "网站"): None, ("公开平台", "新媒体"): None}
