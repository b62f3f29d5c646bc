"""What every reader hands on: a table of cell texts with where each row came from.

Readers of .xlsx, .docx and text files all produce `Table`s, so the rest of the import (header
recognition, assembling the scheme) never needs to know the file type.
"""
from __future__ import annotations

from dataclasses import dataclass, field


class RubricFileError(ValueError):
    """A file that cannot be imported; `message` says why and what to do, in Chinese."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class NoRubricColumns(RubricFileError):
    """Tables were found, but no column the machine knows as a rubric's: `layouts` are the tables,
    for a person to say which column holds what."""

    def __init__(self, message: str, layouts: list):
        super().__init__(message)
        self.layouts = layouts


@dataclass
class Table:
    """One table of a file, top to bottom.

    `rows` hold each cell's text with surrounding whitespace stripped ("" for an empty cell);
    a merged cell's text is only in its top-left cell, and `spans` says how far it reaches, so
    a 分值 merged over a group's rows is told apart from points written on every row.
    `lines` are the row numbers (1-based) of the source — the worksheet row, the table row, the
    text line — for messages like “第12行”.
    """

    source: str  # e.g. 工作表“评分表”, 第2个表格, 第40–120行
    rows: list[list[str]]
    lines: list[int]
    spans: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)  # (row, col) → (rows, cols)
    caption: list[str] = field(default_factory=list)  # the lines printed just above it (title, “（总分100分）”)

    def cell(self, row: int, col: int) -> str:
        cells = self.rows[row]
        return cells[col] if col < len(cells) else ""

    def rowspan(self, row: int, col: int) -> int:
        return self.spans.get((row, col), (1, 1))[0]

    def colspan(self, row: int, col: int) -> int:
        return self.spans.get((row, col), (1, 1))[1]

    @classmethod
    def from_grid(
        cls,
        source: str,
        grid: list[list[str]],
        lines: list[int],
        spans: dict[tuple[int, int], tuple[int, int]],
    ) -> Table:
        """A table from a reader's full grid, with wholly empty rows left out.

        Spreadsheets and Word tables have blank spacer rows that carry nothing; dropping them
        here keeps `lines` pointing at the real rows, and the spans (given in grid rows) are
        counted again in kept rows so a merge over a dropped row still covers the right rows.
        """
        kept = [i for i, cells in enumerate(grid) if any(cells)]
        index = {grid_row: n for n, grid_row in enumerate(kept)}
        table_spans = {}
        for (row, col), (nrows, ncols) in spans.items():
            if row not in index:
                continue
            covered = sum(1 for r in range(row, row + nrows) if r in index)
            if (covered, ncols) != (1, 1):
                table_spans[(index[row], col)] = (covered, ncols)
        return cls(source, [grid[i] for i in kept], [lines[i] for i in kept], table_spans)

    def to_json(self) -> dict:
        """Plain JSON data, so the web app can keep a table between the steps of an import."""
        return {
            "source": self.source,
            "rows": [list(cells) for cells in self.rows],
            "lines": list(self.lines),
            "spans": {f"{row},{col}": [nrows, ncols] for (row, col), (nrows, ncols) in sorted(self.spans.items())},
            "caption": list(self.caption),
        }

    @classmethod
    def from_json(cls, obj: dict) -> Table:
        spans = {}
        for key, (nrows, ncols) in obj.get("spans", {}).items():
            row, col = key.split(",")
            spans[(int(row), int(col))] = (int(nrows), int(ncols))
        return cls(
            source=obj["source"],
            rows=[[str(cell) for cell in cells] for cells in obj["rows"]],
            lines=[int(line) for line in obj["lines"]],
            spans=spans,
            caption=[str(line) for line in obj.get("caption", [])],
        )
