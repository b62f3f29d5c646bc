"""Units and accounts (单位和账号) as one Excel file: template, export, reading and importing.

The workbook has a 单位 sheet and a 账号 sheet (either may be left empty) and a 说明 sheet that is
never read. `read_roster` checks the whole upload — each sheet against itself, the other sheet and
the database — and either returns a `Roster` or raises `ImportProblems` listing every problem with
its sheet, row, column and reason; `import_roster` then saves it in one transaction, keyed on the
unit name and the username, so importing the same file twice changes nothing.

Passwords: an import never changes an existing account's password. A new account gets its 初始密码
or, when that is blank, a generated one; both come back in `RosterResult.passwords` for the office
to download once (`passwords_xlsx`) and are never stored in plain text or written to the log.
Administrator and superuser accounts cannot be created or changed through an import.
"""
from __future__ import annotations

import os
import re
import secrets
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from itertools import chain, islice

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Lower
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from zwgk.accounts.manage_forms import NO_UNIT_ROLES, password_problems
from zwgk.accounts.models import UNIT_ROLES, Membership, Role
from zwgk.audit.services import record
from zwgk.front.xlsx import (HEADER_SEARCH_ROWS, ImportProblems, Problem, bad_file, cell_text, find_header,
                             header_key, open_workbook)
from zwgk.organisations.contacts_xlsx import PHONE_HELP, PHONE_RE
from zwgk.organisations.models import Unit
from zwgk.reports.xlsx import workbook_bytes

User = get_user_model()

TITLE = "单位和账号"
MAX_BYTES = 5 * 1024 * 1024
MAX_UNIT_ROWS = 1000        # filled rows on the 单位 sheet; a county has a few hundred at most
MAX_ACCOUNT_ROWS = 2000     # filled rows on the 账号 sheet; a county has 80–120 accounts
MAX_SCAN_ROWS = 10_000      # rows read from a sheet, blank ones included
MAX_COLUMNS = 40            # columns read from a sheet
MAX_PASSWORD = 128
UNITS_SHEET, ACCOUNTS_SHEET, HELP_SHEET = "单位", "账号", "说明"
UNITS_TITLE, ACCOUNTS_TITLE = "单位名单", "账号名单"
PASSWORDS_TITLE = "新账号初始密码"

YES = {"是", "√", "✓", "y", "yes", "true", "1", "在用", "启用"}
NO = {"否", "×", "n", "no", "false", "0", "不在用", "停用"}
PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/l/I
ADMIN_LABELS = {"系统管理员", "管理员", "超级管理员", "admin"}
ROLE_NAMES = {
    **{r.label: r.value for r in Role if r != Role.ADMIN},
    **{r.value: r.value for r in Role if r != Role.ADMIN},
    "联络员": Role.REPORTER.value, "负责人": Role.HEAD.value, "考核组": Role.ASSESSOR.value,
}
IMPORTABLE_ROLES = "、".join(r.label for r in Role if r != Role.ADMIN)
KIND_NAMES = {**{label: value for value, label in Unit.Kind.choices}, "县直部门": Unit.Kind.DEPARTMENT.value}
KINDS = "、".join(label for _, label in Unit.Kind.choices)
USERNAME_HELP = "用户名只能包含字母、数字和 @ . + - _，不能有空格或其他符号，例如 zhangsan 或 dongshan-lly。"
ADMIN_REASON = "这是系统管理员账号，不能通过导入修改；请删除这一行，如需修改请由系统管理员在账号管理中操作。"


@dataclass(frozen=True)
class Col:
    key: str
    label: str
    aliases: tuple[str, ...]
    required: bool  # the header must have this column
    hint: str
    example: str = ""


