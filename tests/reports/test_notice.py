import dataclasses
import datetime
import io
import zipfile
from decimal import Decimal as D

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Pt

from zwgk.reports.notice import notice_docx
from zwgk.reports.sheets import AnnexGroup, AnnexRow, Notice, NoticeGroup

NOTICE = Notice(
    issuer="寻乌县人民政府办公室",
    number="寻府办字〔2023〕5号",
    title="关于2022年度政务公开工作考核结果的通报",
    addressee="各乡（镇）人民政府，县政府各部门",
    opening="根据《寻乌县2022年度政务公开工作考核方案》，县政府办公室组织开展了考核，现将结果通报如下。",
    groups=(
        NoticeGroup("乡镇", (("优秀", ("澄江镇", "晨光镇")), ("良好", ("吉潭镇",)), ("一般", ()))),
        NoticeGroup("县直单位", (("优秀", ("县财政局",)),)),
    ),
    problems=("部分单位政务新媒体更新不及时。",),
    requirements=("各单位要对照问题清单逐项整改。", "整改情况于3月底前报县政府办公室。"),
    signer="寻乌县人民政府办公室",
    date=datetime.date(2023, 1, 5),
)


def open_doc(notice=NOTICE):
    return docx.Document(io.BytesIO(notice_docx(notice)))


def east_asia(run):
    return run._r.rPr.rFonts.get(qn("w:eastAsia"))


def paragraph(doc, text):
    matches = [p for p in doc.paragraphs if p.text == text]
    assert matches, f"no paragraph {text!r}"
    return matches[0]


def test_page_is_a4_with_gb_t_9704_margins():
    section = open_doc().sections[0]
    for length, mm in ((section.page_width, 210), (section.page_height, 297),
                       (section.top_margin, 37), (section.bottom_margin, 35),
                       (section.left_margin, 28), (section.right_margin, 26)):
        assert length.mm == pytest.approx(mm, abs=0.5)


def test_mark_number_and_red_rule():
    doc = open_doc()
    mark, number = doc.paragraphs[0], doc.paragraphs[1]
    assert mark.text == "寻乌县人民政府办公室文件"
    assert mark.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert east_asia(mark.runs[0]) == "方正小标宋简体"
    assert str(mark.runs[0].font.color.rgb) == "FF0000"
    assert number.text == "寻府办字〔2023〕5号"
    assert number.alignment == WD_ALIGN_PARAGRAPH.CENTER
    bottom = number._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert bottom.get(qn("w:color")) == "FF0000"


def test_title_and_addressee():
    doc = open_doc()
    title = paragraph(doc, NOTICE.title)
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert east_asia(title.runs[0]) == "方正小标宋简体"
    assert title.runs[0].font.size == Pt(22)
    addressee = paragraph(doc, "各乡（镇）人民政府，县政府各部门：")
    assert addressee.paragraph_format.first_line_indent is None


def test_body_font_size_spacing_and_indent():
    doc = open_doc()
    opening = paragraph(doc, NOTICE.opening)
    run = opening.runs[0]
    assert east_asia(run) == "仿宋_GB2312" and run.font.name == "仿宋_GB2312"
    assert run.font.size == Pt(16)
    assert opening.paragraph_format.first_line_indent == Pt(32)
    normal = doc.styles["Normal"]
    assert normal.paragraph_format.line_spacing == Pt(28)
    assert normal.paragraph_format.line_spacing_rule == WD_LINE_SPACING.EXACTLY
    assert normal.element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"


def test_sections_results_and_grades():
    doc = open_doc()
    texts = [p.text for p in doc.paragraphs]
    start = texts.index("一、考核结果")
    assert texts[start:start + 6] == [
        "一、考核结果",
        "（一）乡镇",
        "优秀（2个）：澄江镇、晨光镇。",
        "良好（1个）：吉潭镇。",
        "（二）县直单位",
        "优秀（1个）：县财政局。",
    ]
    assert texts[start + 6:start + 11] == [
        "二、存在问题", "部分单位政务新媒体更新不及时。",
        "三、整改要求", "各单位要对照问题清单逐项整改。", "整改情况于3月底前报县政府办公室。",
    ]
    assert east_asia(paragraph(doc, "一、考核结果").runs[0]) == "黑体"
    assert east_asia(paragraph(doc, "（一）乡镇").runs[0]) == "楷体_GB2312"
    assert not any(t.startswith("一般") for t in texts)


