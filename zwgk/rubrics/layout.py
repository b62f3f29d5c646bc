"""Tables → layouts: find each table's header, join tables continued across pages and sheets,
and line every data row up with its header.

A layout is one header and the rows under it, wherever they were printed: the same header
repeated on every page (or a later table or sheet with no header at all) continues the layout;
a different header starts a new one. Tables with no scoring column (a 法定主动公开内容清单, a
联系人备案表) are not rubrics: they are kept as layouts the person may map, and otherwise left
out with a warning saying so.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from .headers import clean, find_header, header_texts, role_of, same_header
from .tables import Table

_RUBRIC_ROLES = {"text", "requirement", "points", "grade", "bonus_text"}
_LINES = re.compile(r"第\d+(?:–\d+)?行")
_POINTS = re.compile(r"^(\d+(?:\.\d+)?)\s*分?$")
DASHES = {"-", "—", "–", "－", "/", "／", "——", "无"}


@dataclass
class Row:
    """A data row lined up with its layout's columns (missing cells are "")."""

    cells: list[str]
    line: int  # row/line number in the source
    source: str
    spans: dict[int, int] = field(default_factory=dict)  # column → rows its merged cell reaches
    after_break: bool = False  # first row after a page break (repeated header, new table or sheet)
    shift: int = 0  # cells moved to line up with the header (OCR dropped or added a cell)

    @property
    def where(self) -> str:
        """第49行 in a text file (its source is already a line range), 工作表“评分表”第5行, 第2个表格第5行."""
        return f"第{self.line}行" if _LINES.fullmatch(self.source) else f"{self.source}第{self.line}行"


@dataclass
class Layout:
    source: str
    headers: list[str]
    roles: list[str | None]
    rows: list[Row] = field(default_factory=list)
    caption: list[str] = field(default_factory=list)  # one-cell rows above the header (title, 总分)

    @property
    def sample(self) -> list[list[str]]:
        return [r.cells for r in self.rows[:5]]

    @property
    def rubric(self) -> bool:
        """Whether some column holds what a rubric scores by (评分标准, 分值, 考核要求…)."""
        return bool(_RUBRIC_ROLES & set(self.roles))

    def columns(self, role: str) -> list[int]:
        return [i for i, r in enumerate(self.roles) if r == role]


def points_value(text: str) -> Decimal | None:
    """“3”, “3分”, “0.5” → Decimal; anything else (“-”, “各项目加分之和”) → None."""
    m = _POINTS.match(clean(text))
    if not m:
        return None
    try:
        return Decimal(m.group(1))
    except InvalidOperation:  # pragma: no cover - the pattern only lets digits through
        return None


def is_points_cell(text: str) -> bool:
    return points_value(text) is not None or clean(text) in DASHES


def layouts_of(tables: list[Table], roles: list[list[str | None]] | None = None) -> list[Layout]:
    """The layouts of a file, one per header, each table with a header of its own starting one.

    Tables that are not rubrics are layouts too (`rubric` is False), so the person sees every
    table on the mapping page and can say what a column holds where the machine did not know;
    `roles` (one list per layout, in this order) are those corrections.
    """
    layouts: list[Layout] = []
    current: Layout | None = None
    for table in tables:
        found = find_header(table)
        if found is None and current is not None and _continues(current, table):
            _add_rows(current, table, 0)
            continue
        first, last = found if found is not None else (0, 0)  # unknown headers: the first row, for the person to map
        headers = header_texts(table, first, last)
        if found is not None and current is not None and same_header(headers, current.headers):
            _add_rows(current, table, last + 1)
            continue
        caption = table.caption + [c for r in table.rows[:first] for c in r if c]
        current = Layout(table.source, headers, [role_of(h) for h in headers], caption=caption)
        layouts.append(current)
        _add_rows(current, table, last + 1)
    if roles is not None:
        for layout, chosen in zip(layouts, roles):
            layout.roles = list(chosen) + [None] * (len(layout.headers) - len(chosen))
    for layout in layouts:
        if layout.rubric:
            _line_up(layout)
    return layouts


def _continues(layout: Layout, table: Table) -> bool:
    """Whether a table without a header of its own is the layout continued (a later page or sheet).

    It must be about as wide, and where the layout has a 分值 column, at most half of its rows may
    hold something else there: a 联系人名单 sheet after the rubric has 职务 or telephone numbers in
    that column (no rubric gives an item more than 1000 points), a continued page has points or a
    group's merged 分值 left empty.
    """
    if max(len(r) for r in table.rows) < len(layout.headers) - 1:
        return False
    points = layout.columns("points")
    if not points:
        return True
    rows = [cells for cells in table.rows if sum(1 for c in cells if c) > 1]
    wrong = 0
    for cells in rows:
        cell = _get(cells, points[0])
        value = points_value(cell)
        if cell and not (clean(cell) in DASHES or (value is not None and value <= 1000)):
            wrong += 1
    return wrong * 2 <= len(rows)


def _add_rows(layout: Layout, table: Table, start: int) -> None:
    after_break = True
    for r in range(start, len(table.rows)):
        cells = table.rows[r]
        if same_header(cells, layout.headers):
            after_break = True
            continue
        if not any(cells):
            continue
        spans = {c: table.rowspan(r, c) for c in range(len(cells)) if table.rowspan(r, c) > 1}
        layout.rows.append(Row(list(cells), table.lines[r], table.source, spans, after_break))
        after_break = False


def _line_up(layout: Layout) -> None:
    """Move a row's cells so that its points land in the 分值 column (OCR drops or doubles cells).

    Only when the 分值 column holds something that is not points while a neighbouring cell
    does, and the cell after it then reads as scoring text; every moved row is reported. A row
    whose 分值 cell is empty is moved only when it also runs past the header's last column with
    text (a cell added on its left), and then only to the left.
    """
    width = len(layout.headers)
    points = layout.columns("points")
    text_cols = layout.columns("text") + layout.columns("requirement")
    for row in layout.rows:
        at_points = _get(row.cells, points[0]) if points else ""
        spilled = any(row.cells[width:])
        if points and ((at_points and not is_points_cell(at_points)) or (not at_points and spilled)):
            p = points[0]
            for shift in ((-1, 1, -2, 2) if at_points else (1, 2)):
                k = p + shift
                if 0 <= k < len(row.cells) and is_points_cell(row.cells[k]) and _reads_as_text(row.cells, text_cols, shift):
                    row.cells = [_get(row.cells, c + shift) if c + shift >= 0 else "" for c in range(max(width, len(row.cells)))]
                    row.shift = shift
                    row.spans = {c - shift: n for c, n in row.spans.items()}
                    break
        row.cells = (row.cells + [""] * width)[: max(width, len(row.cells))]


def _reads_as_text(cells: list[str], text_cols: list[int], shift: int) -> bool:
    return not text_cols or any(len(_get(cells, c + shift)) > 4 and not is_points_cell(_get(cells, c + shift)) for c in text_cols)


def _get(cells: list[str], i: int) -> str:
    return cells[i] if 0 <= i < len(cells) else ""