UNIT_COLUMNS = [
    Col("name", "单位名称", ("单位", "单位全称", "名称"), True,
        "必填；全县唯一。已有单位按名称匹配并更新，其余新增；“账号”表的“所在单位”按它填写。", "东山镇"),
    Col("kind", "单位类型", ("类型",), True, f"必填；填写以下之一：{KINDS}。科室、责任组一般填“其他”。", "乡镇"),
    Col("parent", "上级单位", ("所属单位", "上级"), False,
        "只有科室、责任组才填，填所属单位的名称（可以是本表中的单位）；上级单位本身不能是科室或责任组。独立单位留空。",
        "县行政审批局"),
    Col("ranking_group", "排名分组", ("分组",), False, "可不填；不填时按单位类型分组（街道并入乡镇）。", ""),
    Col("order", "排序", ("排序号", "顺序"), False, "可不填；整数，数字越小越靠前，不填为 0。", "10"),
    Col("active", "在用", ("是否在用", "启用"), False, "填“是”或“否”，不填为“是”。", "是"),
]
ACCOUNT_COLUMNS = [
    Col("username", "用户名", ("账号", "登录名", "登录账号", "用户账号"), True,
        "必填；登录时使用，全系统唯一。" + USERNAME_HELP[:-1] + "。已有账号按用户名匹配并更新，其余新增。", "dongshan-lly"),
    Col("display_name", "姓名", ("使用人", "使用人姓名"), True, "必填；账号使用者的姓名，最多50个字。", "李丽"),
    Col("role", "角色", ("账号角色",), True,
        f"必填；填写以下之一：{IMPORTABLE_ROLES}。系统管理员不能通过导入设置。", Role.REPORTER.label),
    Col("unit", "所在单位", ("单位", "单位名称", "所属单位"), True,
        "单位联络员、单位负责人必填；考核办留空；考核组成员可填其所在部门。须是“单位”表中或系统中已有的单位名称。", "东山镇"),
    Col("phone", "联系电话", ("电话", "手机", "手机号", "手机号码", "联系方式"), False,
        "可不填；只能包含数字、短横线、空格和括号。", "138 1234 5678"),
    Col("password", "初始密码", ("密码",), False,
        "只对新账号有效，可不填：不填时由系统生成，导入完成后可下载一次新账号的初始密码表。"
        "至少10个字符，不能全是数字，不能过于常见，也不能与用户名或姓名相似。已有账号的密码不会被导入修改。", ""),
]
UNIT_LABELS = {c.key: c.label for c in UNIT_COLUMNS}
ACCOUNT_LABELS = {c.key: c.label for c in ACCOUNT_COLUMNS}
UNIT_FIELD_LABELS = {f: str(Unit._meta.get_field(f).verbose_name)
                     for f in ("kind", "parent", "ranking_group", "order", "active")}
ACCOUNT_FIELD_LABELS = {"display_name": "姓名", "role": "角色", "unit": "所在单位", "phone": "联系电话"}


@dataclass(frozen=True)
class SheetProblem(Problem):
    """A problem with the sheet it is on: “账号”表第3行 «角色»：原因."""

    sheet: str = ""

    def __str__(self) -> str:
        text = super().__str__()
        if not self.sheet:
            return text
        return f"“{self.sheet}”表{text}" if self.row is not None else f"“{self.sheet}”表：{text}"


@dataclass
class UnitRow:
    row: int
    name: str
    kind: str
    parent: str | None         # None: the file has no 上级单位 column; "": no parent
    ranking_group: str | None  # None: no such column, keep as it is
    order: int | None
    active: bool | None


@dataclass
class AccountRow:
    row: int
    username: str
    display_name: str
    role: str
    unit: str                  # the unit's name, "" for none
    phone: str | None          # None: the file has no 联系电话 column
    password: str = field(default="", repr=False)
    is_new: bool = True


@dataclass
class Roster:
    units: list[UnitRow]
    accounts: list[AccountRow]
    units_sheet: str = UNITS_SHEET
    accounts_sheet: str = ACCOUNTS_SHEET


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def __str__(self) -> str:
        return f"新增 {self.created} 个，更新 {self.updated} 个，未变 {self.unchanged} 个"


@dataclass(frozen=True)
class NewAccount:
    username: str
    display_name: str
    role: str
    unit: str
    password: str = field(repr=False)
    generated: bool = True

    @property
    def role_label(self) -> str:
        return Role(self.role).label


@dataclass
class RosterResult:
    units: Counts = field(default_factory=Counts)
    accounts: Counts = field(default_factory=Counts)
    passwords: list[NewAccount] = field(default_factory=list, repr=False)
    kept_passwords: list[str] = field(default_factory=list)  # existing accounts whose 初始密码 was ignored

    def __str__(self) -> str:
        return f"单位{self.units}；账号{self.accounts}"


# ---------------------------------------------------------------- template and export

HELP_NOTES = [
    "“单位”和“账号”两张表可以只填一张；列的顺序不限，表头上方可以有标题行，其他列不会导入。",
    "单位按“单位名称”匹配，账号按“用户名”匹配：已有的按表中内容更新，没有的新增；表中没有的单位和账号不会被删除或停用。",
    "导入不会修改已有账号的密码。新账号不填“初始密码”时由系统生成，导入完成后可下载一次新账号初始密码表，请当面或电话告知本人。",
    "系统管理员账号不能通过导入创建或修改。",
    "只要有一处问题，整个文件都不会导入；页面会列出每处问题所在的表、行、列和原因。",
    "可以先在“账号管理”中导出现有的单位和账号，修改后再导入。",
]
BOLD = Font(bold=True)
TITLE_FONT = Font(size=16, bold=True)


