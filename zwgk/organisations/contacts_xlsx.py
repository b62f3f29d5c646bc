"""The 政务公开工作联系人备案表 as an Excel file: export, template, reading and importing.

`read_contacts` checks a whole file and either returns its rows or raises `ImportProblems`
listing every problem (row, column, reason); `import_contacts` then saves the rows in one
transaction, keyed on (单位, 姓名), so importing the same file twice changes nothing.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.db import transaction
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from zwgk.audit.services import record
from zwgk.front.xlsx import (HEADER_SEARCH_ROWS, ImportProblems, Problem, bad_file, cell_text, find_header,
                             open_workbook, parse_date)
from zwgk.organisations.models import Contact, Unit
from zwgk.reports.xlsx import workbook_bytes

TITLE = "政务公开工作联系人备案表"
MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
SERIAL = "序号"

# (model field, column name as written in the file, other names accepted on import)
COLUMNS = [
    ("unit", "单位", ("单位名称",)),
    ("name", "姓名", ()),
    ("title", "职务", ()),
    ("phone", "联系电话", ("电话",)),
    ("leader", "主管领导", ("主管领导签字",)),
    ("reported_on", "报送日期", ()),
]
LABELS = {field: label for field, label, _ in COLUMNS}
TEXT_FIELDS = ("title", "phone", "leader")

PHONE_RE = re.compile(r"^[0-9\-\s()（）]*$")
PHONE_HELP = "联系电话只能包含数字、短横线、空格和括号，例如 0359-6522000 或 138 1234 5678。"
DATE_HELP = "请填写日期，例如 2021-09-10、2021年9月10日 或 2021.9.10。"


@dataclass(frozen=True)
class ContactRow:
    row: int
    unit: Unit
    name: str
    title: str
    phone: str
    leader: str
    reported_on: dt.date | None


# ---------------------------------------------------------------- export

def export_contacts(contacts) -> bytes:
    """The registry as an .xlsx file: a title row, the header, one row per contact."""
    wb = Workbook()
    ws = wb.active
    ws.title = "联系人备案表"
    header = [SERIAL] + [label for _, label, _ in COLUMNS]
    ws.append([TITLE])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    ws["A1"].font = Font(size=16, bold=True)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.append(header)
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for n, c in enumerate(contacts, start=1):
        ws.append([n, c.unit.name, c.name, c.title, c.phone, c.leader, c.reported_on])
        ws.cell(row=ws.max_row, column=7).number_format = "yyyy-mm-dd"
        ws.cell(row=ws.max_row, column=5).number_format = "@"
    for letter, width in zip("ABCDEFG", (6, 28, 12, 20, 18, 14, 13)):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A3"
    return workbook_bytes(wb)


def template_xlsx() -> bytes:
    return export_contacts([])


# ---------------------------------------------------------------- reading

_NAMES = {alias: field for field, label, aliases in COLUMNS for alias in (label, *aliases)}


def _max_length(field: str) -> int:
    return Contact._meta.get_field(field).max_length


def _check_row(row: int, cells: dict, units: dict[str, Unit], seen: dict, problems: list) -> ContactRow | None:
    before = len(problems)

    def bad(field, reason):
        problems.append(Problem(row, LABELS[field], reason))

    unit_name = cell_text(cells["unit"])
    unit = units.get(unit_name)
    if not unit_name:
        bad("unit", "单位不能为空，请填写与系统中完全一致的单位名称。")
    elif unit is None:
        bad("unit", f"系统中没有名为“{unit_name}”的单位，请核对名称（须与单位管理中完全一致），或先添加该单位。")
    name = cell_text(cells["name"])
    if not name:
        bad("name", "姓名不能为空，请填写联系人姓名。")
    values = {"name": name}
    for field in TEXT_FIELDS:
        values[field] = cell_text(cells[field])
    for field in ("name", *TEXT_FIELDS):
        limit = _max_length(field)
        if len(values[field]) > limit:
            bad(field, f"内容过长（{len(values[field])}个字），最多{limit}个字，请精简。")
    if values["phone"] and not PHONE_RE.match(values["phone"]):
        bad("phone", f"“{values['phone']}”不是有效的电话号码。{PHONE_HELP}")
    try:
        reported_on = parse_date(cells["reported_on"])
    except ValueError:
        reported_on = None
        bad("reported_on", f"无法识别日期“{cell_text(cells['reported_on'])}”。{DATE_HELP}")
    if unit is not None and name:
        key = (unit.pk, name)
        if key in seen:
            bad("name", f"与第{seen[key]}行重复：同一单位的同一联系人只能出现一次，请删除其中一行。")
        else:
            seen[key] = row
    if len(problems) > before:
        return None
    return ContactRow(row, unit, name, values["title"], values["phone"], values["leader"], reported_on)


def read_contacts(file) -> list[ContactRow]:
    """Every contact row in the uploaded file, or ImportProblems listing all that is wrong."""
    wb = open_workbook(file, max_bytes=MAX_BYTES, empty="文件是空的，请选择填写好的联系人备案表。",
                       too_big="文件超过 5 MB，联系人备案表不应这么大，请确认是否选错了文件。")
    try:
        ws = wb.worksheets[0]
        ws.reset_dimensions()
        rows = []
        for values in ws.iter_rows(values_only=True):
            rows.append(tuple(values))
            if len(rows) > MAX_ROWS + HEADER_SEARCH_ROWS:
                raise bad_file(f"表格超过{MAX_ROWS}行，请确认是否选错了文件。")
    finally:
        wb.close()
    if not any(v not in (None, "") for values in rows for v in values):
        raise bad_file("第一张工作表是空的，请把联系人填在第一张工作表中。")
    header_row, columns = find_header(rows, _NAMES, LABELS, LABELS)
    units = {u.name: u for u in Unit.objects.all()}
    problems: list[Problem] = []
    result, seen = [], {}
    for row, values in enumerate(rows[header_row:], start=header_row + 1):
        if all(cell_text(v) == "" for v in values):
            continue
        cells = {f: (values[c] if c < len(values) else None) for f, c in columns.items()}
        checked = _check_row(row, cells, units, seen, problems)
        if checked is not None:
            result.append(checked)
    if problems:
        raise ImportProblems(problems)
    if not result:
        raise bad_file("表头下面没有联系人，请填写后再导入。")
    return result


# ---------------------------------------------------------------- saving

@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def __str__(self) -> str:
        return f"新增 {self.created} 条，更新 {self.updated} 条，未变 {self.unchanged} 条"


CHANGEABLE = ("title", "phone", "leader", "reported_on")


@transaction.atomic
def import_contacts(actor, rows: list[ContactRow], filename: str = "") -> ImportResult:
    """Save the rows, keyed on (单位, 姓名); contacts absent from the file are kept."""
    result = ImportResult()
    for r in rows:
        contact = Contact.objects.select_for_update().filter(unit=r.unit, name=r.name).first()
        target = f"{r.unit.name} {r.name}"
        if contact is None:
            Contact.objects.create(unit=r.unit, name=r.name, title=r.title, phone=r.phone,
                                   leader=r.leader, reported_on=r.reported_on)
            record(actor, "导入新增联系人", unit=r.unit, target=target,
                   new=f"{r.title} {r.phone} {r.leader} {r.reported_on or ''}".strip())
            result.created += 1
            continue
        changed = [f for f in CHANGEABLE if getattr(contact, f) != getattr(r, f)]
        if not changed:
            result.unchanged += 1
            continue
        for f in changed:
            record(actor, "导入更新联系人", unit=r.unit, target=target, field=LABELS[f],
                   old=getattr(contact, f), new=getattr(r, f))
            setattr(contact, f, getattr(r, f))
        contact.save(update_fields=changed)
        result.updated += 1
    record(actor, "导入联系人备案表", target=filename or TITLE, new=str(result))
    return result
