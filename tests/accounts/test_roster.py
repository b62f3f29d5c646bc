"""Importing and exporting units and accounts as one .xlsx (zwgk/accounts/roster_xlsx.py)."""
import base64
import io
import re
import zipfile

import pytest
from django.contrib.auth import get_user_model, password_validation
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from zwgk.accounts import roster_xlsx
from zwgk.accounts.models import Membership, Role
from zwgk.accounts.roster_xlsx import ImportProblems, import_roster, read_roster
from zwgk.audit.models import Event
from zwgk.organisations.models import Unit

User = get_user_model()
IMPORT = "accounts:roster_import"
URLS = ["accounts:roster_import", "accounts:roster_template", "accounts:roster_export"]
GIVEN = "Dongshan-2024-zwgk"

UNIT_HEADER = ["单位名称", "单位类型", "上级单位", "排名分组", "排序", "在用"]
ACCOUNT_HEADER = ["用户名", "姓名", "角色", "所在单位", "联系电话", "初始密码"]
UNITS = [
    ["南岭乡", "乡镇", "", "", 5, "是"],
    ["县教育局", "县直单位", "", "教育卫健组", 20, "是"],
    ["县教育局办公室", "其他", "县教育局", "", 21, "是"],       # parent new in the same file
    ["县财政局预算股", "其他", "县财政局", "", 30, "否"],       # parent already in the database
]
ACCOUNTS = [
    ["nanling-lly", "刘玲玲", "单位联络员", "南岭乡", "0797-2822001", ""],
    ["nanling-fzr", "陈建国", "单位负责人", "南岭乡", 13812345678, GIVEN],
    ["jiaoyu-bgs", "王芳", "单位联络员", "县教育局办公室", "", ""],
    ["kaohe-zhang", "张伟", "考核组成员", "县财政局", "", ""],
    ["khb-li", "李静", "考核办", "", "", ""],
]


def workbook(units=None, accounts=None, *, titles=True, sheets=("单位", "账号")) -> bytes:
    """A roster file: each sheet a title row (unless `titles` is false), the header and the rows."""
    wb = Workbook()
    wb.remove(wb.active)
    for name, header, rows in ((sheets[0], UNIT_HEADER, units), (sheets[1], ACCOUNT_HEADER, accounts)):
        if rows is None:
            continue
        ws = wb.create_sheet(name)
        if titles:
            ws.append([f"{name}名单"])
        if header is not None:
            ws.append(header)
        for row in rows:
            ws.append(list(row))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@pytest.fixture
def roster_file(xlsx_upload):
    def make(units=UNITS, accounts=ACCOUNTS, name="单位和账号.xlsx", **kw):
        return xlsx_upload(workbook(units, accounts, **kw), name)
    return make


def problems_of(upload, actor=None) -> list[str]:
    with pytest.raises(ImportProblems) as caught:
        read_roster(upload, actor)
    return [str(p) for p in caught.value.problems]


def snapshot():
    units = list(Unit.objects.order_by("name").values_list("name", "kind", "parent__name", "ranking_group",
                                                          "order", "active"))
    accounts = list(User.objects.order_by("username").values_list(
        "username", "password", "is_active", "membership__role", "membership__unit__name",
        "membership__display_name", "membership__phone"))
    return units, accounts


def password_file(response) -> dict[str, list]:
    """The new accounts' passwords as the import page hands them out: username → row."""
    match = re.search(r'href="data:[^;"]+;base64,([A-Za-z0-9+/=]+)" download="新账号初始密码-[^"]+\.xlsx"',
                      response.content.decode())
    assert match, "the page has no password download"
    ws = load_workbook(io.BytesIO(base64.b64decode(match.group(1)))).active
    assert [c.value for c in ws[3]] == ["用户名", "姓名", "角色", "所在单位", "初始密码", "密码来源"]
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=4)]
    usernames = [r[0] for r in rows]
    assert len(usernames) == len(set(usernames))
    return {r[0]: r for r in rows}


