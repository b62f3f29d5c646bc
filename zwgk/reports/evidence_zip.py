"""A unit's evidence as one zip: a folder per item holding its files, and an index workbook.

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
_FOLDER_LENGTH = 40
_FILE_LENGTH = 80
_MAX_EXTENSION = 10
_UNSAFE = re.compile(r'[\x00-\x1f\\/:*?"<>|]')
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"{p}{i}" for p in ("COM", "LPT") for i in range(1, 10))}


def evidence_zip(unit: str, files: Sequence[EvidenceFile]) -> bytes:
    """Files are copied from disk one at a time; a missing file raises FileNotFoundError."""
    buffer = io.BytesIO()
    folders: dict[str, str] = {}  # item_id → folder name
    names: dict[str, set[str]] = {"": set()}  # folder → names taken in it (casefolded)
    index = []
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, strict_timestamps=False) as zf:
        for n, f in enumerate(files, 1):
            if f.path:
                if f.item_id not in folders:
                    title = _safe(f"第{f.item_id}项 {f.item_title}", _FOLDER_LENGTH, extension=False)
                    folder = _unique(title, names[""])
                    folders[f.item_id], names[folder] = folder, set()
                folder = folders[f.item_id]
                name = _unique(_safe(_with_extension(f.name, f.path), _FILE_LENGTH), names[folder])
                where, kind = f"{folder}/{name}", "文件"
                zf.write(f.path, where)
            else:
                where, kind = f.url, "链接"
            index.append([n, f.item_id, f.item_title, f.name, kind, where,
                          _local(f.uploaded_at), f.uploaded_by, f.stage])
        zf.writestr(INDEX_NAME, _index(unit, index))
    return buffer.getvalue()


def _index(unit: str, rows: list[list[object]]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "佐证材料目录"
    write_table(ws, f"{unit}佐证材料目录", _HEADER, rows, _WIDTHS, left=(3, 4, 6), landscape=True)
    for row in ws.iter_rows(min_row=3):
        kind, where, uploaded = row[4].value, row[5], row[6]
        uploaded.number_format = "yyyy-mm-dd hh:mm"
        if kind == "链接" and str(where.value or "").startswith(("http://", "https://")):
            where.hyperlink = where.value
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
