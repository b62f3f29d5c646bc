"""Files that must be refused, each with a Chinese message saying what is wrong and what to do."""
import re
import zipfile
from io import BytesIO

import docx
import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from zwgk.rubrics import RubricFileError
from zwgk.rubrics.files import MAX_BYTES, read_tables

MB = 1024 * 1024


def refused(filename: str, data: bytes) -> str:
    with pytest.raises(RubricFileError) as caught:
        read_tables(filename, data)
    message = caught.value.message
    assert re.search(r"[\u4e00-\u9fff]", message)
    return message


def docx_bytes(with_table: bool, text: str = "本通知没有表格。") -> bytes:
    document = docx.Document()
    if text:
        document.add_paragraph(text)
    if with_table:
        document.add_table(rows=2, cols=2).cell(0, 0).text = "一级指标"
        document.tables[0].cell(0, 1).text = "分值"
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def zeros_member(zf: zipfile.ZipFile, name: str, megabytes: int) -> None:
    """Write `megabytes` of zeros in 1 MB chunks, so the test never holds them in memory."""
    chunk = bytes(MB)
    with zf.open(name, "w", force_zip64=True) as stream:
        for _ in range(megabytes):
            stream.write(chunk)


@pytest.fixture(scope="module")
def zip_bomb() -> bytes:
    """~300 MB of zeros in one xl/workbook.xml: about 1.4 MB on disk."""
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zeros_member(zf, "xl/workbook.xml", 300)
    return buffer.getvalue()


# --- not a table -------------------------------------------------------------------------------


def test_prose_text_is_not_a_table():
    data = "关于做好2022年度政务公开工作的通知\n\n各乡镇人民政府：\n请认真贯彻落实。\n".encode()
    assert "文件中没有找到表格" in refused("通知.txt", data)


def test_html_saved_as_xls_is_named():
    data = "<html><body><table><tr><td>一级指标</td></tr></table></body></html>".encode()
    message = refused("细则.xls", data)
    assert "文件中没有找到表格" in message and "HTML" in message


def test_docx_without_table():
    assert "文件中没有找到表格" in refused("通知.docx", docx_bytes(with_table=False))


def test_docx_with_nothing_is_empty():
    assert "文件是空的" in refused("空.docx", docx_bytes(with_table=False, text=""))


def test_png_named_xlsx():
    data = b"\x89PNG\r\n\x1a\n" + bytes(100)
    message = refused("细则.xlsx", data)
    assert "无法识别的文件类型" in message and "PNG图片" in message
    assert ".xlsx、.docx或制表符分隔的文本(.txt)" in message


def test_pdf_is_refused():
    assert "无法识别的文件类型" in refused("细则.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")


def test_plain_zip_is_refused():
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("细则/说明.txt", "一级指标\t分值\n")
    assert "无法识别的文件类型" in refused("细则.zip", buffer.getvalue())


# --- empty -------------------------------------------------------------------------------------


def test_zero_bytes():
    assert "文件是空的" in refused("细则.txt", b"")


def test_blank_text():
    assert "文件是空的" in refused("细则.txt", b" \r\n\t\r\n  \n")


def test_xlsx_with_empty_sheet():
    buffer = BytesIO()
    workbook = Workbook()
    workbook.active["C3"].number_format = "0.00"  # formatted, still empty
    workbook.save(buffer)
    assert "文件是空的" in refused("细则.xlsx", buffer.getvalue())


# --- encoding ----------------------------------------------------------------------------------


def test_shift_jis_is_undecodable():
    data = "ﾃｽﾄ\t評価基準\n項目\t配点\n".encode("shift_jis")
    message = refused("細則.txt", data)
    assert "无法识别文件的文字编码" in message and "UTF-8" in message


def test_utf16_without_bom_is_undecodable():
    data = "一级指标\t分值\n".encode("utf-16-le")
    assert "无法识别文件的文字编码" in refused("细则.txt", data)


# --- size and zip safety -----------------------------------------------------------------------


def test_50_mb_file_is_refused_before_parsing(monkeypatch):
    import zwgk.rubrics.files as files

    monkeypatch.setattr(files, "text_tables", lambda text: pytest.fail("parsed a file over the limit"))
    message = refused("细则.txt", b"\t" * (50 * MB))
    assert "文件太大" in message and "50.0 MB" in message and "20 MB" in message


