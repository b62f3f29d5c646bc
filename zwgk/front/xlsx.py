"""Reading uploaded .xlsx files, the same way for every import: the checks on the file, finding
the header row (a title row above it, any column order, other accepted names), cell values as
text or dates, and problems reported as (row, column, reason) in Chinese.
"""
from __future__ import annotations

import datetime as dt
import re
import zipfile
from dataclasses import dataclass

from openpyxl import load_workbook

HEADER_SEARCH_ROWS = 10
DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日")


@dataclass(frozen=True)
class Problem:
    row: int | None
    column: str
    reason: str

    def __str__(self) -> str:
        if self.row is None:
            return self.reason
        where = f"第{self.row}行"
        return f"{where} «{self.column}»：{self.reason}" if self.column else f"{where}：{self.reason}"


class ImportProblems(Exception):
    """The file cannot be imported; `problems` lists every reason."""

    def __init__(self, problems: list[Problem]):
        super().__init__("；".join(str(p) for p in problems))
        self.problems = problems


def bad_file(reason: str) -> ImportProblems:
    return ImportProblems([Problem(None, "", reason)])


def open_workbook(file, *, max_bytes: int, too_big: str, empty: str):
    """The upload as a read-only (streaming) workbook, or ImportProblems saying what is wrong."""
    name = (getattr(file, "name", "") or "").lower()
    if name.endswith((".xls", ".et")):
        raise bad_file("这是旧版 Excel（.xls）文件，请在 Excel 或 WPS 中“另存为”.xlsx 格式后再上传。")
    if name and not name.endswith(".xlsx"):
        raise bad_file("只能导入 Excel 的 .xlsx 文件，请下载导入模板填写后再上传。")
    size = getattr(file, "size", None)
    if size is None:
        size = file.seek(0, 2)
    if size > max_bytes:
        raise bad_file(too_big)
    if not size:
        raise bad_file(empty)
    file.seek(0)
    if not zipfile.is_zipfile(file):
        raise bad_file("文件不是有效的 .xlsx 文件（可能已损坏，或只是改了扩展名），请在 Excel 中另存为 .xlsx 后再上传。")
    file.seek(0)
    try:
        return load_workbook(file, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of errors for a broken package
        raise bad_file("无法读取这个 .xlsx 文件（文件可能已损坏），请在 Excel 中重新保存后再上传。") from None


def header_key(value) -> str:
    """A header cell as compared with column names: no spaces or required-marks, ASCII brackets."""
    if value is None:
        return ""
    return re.sub(r"[\s*＊]", "", str(value)).replace("（", "(").replace("）", ")")


def find_header(head: list[tuple], names: dict[str, str], labels: dict[str, str],
                required) -> tuple[int, dict[str, int]]:
    """The header row (1-based) among the first rows and each column's index.

    `names` maps every accepted header (as `header_key` gives it) to a column, `labels` names the
    columns for messages; the header is the row naming most columns (at least two)."""
    best, best_row = [], None
    for index, values in enumerate(head[:HEADER_SEARCH_ROWS]):
        found = [names.get(header_key(v)) for v in values]
        if sum(f is not None for f in found) > max(1, sum(f is not None for f in best)):
            best, best_row = found, index + 1
    if best_row is None:
        wanted = "、".join(labels[c] for c in labels)
        raise bad_file(f"在表格前{HEADER_SEARCH_ROWS}行中找不到表头，请确认有一行列名为：{wanted}"
                       "（列的顺序不限，其他列不会导入）。")
    problems, columns = [], {}
    for index, column in enumerate(best):
        if column is None:
            continue
        if column in columns:
            problems.append(Problem(best_row, labels[column], "表头中有两列同名，请删除多余的一列。"))
        columns[column] = index
    for column in required:
        if column not in columns:
            problems.append(Problem(best_row, labels[column], "表头缺少这一列，请按导入模板补上。"))
    if problems:
        raise ImportProblems(problems)
    return best_row, columns


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, (dt.datetime, dt.date)):
        return value.strftime("%Y-%m-%d")
    return str(value).strip()


def parse_date(value) -> dt.date | None:
    """A date from a real Excel date or text such as 2021-09-10, 2021年9月10日, 2021.9.10.

    Returns None for an empty cell; raises ValueError when it isn't a date."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        text = re.sub(r"\s", "", value)
        for fmt in DATE_FORMATS:
            try:
                return dt.datetime.strptime(text, fmt).date()
            except ValueError:
                pass
    raise ValueError(value)
