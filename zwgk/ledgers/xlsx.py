"""Ledgers as .xlsx files: the import template, the export, reading an upload row by row into typed
values, and the workbook of rows that were not imported with their problems.

Uploads are read in openpyxl's read-only mode and exports written in write-only mode, so a
100,000-row file streams instead of being held as cell objects.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from itertools import chain, islice

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.comments import Comment
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from zwgk.front.xlsx import (HEADER_SEARCH_ROWS, Problem, bad_file, cell_text, find_header, header_key,
                             open_workbook, parse_date)
from zwgk.ledgers.spec import Column, Kind, LedgerSpec, split_list
from zwgk.reports.xlsx import workbook_bytes

MAX_BYTES = 40 * 1024 * 1024
MAX_ROWS = 200_000
DATE_FORMAT = "yyyy-mm-dd"
DATE_HINT = "请写成 2021-08-31（也可写 2021年8月31日、2021.8.31 或 2021/8/31）"
YES = {"是", "√", "✓", "y", "yes", "true", "1", "有"}
NO = {"否", "×", "n", "no", "false", "0", "无"}
PROBLEM_HEADER = "问题"
ROW_HEADER = "原行号"
BOLD = Font(bold=True)
EXAMPLE = Font(italic=True, color="808080")


def hint(column: Column) -> str:
    """How to fill a column, for the template's header notes and the import page."""
    need = "必填" if column.required else "可不填"
    if column.is_unit:
        return "须与系统中的单位名称完全一致；单位用户可不填，默认为本单位"
    if column.attr:
        target = column.field.related_model._meta
        what = f"{target.get_field(column.attr).verbose_name}，须已在本单位“{target.verbose_name}”台账中登记"
        return f"{need}；{what}" + ("，多个用“、”分隔" if column.kind is Kind.LIST else "")
    return f"{need}；" + {
        Kind.DATE: "日期，例如 2024-03-05",
        Kind.BOOL: "填“是”或“否”，不填为“否”",
        Kind.INT: "整数",
        Kind.CHOICE: "从以下选择：" + "、".join(column.labels.values()),
        Kind.URL: "完整网址，以 http:// 或 https:// 开头",
        Kind.LIST: "多个用“、”分隔",
    }.get(column.kind, f"最多{column.max_length}个字")


# ---------------------------------------------------------------- template and export

def _widths(ws, spec: LedgerSpec) -> None:
    for index, column in enumerate(spec.columns, start=1):
        wide = column.kind in (Kind.TEXT, Kind.URL, Kind.LIST) and (column.max_length or 300) > 100
        ws.column_dimensions[get_column_letter(index)].width = 36 if wide else 16


def template(spec: LedgerSpec) -> bytes:
    """The header with a note on each column, one example row in grey italics (ignored on import)
    and drop-down lists for choice and yes-no columns."""
    wb = Workbook()
    ws = wb.active
    ws.title = spec.title
    ws.append([c.header for c in spec.columns])
    ws.append([c.example if c.example != "" else None for c in spec.columns])
    for index, column in enumerate(spec.columns, start=1):
        head, example = ws.cell(1, index), ws.cell(2, index)
        head.font = BOLD
        head.comment = Comment(hint(column), "zwgk", width=260, height=90)
        example.font = EXAMPLE
        if column.kind is Kind.DATE:
            example.number_format = DATE_FORMAT
        options = {Kind.CHOICE: list(column.labels.values()), Kind.BOOL: ["是", "否"]}.get(column.kind)
        if options:
            letter = get_column_letter(index)
            validation = DataValidation(type="list", formula1='"' + ",".join(options) + '"', allow_blank=True,
                                        showErrorMessage=True, error="请从下拉列表中选择。", errorTitle="填写有误")
            validation.add(f"{letter}2:{letter}{MAX_ROWS + 1}")
            ws.add_data_validation(validation)
    _widths(ws, spec)
    ws.freeze_panes = "A2"
    return workbook_bytes(wb)