# ---------------------------------------------------------------- a good file

def test_good_file_imports_units_and_accounts(county, roster_file):
    result = import_roster(county.office, read_roster(roster_file(), county.office), "九月.xlsx")
    assert str(result) == "单位新增 4 个，更新 0 个，未变 0 个；账号新增 5 个，更新 0 个，未变 0 个"
    edu, office = Unit.objects.get(name="县教育局"), Unit.objects.get(name="县教育局办公室")
    assert (edu.kind, edu.ranking_group, edu.order, edu.parent) == ("县直单位", "教育卫健组", 20, None)
    assert office.parent == edu
    budget = Unit.objects.get(name="县财政局预算股")
    assert budget.parent == county.finance and not budget.active
    head = User.objects.get(username="nanling-fzr")
    assert head.is_active and head.check_password(GIVEN)
    m = head.membership
    assert (m.role, m.unit.name, m.display_name, m.phone) == ("head", "南岭乡", "陈建国", "13812345678")
    assert User.objects.get(username="jiaoyu-bgs").membership.unit == office
    assert User.objects.get(username="kaohe-zhang").membership.unit == county.finance
    assert User.objects.get(username="khb-li").membership.unit is None
    assert Event.objects.filter(action="导入新增单位").count() == 4
    created = Event.objects.get(action="导入创建账号", target="nanling-fzr")
    assert (created.actor, created.unit.name, created.new) == (county.office, "南岭乡", "陈建国，单位负责人，南岭乡，13812345678")
    summary = Event.objects.get(action="导入单位和账号")
    assert summary.target == "九月.xlsx" and summary.new == str(result)


def test_import_page_reports_counts_and_hands_out_passwords(client, county, roster_file):
    client.force_login(county.office)
    response = client.post(reverse(IMPORT), {"file": roster_file()})
    html = response.content.decode()
    assert response.status_code == 200
    assert "导入完成：单位新增 4 个，更新 0 个，未变 0 个；账号新增 5 个，更新 0 个，未变 0 个。" in html
    assert "no-store" in response["Cache-Control"]
    passwords = password_file(response)
    assert set(passwords) == {"nanling-lly", "nanling-fzr", "jiaoyu-bgs", "kaohe-zhang", "khb-li"}
    assert passwords["nanling-fzr"][4:] == [GIVEN, "表中填写"]
    assert passwords["nanling-lly"][1:4] == ["刘玲玲", "单位联络员", "南岭乡"]


def test_reimporting_the_same_file_changes_nothing(client, county, roster_file):
    client.force_login(county.office)
    client.post(reverse(IMPORT), {"file": roster_file()})
    before, events = snapshot(), Event.objects.count()
    response = client.post(reverse(IMPORT), {"file": roster_file()}, follow=True)
    html = response.content.decode()
    assert "导入完成：单位新增 0 个，更新 0 个，未变 4 个；账号新增 0 个，更新 0 个，未变 5 个。" in html
    assert "data:" not in html  # no new accounts, no passwords to hand out
    assert snapshot() == before
    assert Event.objects.count() == events + 1  # only the import summary


def test_export_then_import_changes_nothing(client, county):
    client.force_login(county.office)
    exported = client.get(reverse("accounts:roster_export")).content
    before = snapshot()
    response = client.post(reverse(IMPORT), {"file": SimpleUploadedFile("导出.xlsx", exported)}, follow=True)
    # 5 units; every account but the superuser "admin".
    assert "单位新增 0 个，更新 0 个，未变 5 个；账号新增 0 个，更新 0 个，未变 7 个" in response.content.decode()
    assert snapshot() == before