def _data_sheet(ws, title: str, columns: list[Col], rows, choices: dict[str, list[str]], text: set[str],
                max_rows: int) -> None:
    """A title row, the header with a note on each column, the rows; drop-down lists for choices."""
    ws.append([title])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(columns))
    ws["A1"].font = TITLE_FONT
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.append([c.label for c in columns])
    for index, column in enumerate(columns, start=1):
        cell = ws.cell(2, index)
        cell.font = BOLD
        cell.comment = Comment(column.hint, "zwgk", width=300, height=110)
        letter = get_column_letter(index)
        ws.column_dimensions[letter].width = 26 if column.key in ("name", "parent", "unit") else 16
        if column.key in choices:
            validation = DataValidation(type="list", formula1='"' + ",".join(choices[column.key]) + '"',
                                        allow_blank=True, showErrorMessage=True,
                                        error="请从下拉列表中选择。", errorTitle="填写有误")
            validation.add(f"{letter}3:{letter}{max_rows + 2}")
            ws.add_data_validation(validation)
    for values in rows:
        ws.append(values)
    for index, column in enumerate(columns, start=1):
        if column.key in text:
            for row in range(3, ws.max_row + 1):
                ws.cell(row, index).number_format = "@"
    ws.freeze_panes = "A3"


def _help_sheet(ws) -> None:
    ws.append(["填写说明"])
    ws["A1"].font = TITLE_FONT
    for note in HELP_NOTES:
        ws.append([note])
        ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=5)
        ws.row_dimensions[ws.max_row].height = 30
    ws.append([])
    ws.append(["表", "列", "是否必须有这一列", "填写要求", "示例"])
    for cell in ws[ws.max_row]:
        cell.font = BOLD
    for sheet, columns in ((UNITS_SHEET, UNIT_COLUMNS), (ACCOUNTS_SHEET, ACCOUNT_COLUMNS)):
        for c in columns:
            accepted = f"（也可写作：{'、'.join(c.aliases)}）" if c.aliases else ""
            ws.append([sheet, c.label + accepted, "是" if c.required else "否", c.hint, c.example])
    for letter, width in zip("ABCDE", (8, 30, 16, 80, 18)):
        ws.column_dimensions[letter].width = width
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def _ordered_units():
    """Independent units by their order, each followed by its 科室/责任组."""
    units = list(Unit.objects.select_related("parent"))
    children: dict[int, list[Unit]] = {}
    for u in units:
        if u.parent_id:
            children.setdefault(u.parent_id, []).append(u)
    out = []
    for u in units:
        if u.parent_id is None:
            out.append(u)
            out.extend(children.get(u.pk, []))
    return out


def exported_accounts():
    """The accounts an import may change: not administrators or superusers, and with a role."""
    return (Membership.objects.select_related("user", "unit").exclude(role=Role.ADMIN)
            .exclude(user__is_superuser=True).order_by("user__username"))


def roster_workbook(units, memberships) -> bytes:
    """The 单位, 账号 and 说明 sheets; the template when there are no units or accounts."""
    wb = Workbook()
    units_ws = wb.active
    units_ws.title = UNITS_SHEET
    _data_sheet(units_ws, UNITS_TITLE, UNIT_COLUMNS,
                ([u.name, u.get_kind_display(), u.parent.name if u.parent_id else "", u.ranking_group, u.order,
                  "是" if u.active else "否"] for u in units),
                {"kind": [label for _, label in Unit.Kind.choices], "active": ["是", "否"]}, {"name", "parent"},
                MAX_UNIT_ROWS)
    accounts_ws = wb.create_sheet(ACCOUNTS_SHEET)
    _data_sheet(accounts_ws, ACCOUNTS_TITLE, ACCOUNT_COLUMNS,
                ([m.user.username, m.display_name, m.get_role_display(), m.unit.name if m.unit_id else "", m.phone,
                  ""] for m in memberships),
                {"role": [r.label for r in Role if r != Role.ADMIN]}, {"username", "phone", "password"},
                MAX_ACCOUNT_ROWS)
    _help_sheet(wb.create_sheet(HELP_SHEET))
    return workbook_bytes(wb)


def template_xlsx() -> bytes:
    return roster_workbook([], [])


def export_roster() -> bytes:
    return roster_workbook(_ordered_units(), exported_accounts().iterator(chunk_size=500))


