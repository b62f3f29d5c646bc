"""The 通报 of a campaign's results as a .docx in the GB/T 9704-2012 公文 layout.

Offices print and file it as an official document, so the page, fonts and spacing follow the
standard: A4 with a 156 × 225 mm type area, 仿宋_GB2312 三号 body on a fixed 28 pt line (22 lines
a page), a red 发文机关标志 and separator line, and "— 1 —" page numbers.

With an annex the body ends with the 附件说明 (7.3.4) and the score and rank table follows on a new
page (7.3.7); with 抄送 or 印发机关 the 版记 (7.4) closes the document, at the foot of its last page.
"""
from __future__ import annotations

import io
from decimal import Decimal

from docx import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Mm, Pt, RGBColor

from zwgk.lib.dates import chinese_date
from zwgk.scoring.decimals import fmt

from .sheets import AnnexGroup, AnnexRow, Notice, NoticeGroup

XIAOBIAOSONG = "方正小标宋简体"
FANGSONG = "仿宋_GB2312"
HEITI = "黑体"
KAITI = "楷体_GB2312"
SONGTI = "宋体"

RED = RGBColor(0xFF, 0x00, 0x00)
BODY_SIZE = Pt(16)  # 三号
TITLE_SIZE = Pt(22)  # 二号
PAGE_NUMBER_SIZE = Pt(14)  # 四号
SMALL_SIZE = Pt(14)  # 四号: the annex tables and the 版记
LINE = Pt(28)
TYPE_AREA_WIDTH = 442  # 156 mm in points
TYPE_AREA = Mm(156)
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
# The elements that follow each table property we add inside w:tblPr (ECMA-376 CT_TblPr).
_TBLPR_ORDER = (
    "w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize",
    "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders",
    "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription",
    "w:tblPrChange",
)

ANNEX_LABEL = "附件"
ANNEX_DEFAULT_TITLE = "考核得分及排名"
_ANNEX_HEADER = ("名次", "单位", "得分", "满分", "等次", "备注")
_ANNEX_WIDTHS = (16, 54, 20, 20, 18, 28)  # mm, adding up to the 156 mm type area
_ANNEX_WIDTHS_PLAIN = (18, 66, 24, 24, 24)  # without 备注
_NONE = "—"
# Border widths in eighths of a point: tables 0.5 pt; the 版记's first and last lines 1 pt
# (≈0.35 mm), the line between its elements 0.75 pt (≈0.25 mm) (GB/T 9704 7.4.1).
_TABLE_LINE, _IMPRINT_THICK, _IMPRINT_THIN = "4", "8", "6"
_SIDES = ("top", "left", "bottom", "right", "insideH", "insideV")  # in w:tblBorders order


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
        ("考核结果", [(FANGSONG, text) for text in n.rules] + _results(n.groups)),
        ("存在问题", [(FANGSONG, text) for text in n.problems]),
        ("整改要求", [(FANGSONG, text) for text in n.requirements]),
    ]
    for i, (heading, paragraphs) in enumerate([s for s in sections if s[1]], 1):
        _body(doc, f"{_chinese_number(i)}、{heading}", HEITI)
        for font, text in paragraphs:
            _body(doc, text, font)

    annex_title = _annex_title(n.annex_title)
    if n.annex:
        _annex_note(doc, annex_title)
    _signature(doc, n.signer, chinese_date(n.date))
    if n.annex:
        _annex(doc, annex_title, n.annex)
    if n.copy_to or n.printed_by:
        # The 版记 goes last, after the annex: 7.3.7 puts the 附件 "在版记之前", and 7.4.1 puts
        # the 版记's last line on the bottom edge of the type area of the document's last page.
        _imprint(doc, n)
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


def _number(value: Decimal | int | None) -> str:
    """A score as the documents write it: 3, 2.5, 89.75 (at most two decimals, no trailing zeros)."""
    if value is None:
        return _NONE
    return str(value) if isinstance(value, int) else fmt(value)


def _annex_title(title: str) -> str:
    """No punctuation after the annex's name (7.3.4)."""
    return title.strip().rstrip("。.，,；;：:") or ANNEX_DEFAULT_TITLE


def _annex_note(doc, title: str) -> None:
    """附件说明 (7.3.4): one line under the text, two characters in, "附件：" and the name; a
    wrapped name lines up under its first character."""
    p = _paragraph(doc, f"{ANNEX_LABEL}：{title}", FANGSONG, BODY_SIZE)
    p.paragraph_format.space_before = LINE
    p.paragraph_format.left_indent = _chars(2 + 3)
    p.paragraph_format.first_line_indent = -_chars(3)


def _annex(doc, title: str, groups: tuple[AnnexGroup, ...]) -> None:
    """The annex on a new page (7.3.7): "附件" in 三号黑体 at the top left of the type area, the
    title centred on the third line, then per ranking group a 楷体 caption and its table."""
    p = _paragraph(doc, ANNEX_LABEL, HEITI, BODY_SIZE)
    p.paragraph_format.page_break_before = True
    p = _paragraph(doc, title, XIAOBIAOSONG, TITLE_SIZE, WD_ALIGN_PARAGRAPH.CENTER)
    p.paragraph_format.space_before = LINE
    remarks = any(row.unchecked for group in groups for row in group.rows)
    for group in groups:
        p = _paragraph(doc, group.group, KAITI, BODY_SIZE, WD_ALIGN_PARAGRAPH.CENTER)
        p.paragraph_format.space_before = LINE
        p.paragraph_format.keep_with_next = True
        _annex_table(doc, group.rows, remarks)


