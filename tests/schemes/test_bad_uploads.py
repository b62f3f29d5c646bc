"""The acceptance's bad files through the upload page: each gets its Chinese message, nothing is saved.

The files are built as in tests/rubrics/test_bad_files.py (which checks the reader's messages in
detail); here they go through the browser's form, Django's upload handling and the page.
"""
import zipfile
from html import unescape
from io import BytesIO

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from zwgk.audit.models import Event
from zwgk.schemes.models import ImportDraft, Scheme

MB = 1024 * 1024


def _docx_with_macros() -> bytes:
    document = docx.Document()
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "一级指标", "分值"
    plain = BytesIO()
    document.save(plain)
    source, out = zipfile.ZipFile(BytesIO(plain.getvalue())), BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item.filename, source.read(item.filename))
        target.writestr("word/vbaProject.bin", b"\xd0\xcf\x11\xe0" + bytes(60))
    return out.getvalue()


def _zip_bomb() -> bytes:
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        with zf.open("xl/workbook.xml", "w", force_zip64=True) as stream:
            for _ in range(300):
                stream.write(bytes(MB))
    return out.getvalue()


CASES = {
    "not a table": ("说明.txt", lambda: "本通知没有表格，只有文字。".encode(), "没有找到表格"),
    "empty": ("细则.txt", lambda: b"", "文件是空的"),
    "wrong encoding": ("细则.txt", lambda: "一级指标\t分值\t评分标准".encode("shift_jis", "replace") + b"\x80\xff\xfe", "无法识别文件的文字编码"),
    "50 MB": ("细则.xlsx", lambda: b"PK\x03\x04" + bytes(50 * MB), "超过"),
    "zip bomb as .xlsx": ("细则.xlsx", _zip_bomb, "解压"),
    "docx with macros": ("细则.docx", _docx_with_macros, "文件含有宏"),
}


@pytest.mark.parametrize("case", CASES)
def test_bad_file_is_refused_with_its_reason_and_nothing_is_saved(office_client, case):
    name, build, phrase = CASES[case]
    schemes = Scheme.objects.count()
    response = office_client.post(reverse("schemes:import"), {"file": SimpleUploadedFile(name, build())})
    assert response.status_code == 200
    page = unescape(response.content.decode())
    assert phrase in page
    assert not ImportDraft.objects.exists()
    assert Scheme.objects.count() == schemes
    assert not Event.objects.filter(action="导入考核方案").exists()