def test_export_has_both_sheets_without_passwords_or_admins(client, county):
    Membership.objects.filter(user=county.office).update(phone="0797-1234567")
    client.force_login(county.admin)
    response = client.get(reverse("accounts:roster_export"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    wb = load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames == ["单位", "账号", "说明"]
    units = [[c.value for c in r] for r in wb["单位"].iter_rows(min_row=2)]
    assert units[0] == UNIT_HEADER
    names = [r[0] for r in units[1:]]
    # Each 科室/责任组 follows its parent.
    assert names.index("县行政审批局综合组") == names.index("县行政审批局") + 1
    assert ["县行政审批局综合组", "其他", "县行政审批局", None, 0, "是"] in units
    accounts = [[c.value for c in r] for r in wb["账号"].iter_rows(min_row=2)]
    assert accounts[0] == ACCOUNT_HEADER
    assert ["office", "office", "考核办", None, "0797-1234567", None] in accounts
    assert ["reporter", "reporter", "单位联络员", "东山镇", None, None] in accounts
    assert "admin" not in [r[0] for r in accounts]
    assert all(r[5] is None for r in accounts[1:])


def test_changes_are_recorded_with_old_and_new(county, roster_file):
    units = [["东山镇", "街道", "", "城区组", 3, "否"]]
    accounts = [["reporter", "李明", "单位负责人", "西河镇", "0797-1", ""]]
    result = import_roster(county.office, read_roster(roster_file(units, accounts), county.office))
    assert str(result) == "单位新增 0 个，更新 1 个，未变 0 个；账号新增 0 个，更新 1 个，未变 0 个"
    unit_changes = {e.field: (e.old, e.new) for e in Event.objects.filter(action="导入修改单位", target="东山镇")}
    assert unit_changes == {"单位类型": ("乡镇", "街道"), "排名分组": ("", "城区组"), "排序": ("0", "3"),
                            "在用": ("是", "否")}
    account_changes = {e.field: (e.old, e.new) for e in Event.objects.filter(action="导入修改账号", target="reporter")}
    assert account_changes == {"姓名": ("reporter", "李明"), "角色": ("单位联络员", "单位负责人"),
                               "所在单位": ("东山镇", "西河镇"), "联系电话": ("", "0797-1")}
    county.reporter.refresh_from_db()
    assert county.reporter.membership.unit == county.other_town
    assert county.reporter.check_password(county.PASSWORD)


def test_aliases_titles_and_column_order(county, xlsx_upload):
    wb = Workbook()
    ws = wb.active
    ws.title = "单位表"
    ws.append(["在用", "单位全称", "类型"])  # no title row, optional columns left out
    ws.append(["是", "北坑镇", "乡镇"])
    ws = wb.create_sheet("账号")
    ws.append(["二〇二四年账号"])
    ws.append([])
    ws.append(["手机", "登录名", "使用人", "单位", "角色", "备注"])
    ws.append(["139 0000 1111", "beikeng-lly", "周敏", "北坑镇", "联络员", "其他列不导入"])
    out = io.BytesIO()
    wb.save(out)
    roster = read_roster(xlsx_upload(out.getvalue()), county.office)
    assert [(u.name, u.kind, u.parent, u.order) for u in roster.units] == [("北坑镇", "乡镇", None, None)]
    [a] = roster.accounts
    assert (a.row, a.username, a.display_name, a.role, a.unit, a.phone) == (
        4, "beikeng-lly", "周敏", "reporter", "北坑镇", "139 0000 1111")
    result = import_roster(county.office, roster)
    assert result.accounts.created == 1 and Unit.objects.get(name="北坑镇").order == 0


def test_only_one_sheet_may_be_filled(county, roster_file):
    result = import_roster(county.office, read_roster(roster_file(units=None, accounts=ACCOUNTS[3:])))
    assert str(result) == "单位新增 0 个，更新 0 个，未变 0 个；账号新增 2 个，更新 0 个，未变 0 个"


def test_a_column_left_out_keeps_the_values(county, xlsx_upload):
    county.town.ranking_group, county.town.order = "中心镇", 7
    county.town.save()
    Membership.objects.filter(user=county.reporter).update(phone="0797-1")
    wb = Workbook()
    ws = wb.active
    ws.title = "单位"
    ws.append(["单位名称", "单位类型"])
    ws.append(["东山镇", "乡镇"])
    ws.append(["县行政审批局综合组", "其他"])
    ws = wb.create_sheet("账号")
    ws.append(["用户名", "姓名", "角色", "所在单位"])
    ws.append(["reporter", "reporter", "单位联络员", "东山镇"])
    out = io.BytesIO()
    wb.save(out)
    result = import_roster(county.office, read_roster(xlsx_upload(out.getvalue())))
    assert str(result) == "单位新增 0 个，更新 0 个，未变 2 个；账号新增 0 个，更新 0 个，未变 1 个"
    county.town.refresh_from_db()
    assert (county.town.ranking_group, county.town.order) == ("中心镇", 7)
    assert Unit.objects.get(name="县行政审批局综合组").parent == county.approval
    assert Membership.objects.get(user=county.reporter).phone == "0797-1"


# ---------------------------------------------------------------- bad files and rows

BAD_UNITS = [
    ["南岭乡", "乡镇", "", "", 5, "是"],
    ["南岭乡", "乡镇", "", "", 6, "是"],                        # 4: duplicate name
    ["北坑镇", "镇区", "", "", "第一", "也许"],                    # 5: kind, order, active
    ["审批局二组", "其他", "县行政审批局综合组", "", "", ""],      # 6: parent is a sub-unit
    ["县行政审批局", "县直单位", "县财政局", "", "", ""],          # 7: has a sub-unit
    ["县医保局", "县直单位", "县卫健委", "", "", ""],              # 8: parent nowhere
    ["", "乡镇", "", "", "", ""],                                 # 9: no name
]
BAD_ACCOUNTS = [
    ["nanling-lly", "刘玲玲", "单位联络员", "南岭乡", "", ""],
    ["Nanling-LLY", "刘二", "单位联络员", "南岭乡", "", ""],       # 4: duplicate username
    ["li si", "李四", "单位联络员", "南岭乡", "", ""],              # 5: invalid username
    ["wangwu", "王五", "科员", "南岭乡", "", ""],                  # 6: unknown role
    ["zhaoliu", "赵六", "系统管理员", "", "", ""],                 # 7: admin not importable
    ["sunqi", "孙七", "单位负责人", "", "", ""],                   # 8: unit role without a unit
    ["zhouba", "周八", "单位联络员", "不存在乡", "", ""],           # 9: unit nowhere
    ["wujiu", "吴九", "考核办", "南岭乡", "电话138", ""],           # 10: office with a unit, phone
    ["zhengshi", "郑十", "考核组成员", "", "", "12345678"],        # 11: weak password
    ["admin", "管理员", "考核办", "", "", ""],                     # 12: superuser
    ["OFFICE", "考核办", "考核办", "", "", ""],                    # 13: differs only in case
    ["", "无名", "考核办", "", "", ""],                            # 14: no username
    ["qianyi", "", "考核组成员", "", "", ""],                      # 15: no name
]


def test_every_bad_row_is_listed_with_sheet_row_and_column(county, roster_file):
    problems = problems_of(roster_file(BAD_UNITS, BAD_ACCOUNTS), county.office)
    assert problems == [
        "“单位”表第4行 «单位名称»：与第3行重复：单位名称全县唯一，同一单位只能出现一次，请删除其中一行。",
        "“单位”表第5行 «单位类型»：“镇区”不是可选的单位类型，请填写以下之一：乡镇、街道、县直单位、开发区、其他。",
        "“单位”表第5行 «排序»：“第一”不是整数，请填写整数，例如 10；不需要排序时留空。",
        "“单位”表第5行 «在用»：“也许”应填写“是”或“否”（不填为“是”）。",
        "“单位”表第6行 «上级单位»：“县行政审批局综合组”本身是科室或责任组（上级为“县行政审批局”），不能再有下级；"
        "请填写一个独立单位作为上级。",
        "“单位”表第7行 «上级单位»：“县行政审批局”下已有科室或责任组（县行政审批局综合组），不能再设为其他单位的下级；"
        "请先调整其下级单位。",
        "“单位”表第8行 «上级单位»：“县卫健委”既不在本表中，也不在系统中，请核对名称（须与单位管理中完全一致），"
        "或在本表中添加该单位。",
        "“单位”表第9行 «单位名称»：单位名称不能为空。",
        "“账号”表第4行 «用户名»：与第3行重复（“nanling-lly”，用户名不区分大小写）：同一账号只能出现一次，请删除其中一行。",
        "“账号”表第5行 «用户名»：“li si”不是有效的用户名。" + roster_xlsx.USERNAME_HELP,
        "“账号”表第6行 «角色»：“科员”不是可导入的角色，请填写以下之一：考核办、考核组成员、单位联络员、单位负责人。",
        "“账号”表第7行 «角色»：系统管理员不能通过导入设置，请由系统管理员在账号管理中创建；"
        "这里请填写以下之一：考核办、考核组成员、单位联络员、单位负责人。",
        "“账号”表第8行 «所在单位»：单位负责人必须填写所在单位，请填写该账号负责的单位名称。",
        "“账号”表第9行 «所在单位»：“不存在乡”既不在“单位”表中，也不在系统中，请核对名称（须与单位管理中完全一致），"
        "或在“单位”表中添加该单位。",
        "“账号”表第10行 «所在单位»：考核办账号不属于任何单位，请将“所在单位”留空。",
        "“账号”表第10行 «联系电话»：“电话138”不是有效的电话号码。" + roster_xlsx.PHONE_HELP,
        "“账号”表第11行 «初始密码»：初始密码不符合要求：密码长度太短。密码必须包含至少 10 个字符。",
        "“账号”表第11行 «初始密码»：初始密码不符合要求：这个密码太常见了。",
        "“账号”表第11行 «初始密码»：初始密码不符合要求：密码只包含数字。",
        "“账号”表第12行 «用户名»：" + roster_xlsx.ADMIN_REASON,
        "“账号”表第13行 «用户名»：系统中已有用户名“office”（只是大小写不同），请改为与系统中完全一致，或换一个用户名。",
        "“账号”表第14行 «用户名»：用户名不能为空。",
        "“账号”表第15行 «姓名»：姓名不能为空，请填写账号使用者的姓名，便于识别账号。",
    ]


def test_bad_file_imports_nothing_and_the_page_lists_every_problem(client, county, roster_file):
    client.force_login(county.office)
    before, events = snapshot(), Event.objects.count()
    response = client.post(reverse(IMPORT), {"file": roster_file(BAD_UNITS, BAD_ACCOUNTS)})
    html = response.content.decode()
    assert response.status_code == 200
    assert "文件中有 23 处问题，没有导入任何数据" in html
    assert "“单位”表第5行 «单位类型»" in html and "“账号”表第12行 «用户名»" in html
    assert snapshot() == before and Event.objects.count() == events


def test_one_bad_row_keeps_the_good_ones_out(county, roster_file):
    accounts = ACCOUNTS + [["bad", "坏行", "科员", "", "", ""]]
    assert problems_of(roster_file(UNITS, accounts)) == [
        "“账号”表第8行 «角色»：“科员”不是可导入的角色，请填写以下之一：考核办、考核组成员、单位联络员、单位负责人。"]
    assert not Unit.objects.filter(name="南岭乡").exists()
    assert not User.objects.filter(username="nanling-lly").exists()


def test_a_unit_becoming_a_subunit_with_its_children_moved_out_is_fine(county, roster_file):
    units = [["县行政审批局综合组", "其他", "", "", 0, "是"], ["县行政审批局", "县直单位", "县财政局", "", 0, "是"]]
    result = import_roster(county.office, read_roster(roster_file(units, None)))
    assert result.units.updated == 2
    county.approval.refresh_from_db()
    assert county.approval.parent == county.finance
    assert Unit.objects.get(name="县行政审批局综合组").parent is None


def test_a_unit_cannot_be_its_own_parent(county, roster_file):
    assert problems_of(roster_file([["南岭乡", "乡镇", "南岭乡", "", "", ""]], None)) == [
        "“单位”表第3行 «上级单位»：单位不能是自己的上级单位；独立单位请将“上级单位”留空。"]


def test_a_parent_that_becomes_a_subunit_in_the_file_is_refused(county, roster_file):
    units = [["甲乡", "乡镇", "", "", "", ""], ["甲乡党政办", "其他", "乙组", "", "", ""], ["乙组", "其他", "甲乡", "", "", ""]]
    problems = problems_of(roster_file(units, None))
    assert problems[0].startswith("“单位”表第4行 «上级单位»：“乙组”本身是科室或责任组（上级为“甲乡”）")
    assert problems[1].startswith("“单位”表第5行 «上级单位»：“乙组”下已有科室或责任组（甲乡党政办）")


def test_the_office_cannot_change_an_admin_through_the_import(client, county, roster_file):
    sysadmin = User.objects.create_user("sysadmin", password=county.PASSWORD)
    Membership.objects.create(user=sysadmin, role=Role.ADMIN, display_name="系统管理员")
    client.force_login(county.office)
    before = snapshot()
    for row in (["sysadmin", "改名", "考核办", "", "", ""], ["admin", "改名", "单位联络员", "东山镇", "", GIVEN]):
        response = client.post(reverse(IMPORT), {"file": roster_file(None, [row])})
        assert roster_xlsx.ADMIN_REASON in response.content.decode()
    assert snapshot() == before
    sysadmin.refresh_from_db()
    assert sysadmin.membership.role == Role.ADMIN and sysadmin.check_password(county.PASSWORD)


def test_an_admin_appearing_between_reading_and_saving_is_still_refused(county, roster_file):
    roster = read_roster(roster_file(None, [["assessor", "张三", "考核组成员", "", "", ""]]), county.office)
    Membership.objects.filter(user=county.assessor).update(role=Role.ADMIN)
    with pytest.raises(ImportProblems, match="系统管理员账号"):
        import_roster(county.office, roster)
    assert Membership.objects.get(user=county.assessor).display_name == "assessor"


def test_no_one_changes_their_own_role_through_the_import(county, roster_file):
    problems = problems_of(roster_file(None, [["office", "office", "考核组成员", "", "", ""]]), county.office)
    assert problems == ["“账号”表第3行 «角色»：不能通过导入修改自己的角色，请由其他管理员操作。"]


@pytest.mark.parametrize("name, data, message", [
    ("账号.csv", "用户名,姓名\n".encode(), "只能导入 Excel 的 .xlsx 文件"),
    ("账号.xls", b"\xd0\xcf\x11\xe0" + b"\0" * 100, "旧版 Excel（.xls）"),
    ("账号.xlsx", b"this is not a spreadsheet", "不是有效的 .xlsx 文件"),
    ("账号.xlsx", b"PK" + b"\0" * roster_xlsx.MAX_BYTES, "文件超过 5 MB"),
])
def test_files_that_are_not_roster_workbooks_are_refused(client, county, name, data, message):
    client.force_login(county.office)
    before = snapshot()
    response = client.post(reverse(IMPORT), {"file": SimpleUploadedFile(name, data)})
    assert message in response.content.decode()
    assert snapshot() == before


def test_zip_that_is_not_a_workbook_is_refused(county):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("hello.txt", "你好")
    assert "无法读取这个 .xlsx 文件" in problems_of(SimpleUploadedFile("a.xlsx", buf.getvalue()))[0]


def test_empty_upload_is_refused(client, county):
    client.force_login(county.office)
    response = client.post(reverse(IMPORT), {"file": SimpleUploadedFile("空.xlsx", b"")})
    assert "文件是空的" in response.content.decode()


def test_workbook_without_roster_sheets_is_refused(county, xlsx_upload):
    assert problems_of(xlsx_upload([["甲", "乙"], ["1", "2"]])) == [
        "文件中找不到“单位”或“账号”工作表，请下载导入模板填写后再上传。"]


def test_a_sheet_named_otherwise_is_found_by_its_header(county, xlsx_upload):
    roster = read_roster(xlsx_upload([ACCOUNT_HEADER, ACCOUNTS[4]]))  # one sheet called "Sheet"
    assert [a.username for a in roster.accounts] == ["khb-li"] and roster.accounts_sheet == "Sheet"


def test_missing_column_is_named_with_its_sheet(county, xlsx_upload):
    wb = Workbook()
    wb.active.title = "账号"
    wb.active.append(["用户名", "姓名", "所在单位"])
    wb.active.append(["khb-li", "李静", ""])
    out = io.BytesIO()
    wb.save(out)
    assert problems_of(xlsx_upload(out.getvalue())) == ["“账号”表第1行 «角色»：表头缺少这一列，请按导入模板补上。"]


def test_template_is_refused_until_filled(county):
    problems = problems_of(SimpleUploadedFile("模板.xlsx", roster_xlsx.template_xlsx()))
    assert problems == ["“单位”表和“账号”表的表头下面都没有内容，请填写后再导入。"]


def test_row_limits(county, roster_file, monkeypatch):
    monkeypatch.setattr(roster_xlsx, "MAX_ACCOUNT_ROWS", 3)
    assert problems_of(roster_file(None, ACCOUNTS)) == ["“账号”表：超过3行，请确认是否选错了文件。"]
    monkeypatch.setattr(roster_xlsx, "MAX_SCAN_ROWS", 20)
    rows = [ACCOUNTS[0]] + [[None] * 6] * 30 + [ACCOUNTS[1]]
    assert problems_of(roster_file(None, rows)) == [
        "“账号”表：表格超过20行（含空行），请确认是否选错了文件，或删除多余的空行。"]


def test_the_import_is_one_transaction(county, roster_file, monkeypatch):
    roster = read_roster(roster_file())
    before = snapshot()
    calls = []

    def failing_record(*args, **kwargs):
        calls.append(args)
        if len(calls) == 6:  # after the units, while creating accounts
            raise RuntimeError("数据库写入失败")

    monkeypatch.setattr(roster_xlsx, "record", failing_record)
    with pytest.raises(RuntimeError):
        import_roster(county.office, roster)
    assert snapshot() == before


# ---------------------------------------------------------------- passwords

def test_generated_passwords_pass_the_validators_and_are_handed_out_once(client, county, roster_file):
    client.force_login(county.office)
    response = client.post(reverse(IMPORT), {"file": roster_file()})
    passwords = password_file(response)
    generated = {u: r[4] for u, r in passwords.items() if r[5] == "系统生成"}
    assert set(generated) == {"nanling-lly", "jiaoyu-bgs", "kaohe-zhang", "khb-li"}
    assert len(set(generated.values())) == 4
    for username, password in generated.items():
        user = User.objects.get(username=username)
        assert user.check_password(password)
        password_validation.validate_password(password, user)
        assert not password_xlsx_kept(password)
    # Nowhere else: not in the log, not in the session, not downloadable again.
    again = client.post(reverse(IMPORT), {"file": roster_file()}, follow=True).content.decode()
    assert "data:" not in again
    assert all(p not in again for p in generated.values())


def password_xlsx_kept(password: str) -> bool:
    """Whether a plain password is anywhere in the log or a session."""
    from django.contrib.sessions.models import Session

    logged = any(password in f"{e.target}{e.field}{e.old}{e.new}{e.reason}" for e in Event.objects.all())
    sessions = any(password in str(s.get_decoded()) for s in Session.objects.all())
    return logged or sessions


def test_generate_password_is_strong_and_readable():
    passwords = {roster_xlsx.generate_password("zhangsan", "张三") for _ in range(50)}
    assert len(passwords) == 50
    for p in passwords:
        assert re.fullmatch(r"[A-Za-z2-9]{4}-[A-Za-z2-9]{4}-[A-Za-z2-9]{4}", p)
        assert not set(p) & set("0O1lI")


def test_existing_passwords_are_never_changed(client, county, roster_file):
    client.force_login(county.office)
    accounts = [["reporter", "reporter", "单位联络员", "东山镇", "", GIVEN],
                ["head", "head", "单位负责人", "东山镇", "", ""]]
    hashes = dict(User.objects.filter(username__in=["reporter", "head"]).values_list("username", "password"))
    response = client.post(reverse(IMPORT), {"file": roster_file(None, accounts)}, follow=True)
    html = response.content.decode()
    assert "账号新增 0 个，更新 0 个，未变 2 个" in html
    assert "1 个已有账号（reporter）填写了初始密码，导入不会修改已有账号的密码，已忽略" in html
    assert dict(User.objects.filter(username__in=["reporter", "head"]).values_list("username", "password")) == hashes


# ---------------------------------------------------------------- access

@pytest.mark.django_db
@pytest.mark.parametrize("name", URLS)
def test_anonymous_is_sent_to_login(client, name):
    url = reverse(name)
    response = client.get(url)
    assert response.status_code == 302 and response.url == f"{reverse('accounts:login')}?next={url}"


@pytest.mark.parametrize("who", ["reporter", "head", "assessor", "finance_assessor"])
@pytest.mark.parametrize("name", URLS)
def test_unit_roles_and_assessors_are_forbidden(client, county, roster_file, who, name):
    client.force_login(getattr(county, who))
    assert client.get(reverse(name)).status_code == 403
    if name == IMPORT:
        assert client.post(reverse(name), {"file": roster_file()}).status_code == 403
        assert not Unit.objects.filter(name="南岭乡").exists()


@pytest.mark.parametrize("who", ["office", "admin", "admin_role"])
@pytest.mark.parametrize("name", URLS)
def test_office_and_admin_may_import_and_export(client, county, who, name):
    if who == "admin_role":
        user = User.objects.create_user("sysadmin")
        Membership.objects.create(user=user, role=Role.ADMIN)
    else:
        user = getattr(county, who)
    client.force_login(user)
    assert client.get(reverse(name)).status_code == 200


def test_account_list_links_to_the_import_and_export(client, county):
    client.force_login(county.office)
    html = client.get(reverse("accounts:manage")).content.decode()
    assert reverse(IMPORT) in html and reverse("accounts:roster_export") in html


def test_template_has_title_header_notes_and_help(client, county):
    client.force_login(county.office)
    response = client.get(reverse("accounts:roster_template"))
    wb = load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames == ["单位", "账号", "说明"]
    assert wb["单位"]["A1"].value == "单位名单" and [c.value for c in wb["单位"][2]] == UNIT_HEADER
    assert [c.value for c in wb["账号"][2]] == ACCOUNT_HEADER
    assert "系统管理员不能通过导入设置" in wb["账号"]["C2"].comment.text
    assert wb["单位"].max_row == 2 and wb["账号"].max_row == 2
    help_text = " ".join(str(c.value) for r in wb["说明"].iter_rows() for c in r if c.value)
    assert "导入不会修改已有账号的密码" in help_text and "单位全称" in help_text
