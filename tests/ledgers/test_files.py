import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from zwgk.ledgers import xlsx
from zwgk.ledgers.models import Publication

IMPORT = reverse("ledgers:import", args=["publications"])


def refusal(client, file) -> str:
    response = client.post(IMPORT, {"file": file})
    assert response.status_code == 200
    assert not Publication.objects.exists()
    return response.content.decode()


@pytest.mark.parametrize("name, data, message", [
    ("台账.csv", "单位,标题\n".encode(), "只能导入 Excel 的 .xlsx 文件"),
    ("台账.xls", b"\xd0\xcf\x11\xe0" + b"\0" * 100, "旧版 Excel（.xls）"),
    ("台账.xlsx", b"this is not a spreadsheet", "不是有效的 .xlsx 文件"),
    ("台账.xlsx", b"", "文件是空的"),
])
def test_files_that_are_not_workbooks_are_refused(county, signed_in, name, data, message):
    assert message in refusal(signed_in(county.office), SimpleUploadedFile(name, data))


def test_a_zip_that_is_not_a_workbook_is_refused(county, signed_in):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("hello.txt", "你好")
    assert "无法读取这个 .xlsx 文件" in refusal(signed_in(county.office), SimpleUploadedFile("a.xlsx", buf.getvalue()))


def test_files_over_the_size_limit_are_refused(county, signed_in, upload, monkeypatch):
    monkeypatch.setattr(xlsx, "MAX_BYTES", 4096)
    big = upload([["单位", "标题", "形成或变更日期", "公开日期"]] + [["东山镇", f"通知{i}", "2024-03-01", "2024-03-05"]
                                                               for i in range(500)])
    assert big.size > 4096
    assert "文件超过 0 MB，请拆分成几个文件分别导入。" in refusal(signed_in(county.office), big)


def test_too_many_rows_are_refused(county, signed_in, upload, monkeypatch):
    monkeypatch.setattr(xlsx, "MAX_ROWS", 3)
    rows = [["单位", "标题", "形成或变更日期", "公开日期"]] + [["东山镇", f"通知{i}", "2024-03-01", "2024-03-05"] for i in range(4)]
    assert "表格超过3行，请拆分成几个文件分别导入。" in refusal(signed_in(county.office), upload(rows))


@pytest.mark.parametrize("rows, message", [
    ([], "第一张工作表是空的"),
    ([["甲", "乙"], ["东山镇", "通知"]], "找不到表头"),
    ([["单位", "标题", "公开日期"], ["东山镇", "通知", "2024-03-05"]], "第1行 «形成或变更日期»：表头缺少这一列，请按导入模板补上。"),
    ([["单位", "标题", "标题", "形成或变更日期", "公开日期"]], "第1行 «标题»：表头中有两列同名，请删除多余的一列。"),
    ([["单位", "标题", "形成或变更日期", "公开日期"]], "表头下面没有数据"),
])
def test_sheets_without_usable_header_or_rows_are_explained(county, signed_in, upload, rows, message):
    assert message in refusal(signed_in(county.office), upload(rows))


def test_no_file_is_asked_for(county, signed_in):
    assert "请选择要导入的 .xlsx 文件。" in signed_in(county.office).post(IMPORT, {}).content.decode()
