"""How the command line prints: JSON with exact decimals as strings, aligned Chinese tables.

Scores leave the program as decimal strings ("4.4"), never floats (shared/spec/cli.md); tables
pad by display width, since a Chinese character takes two columns of a terminal.
"""
from __future__ import annotations

import json
import unicodedata
from decimal import Decimal

from zwgk.scoring.decimals import fmt


def dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, default=_decimal)


def _decimal(value):
    if isinstance(value, Decimal):
        return fmt(value)
    raise TypeError(f"无法输出为 JSON 的值：{value!r}")


def print_json(data) -> None:
    print(dumps(data))


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def table(headers: list[str], rows: list[list[str]]) -> list[str]:
    """Rows as aligned lines under a header and a rule; the last column is not padded."""
    widths = [max(width(str(row[i])) for row in [headers, *rows]) for i in range(len(headers))]

    def line(cells) -> str:
        padded = [str(c) + " " * (widths[i] - width(str(c))) for i, c in enumerate(cells[:-1])]
        return "  ".join([*padded, str(cells[-1])]).rstrip()

    return [line(headers), "  ".join("─" * w for w in widths), *(line(r) for r in rows)]


def one_line(text: str) -> str:
    """Messages go to people one line each (cli.md: one-line errors)."""
    return " ".join(str(text).split())