def passwords_xlsx(new_accounts: list[NewAccount]) -> bytes:
    """The accounts an import created, with their initial passwords: handed out once, never kept."""
    wb = Workbook()
    ws = wb.active
    ws.title = PASSWORDS_TITLE
    header = ["用户名", "姓名", "角色", "所在单位", "初始密码", "密码来源"]
    ws.append([PASSWORDS_TITLE])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    ws["A1"].font = TITLE_FONT
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.append(["请当面或电话告知本人，并提醒其登录后修改密码；本表只能在导入完成时下载一次，系统不保存明文密码，用完请删除。"])
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(header))
    ws.append(header)
    for cell in ws[3]:
        cell.font = BOLD
    for a in new_accounts:
        ws.append([a.username, a.display_name, Role(a.role).label, a.unit, a.password,
                   "系统生成" if a.generated else "表中填写"])
        ws.cell(ws.max_row, 5).number_format = "@"
    for letter, width in zip("ABCDEF", (20, 12, 14, 26, 20, 12)):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A4"
    return workbook_bytes(wb)


# ---------------------------------------------------------------- reading

@dataclass
class _Sheet:
    """A sheet's filled data rows: (row number, {column key: raw value}) for the columns present."""

    title: str
    columns: set[str] = field(default_factory=set)
    rows: list[tuple[int, dict]] = field(default_factory=list)


def _is_help(title: str) -> bool:
    return header_key(title) in ("说明", "填写说明", "使用说明")


SHEET_NAMES = {
    "units": {"单位", "单位表", "单位名单", "单位名册", "单位列表"},
    "accounts": {"账号", "账号表", "账号名单", "账号列表", "账户", "用户"},
}
_UNIT_NAMES = {header_key(a): c.key for c in UNIT_COLUMNS for a in (c.label, *c.aliases)}
_ACCOUNT_NAMES = {header_key(a): c.key for c in ACCOUNT_COLUMNS for a in (c.label, *c.aliases)}


def _head(ws) -> list[tuple]:
    ws.reset_dimensions()
    return list(islice(ws.iter_rows(values_only=True, max_col=MAX_COLUMNS), HEADER_SEARCH_ROWS))


def _looks_like(head: list[tuple], kind: str) -> bool:
    """Whether a sheet not named 单位 or 账号 has that sheet's header, by its own columns."""
    keys = {header_key(v) for values in head for v in values}
    names = _ACCOUNT_NAMES if kind == "accounts" else _UNIT_NAMES
    own = {"username", "role"} if kind == "accounts" else {"kind"}
    return any(names.get(k) in own for k in keys)


def _find_sheets(wb) -> dict[str, object]:
    """The worksheets holding units and accounts: by name, else by their header."""
    found = {}
    for ws in wb.worksheets:
        key = header_key(ws.title)
        for kind, names in SHEET_NAMES.items():
            if key in names and kind not in found:
                found[kind] = ws
    for ws in wb.worksheets:
        if len(found) == 2:
            break
        if ws in found.values() or _is_help(ws.title):
            continue
        head = _head(ws)
        for kind in ("accounts", "units"):
            if kind not in found and _looks_like(head, kind):
                found[kind] = ws
                break
    return found


def _read_sheet(ws, names: dict, columns: list[Col], max_rows: int, problems: list) -> _Sheet:
    """The sheet's filled rows after its header; header and size problems go to `problems`."""
    sheet = _Sheet(ws.title)
    ws.reset_dimensions()
    rows = ws.iter_rows(values_only=True, max_col=MAX_COLUMNS)
    head = list(islice(rows, HEADER_SEARCH_ROWS))
    labels = {c.key: c.label for c in columns}

    def bad(row, column, reason):
        problems.append(SheetProblem(row, column, reason, sheet.title))

    if not any(cell_text(v) for values in head for v in values):
        for number, values in enumerate(rows, start=HEADER_SEARCH_ROWS + 1):
            if number > MAX_SCAN_ROWS:
                break
            if any(cell_text(v) for v in values):
                bad(None, "", f"表头须在前{HEADER_SEARCH_ROWS}行中，请删除表格上方的空行。")
                break
        return sheet  # an empty sheet: nothing to import from it
    try:
        header_row, index = find_header(head, names, labels, [c.key for c in columns if c.required])
    except ImportProblems as e:
        for p in e.problems:
            bad(p.row, p.column, p.reason)
        return sheet
    sheet.columns = set(index)
    for number, values in enumerate(chain(head[header_row:], rows), start=header_row + 1):
        if number > MAX_SCAN_ROWS:
            bad(None, "", f"表格超过{MAX_SCAN_ROWS}行（含空行），请确认是否选错了文件，或删除多余的空行。")
            break
        cells = {key: (values[i] if i < len(values) else None) for key, i in index.items()}
        if not any(cell_text(v) for v in cells.values()):
            continue
        if len(sheet.rows) >= max_rows:
            bad(None, "", f"超过{max_rows}行，请确认是否选错了文件。")
            break
        sheet.rows.append((number, cells))
    return sheet


