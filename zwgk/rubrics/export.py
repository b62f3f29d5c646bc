"""Any scheme → an .xlsx table in the layout the importer reads, and back without loss.

The first sheet is the table a county would print: title with 总分, a header row, one row per
item with its full path (a group's points after its name on its first row, “政府网站（10分）”),
综合加分项/重大扣分项 rows and a 合计 row. The table alone imports to the same items, points and
texts. What a table cannot hold (a person's corrected clauses, bindings, readings, grades…)
travels in a second, hidden sheet as the scheme file's YAML; on import it is used only for the
items the table still agrees with, so edits made in Excel win.
"""
from __future__ import annotations

from decimal import Decimal
from io import BytesIO

import yaml
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from .headers import role_of

DATA_SHEET = "zwgk方案数据"
_LINE = "|"
DATA_NOTE = "本工作表由zwgk导出，保存方案的完整内容（条款、台账绑定、理解说明等），请勿修改；修改“考核细则”表后重新导入，以该表为准。"
_LEVEL_NAMES = ("一级指标", "二级指标", "三级指标", "四级指标", "五级指标")
# (header, item key) of the optional columns, in the order they are written.
_OPTIONAL = [("加分标准", "bonus_text"), ("考核要求", "requirement"), ("涉及内容", "content"), ("考核对象", "applies_to"),
             ("考核方式", "method"), ("责任单位", "responsible"), ("完成时限", "deadline"), ("备注", "notes")]


def export_xlsx(scheme: dict) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "考核细则"
    assessment = scheme.get("kind") != "task-plan"
    items = scheme.get("items", [])
    depth = max((len(i["path"]) for i in items), default=1)
    levels = _level_headers(scheme.get("levels") or [], depth)
    optional = [(h, k) for h, k in _OPTIONAL if any(_value(i, k) for i in items)]
    if not assessment and not any(h == "考核要求" for h, _ in optional):
        optional.insert(0, ("考核要求", "requirement"))
    headers = ["序号", *levels] + (["分值", "评分标准"] if assessment else []) + [h for h, _ in optional]
    title = scheme.get("title") or ""
    if assessment and scheme.get("total_points") is not None:
        title = f"{title}（总分{scheme['total_points']}分）"
    sheet.append([title])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    sheet.append(headers)
    width = len(levels)
    points_at = 1 + width
    group_points = {tuple(g["path"]): g["points"] for g in scheme.get("groups", []) if g.get("points") is not None}
    for item in items:
        row = [item["id"], *_padded(_named_points(item["path"], group_points), width)]
        if assessment:
            row += [_number(item.get("points")), item.get("text") or ""]
        row += [_value(item, k) for _, k in optional]
        sheet.append(row)
    for section, label in (("bonus", "综合加分项"), ("major", "重大扣分项")):
        for case in (scheme.get(section) or {}).get("cases", []):
            row = [""] * len(headers)
            row[1] = label
            if assessment:
                row[points_at + 1] = case["text"]
            sheet.append(row)
    if assessment and scheme.get("total_points") is not None:
        row = [""] * len(headers)
        row[1] = "合计"
        row[points_at] = _number(scheme["total_points"])
        sheet.append(row)
    _style(sheet, headers)
    data = book.create_sheet(DATA_SHEET)
    data.sheet_state = "hidden"
    data.append([DATA_NOTE])
    for line in scheme_yaml(scheme).splitlines():
        data.append([_LINE + line])  # the mark keeps the YAML's indentation, which readers strip
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def scheme_yaml(scheme: dict) -> str:
    """The scheme as the text of a scheme file (docs/scheme-format.md)."""
    return yaml.safe_dump(scheme, allow_unicode=True, sort_keys=False, width=1000, default_flow_style=False)


def embedded_scheme(rows: list[list[str]]) -> dict | None:
    """The scheme kept in an exported workbook's data sheet, or None if it is not one of ours."""
    if not rows or not rows[0] or rows[0][0] != DATA_NOTE:
        return None
    try:
        data = yaml.safe_load("\n".join(r[0][len(_LINE):] if r and r[0].startswith(_LINE) else "" for r in rows[1:]))
    except yaml.YAMLError:
        return None
    return data if isinstance(data, dict) and data.get("format") == "zwgk-scheme/1" else None


def _level_headers(levels: list[str], depth: int) -> list[str]:
    """The scheme's own level names where they read as levels (考核项目), else 一级指标, 二级指标…."""
    return [levels[i] if i < len(levels) and role_of(levels[i]) == "level" else _LEVEL_NAMES[i] for i in range(depth)]


def _number(points) -> Decimal | str:
    """Points as a number cell (exact: openpyxl writes a Decimal as written), "" for none."""
    return "" if points is None else Decimal(str(points))


def _padded(path: list[str], width: int) -> list[str]:
    return list(path) + [""] * (width - len(path))


def _value(item: dict, key: str) -> str:
    value = item.get(key)
    if key == "deadline":
        return (value or {}).get("text") or ""
    return value or ""


def _named_points(path: list[str], group_points: dict) -> list[str]:
    """Level cells, each group with points written as 华容 does: “政府网站（10分）”, on its first row."""
    out = []
    for depth, name in enumerate(path, 1):
        points = group_points.pop(tuple(path[:depth]), None)
        out.append(f"{name}（{points}分）" if points is not None else name)
    return out


def _style(sheet, headers: list[str]) -> None:
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A1"].alignment = Alignment(horizontal="center")
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for i, header in enumerate(headers):
        letter = sheet.cell(row=2, column=i + 1).column_letter
        sheet.column_dimensions[letter].width = 60 if header in ("评分标准", "考核要求", "加分标准") else (6 if header == "序号" else 18)
    for row in sheet.iter_rows(min_row=3):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
