from __future__ import annotations

from urllib.parse import urlparse

from django.core.exceptions import ValidationError
from django.db import transaction

from zwgk.audit.services import record
from zwgk.evidence.checks import check_upload
from zwgk.evidence.models import Evidence


def _log(actor, action: str, entry, name: str):
    record(actor, action, campaign=entry.campaign, unit=entry.unit, target=f"{entry.unit.name} 第{entry.item_id}项",
           field="佐证材料", new=name if action == "上传佐证" else "", old=name if action == "删除佐证" else "")


@transaction.atomic
def add_file(actor, entry, upload, stage: str) -> Evidence:
    content_type, sha256 = check_upload(upload)
    evidence = Evidence(entry=entry, stage=stage, name=upload.name[:255], content_type=content_type,
                        size=upload.size, sha256=sha256, uploaded_by=actor)
    evidence.file.save(f"{sha256[:16]}.{upload.name.rsplit('.', 1)[-1].lower()}", upload, save=False)
    evidence.save()
    _log(actor, "上传佐证", entry, evidence.name)
    return evidence


@transaction.atomic
def add_link(actor, entry, url: str, name: str, stage: str) -> Evidence:
    url = url.strip()
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise ValidationError("佐证链接应以 http:// 或 https:// 开头，例如 http://www.xunwu.gov.cn/……")
    evidence = Evidence.objects.create(entry=entry, stage=stage, url=url, name=(name.strip() or url)[:255],
                                       uploaded_by=actor)
    _log(actor, "上传佐证", entry, evidence.name)
    return evidence


@transaction.atomic
def remove(actor, evidence: Evidence) -> None:
    entry = evidence.entry
    name = evidence.name
    if evidence.file:
        evidence.file.delete(save=False)
    evidence.delete()
    _log(actor, "删除佐证", entry, name)
