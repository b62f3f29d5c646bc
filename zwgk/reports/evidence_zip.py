"""A unit's evidence as one zip: a folder per item holding its files, and an index workbook; or
every unit's, a folder per unit laid out the same way, with a combined index at the top.

Reviewers unpack it on Windows machines, so every name is made safe there (no reserved
characters or device names, no trailing dots, bounded length) and unique regardless of case.
Links cannot live in a folder, so they appear only in the index.
"""
from __future__ import annotations

import datetime
import io
import os
import re
import zipfile
from collections.abc import Sequence

from openpyxl import Workbook

from .sheets import EvidenceFile
from .xlsx import workbook_bytes, write_table

INDEX_NAME = "佐证材料目录.xlsx"
_HEADER = ("序号", "指标序号", "指标", "名称", "类型", "链接或文件路径", "上传时间", "上传人", "阶段")
_WIDTHS = (6, 10, 30, 30, 8, 50, 18, 12, 8)
_UNIT_COLUMN, _UNIT_WIDTH = "单位", 20  # the combined index adds it after 序号
_FOLDER_LENGTH = 40
_FILE_LENGTH = 80
_MAX_EXTENSION = 10
_UNSAFE = re.compile(r'[\x00-\x1f\\/:*?"<>|]')
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"{p}{i}" for p in ("COM", "LPT") for i in range(1, 10))}


def evidence_zip(unit: str, files: Sequence[EvidenceFile]) -> bytes:
    """Files are copied from disk one at a time; a missing file raises FileNotFoundError."""
    buffer = io.BytesIO()
    with _archive(buffer) as zf:
        rows = _write_unit(zf, "", files)
        zf.writestr(INDEX_NAME, _index(f"{unit}佐证材料目录", _HEADER, rows, _WIDTHS))
    return buffer.getvalue()


def all_units_zip(units: Sequence[tuple[str, Sequence[EvidenceFile]]]) -> bytes:
    """(unit name, its files) in the order to list them: a folder per unit holding what
    `evidence_zip` would (item folders and the unit's index, paths relative to the folder), and
    at the top an index of every unit's files and links with a 单位 column, paths from the top.
    Files are copied from disk one at a time; a missing file raises FileNotFoundError."""
    buffer = io.BytesIO()
    taken = {INDEX_NAME.casefold()}  # top-level names: the unit folders and the combined index
    combined: list[list[object]] = []
    with _archive(buffer) as zf:
        for unit, files in units:
            folder = _unique(_safe(unit, _FOLDER_LENGTH, extension=False), taken)
            rows = _write_unit(zf, f"{folder}/", files)
            zf.writestr(f"{folder}/{INDEX_NAME}", _index(f"{unit}佐证材料目录", _HEADER, rows, _WIDTHS))
            for row in rows:
                where = f"{folder}/{row[5]}" if row[4] == "文件" else row[5]
                combined.append([len(combined) + 1, unit, *row[1:5], where, *row[6:]])
        header = (_HEADER[0], _UNIT_COLUMN, *_HEADER[1:])
        widths = (_WIDTHS[0], _UNIT_WIDTH, *_WIDTHS[1:])
        zf.writestr(INDEX_NAME, _index("佐证材料目录", header, combined, widths))
    return buffer.getvalue()


def _archive(buffer: io.BytesIO) -> zipfile.ZipFile:
    return zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, strict_timestamps=False)


def _write_unit(zf: zipfile.ZipFile, prefix: str, files: Sequence[EvidenceFile]) -> list[list[object]]:
    """Copy one unit's files into `prefix` (a folder per item) and return its index rows, with
    each file's path relative to `prefix`."""
    folders: dict[str, str] = {}  # item_id → folder name
    names: dict[str, set[str]] = {"": set()}  # folder → names taken in it (casefolded)
    index = []
    for n, f in enumerate(files, 1):
        if f.path:
            if f.item_id not in folders:
                title = _safe(f"第{f.item_id}项 {f.item_title}", _FOLDER_LENGTH, extension=False)
                folder = _unique(title, names[""])
                folders[f.item_id], names[folder] = folder, set()
            folder = folders[f.item_id]
            name = _unique(_safe(_with_extension(f.name, f.path), _FILE_LENGTH), names[folder])
            where, kind = f"{folder}/{name}", "文件"
            zf.write(f.path, prefix + where)
        else:
            where, kind = f.url, "链接"
        index.append([n, f.item_id, f.item_title, f.name, kind, where,
                      _local(f.uploaded_at), f.uploaded_by, f.stage])
    return index


def _index(title: str, header: Sequence[str], rows: list[list[object]], widths: Sequence[float]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "佐证材料目录"
    kind, where, uploaded = (header.index(name) for name in ("类型", "链接或文件路径", "上传时间"))
    left = [i + 1 for i, name in enumerate(header) if name in ("指标", "名称", "链接或文件路径")]
    write_table(ws, title, header, rows, widths, left=left, landscape=True)
    for row in ws.iter_rows(min_row=3):
        row[uploaded].number_format = "yyyy-mm-dd hh:mm"
        link = str(row[where].value or "")
        if row[kind].value == "链接" and link.startswith(("http://", "https://")):
            row[where].hyperlink = link
    return workbook_bytes(wb)


def _local(moment: datetime.datetime | None) -> datetime.datetime | None:
    """Excel has no time zones: the caller passes local time and any zone is dropped."""
    return moment.replace(tzinfo=None) if moment is not None else None


def _with_extension(name: str, path: str) -> str:
    """Give the name the file's extension, so the unpacked file opens in the right program."""
    extension = os.path.splitext(path)[1]
    return name if name.lower().endswith(extension.lower()) else name + extension


def _safe(text: str, limit: int, extension: bool = True) -> str:
    """A name Windows and zip tools accept: no separators or reserved characters, no "..",
    no device names, at most `limit` characters, keeping a short file extension."""
    text = _UNSAFE.sub("_", text).strip(" .") or "未命名"
    stem, ext = os.path.splitext(text) if extension else (text, "")
    if len(ext) > _MAX_EXTENSION:
        stem, ext = text, ""
    if stem.upper() in _RESERVED:
        stem = "_" + stem
    return stem[: limit - len(ext)].rstrip(" .") + ext


def _unique(name: str, taken: set[str]) -> str:
    """`name`, or `name (2)`, `name (3)`… (before the extension), unused in `taken` regardless of case."""
    stem, extension = os.path.splitext(name)
    candidate, n = name, 2
    while candidate.casefold() in taken:
        candidate, n = f"{stem} ({n}){extension}", n + 1
    taken.add(candidate.casefold())
    return candidate