class _Checker:
    """Checks the rows of both sheets against each other and the database, collecting problems."""

    def __init__(self, actor, units_sheet: _Sheet, accounts_sheet: _Sheet):
        self.actor = actor
        self.units_sheet, self.accounts_sheet = units_sheet, accounts_sheet
        self.problems: list[SheetProblem] = []
        self.db_units = {u.name: u for u in Unit.objects.all()}
        self.db_names = {u.pk: u.name for u in self.db_units.values()}

    def bad(self, sheet: _Sheet, labels: dict, row: int, key: str, reason: str) -> None:
        self.problems.append(SheetProblem(row, labels[key], reason, sheet.title))

    # -------------------------------------------------------- units

    def units(self) -> list[UnitRow]:
        sheet, out, seen = self.units_sheet, [], {}

        def bad(row, key, reason):
            self.bad(sheet, UNIT_LABELS, row, key, reason)

        for number, cells in sheet.rows:
            name = cell_text(cells["name"])
            if not name:
                bad(number, "name", "单位名称不能为空。")
            elif len(name) > 100:
                bad(number, "name", f"单位名称过长（{len(name)}个字），最多100个字。")
            elif name in seen:
                bad(number, "name", f"与第{seen[name]}行重复：单位名称全县唯一，同一单位只能出现一次，请删除其中一行。")
            else:
                seen[name] = number
            kind_text = cell_text(cells["kind"])
            kind = KIND_NAMES.get(kind_text)
            if not kind_text:
                bad(number, "kind", f"单位类型不能为空，请填写以下之一：{KINDS}。")
            elif kind is None:
                bad(number, "kind", f"“{kind_text}”不是可选的单位类型，请填写以下之一：{KINDS}。")
            parent = cell_text(cells["parent"]) if "parent" in sheet.columns else None
            group = cell_text(cells["ranking_group"]) if "ranking_group" in sheet.columns else None
            if group is not None and len(group) > 50:
                bad(number, "ranking_group", f"排名分组过长（{len(group)}个字），最多50个字。")
            order = None
            if "order" in sheet.columns:
                text = cell_text(cells["order"])
                if not text:
                    order = 0
                elif re.fullmatch(r"-?\d{1,9}", text):
                    order = int(text)
                else:
                    bad(number, "order", f"“{text}”不是整数，请填写整数，例如 10；不需要排序时留空。")
            active = None
            if "active" in sheet.columns:
                value = cells["active"]
                text = cell_text(value).lower()
                if isinstance(value, bool):
                    active = value
                elif not text or text in YES:
                    active = True
                elif text in NO:
                    active = False
                else:
                    bad(number, "active", f"“{cell_text(value)}”应填写“是”或“否”（不填为“是”）。")
            if name:  # kept for the checks across rows; returned only when nothing is wrong
                out.append(UnitRow(number, name, kind or "", parent, group, order, active))
        self._check_parents(out)
        return out

    def _check_parents(self, rows: list[UnitRow]) -> None:
        """Every parent named exists and is independent; no unit with sub-units becomes one."""
        in_file = {r.name: r for r in rows if r.name}
        final = {name: self.db_names.get(u.parent_id, "") for name, u in self.db_units.items()}
        for r in in_file.values():
            if r.parent is not None:
                final[r.name] = r.parent
            elif r.name not in final:
                final[r.name] = ""
        children: dict[str, list[str]] = {}
        for name, parent in final.items():
            if parent:
                children.setdefault(parent, []).append(name)
        for r in rows:
            if not r.parent:
                continue

            def bad(reason, r=r):
                self.bad(self.units_sheet, UNIT_LABELS, r.row, "parent", reason)

            if r.parent == r.name:
                bad("单位不能是自己的上级单位；独立单位请将“上级单位”留空。")
            elif r.parent not in final:
                bad(f"“{r.parent}”既不在本表中，也不在系统中，请核对名称（须与单位管理中完全一致），或在本表中添加该单位。")
            elif final[r.parent]:
                bad(f"“{r.parent}”本身是科室或责任组（上级为“{final[r.parent]}”），不能再有下级；"
                    "请填写一个独立单位作为上级。")
            elif children.get(r.name):
                shown = "、".join(children[r.name][:5]) + ("等" if len(children[r.name]) > 5 else "")
                bad(f"“{r.name}”下已有科室或责任组（{shown}），不能再设为其他单位的下级；请先调整其下级单位。")

    # -------------------------------------------------------- accounts

    def accounts(self, units: list[UnitRow]) -> list[AccountRow]:
        sheet, out, seen = self.accounts_sheet, [], {}
        file_units = {r.name for r in units if r.name}
        usernames = {User.normalize_username(cell_text(cells["username"])) for _, cells in sheet.rows}
        found = list(User.objects.annotate(lname=Lower("username"))
                     .filter(Q(lname__in={u.lower() for u in usernames}) | Q(username__in=usernames))
                     .select_related("membership"))
        exact = {u.username: u for u in found}
        folded = {u.username.lower(): u for u in found}
        validator = UnicodeUsernameValidator()

        def bad(row, key, reason):
            self.bad(sheet, ACCOUNT_LABELS, row, key, reason)

        for number, cells in sheet.rows:
            before = len(self.problems)
            username = User.normalize_username(cell_text(cells["username"]))
            user = exact.get(username) or folded.get(username.lower())
            if not username:
                bad(number, "username", "用户名不能为空。")
            elif len(username) > 150:
                bad(number, "username", f"用户名过长（{len(username)}个字符），最多150个字符。")
            else:
                try:
                    validator(username)
                except ValidationError:
                    bad(number, "username", f"“{username}”不是有效的用户名。{USERNAME_HELP}")
            if username and username.lower() in seen:
                first_row, first = seen[username.lower()]
                same = "" if first == username else f"（“{first}”，用户名不区分大小写）"
                bad(number, "username", f"与第{first_row}行重复{same}：同一账号只能出现一次，请删除其中一行。")
            elif username:
                seen[username.lower()] = (number, username)
            if user is not None and user.username != username:
                bad(number, "username", f"系统中已有用户名“{user.username}”（只是大小写不同），"
                                        "请改为与系统中完全一致，或换一个用户名。")
            elif user is not None and (user.is_superuser or getattr(user, "membership", None) is not None
                                       and user.membership.role == Role.ADMIN):
                bad(number, "username", ADMIN_REASON)
            display_name = cell_text(cells["display_name"])
            if not display_name:
                bad(number, "display_name", "姓名不能为空，请填写账号使用者的姓名，便于识别账号。")
            elif len(display_name) > 50:
                bad(number, "display_name", f"姓名过长（{len(display_name)}个字），最多50个字。")
            role_text = cell_text(cells["role"])
            role = ROLE_NAMES.get(role_text) or ROLE_NAMES.get(role_text.lower())
            if not role_text:
                bad(number, "role", f"角色不能为空，请填写以下之一：{IMPORTABLE_ROLES}。")
            elif role_text in ADMIN_LABELS or role_text.lower() in ADMIN_LABELS:
                bad(number, "role", "系统管理员不能通过导入设置，请由系统管理员在账号管理中创建；"
                                    f"这里请填写以下之一：{IMPORTABLE_ROLES}。")
            elif role is None:
                bad(number, "role", f"“{role_text}”不是可导入的角色，请填写以下之一：{IMPORTABLE_ROLES}。")
            elif (user is not None and user.pk == getattr(self.actor, "pk", None)
                  and getattr(getattr(user, "membership", None), "role", None) != role):
                bad(number, "role", "不能通过导入修改自己的角色，请由其他管理员操作。")
            unit = cell_text(cells["unit"])
            if role in UNIT_ROLES and not unit:
                bad(number, "unit", f"{Role(role).label}必须填写所在单位，请填写该账号负责的单位名称。")
            elif role in NO_UNIT_ROLES and unit:
                bad(number, "unit", f"{Role(role).label}账号不属于任何单位，请将“所在单位”留空。")
            elif unit and unit not in file_units and unit not in self.db_units:
                bad(number, "unit", f"“{unit}”既不在“单位”表中，也不在系统中，请核对名称（须与单位管理中完全一致），"
                                    "或在“单位”表中添加该单位。")
            phone = None
            if "phone" in sheet.columns:
                phone = cell_text(cells["phone"])
                if len(phone) > 50:
                    bad(number, "phone", f"联系电话过长（{len(phone)}个字符），最多50个字符。")
                elif phone and not PHONE_RE.match(phone):
                    bad(number, "phone", f"“{phone}”不是有效的电话号码。{PHONE_HELP}")
            password = cell_text(cells["password"]) if "password" in sheet.columns else ""
            if password and user is None:
                if len(password) > MAX_PASSWORD:
                    bad(number, "password", f"初始密码最多{MAX_PASSWORD}个字符。")
                else:
                    for message in password_problems(password, User(username=username, first_name=display_name)):
                        bad(number, "password", f"初始密码不符合要求：{message}")
            if len(self.problems) == before:
                out.append(AccountRow(number, username, display_name, role, unit, phone, password, user is None))
        return out


