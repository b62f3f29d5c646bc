"""Any uploaded rubric file → its tables, or a clear refusal.

The file comes from a person's upload, so nothing about it is trusted: the type is told by the
content, not the name (a .docm renamed .docx, a picture named .xlsx, a zip bomb named .xlsx);
the size and the zip's declared sizes are checked before openpyxl or python-docx see it, and
every refusal is a `RubricFileError` saying in Chinese what is wrong and what to do.

Zip sizes: the sizes a zip declares can lie, but Python's zipfile never inflates a member past
its declared size (it stops there and fails the CRC check), so the declared sizes are a real
bound on what reading the file costs, and checking them needs no decompression.
"""
from __future__ import annotations

import zipfile
from io import BytesIO

from .docx_tables import document_text, docx_tables
from .tables import RubricFileError, Table
from .text_tables import text_tables
from .xlsx_tables import xlsx_tables

MAX_BYTES = 20 * 1024 * 1024
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024  # all members together
MAX_RATIO = 200  # a member compressed more than this …
RATIO_MIN_BYTES = 10 * 1024 * 1024  # … and larger than this unpacked is a zip bomb
MAX_MEMBERS = 10_000
MAX_CONTENT_TYPES_BYTES = 1024 * 1024

WHAT_WE_READ = "只能导入.xlsx、.docx或制表符分隔的文本(.txt)"
SAVE_AS = "请在Excel/WPS中打开后另存为.xlsx（Word文件另存为.docx）再导入"

# Signatures of files that are certainly no table we can read, with what to call them.
SIGNATURES = [
    (b"%PDF", "PDF文件"),
    (b"\x89PNG", "PNG图片"),
    (b"\xff\xd8\xff", "JPEG图片"),
    (b"GIF8", "GIF图片"),
    (b"II*\x00", "TIFF图片"),
    (b"MM\x00*", "TIFF图片"),
    (b"Rar!", "RAR压缩包"),
    (b"7z\xbc\xaf\x27\x1c", "7z压缩包"),
    (b"\x1f\x8b", "gzip压缩包"),
    (b"{\\rtf", "RTF文档"),
    (b"\x7fELF", "程序文件"),
]
# Two-letter signatures a line of text could start with: binary only when NUL bytes follow.
SHORT_SIGNATURES = [(b"BM", "BMP图片"), (b"MZ", "程序文件")]
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def read_tables(filename: str, data: bytes) -> list[Table]:
    """The tables of an uploaded .xlsx, .docx or text file; `RubricFileError` if it has none.

    `filename` is only used in messages: the type is told by the content.
    """
    name = f"“{filename}”" if filename else "文件"
    if len(data) > MAX_BYTES:
        raise RubricFileError(
            f"文件太大：{name}有{len(data) / 1024 / 1024:.1f} MB，考核细则文件不能超过{MAX_BYTES // 1024 // 1024} MB。"
            "请删去文件中的图片和与考核细则无关的内容后再导入。"
        )
    if not data:
        raise RubricFileError(f"文件是空的：{name}的大小是0字节，请检查是否选错了文件。")
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _read_zip(name, data)
    if data.startswith(OLE2):
        raise RubricFileError(
            "这是旧版Excel/Word文件（.xls/.doc），请在Excel/WPS中另存为.xlsx或.docx后再导入。"
        )
    if data.startswith(b"RIFF") and data[8:12] == b"WEBP":
        _unrecognised(name, "WebP图片")
    for signature, kind in SIGNATURES:
        if data.startswith(signature):
            _unrecognised(name, kind)
    for signature, kind in SHORT_SIGNATURES:
        if data.startswith(signature) and b"\x00" in data[:64]:
            _unrecognised(name, kind)
    return _read_text(name, data)


def _unrecognised(name: str, kind: str | None = None):
    looks = f"{name}是{kind}，" if kind else f"{name}不是Excel、Word或文本文件，"
    raise RubricFileError(
        f"无法识别的文件类型：{looks}{WHAT_WE_READ}。"
        "如果考核细则在PDF或图片里，请先把表格录入或复制到Excel/WPS表格中，另存为.xlsx后再导入。"
    )


