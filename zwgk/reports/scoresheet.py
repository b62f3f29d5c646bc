"""A campaign's score sheets as one workbook, one worksheet per unit, in the seeds' layout.

The layout follows the 考核评分表 the offices issue (寻乌县2022年度政务公开工作考核评分表): the level
columns merged down over their items, then 分值, 评分标准, (考核要求), 考核对象, 考核方式, 自评分, 得分,
with 扣分原因 added so a unit can see where each point went (an item nobody checked says so
there), and the 合计 row carrying the unit's own full marks.
"""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from .sheets import GroupPoints, SheetRow, UnitSheet
from .xlsx import HEADER_FONT, LEFT, frame, heading, print_setup, sheet_title, widths, workbook_bytes

_COLUMNS = ("分值", "评分标准", "考核要求", "考核对象", "考核方式", "自评分", "得分", "扣分原因")
_WIDTHS = (7, 60, 30, 16, 16, 8, 8, 36)
_LEVEL_WIDTH = 14
_HEADER_ROW = 3
NOT_APPLICABLE = "不适用"


def scoresheet_xlsx(sheets: Sequence[UnitSheet]) -> bytes:
    """One worksheet per unit, titled with the unit's name."""
    if not sheets:
        raise ValueError("no score sheets to export")
    wb = Workbook()
    wb.remove(wb.active)
    taken: set[str] = set()
    for sheet in sheets:
        _write_sheet(wb.create_sheet(sheet_title(sheet.unit, taken)), sheet)
    return workbook_bytes(wb)


class _Columns:
    """1-based column numbers: the level columns first, then the fixed ones (考核要求 only when
    some item has one, as in the seeds that print it)."""

    def __init__(self, nlevels: int, requirement: bool):
        names = [c for c in _COLUMNS if requirement or c != "考核要求"]
        self.names = tuple(names)
        self.widths = tuple(w for c, w in zip(_COLUMNS, _WIDTHS) if c in names)
        self.levels = nlevels
        number = {name: nlevels + i for i, name in enumerate(names, 1)}
        self.points, self.criteria, self.requirement = number["分值"], number["评分标准"], number.get("考核要求")
        self.applies_to, self.method = number["考核对象"], number["考核方式"]
        self.self_score, self.score, self.lost = number["自评分"], number["得分"], number["扣分原因"]
        self.count = nlevels + len(names)


def _subtitle(sheet: UnitSheet) -> str:
    text = f"单位：{sheet.unit}  分组：{sheet.group}"
    if sheet.unchecked:
        return text + f"（{sheet.unchecked}项未核查，{sheet.unchecked_counting}）"
    return text + ("（公示稿）" if sheet.provisional else "")


def _write_sheet(ws: Worksheet, sheet: UnitSheet) -> None:
    col = _Columns(len(sheet.levels), sheet.has_requirement)
    heading(ws, 1, col.count, sheet.title)
    heading(ws, 2, col.count, _subtitle(sheet), HEADER_FONT)
    for i, name in enumerate((*sheet.levels, *col.names), 1):
        ws.cell(row=_HEADER_ROW, column=i, value=name)

    first = _HEADER_ROW + 1
    for r, item in enumerate(sheet.rows, first):
        _write_item(ws, col, r, item)
    _merge_levels(ws, col, first, sheet)
    all_points = _write_pools(ws, col, first, sheet)
    all_points += sum((row.points for row in sheet.rows if row.points is not None), Decimal(0))

    r = first + len(sheet.rows)
    r = _write_cases(ws, col, r, "综合加分", [(c.case_id, c.text, c.score) for c in sheet.bonus])
    r = _write_cases(ws, col, r, "重大扣分", [(c.case_id, c.text, -c.score) for c in sheet.major])
    _label(ws, col, r, "合计")
    ws.cell(row=r, column=col.points, value=sheet.max_points if sheet.max_points is not None else all_points)
    ws.cell(row=r, column=col.self_score, value=sheet.self_total)
    ws.cell(row=r, column=col.score, value=sheet.total)
    for label, value in (("等次", sheet.grade or None), ("名次", sheet.rank), ("计分说明", "\n".join(sheet.rules) or None)):
        if value is not None:
            r += 1
            _label(ws, col, r, label)
            ws.merge_cells(start_row=r, start_column=col.points, end_row=r, end_column=col.count)
            ws.cell(row=r, column=col.points, value=value)

    frame(ws, _HEADER_ROW, r, col.count, left=(col.criteria, col.requirement, col.lost))
    if sheet.rules:
        ws.cell(row=r, column=col.points).alignment = LEFT
        ws.row_dimensions[r].height = 18 * len(sheet.rules)
    widths(ws, (_LEVEL_WIDTH,) * col.levels + col.widths)
    print_setup(ws, _HEADER_ROW, landscape=True)


