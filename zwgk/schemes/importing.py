"""Importing a rubric table (考核细则) as a scheme: every write of the import pages.

The steps keep one `ImportDraft` per upload, owned by the person who uploaded it: the file's
tables as read, the column roles as confirmed, the scheme data as read and edited. Only saving
writes a `Scheme` (and an audit event); a file that cannot be read leaves nothing behind.
"""
from __future__ import annotations

import copy
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from zwgk import rubrics
from zwgk.audit.services import record
from zwgk.rubrics.checks import CODES as CHECK_CODES
from zwgk.schemes.models import ImportDraft, Scheme

FORMAT = "zwgk-scheme/1"


class SchemeExists(ValueError):
    pass


def warnings_data(warnings) -> list[dict]:
    """The reader's warnings as stored with the draft."""
    return [{"item": None if w.item is None else str(w.item), "code": w.code, "message": w.message} for w in warnings]


def tables_of(draft: ImportDraft) -> list:
    return [rubrics.Table.from_json(t) for t in draft.tables]


def layouts_of(draft: ImportDraft) -> list:
    """The draft file's tables as the mapping page shows them, with the roles as last confirmed."""
    return rubrics.table_layouts(tables_of(draft), draft.roles)


@transaction.atomic
def start_import(owner, filename: str, data: bytes) -> ImportDraft:
    """Read an uploaded file into a new draft; `RubricFileError` (nothing saved) when it cannot be.

    A file with tables in which no column is known as a rubric's still makes a draft, without a
    scheme: the person says on the mapping page which column holds what.
    """
    tables = rubrics.read_tables(filename, data)
    try:
        draft = rubrics.read_rubric(tables, filename=filename)
    except rubrics.NoRubricColumns as e:
        layouts, scheme, warnings = e.layouts, None, []
    else:
        layouts, scheme, warnings = draft.layouts, draft.scheme, warnings_data(draft.warnings)
    return ImportDraft.objects.create(
        owner=owner, filename=filename[-255:],
        tables=[t.to_json() for t in tables],
        roles=[list(layout.roles) for layout in layouts],
        scheme=scheme,
        warnings=warnings,
    )


@transaction.atomic
def set_roles(draft: ImportDraft, roles: list[list[str | None]]):
    """Read the file again with the person's column roles; `RubricFileError` leaves the draft as it was."""
    before = draft.scheme or {}
    result = rubrics.read_rubric(tables_of(draft), roles, filename=draft.filename, scheme_id=before.get("id"),
                                 title=before.get("title"))
    draft.roles = roles
    draft.scheme = result.scheme
    draft.warnings = warnings_data(result.warnings)
    draft.save(update_fields=["roles", "scheme", "warnings"])
    return result


@transaction.atomic
def store_edits(draft: ImportDraft, scheme: dict):
    """Keep a person's edits and the reading of them (重新识别); what was said about reading the
    table (shifted rows, pages continued, tables left out) stays on the list."""
    result = rubrics.reread(scheme)
    draft.scheme = result.scheme
    draft.warnings = [w for w in draft.warnings if w["code"] not in CHECK_CODES] + warnings_data(result.warnings)
    draft.save(update_fields=["scheme", "warnings"])
    return result


def scheme_text(scheme: dict) -> str:
    return rubrics.scheme_yaml(scheme)


@transaction.atomic
def save_scheme(actor, draft: ImportDraft, scheme: dict, text: str) -> Scheme:
    """Store the checked scheme (its YAML `text`), log it and drop the draft."""
    scheme_id = scheme["id"]
    if Scheme.objects.filter(scheme_id=scheme_id).exists():
        raise SchemeExists(scheme_id)
    points = scheme.get("total_points")
    row = Scheme.objects.create(
        scheme_id=scheme_id,
        title=scheme.get("title") or "",
        year=scheme.get("year"),
        kind=scheme.get("kind") or "",
        total_points=None if points in (None, "") else Decimal(str(points)),
        source_yaml=text,
        loaded_at=timezone.now(),
    )
    items = len(scheme.get("items") or ())
    record(actor, "导入考核方案", target=f"{row.title[:150]}（{scheme_id}）",
           new=f"{row.kind_label}，{items}项指标，总分{row.total_points_display}", reason=f"导入文件“{draft.filename}”")
    draft.delete()
    return row


def discard(draft: ImportDraft) -> None:
    draft.delete()


HEAD = ("format", "id", "title", "issuer", "year", "document", "issued", "source", "kind", "levels", "total_points")


def with_header(scheme: dict, fields: dict) -> dict:
    """The scheme with the fields of the review form (编号、名称、年度、总分、类型) written in,
    the top-level keys in the order of docs/scheme-format.md."""
    merged = {**copy.deepcopy(scheme), **fields}
    merged["format"] = merged.get("format") or FORMAT
    head = {key: merged.pop(key) for key in HEAD if key in merged}
    return {**head, **merged}
