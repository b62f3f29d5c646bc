"""Shared openpyxl helpers, so every workbook zwgk hands out looks and prints the same way.

Numbers are written as the `Decimal`s they are (openpyxl stores them as numbers) in the General
format, which shows 3 as 3 and 0.5 as 0.5; a format such as '0.##' would show 3 as "3.".
"""
from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

FONT_NAME = "宋体"
_THIN = Side(style="thin")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
TITLE_FONT = Font(name=FONT_NAME, size=16, bold=True)
HEADER_FONT = Font(name=FONT_NAME, size=11, bold=True)
CELL_FONT = Font(name=FONT_NAME, size=11)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)

_SHEET_UNSAFE = re.compile(r"[\[\]:*?/\\]")


def sheet_title(name: str, taken: set[str]) -> str:
    """A valid, unique worksheet title: Excel allows 31 characters, none of []:*?/\\, case-blind."""
    base = _SHEET_UNSAFE.sub("_", name).strip().strip("'") or "未命名"
    title, n = base[:31], 2
    while title.casefold() in taken:
        suffix = f"({n})"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(title.casefold())
    return title


def heading(ws: Worksheet, row: int, ncols: int, text: str, font: Font = TITLE_FONT) -> None:
    """A line of text across the whole table (the sheet's title lines)."""
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=ncols)
    cell = ws.cell(row=row, column=1, value=text)
    cell.font, cell.alignment = font, CENTER


def frame(ws: Worksheet, header_row: int, last_row: int, ncols: int, left: Iterable[int] = ()) -> None:
    """Borders, fonts and wrapping for a table; columns in `left` hold long text."""
    left = set(left)
    for row in ws.iter_rows(min_row=header_row, max_row=last_row, max_col=ncols):
        for cell in row:
            cell.border = BORDER
            if cell.row == header_row:
                cell.font, cell.alignment = HEADER_FONT, CENTER
            else:
                cell.font = CELL_FONT
                cell.alignment = LEFT if cell.column in left else CENTER


def widths(ws: Worksheet, values: Sequence[float]) -> None:
    for i, width in enumerate(values, 1):
        ws.column_dimensions[get_column_letter(i)].width = width


def print_setup(ws: Worksheet, header_row: int, landscape: bool) -> None:
    """A4, the header row repeated on every page, fitted to the page width, numbered pages."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.print_options.horizontalCentered = True
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)


def write_table(
    ws: Worksheet,
    title: str,
    header: Sequence[str],
    rows: Iterable[Sequence[object]],
    column_widths: Sequence[float],
    left: Iterable[int] = (),
    landscape: bool = False,
) -> None:
    """A titled table: title on row 1, header on row 2, one row per item below."""
    heading(ws, 1, len(header), title)
    ws.append(list(header))
    for row in rows:
        ws.append(list(row))
    frame(ws, 2, ws.max_row, len(header), left)
    widths(ws, column_widths)
    print_setup(ws, 2, landscape)


def workbook_bytes(wb: Workbook) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