def _write_item(ws: Worksheet, col: _Columns, r: int, item: SheetRow) -> None:
    for i, level in enumerate(item.levels[: col.levels], 1):
        ws.cell(row=r, column=i, value=level or None)
    score = NOT_APPLICABLE if item.not_applicable else item.score
    values = {
        col.points: item.points, col.criteria: item.criteria, col.applies_to: item.applies_to,
        col.method: item.method, col.self_score: item.self_score, col.score: score,
        col.lost: "\n".join(item.lost) or None,
    }
    if col.requirement is not None:
        values[col.requirement] = item.requirement or None
    for column, value in values.items():
        ws.cell(row=r, column=column, value=value)


def _runs(keys: Sequence[object]) -> Iterator[tuple[int, int]]:
    """(start, end) of each run of consecutive equal keys."""
    start = 0
    for end in range(1, len(keys) + 1):
        if end == len(keys) or keys[end] != keys[start]:
            yield start, end
            start = end


def _merge_levels(ws: Worksheet, col: _Columns, first: int, sheet: UnitSheet) -> None:
    """Merge each level cell down over the following rows on the same path (not just the same name)."""
    for depth in range(1, col.levels + 1):
        paths = [row.levels[:depth] for row in sheet.rows]
        for start, end in _runs(paths):
            if end - start > 1 and len(paths[start]) == depth and paths[start][-1]:
                ws.merge_cells(start_row=first + start, start_column=depth,
                               end_row=first + end - 1, end_column=depth)


def _pool_of(row: SheetRow, groups: Sequence[GroupPoints]) -> GroupPoints | None:
    """The innermost group holding the points of an item that has none of its own."""
    if row.points is not None:
        return None
    matches = [g for g in groups if row.levels[: len(g.path)] == g.path]
    return max(matches, key=lambda g: len(g.path), default=None)


def _write_pools(ws: Worksheet, col: _Columns, first: int, sheet: UnitSheet) -> Decimal:
    """Show each pooled group's points and score once, merged over its run of items; sum the points."""
    pools = [_pool_of(row, sheet.groups) for row in sheet.rows]
    total = Decimal(0)
    for start, end in _runs(pools):
        pool = pools[start]
        if pool is None:
            continue
        score = pool.score
        if score is None and all(row.not_applicable for row in sheet.rows[start:end]):
            score = NOT_APPLICABLE
        ws.cell(row=first + start, column=col.points, value=pool.points)
        ws.cell(row=first + start, column=col.score, value=score)
        if end - start > 1:  # merging drops the items' own score cells below the first
            for column in (col.points, col.score):
                ws.merge_cells(start_row=first + start, start_column=column,
                               end_row=first + end - 1, end_column=column)
        total += pool.points or 0
    return total


def _write_cases(
    ws: Worksheet, col: _Columns, r: int, label: str, cases: list[tuple[str, str, Decimal]]
) -> int:
    """Rows for 综合加分 / 重大扣分 cases under one merged label; returns the next free row."""
    if not cases:
        return r
    for i, (case_id, text, score) in enumerate(cases):
        ws.cell(row=r + i, column=col.criteria, value=f"{case_id} {text}")
        ws.cell(row=r + i, column=col.score, value=score)
    _label(ws, col, r, label, last_row=r + len(cases) - 1)
    return r + len(cases)


def _label(ws: Worksheet, col: _Columns, r: int, text: str, last_row: int | None = None) -> None:
    """A row label across the level columns."""
    ws.cell(row=r, column=1, value=text)
    last_row = r if last_row is None else last_row
    if col.levels > 1 or last_row > r:
        ws.merge_cells(start_row=r, start_column=1, end_row=last_row, end_column=col.levels)
