import datetime as dt
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from zwgk.audit.models import Event
from zwgk.organisations import contacts_xlsx
from zwgk.organisations.contacts_xlsx import ImportProblems, Problem, read_contacts
from zwgk.organisations.models import Contact

IMPORT = "organisations:contacts_import"

# A title row above, columns in another order, no 序号 column, a date as text and a real date.
SHUFFLED = [
    ["政务公开工作联系人备案表"],
    ["姓名", "联系电话", "单位名称", "报送日期", "职务", "主管领导"],
    ["李敏", "0359-6521001", "横水镇", "2021年9月10日", "党政办主任", "张副镇长"],
    ["王强", 13812345678, "县财政局", dt.datetime(2021, 9, 8), "办公室主任", "刘局长"],
    [None, None, None, None, None, None],
    ["孙洁", "(0359) 652 0000", "预算股", "2021.9.9", None, None],
]


def _problems(rows, make_xlsx):
    with pytest.raises(ImportProblems) as caught:
        read_contacts(make_xlsx(rows))
    return caught.value.problems


def test_reads_title_row_and_shuffled_columns(units, make_xlsx):
    rows = read_contacts(make_xlsx(SHUFFLED))
    assert [(r.row, r.unit, r.name) for r in rows] == [
        (3, units["town"], "李敏"), (4, units["dept"], "王强"), (6, units["section"], "孙洁")]
    li, wang, sun = rows
    assert (li.title, li.phone, li.leader, li.reported_on) == ("党政办主任", "0359-6521001", "张副镇长", dt.date(2021, 9, 10))
    assert wang.phone == "13812345678" and wang.reported_on == dt.date(2021, 9, 8)
    assert sun.reported_on == dt.date(2021, 9, 9) and sun.title == ""


def test_import_page_saves_and_reports_counts(office_client, units, make_xlsx):
    response = office_client.post(reverse(IMPORT), {"file": make_xlsx(SHUFFLED)}, follow=True)
    assert "导入完成：新增 3 条，更新 0 条，未变 0 条。" in response.content.decode()
    assert Contact.objects.count() == 3
    assert Contact.objects.get(name="李敏").unit == units["town"]


def test_reimporting_the_same_file_changes_nothing(office_client, units, make_xlsx):
    office_client.post(reverse(IMPORT), {"file": make_xlsx(SHUFFLED)})
    before = list(Contact.objects.values_list("pk", "unit", "name", "title", "phone", "leader", "reported_on"))
    events = Event.objects.count()
    response = office_client.post(reverse(IMPORT), {"file": make_xlsx(SHUFFLED)}, follow=True)
    assert "新增 0 条，更新 0 条，未变 3 条" in response.content.decode()
    assert list(Contact.objects.values_list("pk", "unit", "name", "title", "phone", "leader", "reported_on")) == before
    assert Event.objects.count() == events + 1  # only the import summary


def test_changed_row_updates_the_existing_contact(office_client, units, make_xlsx):
    office_client.post(reverse(IMPORT), {"file": make_xlsx(SHUFFLED)})
    changed = [list(r) for r in SHUFFLED]
    changed[2][1] = "0359-6521002"
    response = office_client.post(reverse(IMPORT), {"file": make_xlsx(changed)}, follow=True)
    assert "新增 0 条，更新 1 条，未变 2 条" in response.content.decode()
    assert Contact.objects.get(name="李敏").phone == "0359-6521002"
    event = Event.objects.get(action="导入更新联系人")
    assert (event.field, event.old, event.new, event.unit) == ("联系电话", "0359-6521001", "0359-6521002", units["town"])


def test_import_is_recorded(office_client, units, make_xlsx):
    office_client.post(reverse(IMPORT), {"file": make_xlsx(SHUFFLED, name="九月备案.xlsx")})
    assert Event.objects.filter(action="导入新增联系人").count() == 3
    summary = Event.objects.get(action="导入联系人备案表")
    assert summary.target == "九月备案.xlsx" and summary.new == "新增 3 条，更新 0 条，未变 0 条"


BAD = [
    ["序号", "单位", "姓名", "职务", "联系电话", "主管领导", "报送日期"],
    [1, "横水镇", "李敏", "主任", "0359-6521001", "", "2021-09-10"],
    [2, "不存在乡", "赵一", "", "", "", ""],
    [3, "县财政局", "", "", "", "", ""],
    [4, "县财政局", "钱二", "", "电话13800", "", "2021-13-40"],
    [5, "横水镇", "李敏", "", "", "", ""],
]


def test_every_bad_row_is_listed(units, make_xlsx):
    problems = _problems(BAD, make_xlsx)
    assert [str(p) for p in problems] == [
        "第3行 «单位»：系统中没有名为“不存在乡”的单位，请核对名称（须与单位管理中完全一致），或先添加该单位。",
        "第4行 «姓名»：姓名不能为空，请填写联系人姓名。",
        "第5行 «联系电话»：“电话13800”不是有效的电话号码。" + contacts_xlsx.PHONE_HELP,
        "第5行 «报送日期»：无法识别日期“2021-13-40”。" + contacts_xlsx.DATE_HELP,
        "第6行 «姓名»：与第2行重复：同一单位的同一联系人只能出现一次，请删除其中一行。",
    ]