def read_roster(file, actor=None) -> Roster:
    """Every unit and account in the uploaded file, or ImportProblems listing all that is wrong."""
    wb = open_workbook(file, max_bytes=MAX_BYTES, empty="文件是空的，请选择填写好的单位和账号表。",
                       too_big=f"文件超过 {MAX_BYTES // 1024 // 1024} MB，单位和账号表不应这么大，请确认是否选错了文件。")
    problems: list = []
    try:
        found = _find_sheets(wb)
        if not found:
            raise bad_file(f"文件中找不到“{UNITS_SHEET}”或“{ACCOUNTS_SHEET}”工作表，请下载导入模板填写后再上传。")
        units = (_read_sheet(found["units"], _UNIT_NAMES, UNIT_COLUMNS, MAX_UNIT_ROWS, problems)
                 if "units" in found else _Sheet(UNITS_SHEET))
        accounts = (_read_sheet(found["accounts"], _ACCOUNT_NAMES, ACCOUNT_COLUMNS, MAX_ACCOUNT_ROWS, problems)
                    if "accounts" in found else _Sheet(ACCOUNTS_SHEET))
    finally:
        wb.close()
    if problems:  # a sheet's header or size is wrong: its rows cannot be checked
        raise ImportProblems(problems)
    if not units.rows and not accounts.rows:
        raise bad_file(f"“{UNITS_SHEET}”表和“{ACCOUNTS_SHEET}”表的表头下面都没有内容，请填写后再导入。")
    checker = _Checker(actor, units, accounts)
    unit_rows = checker.units()
    account_rows = checker.accounts(unit_rows)
    if checker.problems:  # by sheet and row; within a row in the order of the columns
        order = {units.title: 0, accounts.title: 1}
        raise ImportProblems(sorted(checker.problems, key=lambda p: (order.get(p.sheet, 2), p.row or 0)))
    return Roster(unit_rows, account_rows, units.title, accounts.title)