def test_just_over_the_limit_is_refused():
    assert "文件太大" in refused("细则.txt", b"a\tb\n" * (MAX_BYTES // 4 + 1))


def test_zip_bomb_named_xlsx(zip_bomb):
    assert len(zip_bomb) < 2 * MB
    assert "压缩炸弹" in refused("细则.xlsx", zip_bomb)


def test_zip_bomb_is_refused_without_decompressing(zip_bomb, monkeypatch):
    def never(*args, **kwargs):
        pytest.fail("the zip bomb was opened")

    monkeypatch.setattr(openpyxl, "load_workbook", never)
    monkeypatch.setattr(zipfile.ZipFile, "open", never)
    assert "压缩炸弹" in refused("细则.xlsx", zip_bomb)


def test_many_modest_members_add_up_to_a_bomb():
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zf.writestr("word/document.xml", "<w:document/>")
        for n in range(25):  # 9 MB each: under the per-member rule, 225 MB together
            zeros_member(zf, f"word/media/image{n}.bin", 9)
    assert "压缩炸弹" in refused("细则.docx", buffer.getvalue())


def test_damaged_zip():
    good = docx_bytes(with_table=True)
    assert "文件已损坏" in refused("细则.docx", good[: len(good) // 2])


def test_damaged_xlsx_content():
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "这不是XML")
    assert "文件已损坏" in refused("细则.xlsx", buffer.getvalue())


# --- macros and old formats --------------------------------------------------------------------


def rewrite(data: bytes, extra: dict[str, bytes], content_types=None) -> bytes:
    source = zipfile.ZipFile(BytesIO(data))
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "[Content_Types].xml" and content_types:
                content = content_types(content)
            target.writestr(item.filename, content)
        for name, content in extra.items():
            target.writestr(name, content)
    return buffer.getvalue()


def test_docm_renamed_docx():
    def macro_enabled(types: bytes) -> bytes:
        old = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
        assert old in types
        return types.replace(old, b"application/vnd.ms-word.document.macroEnabled.main+xml")

    good = docx_bytes(with_table=True)
    assert read_tables("细则.docx", good)  # the same file without macros reads
    data = rewrite(good, {"word/vbaProject.bin": b"\xd0\xcf\x11\xe0" + bytes(60)}, macro_enabled)
    message = refused("细则.docx", data)
    assert "文件含有宏" in message and "另存为不含宏的.xlsx/.docx" in message


def test_macro_content_type_alone_is_refused():
    buffer, workbook = BytesIO(), Workbook()
    workbook.active.append(["一级指标", "分值"])
    workbook.save(buffer)
    assert read_tables("细则.xlsx", buffer.getvalue())
    data = rewrite(buffer.getvalue(), {}, lambda types: types.replace(
        b"spreadsheetml.sheet.main+xml", b"sheet.macroEnabled.main+xml"))
    assert "文件含有宏" in refused("细则.xlsx", data)


def test_xls_ole2():
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512)
    message = refused("细则.xls", data)
    assert "旧版Excel/Word文件（.xls/.doc）" in message and "另存为.xlsx或.docx" in message


def _valid_files() -> list[tuple[str, bytes]]:
    book = Workbook()
    book.active.append(["一级指标", "分值", "评分标准"])
    book.active.append(["组织领导", "2", "未公开的，扣1分"])
    xlsx = BytesIO()
    book.save(xlsx)
    return [("细则.xlsx", xlsx.getvalue()), ("细则.docx", docx_bytes(with_table=True)),
            ("细则.txt", "一级指标\t分值\t评分标准\n组织领导\t2\t未公开的，扣1分".encode())]


VALID = _valid_files()


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(VALID), st.data())
def test_damaged_files_are_refused_with_a_message_never_a_crash(valid, data):
    """Bytes cut off, overwritten or random: tables, or a Chinese message — nothing else."""
    name, good = valid
    cut = data.draw(st.integers(0, len(good)))
    noise = data.draw(st.binary(max_size=64))
    at = data.draw(st.integers(0, len(good)))
    damaged = data.draw(st.sampled_from([good[:cut], good[:at] + noise + good[at + len(noise):], noise]))
    try:
        read_tables(name, damaged)
    except RubricFileError as e:
        assert re.search(r"[\u4e00-\u9fff]", e.message)