def test_empty_sections_are_left_out_and_renumbered():
    texts = [p.text for p in open_doc(dataclasses.replace(NOTICE, problems=())).paragraphs]
    assert "二、整改要求" in texts
    assert not any("存在问题" in t for t in texts)


def test_signer_and_date_right_aligned():
    doc = open_doc()
    signer, date = doc.paragraphs[-2], doc.paragraphs[-1]
    assert (signer.text, date.text) == ("寻乌县人民政府办公室", "2023年1月5日")
    assert signer.alignment == date.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    # 10-character signer two characters from the right; the 6-character date starts two further right.
    assert signer.paragraph_format.right_indent == Pt(32)
    assert date.paragraph_format.right_indent == Pt(64)


def test_footer_page_number_field():
    footer = open_doc().sections[0].footer.paragraphs[0]
    assert footer.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert footer.text.startswith("— ") and footer.text.endswith(" —")
    assert [t.text for t in footer._p.iter(qn("w:instrText"))] == [" PAGE "]
    assert east_asia(footer.runs[0]) == "宋体" and footer.runs[0].font.size == Pt(14)


def test_many_groups_get_chinese_numbers():
    groups = tuple(NoticeGroup(f"第{i}组", (("优秀", ("甲镇",)),)) for i in range(1, 22))
    texts = [p.text for p in open_doc(dataclasses.replace(NOTICE, groups=groups)).paragraphs]
    assert {"（十）第10组", "（十一）第11组", "（二十）第20组", "（二十一）第21组"} <= set(texts)


RULES = (
    "未核查的指标按0分计算（考核办2023年1月4日确定，理由：考核期内未提交佐证材料）。",
    "不适用指标按折算计分：得分÷适用指标分值×100。",
)
ANNEXED = dataclasses.replace(
    NOTICE,
    rules=RULES,
    annex=(
        AnnexGroup("乡镇", (
            AnnexRow(1, "澄江镇", D("89.75"), D("100.00"), "优秀"),
            AnnexRow(2, "晨光镇", D("89.50"), D("100"), "优秀", unchecked=2),
            AnnexRow(3, "吉潭镇", D("80.0"), D("97.5"), "良好"),
        )),
        AnnexGroup("县直单位", (
            AnnexRow(1, "县财政局", D("3"), D("2.50"), "优秀"),
            AnnexRow(None, "县统计局", None, None, ""),
        )),
    ),
    annex_title="2022年度政务公开工作考核得分及排名",
    copy_to="县委办公室，县人大常委会办公室，县政协办公室。",
    printed_by="寻乌县人民政府办公室",
    printed_on=datetime.date(2023, 1, 6),
)


def body_blocks(doc):
    """The body's paragraphs and tables in order, as ("p", Paragraph) or ("t", Table)."""
    paragraphs = iter(doc.paragraphs)
    tables = iter(doc.tables)
    return [("p", next(paragraphs)) if child.tag == qn("w:p") else ("t", next(tables))
            for child in doc.element.body if child.tag in (qn("w:p"), qn("w:tbl"))]


def cells(table):
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_rules_open_the_results_section():
    texts = [p.text for p in open_doc(ANNEXED).paragraphs]
    start = texts.index("一、考核结果")
    assert texts[start + 1:start + 4] == [*RULES, "（一）乡镇"]
    doc = open_doc(ANNEXED)
    rule = paragraph(doc, RULES[0])
    assert east_asia(rule.runs[0]) == "仿宋_GB2312" and rule.runs[0].font.size == Pt(16)
    assert rule.paragraph_format.first_line_indent == Pt(32)


def test_annex_note_ends_the_text_before_the_signature():
    doc = open_doc(ANNEXED)
    texts = [p.text for p in doc.paragraphs]
    note = paragraph(doc, "附件：2022年度政务公开工作考核得分及排名")
    i = texts.index(note.text)
    assert texts[i - 1] == "整改情况于3月底前报县政府办公室。"
    assert texts[i + 1:i + 3] == ["寻乌县人民政府办公室", "2023年1月5日"]
    assert note.paragraph_format.space_before == Pt(28)  # one line under the text
    # two characters in; a wrapped title lines up under its first character
    assert note.paragraph_format.left_indent + note.paragraph_format.first_line_indent == Pt(32)
    assert note.paragraph_format.left_indent == Pt(80)
    assert east_asia(note.runs[0]) == "仿宋_GB2312"