# ---------------------------------------------------------------- saving

def generate_password(username: str, display_name: str = "") -> str:
    """A random password the validators accept, easy to read out: three groups of four characters."""
    user = User(username=username, first_name=display_name)
    for _ in range(100):
        groups = ("".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(4)) for _ in range(3))
        password = "-".join(groups)
        if not password_problems(password, user):
            return password
    raise RuntimeError("the password validators refuse every generated password")


def _hash_all(passwords: dict[str, str]) -> dict[str, str]:
    """The hashes, computed in parallel: the hasher is slow on purpose and a county has ~100 accounts."""
    if len(passwords) < 2:
        return {u: make_password(p) for u, p in passwords.items()}
    workers = min(8, os.cpu_count() or 1, len(passwords))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        hashes = pool.map(make_password, passwords.values())
        return dict(zip(passwords, hashes))


def import_roster(actor, roster: Roster, filename: str = "") -> RosterResult:
    """Save the checked rows in one transaction. New accounts' passwords are generated (when the
    file has none) and hashed first, so the transaction holds no locks while hashing."""
    passwords = {a.username: (a.password or generate_password(a.username, a.display_name), not a.password)
                 for a in roster.accounts if a.is_new}
    hashes = _hash_all({u: p for u, (p, _) in passwords.items()})
    return _save(actor, roster, passwords, hashes, filename)


def _shown_unit(field_name: str, value):
    if field_name == "kind":
        return Unit.Kind(value).label if value else ""
    if field_name == "parent":
        return value.name if value else ""
    return value


def _unit_values(r: UnitRow, parent: Unit | None, unit: Unit | None) -> dict:
    """The unit's fields as the row sets them; columns the file lacks keep the unit's values."""
    values = {"kind": r.kind}
    if r.parent is not None or unit is None:
        values["parent"] = parent
    for name, value, default in (("ranking_group", r.ranking_group, ""), ("order", r.order, 0),
                                 ("active", r.active, True)):
        if value is not None or unit is None:
            values[name] = default if value is None else value
    return values


