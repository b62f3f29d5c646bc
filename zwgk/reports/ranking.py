"""The ranking table: one worksheet per ranking group, as units are ranked within their group,
and a 全部 sheet listing everyone."""
from __future__ import annotations

from collections.abc import Sequence

from openpyxl import Workbook

from .sheets import RankRow
from .xlsx import LEFT, sheet_title, workbook_bytes, write_table

_HEADER = ("名次", "单位", "分组", "自评分", "得分", "满分", "等次", "备注")
_WIDTHS = (8, 30, 14, 10, 10, 10, 10, 16)
ALL = "全部"


def ranking_xlsx(title: str, rows: Sequence[RankRow], notes: Sequence[str] = (), counting: str = "暂定") -> bytes:
    """Rows are printed in the order given (the caller ranks them); `notes` (how the results were
    computed) follow each table, one line each; `counting` says how unchecked items count (暂定,
    计0分…) beside a unit's number of them."""

    def note(row: RankRow) -> str:
        return f"{row.unchecked}项未核查（{counting}）" if row.unchecked else ""

    wb = Workbook()
    wb.remove(wb.active)
    taken: set[str] = set()
    groups = dict.fromkeys(row.group for row in rows)
    tables = [(g, f"{title}（{g}）", [r for r in rows if r.group == g]) for g in groups]
    for name, heading, members in (*tables, (ALL, title, rows)):
        ws = wb.create_sheet(sheet_title(name, taken))
        write_table(
            ws,
            heading,
            _HEADER,
            ([r.rank, r.unit, r.group, r.self_total, r.total, r.max_points, r.grade, note(r)] for r in members),
            _WIDTHS,
            left=(2, 8),
        )
        for line in notes:
            ws.append([line])
            ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=len(_HEADER))
            ws.cell(row=ws.max_row, column=1).alignment = LEFT
            ws.row_dimensions[ws.max_row].height = 30
    return workbook_bytes(wb)