def test_annex_title_loses_trailing_punctuation_and_has_a_default():
    doc = open_doc(dataclasses.replace(ANNEXED, annex_title="得分及排名。"))
    assert "附件：得分及排名" in [p.text for p in doc.paragraphs]
    doc = open_doc(dataclasses.replace(ANNEXED, annex_title=""))
    assert "附件：考核得分及排名" in [p.text for p in doc.paragraphs]


def test_annex_starts_on_a_new_page_after_the_date():
    doc = open_doc(ANNEXED)
    blocks = body_blocks(doc)
    kinds = [(kind, block.text if kind == "p" else None) for kind, block in blocks]
    i = kinds.index(("p", "2023年1月5日"))
    assert kinds[i + 1:i + 8] == [
        ("p", "附件"), ("p", "2022年度政务公开工作考核得分及排名"),
        ("p", "乡镇"), ("t", None), ("p", "县直单位"), ("t", None), ("t", None),
    ]
    label, title, caption = (blocks[i + k][1] for k in (1, 2, 3))
    assert label.paragraph_format.page_break_before is True
    assert label.alignment is None and label.paragraph_format.first_line_indent is None  # top left
    assert east_asia(label.runs[0]) == "黑体" and label.runs[0].font.size == Pt(16)
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert east_asia(title.runs[0]) == "方正小标宋简体" and title.runs[0].font.size == Pt(22)
    assert title.paragraph_format.space_before == Pt(28)  # on the third line
    assert east_asia(caption.runs[0]) == "楷体_GB2312"
    assert caption.paragraph_format.keep_with_next is True
    # nothing before the annex breaks the page
    assert not any(p.paragraph_format.page_break_before for p in doc.paragraphs[:i + 1])


def test_annex_table_per_group_with_exact_decimals():
    doc = open_doc(ANNEXED)
    towns, offices = doc.tables[0], doc.tables[1]
    assert cells(towns) == [
        ["名次", "单位", "得分", "满分", "等次", "备注"],
        ["1", "澄江镇", "89.75", "100", "优秀", ""],
        ["2", "晨光镇", "89.5", "100", "优秀", "2项未核查"],
        ["3", "吉潭镇", "80", "97.5", "良好", ""],
    ]
    assert cells(offices) == [
        ["名次", "单位", "得分", "满分", "等次", "备注"],
        ["1", "县财政局", "3", "2.5", "优秀", ""],
        ["—", "县统计局", "—", "—", "", ""],
    ]


def test_annex_without_unchecked_items_has_no_remarks_column():
    annex = (AnnexGroup("乡镇", (AnnexRow(1, "澄江镇", D("89.75"), D("100"), "优秀"),)),)
    doc = open_doc(dataclasses.replace(ANNEXED, annex=annex))
    assert cells(doc.tables[0]) == [["名次", "单位", "得分", "满分", "等次"], ["1", "澄江镇", "89.75", "100", "优秀"]]


def test_annex_table_layout():
    table = open_doc(ANNEXED).tables[0]
    header, first = table.rows[0], table.rows[1]
    assert header._tr.trPr.find(qn("w:tblHeader")) is not None  # repeated on every page
    assert first._tr.trPr.find(qn("w:tblHeader")) is None
    assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in table.rows)
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        assert borders.find(qn(f"w:{side}")).get(qn("w:val")) == "single"
    width = table._tbl.tblPr.find(qn("w:tblW"))
    assert (width.get(qn("w:type")), int(width.get(qn("w:w")))) == ("dxa", 8844)  # 156 mm
    assert sum(column.width for column in table.columns) == pytest.approx(docx.shared.Mm(156), rel=1e-3)
    head_run, cell_run = header.cells[0].paragraphs[0].runs[0], first.cells[1].paragraphs[0].runs[0]
    assert east_asia(head_run) == "黑体" and head_run.font.size == Pt(14)
    assert east_asia(cell_run) == "仿宋_GB2312" and cell_run.font.size == Pt(14)
    assert first.cells[2].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER


def imprint_table(doc):
    return doc.tables[-1]


