import dataclasses
import datetime
import io

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Pt

from zwgk.reports.notice import notice_docx
from zwgk.reports.sheets import Notice, NoticeGroup

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
