"""Tables in plain text: what a notice copied out of a web page or a PDF looks like.

Two shapes occur in the notices counties publish:

* tab-separated rows — one row per line, cells split by tabs. A table is a run of consecutive
  lines with tabs; a prose line or a blank line ends it (page breaks repeat the header, so a
  notice often holds one table in several pieces; joining them is the caller's business).
* cell per line — each cell on its own line starting with a tab, a row is a block of such lines,
  and blank lines separate rows (寻乌 2022). Consecutive blocks with only blank lines between
  them are one table.

Rows keep their trailing empty cells: how many cells a row has is how shifted columns (a
merged cell that was left out) are spotted later.
"""
from __future__ import annotations

from .tables import Table

Row = tuple[int, int, list[str]]  # first line, last line (1-based), cells


def text_tables(text: str) -> list[Table]:
    """Every table found in `text`, top to bottom; prose around them is left out."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    tables: list[Table] = []
    pending: list[Row] = []  # the cell-per-line table being gathered
    prose: list[str] = []  # the lines above the next table: its caption
    i = 0
    while i < len(lines):
        if "\t" not in lines[i]:
            if lines[i].strip():  # prose ends a cell-per-line table; blank lines do not
                _add(tables, pending, prose)
                pending = []
                prose = prose[-2:] + [lines[i].strip()]
            i += 1
            continue
        start = i
        while i < len(lines) and "\t" in lines[i]:
            i += 1
        block = lines[start:i]
        if all(_is_cell_line(line) for line in block):
            pending.append((start + 1, i, [line[1:].strip() for line in block]))
        else:
            _add(tables, pending, prose)
            pending = []
            _add(tables, [(start + 1 + n, start + 1 + n, [cell.strip() for cell in line.split("\t")])
                          for n, line in enumerate(block)], prose)
    _add(tables, pending, prose)
    return tables


def _is_cell_line(line: str) -> bool:
    """A line holding one cell: a leading tab and no other."""
    return line.startswith("\t") and line.count("\t") == 1


def _add(tables: list[Table], rows: list[Row], prose: list[str]) -> None:
    """Add the gathered rows as a table, unless they hold no table at all.

    Rows with only empty cells are left out. A table needs at least one row with two filled
    cells: a stray tab in prose, or notes indented with a tab below a table, are no table.
    """
    rows = [row for row in rows if any(row[2])]
    if not any(sum(1 for cell in cells if cell) >= 2 for _, _, cells in rows):
        return
    first, last = rows[0][0], rows[-1][1]
    source = f"第{first}行" if first == last else f"第{first}–{last}行"
    tables.append(Table(source=source, rows=[cells for _, _, cells in rows], lines=[row[0] for row in rows],
                        caption=list(prose)))
    prose.clear()