def test_imprint_lines():
    doc = open_doc(ANNEXED)
    table = imprint_table(doc)
    assert cells(table) == [
        ["抄送：县委办公室，县人大常委会办公室，县政协办公室。"],
        ["寻乌县人民政府办公室\t2023年1月6日印发"],
    ]
    copy_to, printed = (row.cells[0].paragraphs[0] for row in table.rows)
    for p in (copy_to, printed):
        assert east_asia(p.runs[0]) == "仿宋_GB2312" and p.runs[0].font.size == Pt(14)
        assert p.paragraph_format.right_indent == Pt(14)  # one character from the right
    # one character from the left; wrapped lines start under the first unit's name
    assert copy_to.paragraph_format.left_indent + copy_to.paragraph_format.first_line_indent == Pt(14)
    assert copy_to.paragraph_format.left_indent == Pt(56)
    assert printed.paragraph_format.left_indent == Pt(14)
    stop = printed.paragraph_format.tab_stops[0]
    assert stop.alignment == docx.enum.text.WD_TAB_ALIGNMENT.RIGHT
    assert stop.position == pytest.approx(docx.shared.Mm(156) - Pt(14), abs=Pt(0.1))


def test_imprint_rules_and_position():
    table = imprint_table(open_doc(ANNEXED))
    tbl_pr = table._tbl.tblPr
    borders = tbl_pr.find(qn("w:tblBorders"))
    size = {side: borders.find(qn(f"w:{side}")).get(qn("w:sz")) for side in ("top", "insideH", "bottom")}
    assert size == {"top": "8", "insideH": "6", "bottom": "8"}  # 0.35 mm, 0.25 mm, 0.35 mm
    for side in ("left", "right", "insideV"):
        assert borders.find(qn(f"w:{side}")).get(qn("w:val")) == "nil"
    assert int(tbl_pr.find(qn("w:tblW")).get(qn("w:w"))) == 8844
    # floated onto the bottom edge of the type area of the last page
    position = tbl_pr.find(qn("w:tblpPr"))
    assert position.get(qn("w:vertAnchor")) == "margin" and position.get(qn("w:tblpYSpec")) == "bottom"


def test_imprint_comes_after_the_annex():
    doc = open_doc(ANNEXED)
    blocks = body_blocks(doc)
    last_table = max(i for i, (kind, _) in enumerate(blocks) if kind == "t")
    assert blocks[last_table][1]._tbl is imprint_table(doc)._tbl
    assert cells(blocks[last_table - 1][1])[-1][1] == "县统计局"  # the annex's last table
    assert [kind for kind, _ in blocks[last_table + 1:]] == ["p"]
    assert doc.paragraphs[-1].text == ""


def test_imprint_without_annex_follows_the_date():
    notice = dataclasses.replace(NOTICE, copy_to="县委办公室", printed_by="寻乌县人民政府办公室")
    doc = open_doc(notice)
    assert cells(doc.tables[0]) == [["抄送：县委办公室。"], ["寻乌县人民政府办公室"]]
    assert len(doc.tables) == 1
    blocks = body_blocks(doc)
    assert blocks[-3][1].text == "2023年1月5日" and blocks[-2][0] == "t"
    assert not any(p.text.startswith("附件") for p in doc.paragraphs)


def test_imprint_with_only_printed_by():
    doc = open_doc(dataclasses.replace(NOTICE, printed_by="寻乌县人民政府办公室",
                                       printed_on=datetime.date(2023, 1, 6)))
    assert cells(doc.tables[0]) == [["寻乌县人民政府办公室\t2023年1月6日印发"]]


def test_without_the_new_fields_nothing_changes():
    doc = open_doc()
    assert doc.tables == []
    assert not any(p.text.startswith(("附件", "抄送", "寻乌县人民政府办公室\t")) for p in doc.paragraphs)
    assert not any(p.paragraph_format.page_break_before for p in doc.paragraphs)
    assert [kind for kind, _ in body_blocks(doc)] == ["p"] * 18
    assert doc.paragraphs[-1].text == "2023年1月5日"
    explicit = dataclasses.replace(NOTICE, rules=(), annex=(), annex_title="", copy_to="", printed_by="",
                                   printed_on=None)
    same, base = (zipfile.ZipFile(io.BytesIO(notice_docx(n))) for n in (explicit, NOTICE))
    assert same.read("word/document.xml") == base.read("word/document.xml")


def test_annex_title_alone_adds_nothing():
    doc = open_doc(dataclasses.replace(NOTICE, annex_title="得分及排名", printed_on=datetime.date(2023, 1, 6)))
    assert doc.tables == [] and len(doc.paragraphs) == 18