def export(spec: LedgerSpec, rows, out) -> None:
    """Write the rows to `out` with the template's columns, so the file imports back unchanged."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(spec.title)
    _widths(ws, spec)
    ws.freeze_panes = "A2"
    header = []
    for column in spec.columns:
        cell = WriteOnlyCell(ws, column.header)
        cell.font = BOLD
        header.append(cell)
    ws.append(header)
    dates = {i for i, c in enumerate(spec.columns) if c.kind is Kind.DATE}
    for obj in rows:
        values = [spec.cell(obj, c) for c in spec.columns]
        for i in dates:
            if values[i] is not None:
                values[i] = WriteOnlyCell(ws, values[i])
                values[i].number_format = DATE_FORMAT
        ws.append(values)
    wb.save(out)


# ---------------------------------------------------------------- reading

@dataclass(eq=False)
class Row:
    """One data row of an upload: its cells as written, the typed values of the cells that could
    be read, and its problems; `data` (model attribute → value) and `links` (many-to-many field →
    ids) are filled in when its relations are resolved."""

    number: int
    cells: tuple
    values: dict
    problems: list[Problem]
    data: dict = field(default_factory=dict)
    links: dict = field(default_factory=dict)

    def bad(self, column: Column, reason: str) -> None:
        self.problems.append(Problem(self.number, column.header, reason))


def _empty(column: Column):
    if column.required and not column.is_unit:
        raise ValueError(f"不能为空，请填写{column.header}。")
    return "" if column.is_unit else column.empty


def parse(column: Column, value):
    """The typed value of one cell, or ValueError with the reason in Chinese."""
    if column.kind is Kind.DATE:
        try:
            date = parse_date(value)
        except ValueError:
            raise ValueError(f"“{cell_text(value)}”不是有效日期，{DATE_HINT}。") from None
        return _empty(column) if date is None else date
    if column.kind is Kind.BOOL and isinstance(value, bool):
        return value
    text = cell_text(value)
    if not text:
        return _empty(column)
    if column.kind is Kind.LIST:
        return split_list(text)
    if column.kind is Kind.BOOL:
        if text.lower() in YES or text.lower() in NO:
            return text.lower() in YES
        raise ValueError(f"“{text}”应填写“是”或“否”（不填为“否”）。")
    if column.kind is Kind.INT:
        if not re.fullmatch(r"\d+", text):
            raise ValueError(f"“{text}”不是整数，请填写不小于 0 的整数，例如 30。")
        return int(text)
    if column.kind is Kind.CHOICE:
        if text not in column.accepted:
            raise ValueError(f"“{text}”不是可选的{column.header}，请填写以下之一：{'、'.join(column.labels.values())}。")
        return column.accepted[text]
    if column.max_length and len(text) > column.max_length:
        raise ValueError(f"内容过长（{len(text)}个字），最多{column.max_length}个字，请精简。")
    if column.kind is Kind.URL:
        try:
            URLValidator(schemes=["http", "https"])(text)
        except ValidationError:
            raise ValueError(f"“{text}”不是有效网址，请填写以 http:// 或 https:// 开头的完整网址。") from None
    return text


class Sheet:
    """An upload opened for streaming: the header is found on opening (ImportProblems when the file
    or its header is wrong), then `rows()` reads and types the data rows one at a time."""

    def __init__(self, spec: LedgerSpec, file, *, unit_required: bool):
        self.name = getattr(file, "name", "") or ""
        self.workbook = open_workbook(file, max_bytes=MAX_BYTES, empty="文件是空的，请选择填写好的台账文件。",
                                      too_big=f"文件超过 {MAX_BYTES // 1024 // 1024} MB，请拆分成几个文件分别导入。")
        try:
            ws = self.workbook.worksheets[0]
            ws.reset_dimensions()
            self._rows = ws.iter_rows(values_only=True)
            head = list(islice(self._rows, HEADER_SEARCH_ROWS))
            if not any(cell_text(v) for values in head for v in values):
                raise bad_file("第一张工作表是空的，请把台账填在第一张工作表中。")
            names = {header_key(h): c.key for c in spec.columns for h in (c.header, *c.aliases)}
            required = [c.key for c in spec.columns if c.required and (unit_required or not c.is_unit)]
            self.header_row, index = find_header(head, names, {c.key: c.header for c in spec.columns}, required)
        except Exception:
            self.close()
            raise
        self.header = head[self.header_row - 1]
        self.columns = [(c, index[c.key]) for c in spec.columns if c.key in index]
        self._rest = head[self.header_row:]

    def close(self) -> None:
        self.workbook.close()

    def rows(self):
        """Each non-empty data row, typed; the template's example row is skipped."""
        example = [cell_text(c.example) for c, _ in self.columns]
        count = 0
        for number, cells in enumerate(chain(self._rest, self._rows), start=self.header_row + 1):
            raw = [(c, cells[i] if i < len(cells) else None) for c, i in self.columns]
            texts = [cell_text(v) for _, v in raw]
            if not any(texts) or texts == example:
                continue
            count += 1
            if count > MAX_ROWS:
                raise bad_file(f"表格超过{MAX_ROWS}行，请拆分成几个文件分别导入。")
            row = Row(number, cells, {}, [])
            for column, value in raw:
                try:
                    row.values[column.key] = parse(column, value)
                except ValueError as e:
                    row.bad(column, str(e))
            yield row


class Report:
    """The rows not imported, as they were written, after their row number and before a 问题
    column; a write-only workbook started at the first such row."""

    def __init__(self, header: tuple):
        self.header = [cell_text(h) for h in header]
        self.workbook = None
        self.rows = 0

    def add(self, row: Row) -> None:
        if self.workbook is None:
            self.workbook = Workbook(write_only=True)
            self.sheet = self.workbook.create_sheet("未导入的行")
            self.sheet.append([ROW_HEADER, *self.header, PROBLEM_HEADER])
        cells = list(row.cells[:len(self.header)]) + [None] * (len(self.header) - len(row.cells))
        reasons = "；".join(f"«{p.column}»{p.reason}" for p in row.problems)
        self.sheet.append([row.number, *(_written(v) for v in cells), reasons])
        self.rows += 1

    def save(self, path) -> None:
        self.workbook.save(path)


def _written(value):
    """A cell as read, to write back: dates as dates shown as dates."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.strftime("%Y-%m-%d")
    return value
