"""Uploaded evidence is checked before it is kept: size, extension and the file's own signature.

Only images, PDF and Office documents are accepted; the first bytes must match the extension, so
a renamed script or HTML page is refused. Files are never served inline except checked images.
"""
from __future__ import annotations

import hashlib
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError

# extension → (content type, accepted leading bytes)
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = b"PK\x03\x04"
ALLOWED = {
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "gif": ("image/gif", (b"GIF87a", b"GIF89a")),
    "pdf": ("application/pdf", (b"%PDF-",)),
    "doc": ("application/msword", (_OLE,)),
    "xls": ("application/vnd.ms-excel", (_OLE,)),
    "ppt": ("application/vnd.ms-powerpoint", (_OLE,)),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (_ZIP,)),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (_ZIP,)),
    "pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", (_ZIP,)),
    "ofd": ("application/ofd", (_ZIP,)),
}
IMAGES = {"png", "jpg", "jpeg", "gif"}
ACCEPT = ",".join("." + e for e in ALLOWED)
_MACROS = ("vbaProject.bin",)


def extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def check_upload(upload) -> tuple[str, str]:
    """(content type, sha256) of an acceptable upload, else a ValidationError saying why, in Chinese."""
    name = upload.name or ""
    ext = extension(name)
    limit = settings.EVIDENCE_MAX_BYTES
    if ext not in ALLOWED:
        raise ValidationError(f"“{name}”的文件类型不支持。请上传图片（png、jpg、gif）、PDF 或 Office 文档"
                              f"（doc、docx、xls、xlsx、ppt、pptx、ofd）。")
    if upload.size > limit:
        raise ValidationError(f"“{name}”有{upload.size / 1048576:.1f}MB，超过了{limit // 1048576}MB 的上限，请压缩或拆分后再上传。")
    if upload.size == 0:
        raise ValidationError(f"“{name}”是空文件，请检查后重新上传。")
    content_type, signatures = ALLOWED[ext]
    upload.seek(0)
    head = upload.read(16)
    if not any(head.startswith(s) for s in signatures):
        raise ValidationError(f"“{name}”的内容与扩展名 .{ext} 不符，可能已损坏或被改名，请上传原始文件。")
    if head.startswith(_ZIP):
        _check_office_zip(upload, name)
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return content_type, digest.hexdigest()


def _check_office_zip(upload, name: str) -> None:
    """Office files are zips: refuse macros and archives that would expand enormously."""
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as zf:
            infos = zf.infolist()
    except zipfile.BadZipFile:
        raise ValidationError(f"“{name}”无法打开，文件可能已损坏。") from None
    if any(i.filename.endswith(_MACROS) for i in infos):
        raise ValidationError(f"“{name}”含有宏，出于安全考虑不能上传。请另存为不含宏的文档后再上传。")
    if sum(i.file_size for i in infos) > 20 * settings.EVIDENCE_MAX_BYTES:
        raise ValidationError(f"“{name}”解压后过大，不能上传。")
