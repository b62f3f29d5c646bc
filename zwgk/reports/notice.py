"""The 通报 of a campaign's results as a .docx in the GB/T 9704-2012 公文 layout.

Offices print and file it as an official document, so the page, fonts and spacing follow the
standard: A4 with a 156 × 225 mm type area, 仿宋_GB2312 三号 body on a fixed 28 pt line (22 lines
a page), a red 发文机关标志 and separator line, and "— 1 —" page numbers.
"""
from __future__ import annotations

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from .sheets import Notice, NoticeGroup

XIAOBIAOSONG = "方正小标宋简体"
FANGSONG = "仿宋_GB2312"
HEITI = "黑体"
KAITI = "楷体_GB2312"
SONGTI = "宋体"

RED = RGBColor(0xFF, 0x00, 0x00)
BODY_SIZE = Pt(16)  # 三号
TITLE_SIZE = Pt(22)  # 二号
PAGE_NUMBER_SIZE = Pt(14)  # 四号
LINE = Pt(28)
TYPE_AREA_WIDTH = 442  # 156 mm in points
MARK_MAX_SIZE = 36

_DIGITS = "一二三四五六七八九"
# The elements that follow w:pBdr inside w:pPr (ECMA-376 CT_PPrBase), so the border goes before them.
_AFTER_PBDR = (
    "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
    "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
    "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
    "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
    "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)


def notice_docx(n: Notice) -> bytes:
    """Sections without content (no problems, say) are left out and the rest renumbered;
    grades nobody reached are not listed."""
    doc = Document()
    doc.core_properties.title, doc.core_properties.author = n.title, n.issuer  # not "python-docx"
    _page_setup(doc)
    _set_font(doc.styles["Normal"], FANGSONG, BODY_SIZE)
    normal = doc.styles["Normal"].paragraph_format
    normal.line_spacing, normal.space_before, normal.space_after = LINE, Pt(0), Pt(0)

    mark = f"{n.issuer}文件"
    mark_size = Pt(min(MARK_MAX_SIZE, TYPE_AREA_WIDTH // max(len(mark), 1)))
    p = _paragraph(doc, mark, XIAOBIAOSONG, mark_size, WD_ALIGN_PARAGRAPH.CENTER, color=RED)
    p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE  # a fixed 28 pt line would clip it
    p.paragraph_format.space_before = Mm(35)  # mark to top of the type area: 35 mm
    p = _paragraph(doc, n.number, FANGSONG, BODY_SIZE, WD_ALIGN_PARAGRAPH.CENTER)
    p.paragraph_format.space_before = LINE * 2
    _red_rule(p)
    p = _paragraph(doc, n.title, XIAOBIAOSONG, TITLE_SIZE, WD_ALIGN_PARAGRAPH.CENTER)
    p.paragraph_format.space_before = LINE * 2
    p = _paragraph(doc, n.addressee.rstrip("：:") + "：", FANGSONG, BODY_SIZE)
    p.paragraph_format.space_before = LINE
    _body(doc, n.opening)

    sections = [
        ("考核结果", _results(n.groups)),
        ("存在问题", [(FANGSONG, text) for text in n.problems]),
        ("整改要求", [(FANGSONG, text) for text in n.requirements]),
    ]
    for i, (heading, paragraphs) in enumerate([s for s in sections if s[1]], 1):
        _body(doc, f"{_chinese_number(i)}、{heading}", HEITI)
        for font, text in paragraphs:
            _body(doc, text, font)

    _signature(doc, n.signer, f"{n.date.year}年{n.date.month}月{n.date.day}日")
    _page_number(doc)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _results(groups: tuple[NoticeGroup, ...]) -> list[tuple[str, str]]:
    """Per group a （一）-style sub-heading, then one line per grade: 优秀（2个）：甲镇、乙镇。"""
    lines = []
    for i, group in enumerate(groups, 1):
        lines.append((KAITI, f"（{_chinese_number(i)}）{group.group}"))
        lines.extend(
            (FANGSONG, f"{grade}（{len(units)}个）：{'、'.join(units)}。")
            for grade, units in group.grades
            if units
        )
    return lines


def _chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 23 → 二十三 (for headings up to 99)."""
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _DIGITS[tens - 1] + "十")
    return head + (_DIGITS[ones - 1] if ones else "")


def _page_setup(doc) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    # The page number's top edge sits 7 mm below the type area (35 mm - 7 mm - one 四号 line).
    section.footer_distance = Mm(22)


def _set_font(target, name: str, size: Pt, color: RGBColor | None = None) -> None:
    """Set a run's or style's font for Latin and Chinese text alike.

    `font.name` only sets the Latin (ascii/hAnsi) font; Word picks the font for Chinese
    characters from rFonts/@w:eastAsia, which has to be set by hand.
    """
    target.font.name = name
    target.font.size = size
    if color is not None:
        target.font.color.rgb = color
    target.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _paragraph(doc, text: str, font: str, size: Pt, align=None, color: RGBColor | None = None):
    p = doc.add_paragraph()
    p.alignment = align
    if text:
        _set_font(p.add_run(text), font, size, color)
    return p


def _body(doc, text: str, font: str = FANGSONG) -> None:
    """A body paragraph or heading, indented two characters."""
    _paragraph(doc, text, font, BODY_SIZE).paragraph_format.first_line_indent = _chars(2)


def _red_rule(p) -> None:
    """The red separator under the 发文字号, drawn as the paragraph's bottom border, 4 mm below."""
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("val", "single"), ("sz", "12"), ("space", "11"), ("color", "FF0000")):
        bottom.set(qn(f"w:{key}"), value)
    border.append(bottom)
    p._p.get_or_add_pPr().insert_element_before(border, *_AFTER_PBDR)


def _width(text: str) -> float:
    """Printed width in characters: Arabic numerals and Latin letters are half width."""
    return sum(0.5 if ch.isascii() else 1 for ch in text)


def _chars(n: float) -> Pt:
    """An indent of `n` body characters (三号 = 16 pt each)."""
    return Pt(16 * n)


def _signature(doc, signer: str, date: str) -> None:
    """署名 one line below the text, two characters from the right; the date on the next line,
    its first character two to the right of the signer's first character (GB/T 9704 7.3.5.2)."""
    extra = _width(date) - _width(signer)
    p = _paragraph(doc, signer, FANGSONG, BODY_SIZE, WD_ALIGN_PARAGRAPH.RIGHT)
    p.paragraph_format.space_before = LINE
    p.paragraph_format.right_indent = _chars(2 + max(extra, 0))
    p = _paragraph(doc, date, FANGSONG, BODY_SIZE, WD_ALIGN_PARAGRAPH.RIGHT)
    p.paragraph_format.right_indent = _chars(max(-extra, 0))


def _page_number(doc) -> None:
    """"— 1 —" centred in the footer, the number a PAGE field."""
    p = doc.sections[0].footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    pieces = [("text", "— "), ("fldChar", "begin"), ("instrText", " PAGE "),
              ("fldChar", "separate"), ("text", "1"), ("fldChar", "end"), ("text", " —")]
    for kind, value in pieces:
        run = p.add_run(value if kind == "text" else None)
        _set_font(run, SONGTI, PAGE_NUMBER_SIZE)
        if kind == "fldChar":
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), value)
            run._r.append(element)
        elif kind == "instrText":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = value
            run._r.append(element)