def _read_zip(name: str, data: bytes) -> list[Table]:
    try:
        archive = zipfile.ZipFile(BytesIO(data))
        members = archive.infolist()
    except Exception:  # BadZipFile, NotImplementedError (“zip file version 6.4”), struct errors…: damaged
        raise RubricFileError(f"文件已损坏：{name}无法打开。{SAVE_AS}。") from None
    with archive:
        _check_zip_sizes(name, members)
        names = {member.filename for member in members}
        if "xl/workbook.xml" in names:
            kind, read = "Excel", xlsx_tables
        elif "word/document.xml" in names:
            kind, read = "Word", docx_tables
        elif "mimetype" in names or any(n.startswith("ppt/") for n in names):
            _unrecognised(name, "WPS/OpenOffice或PowerPoint文件")
        else:
            _unrecognised(name, "压缩包")
        _check_macros(name, archive, names)
    try:
        tables = read(data)
        empty = not tables and (kind == "Excel" or not document_text(data).strip())
    except RubricFileError:
        raise
    except Exception:  # any damage openpyxl or python-docx trips over
        raise RubricFileError(f"文件已损坏：{name}不是有效的{kind}文件，无法读取。{SAVE_AS}。") from None
    if not tables:
        if kind == "Excel":
            raise RubricFileError(f"文件是空的：{name}的所有工作表都没有内容，请检查是否选错了文件。")
        if empty:
            raise RubricFileError(f"文件是空的：{name}里没有任何文字，请检查是否选错了文件。")
        raise RubricFileError(
            f"文件中没有找到表格：{name}里没有填有内容的Word表格。"
            "请导入含考核细则表格的文件，或把细则整理成表格（Word“插入—表格”或Excel）后再导入。"
        )
    return tables


def _check_zip_sizes(name: str, members: list[zipfile.ZipInfo]) -> None:
    """Refuse a zip bomb from the declared sizes alone, before anything is inflated."""
    suspicious = RubricFileError(
        f"文件可疑，已拒绝：{name}解压后异常巨大（疑似“压缩炸弹”），不是正常的Excel/Word文件。"
        f"{SAVE_AS}；如确认文件来源可靠，请联系系统管理员。"
    )
    if len(members) > MAX_MEMBERS:
        raise suspicious
    if sum(member.file_size for member in members) > MAX_UNZIPPED_BYTES:
        raise suspicious
    for member in members:
        if member.file_size > RATIO_MIN_BYTES and member.file_size > MAX_RATIO * max(member.compress_size, 1):
            raise suspicious


def _check_macros(name: str, archive: zipfile.ZipFile, names: set[str]) -> None:
    """Refuse macro-enabled files, whatever their name says (a .docm renamed .docx)."""
    has_macros = any(n.lower().endswith("vbaproject.bin") for n in names)
    if not has_macros and "[Content_Types].xml" in names:
        has_macros = b"macroenabled" in _read_member(name, archive, "[Content_Types].xml").lower()
    if has_macros:
        raise RubricFileError(
            f"文件含有宏：{name}是启用宏的Excel/Word文件，为安全起见不能导入。"
            "请在Excel/WPS中另存为不含宏的.xlsx/.docx后再导入。"
        )


def _read_member(name: str, archive: zipfile.ZipFile, member: str) -> bytes:
    """A small member's bytes, read in chunks and never past a fixed limit."""
    chunks, size = [], 0
    try:
        with archive.open(member) as stream:
            while chunk := stream.read(64 * 1024):
                size += len(chunk)
                if size > MAX_CONTENT_TYPES_BYTES:
                    raise RubricFileError(f"文件已损坏：{name}的内部结构异常，无法读取。{SAVE_AS}。")
                chunks.append(chunk)
    except RubricFileError:
        raise
    except Exception:  # bad CRC, a broken deflate stream (zlib.error), an unknown compression…
        raise RubricFileError(f"文件已损坏：{name}无法打开。{SAVE_AS}。") from None
    return b"".join(chunks)


def _read_text(name: str, data: bytes) -> list[Table]:
    text = decode_text(data)
    if not text.strip():
        raise RubricFileError(f"文件是空的：{name}里没有任何文字，请检查是否选错了文件。")
    tables = text_tables(text)
    if not tables:
        head = text.lstrip()[:1000].lower()
        if head.startswith(("<!doctype html", "<html")) or "<table" in head:
            raise RubricFileError(
                f"文件中没有找到表格：{name}是网页(HTML)格式，不是真正的Excel或文本表格。"
                "请用Excel/WPS打开后另存为.xlsx再导入。"
            )
        raise RubricFileError(
            f"文件中没有找到表格：{name}里没有用制表符（Tab键）分隔的行。"
            "请把考核细则表格从Word或网页复制到Excel/WPS表格中另存为.xlsx再导入，"
            "或直接导入含表格的.docx文件。"
        )
    return tables


def decode_text(data: bytes) -> str:
    """Text in the encodings our users' files come in: UTF-8 (with or without BOM), UTF-16 with
    a BOM (Windows “Unicode”), GB18030/GBK (Windows Chinese “ANSI”)."""
    undecodable = RubricFileError("无法识别文件的文字编码，请另存为UTF-8（或GBK）编码的文本文件后再导入。")
    try:
        if data.startswith(b"\xef\xbb\xbf"):
            return data.decode("utf-8-sig")
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            return data.decode("utf-16")
    except UnicodeDecodeError:
        raise undecodable from None
    if b"\x00" in data:  # UTF-16 without BOM or some binary: nothing to guess safely
        raise undecodable
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            pass
    raise undecodable