def test_bad_rows_import_nothing_and_show_every_problem(office_client, units, contacts, make_xlsx):
    before = list(Contact.objects.values_list("pk", "phone"))
    response = office_client.post(reverse(IMPORT), {"file": make_xlsx(BAD)})
    html = response.content.decode()
    assert response.status_code == 200
    assert "文件中有 5 处问题，没有导入任何数据" in html
    for expected in ["第3行 «单位»", "第4行 «姓名»", "第5行 «联系电话»", "第5行 «报送日期»", "第6行 «姓名»"]:
        assert expected in html
    assert list(Contact.objects.values_list("pk", "phone")) == before
    assert not Event.objects.exists()


def test_missing_column_is_named(units, make_xlsx):
    problems = _problems([["单位", "姓名", "职务", "主管领导", "报送日期"], ["横水镇", "李敏", "", "", ""]], make_xlsx)
    assert problems == [Problem(1, "联系电话", "表头缺少这一列，请按导入模板补上。")]


def test_file_without_header_is_explained(units, make_xlsx):
    problems = _problems([["甲", "乙"], ["横水镇", "李敏"]], make_xlsx)
    assert "找不到表头" in problems[0].reason and problems[0].row is None


def test_empty_sheet_and_header_only_are_refused(units, make_xlsx):
    assert "工作表是空的" in str(_problems([], make_xlsx)[0])
    template = SimpleUploadedFile("模板.xlsx", contacts_xlsx.template_xlsx())
    with pytest.raises(ImportProblems, match="表头下面没有联系人"):
        read_contacts(template)


@pytest.mark.parametrize("name, data, message", [
    ("联系人.csv", b"\xe5\x8d\x95\xe4\xbd\x8d,\xe5\xa7\x93\xe5\x90\x8d\n", "只能导入 Excel 的 .xlsx 文件"),
    ("联系人.xls", b"\xd0\xcf\x11\xe0" + b"\0" * 100, "旧版 Excel（.xls）"),
    ("联系人.xlsx", b"this is not a spreadsheet", "不是有效的 .xlsx 文件"),
])
def test_non_xlsx_files_are_refused(office_client, units, name, data, message):
    response = office_client.post(reverse(IMPORT), {"file": SimpleUploadedFile(name, data)})
    assert message in response.content.decode()
    assert not Contact.objects.exists()


def test_zip_that_is_not_a_workbook_is_refused(units):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("hello.txt", "你好")
    with pytest.raises(ImportProblems, match="无法读取这个 .xlsx 文件"):
        read_contacts(SimpleUploadedFile("a.xlsx", buf.getvalue()))


def test_files_over_5_mb_are_refused(office_client, units):
    big = SimpleUploadedFile("大.xlsx", b"PK" + b"\0" * (5 * 1024 * 1024))
    response = office_client.post(reverse(IMPORT), {"file": big})
    assert "文件超过 5 MB" in response.content.decode()


def test_export_has_title_header_and_real_dates(office_client, contacts):
    contacts["town"].reported_on = dt.date(2021, 9, 10)
    contacts["town"].save()
    response = office_client.get(reverse("organisations:contacts_export"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert ".xlsx" in response["Content-Disposition"]
    ws = load_workbook(io.BytesIO(response.content)).active
    assert ws["A1"].value == "政务公开工作联系人备案表"
    assert [c.value for c in ws[2]] == ["序号", "单位", "姓名", "职务", "联系电话", "主管领导", "报送日期"]
    assert [c.value for c in ws[3]][:5] == [1, "横水镇", "李敏", "党政办主任", "0359-6521001"]
    assert ws["G3"].value == dt.datetime(2021, 9, 10) and ws["G3"].number_format == "yyyy-mm-dd"
    assert ws["C4"].value == "王强" and ws["G4"].value is None


def test_export_then_import_changes_nothing(office_client, contacts):
    contacts["town"].reported_on = dt.date(2021, 9, 10)
    contacts["town"].save()
    exported = office_client.get(reverse("organisations:contacts_export")).content
    response = office_client.post(reverse(IMPORT), {"file": SimpleUploadedFile("导出.xlsx", exported)}, follow=True)
    assert "新增 0 条，更新 0 条，未变 2 条" in response.content.decode()
    assert Contact.objects.count() == 2


def test_template_has_the_header_only(office_client):
    ws = load_workbook(io.BytesIO(office_client.get(reverse("organisations:contacts_template")).content)).active
    assert ws.max_row == 2
    assert ws["B2"].value == "单位" and ws["G2"].value == "报送日期"


def test_import_is_one_transaction(units, make_xlsx, monkeypatch):
    rows = read_contacts(make_xlsx(SHUFFLED))
    calls = []

    def failing_record(*args, **kwargs):
        calls.append(args)
        if len(calls) == 2:
            raise RuntimeError("数据库写入失败")

    monkeypatch.setattr(contacts_xlsx, "record", failing_record)
    with pytest.raises(RuntimeError):
        contacts_xlsx.import_contacts(None, rows)
    assert not Contact.objects.exists()
