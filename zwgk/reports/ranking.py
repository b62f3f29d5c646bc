"""The ranking table: one worksheet per ranking group, as units are ranked within their group,
and a 全部 sheet listing everyone."""
from __future__ import annotations

from collections.abc import Sequence

from openpyxl import Workbook

from .sheets import RankRow
from .xlsx import sheet_title, workbook_bytes, write_table

_HEADER = ("名次", "单位", "分组", "自评分", "得分", "等次")
_WIDTHS = (8, 30, 14, 10, 10, 10)
ALL = "全部"


def ranking_xlsx(title: str, rows: Sequence[RankRow]) -> bytes:
    """Rows are printed in the order given (the caller ranks them)."""
    wb = Workbook()
    wb.remove(wb.active)
    taken: set[str] = set()
    groups = dict.fromkeys(row.group for row in rows)
    tables = [(g, f"{title}（{g}）", [r for r in rows if r.group == g]) for g in groups]
    for name, heading, members in (*tables, (ALL, title, rows)):
        write_table(
            wb.create_sheet(sheet_title(name, taken)),
            heading,
            _HEADER,
            ([r.rank, r.unit, r.group, r.self_total, r.total, r.grade] for r in members),
            _WIDTHS,
            left=(2,),
        )
    return workbook_bytes(wb)