def _annex_table(doc, rows: tuple[AnnexRow, ...], remarks: bool) -> None:
    """名次, 单位, 得分, 满分, 等次 (and 备注 when a unit of the annex has unchecked items), framed,
    the header row repeated on every page and no row split across pages."""
    header = _ANNEX_HEADER if remarks else _ANNEX_HEADER[:-1]
    widths = _ANNEX_WIDTHS if remarks else _ANNEX_WIDTHS_PLAIN
    lines = [header] + [
        (_number(r.rank), r.unit, _number(r.total), _number(r.max_points), r.grade,
         f"{r.unchecked}项未核查" if r.unchecked else "")[: len(header)]
        for r in rows
    ]
    table = doc.add_table(rows=len(lines), cols=len(header))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _full_width(table)
    _table_borders(table, dict.fromkeys(_SIDES, _TABLE_LINE))
    for column, width in zip(table.columns, widths):
        column.width = Mm(width)
    for i, (row, values) in enumerate(zip(table.rows, lines)):
        _row_properties(row, header=i == 0)
        for cell, value, width in zip(row.cells, values, widths):
            cell.width = Mm(width)
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            p = cell.paragraphs[0]
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            if value:
                _set_font(p.add_run(value), HEITI if i == 0 else FANGSONG, SMALL_SIZE)


def _row_properties(row, header: bool) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))
    if header:
        tr_pr.append(OxmlElement("w:tblHeader"))


def _imprint(doc, n: Notice) -> None:
    """The 版记 (7.4): a full-width one-column table floated to the bottom of the type area of the
    last page, a thick line above its first element and below its last, a thin line between
    (7.4.1). 抄送 in 四号仿宋 one character in on both sides, wrapped lines under the first
    unit's name, ending with a full stop (7.4.2); then 印发机关 one character from the left and
    the 印发日期 one character from the right (7.4.3)."""
    one = SMALL_SIZE  # one 四号 character
    lines = []
    if n.copy_to:
        lines.append(("抄送：" + n.copy_to.strip().rstrip("。.，,；;、") + "。", True))
    if n.printed_by or n.printed_on:
        on = f"\t{chinese_date(n.printed_on)}印发" if n.printed_on else ""
        lines.append((n.printed_by + on, False))
    table = doc.add_table(rows=len(lines), cols=1)
    _full_width(table)
    position = OxmlElement("w:tblpPr")
    for key, value in (("leftFromText", "0"), ("rightFromText", "0"), ("topFromText", "0"),
                       ("bottomFromText", "0"), ("vertAnchor", "margin"), ("horzAnchor", "margin"),
                       ("tblpXSpec", "center"), ("tblpYSpec", "bottom")):
        position.set(qn(f"w:{key}"), value)
    overlap = OxmlElement("w:tblOverlap")
    overlap.set(qn("w:val"), "never")
    margins = OxmlElement("w:tblCellMar")  # no cell padding: the indents measure from the lines' ends
    for side in ("left", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), "0")
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    for element in (position, overlap, margins):
        _tbl_pr_insert(table._tbl.tblPr, element)
    _table_borders(table, {"top": _IMPRINT_THICK, "insideH": _IMPRINT_THIN, "bottom": _IMPRINT_THICK})
    table.columns[0].width = TYPE_AREA
    for row, (text, copy_to) in zip(table.rows, lines):
        _row_properties(row, header=False)
        row.cells[0].width = TYPE_AREA
        p = row.cells[0].paragraphs[0]
        f = p.paragraph_format
        f.left_indent, f.right_indent = Pt(one.pt * (4 if copy_to else 1)), one
        if copy_to:
            f.first_line_indent = -Pt(one.pt * 3)  # hanging by the width of 抄送：
        else:
            f.tab_stops.add_tab_stop(Emu(TYPE_AREA - one), WD_TAB_ALIGNMENT.RIGHT)
        _set_font(p.add_run(text), FANGSONG, SMALL_SIZE)
    # Word gives a body that ends in a table an empty paragraph; this one has next to no height,
    # so it cannot push anything onto a page of its own.
    doc.add_paragraph().paragraph_format.line_spacing = Pt(1)


def _full_width(table) -> None:
    """As wide as the type area, with fixed column widths."""
    table.autofit = False
    width = table._tbl.tblPr.find(qn("w:tblW"))
    width.set(qn("w:type"), "dxa")
    width.set(qn("w:w"), str(TYPE_AREA.twips))


def _table_borders(table, sides: dict[str, str | None]) -> None:
    """Black single lines of the given width (eighths of a point); None: no line."""
    borders = OxmlElement("w:tblBorders")
    for side in _SIDES:
        element = OxmlElement(f"w:{side}")
        size = sides.get(side)
        if size is None:
            element.set(qn("w:val"), "nil")
        else:
            for key, value in (("val", "single"), ("sz", size), ("space", "0"), ("color", "000000")):
                element.set(qn(f"w:{key}"), value)
        borders.append(element)
    _tbl_pr_insert(table._tbl.tblPr, borders)


def _tbl_pr_insert(tbl_pr, element) -> None:
    """Put a table property in its schema position, replacing any of the same kind."""
    for old in tbl_pr.findall(element.tag):
        tbl_pr.remove(old)
    names = [qn(name) for name in _TBLPR_ORDER]
    tbl_pr.insert_element_before(element, *_TBLPR_ORDER[names.index(element.tag) + 1:])


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