@transaction.atomic
def _save(actor, roster: Roster, passwords: dict, hashes: dict, filename: str) -> RosterResult:
    result = RosterResult()
    existing = {u.name: u for u in Unit.objects.select_for_update().filter(name__in=[r.name for r in roster.units])}
    names = dict(Unit.objects.values_list("pk", "name"))

    def parent_name(r: UnitRow) -> str:
        if r.parent is not None:
            return r.parent
        unit = existing.get(r.name)
        return names.get(unit.parent_id, "") if unit else ""

    units = {u.name: u for u in Unit.objects.filter(name__in={parent_name(r) for r in roster.units} - {""})}
    # Independent units first, so a 科室 new in this file finds its parent saved.
    for r in sorted(roster.units, key=lambda r: bool(parent_name(r))):
        unit = existing.get(r.name)
        parent = units.get(parent_name(r)) if parent_name(r) else None
        values = _unit_values(r, parent, unit)
        if unit is None:
            unit = Unit.objects.create(name=r.name, **values)
            record(actor, "导入新增单位", unit=unit, target=unit.name,
                   new="，".join(x for x in (unit.get_kind_display(), parent and f"上级 {parent.name}",
                                            unit.ranking_group and f"排名分组 {unit.ranking_group}",
                                            f"排序 {unit.order}", "在用" if unit.active else "不在用") if x))
            result.units.created += 1
        else:
            changed = [f for f, v in values.items() if getattr(unit, f) != v]
            for f in changed:
                record(actor, "导入修改单位", unit=unit, target=unit.name, field=UNIT_FIELD_LABELS[f],
                       old=_shown_unit(f, getattr(unit, f)), new=_shown_unit(f, values[f]))
                setattr(unit, f, values[f])
            if changed:
                unit.save(update_fields=changed)
                result.units.updated += 1
            else:
                result.units.unchanged += 1
        units[unit.name] = unit

    users = {u.username: u for u in User.objects.select_for_update().filter(
        username__in=[a.username for a in roster.accounts])}
    memberships = {m.user_id: m for m in Membership.objects.select_for_update().filter(
        user__in=list(users.values()))}
    wanted = {a.unit for a in roster.accounts if a.unit} - set(units)
    units.update({u.name: u for u in Unit.objects.filter(name__in=wanted)})
    current = Unit.objects.in_bulk({m.unit_id for m in memberships.values() if m.unit_id})
    for a in roster.accounts:
        unit = units[a.unit] if a.unit else None
        user = users.get(a.username)
        if user is None:
            _create_account(actor, a, unit, passwords, hashes, result, roster.accounts_sheet)
            continue
        membership = memberships.get(user.pk)
        if user.is_superuser or (membership is not None and membership.role == Role.ADMIN):
            raise ImportProblems([SheetProblem(a.row, ACCOUNT_LABELS["username"], ADMIN_REASON,
                                               roster.accounts_sheet)])
        if a.password:
            result.kept_passwords.append(a.username)
        _update_account(actor, a, user, membership, unit, current, result)
    record(actor, "导入单位和账号", target=(filename or TITLE)[:200], new=str(result))
    return result


def _create_account(actor, a: AccountRow, unit, passwords: dict, hashes: dict, result: RosterResult,
                    sheet: str) -> None:
    if a.username not in hashes:  # it was there when the file was read and has gone since
        raise ImportProblems([SheetProblem(a.row, ACCOUNT_LABELS["username"],
                                           "这个账号刚刚被他人删除，请重新上传文件再导入一次。", sheet)])
    user = User(username=a.username, password=hashes[a.username])
    user.save()
    Membership.objects.create(user=user, role=a.role, unit=unit, display_name=a.display_name, phone=a.phone or "")
    record(actor, "导入创建账号", unit=unit, target=user.username,
           new="，".join(x for x in (a.display_name, Role(a.role).label, unit and unit.name, a.phone) if x))
    password, generated = passwords[a.username]
    result.passwords.append(NewAccount(a.username, a.display_name, a.role, unit.name if unit else "",
                                       password, generated))
    result.accounts.created += 1


def _shown_account(field_name: str, value):
    if field_name == "role":
        return Role(value).label if value else ""
    if field_name == "unit":
        return value.name if value else ""
    return value


def _update_account(actor, a: AccountRow, user, membership, unit, current: dict, result: RosterResult) -> None:
    before = {"display_name": "", "role": "", "unit": None, "phone": ""}
    if membership is not None:
        before = {"display_name": membership.display_name, "role": membership.role, "phone": membership.phone,
                  "unit": current.get(membership.unit_id)}
    after = {"display_name": a.display_name, "role": a.role, "unit": unit,
             "phone": before["phone"] if a.phone is None else a.phone}
    changed = [f for f in ACCOUNT_FIELD_LABELS if before[f] != after[f]]
    if membership is None or changed:
        Membership.objects.update_or_create(user=user, defaults=after)
    for f in changed:
        record(actor, "导入修改账号", unit=unit or before["unit"], target=user.username,
               field=ACCOUNT_FIELD_LABELS[f], old=_shown_account(f, before[f]), new=_shown_account(f, after[f]))
    if changed or membership is None:
        result.accounts.updated += 1
    else:
        result.accounts.unchanged += 1
