"""Tables in an .xlsx workbook: one per worksheet that has anything in it.

Counties keep their 考核细则 in Excel with merged cells (a 一级指标 or 分值 merged down over its
items), so the workbook is loaded in full (not read-only) to know the merged ranges. Values come
from the cached results (`data_only`), as the person saw them in Excel.

Callers check the file first (`files.read_tables`): size, zip bombs and macros.
"""
from __future__ import annotations

import datetime as dt
import math
import warnings
from decimal import Decimal
from io import BytesIO

import openpyxl

from .tables import Table


def xlsx_tables(data: bytes) -> list[Table]:
    """One table per non-empty worksheet, in workbook order, hidden sheets included."""
    with warnings.catch_warnings():
        # openpyxl warns about features it drops (data validation, conditional formats …);
        # none of them matter for reading cell texts.
        warnings.simplefilter("ignore")
        workbook = openpyxl.load_workbook(BytesIO(data), data_only=True)
    tables = []
    for sheet in workbook.worksheets:
        table = sheet_table(sheet)
        if table is not None:
            tables.append(table)
    return tables


def sheet_table(sheet) -> Table | None:
    """The sheet's cells as a table, or None when it has no text at all."""
    # The cells that exist, not ws.iter_rows(): a sheet formatted down to row 1048576 would make
    # iter_rows create a million empty cells per column.
    texts = {}
    for (row, col), cell in sheet._cells.items():
        text = cell_text(cell.value)
        if text:
            texts[(row, col)] = text
    if not texts:
        return None
    last_row = max(row for row, _ in texts)
    last_col = max(col for _, col in texts)

    grid = [[texts.get((row, col), "") for col in range(1, last_col + 1)] for row in range(1, last_row + 1)]
    spans = {}
    for merged in sheet.merged_cells.ranges:
        top, left = merged.min_row, merged.min_col
        if top > last_row or left > last_col:
            continue
        bottom, right = min(merged.max_row, last_row), min(merged.max_col, last_col)
        for row in range(top, bottom + 1):
            for col in range(left, right + 1):
                if (row, col) != (top, left):
                    grid[row - 1][col - 1] = ""  # the text is the anchor's only
        spans[(top - 1, left - 1)] = (bottom - top + 1, right - left + 1)
    return Table.from_grid(f"工作表“{sheet.title}”", grid, list(range(1, last_row + 1)), spans)


def cell_text(value) -> str:
    """A cell value as the text a person reads in the cell.

    Numbers are written exactly and without a spurious ".0" (分值 3 is "3", 0.1 is "0.1", never
    "0.1000000000000000055"); dates the Chinese way.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            return str(value)
        if value.is_integer():
            return str(int(value))
        return format(Decimal(repr(value)).normalize(), "f")
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value.is_finite() else str(value)
    if isinstance(value, dt.datetime):
        text = f"{value.year}年{value.month}月{value.day}日"
        if value.time() != dt.time(0, 0):  # a time of day is kept, not silently dropped
            text += f" {value:%H:%M}"
        return text
    if isinstance(value, dt.date):
        return f"{value.year}年{value.month}月{value.day}日"
    if isinstance(value, dt.time):
        return f"{value:%H:%M}"
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()
