"""Tables in a .docx document: one per top-level table, in document order.

python-docx's own cell access repeats a merged cell's text in every grid position it covers, so
the grid is built here from the XML: `w:gridSpan` merges horizontally, `w:vMerge` vertically
("restart" starts a merge, a bare `w:vMerge` continues the one above). A merged cell's text is
in its top-left position only and `spans` says how far it reaches, as for a worksheet.

Callers check the file first (`files.read_tables`): size, zip bombs and macros.
"""
from __future__ import annotations

from io import BytesIO

import docx
from docx.oxml.ns import qn

from .tables import Table

W_TBL, W_TR, W_TC, W_P, W_R = qn("w:tbl"), qn("w:tr"), qn("w:tc"), qn("w:p"), qn("w:r")
W_VAL = qn("w:val")
# Containers whose content is not the paragraph's own text: a text box is a story of its own,
# a Fallback repeats its Choice, deleted text is gone, paragraph properties hold tab stops.
SKIP = {qn("w:txbxContent"), "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback",
        qn("w:del"), qn("w:pPr"), qn("w:rPr")}


def docx_tables(data: bytes) -> list[Table]:
    """The document's top-level tables that have any text, numbered as Word shows them, each with
    the last paragraphs above it as its caption (the title, “（总分100分）”)."""
    body = docx.Document(BytesIO(data)).element.body
    tables = []
    above: list[str] = []
    number = 0
    for element in _children(body, (W_TBL, W_P)):
        if element.tag == W_P:
            text = paragraph_text(element).strip()
            above = (above + [text])[-3:] if text else above
            continue
        number += 1
        table = table_from_xml(element, f"第{number}个表格")
        if table.rows:
            table.caption = above
            tables.append(table)
        above = []
    return tables


def document_text(data: bytes) -> str:
    """All paragraph text of the body, to tell an empty document from one without tables."""
    body = docx.Document(BytesIO(data)).element.body
    return "\n".join(paragraph_text(p) for p in body.iter(W_P))


def table_from_xml(tbl, source: str) -> Table:
    grid: list[list[str]] = []
    spans: dict[tuple[int, int], tuple[int, int]] = {}
    open_vmerge: dict[int, tuple[int, int]] = {}  # grid column → anchor (row, col) of a vertical merge
    for r, tr in enumerate(_children(tbl, W_TR)):
        cells: list[str] = []
        col = _prop_int(tr, "w:trPr", "w:gridBefore")
        cells.extend([""] * col)
        last_anchor = None  # for the legacy w:hMerge
        continued = set()
        for tc in _children(tr, W_TC):
            width = max(1, _prop_int(tc, "w:tcPr", "w:gridSpan", default=1))
            vmerge = _prop_val(tc, "w:vMerge")
            hmerge = _prop_val(tc, "w:hMerge")
            anchor = open_vmerge.get(col)
            if vmerge is not None and vmerge != "restart" and anchor is not None:
                cells.extend([""] * width)
                spans[anchor] = (r - anchor[0] + 1, spans.get(anchor, (1, 1))[1])
                continued.add(col)
            elif hmerge is not None and hmerge != "restart" and last_anchor is not None:
                cells.extend([""] * width)
                rows, cols = spans.get(last_anchor, (1, 1))
                spans[last_anchor] = (rows, cols + width)
            else:
                for c in range(col, col + width):
                    open_vmerge.pop(c, None)
                cells.append(cell_text(tc))
                cells.extend([""] * (width - 1))
                if width > 1:
                    spans[(r, col)] = (1, width)
                if vmerge == "restart":
                    open_vmerge[col] = (r, col)
                last_anchor = (r, col)
            col += width
        cells.extend([""] * _prop_int(tr, "w:trPr", "w:gridAfter"))
        for c, (row, _) in list(open_vmerge.items()):
            if row != r and c not in continued:  # a row without that cell ends the merge
                del open_vmerge[c]
        grid.append(cells)
    width = max((len(cells) for cells in grid), default=0)
    for cells in grid:
        cells.extend([""] * (width - len(cells)))
    spans = {key: span for key, span in spans.items() if span != (1, 1)}
    return Table.from_grid(source, grid, list(range(1, len(grid) + 1)), spans)


def cell_text(tc) -> str:
    """The cell's own paragraphs joined by line breaks; a table nested in it is not read."""
    paragraphs = [paragraph_text(p) for p in _children(tc, W_P)]
    return "\n".join(paragraphs).strip()


def paragraph_text(p) -> str:
    parts: list[str] = []

    def walk(element):
        for child in element:
            tag = child.tag
            if tag in SKIP:
                continue
            if tag == qn("w:t"):
                parts.append(child.text or "")
            elif tag == qn("w:tab") and element.tag == W_R:
                parts.append("\t")
            elif tag in (qn("w:br"), qn("w:cr")):
                parts.append("\n")
            elif tag == qn("w:noBreakHyphen"):
                parts.append("-")
            else:
                walk(child)

    walk(p)
    return "".join(parts)


def _children(element, tag: str | tuple[str, ...]):
    """Direct children with `tag` (or any of several), also those wrapped in content controls (w:sdt)."""
    tags = (tag,) if isinstance(tag, str) else tag
    for child in element:
        if child.tag in tags:
            yield child
        elif child.tag == qn("w:sdt"):
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                yield from _children(content, tag)


def _prop_val(element, name: str) -> str | None:
    """`w:val` of a cell property such as w:vMerge: None when absent, "" when bare."""
    props = element.find(qn("w:tcPr"))
    found = props.find(qn(name)) if props is not None else None
    if found is None:
        return None
    return found.get(W_VAL, "")


def _prop_int(element, props_name: str, name: str, default: int = 0) -> int:
    props = element.find(qn(props_name))
    found = props.find(qn(name)) if props is not None else None
    try:
        return int(found.get(W_VAL)) if found is not None else default
    except (TypeError, ValueError):
        return default
