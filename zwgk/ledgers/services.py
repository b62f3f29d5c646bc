"""Writes to the ledgers from their pages: a row saved from its form or deleted, each in one
transaction and recorded in the audit log; and looking up the rows of another ledger that a row
names (an interpretation's documents by 文号, a post's account), for forms and imports alike.
"""
from __future__ import annotations

from django.db import transaction

from zwgk.audit.services import record
from zwgk.ledgers.spec import LedgerSpec, shown
from zwgk.organisations.models import Unit


def related_ids(model, attrs: list[str], wanted: set[tuple]) -> dict[tuple, int]:
    """Rows of another ledger named by (unit id, *attribute values), looked up at once."""
    if not wanted:
        return {}
    filters = {"unit_id__in": {w[0] for w in wanted}}
    for i, attr in enumerate(attrs, start=1):
        filters[f"{attr}__in"] = {w[i] for w in wanted}
    found = model.objects.filter(**filters).values_list("unit_id", *attrs, "pk")
    return {tuple(values[:-1]): values[-1] for values in found}


def missing_reason(model, attrs: list[str], unit: Unit, missing: list[tuple]) -> str:
    """Why named rows of another ledger cannot be linked: they are not in the unit's ledger."""
    meta = model._meta
    if len(attrs) == 1:
        named = f"{meta.get_field(attrs[0]).verbose_name}为" + "、".join(f"“{m[0]}”" for m in missing)
    else:
        named = "、".join(f"{meta.get_field(a).verbose_name}为“{v}”" for a, v in zip(attrs, missing[0]))
    return (f"{unit.name}的“{meta.verbose_name}”台账中没有{named}的记录，请核对，"
            f"或先在“{meta.verbose_name}”台账中添加。")


def _cells(spec: LedgerSpec, obj) -> dict[str, str]:
    return {c.header: shown(spec.cell(obj, c)) for c in spec.columns}


def _target(spec: LedgerSpec, obj) -> str:
    return f"{spec.title} {spec.label(obj)}"[:200]


def _summary(cells: dict[str, str]) -> str:
    return "；".join(f"{h}：{v}" for h, v in cells.items() if v)


@transaction.atomic
def save_row(actor, spec: LedgerSpec, form) -> tuple[object, int]:
    """Save a valid form's row; log a new row whole and each changed cell of an edited one (old → new).
    Returns the row and how many cells changed."""
    pk = form.instance.pk
    before = _cells(spec, spec.queryset().get(pk=pk)) if pk else None
    obj = form.save()
    after = _cells(spec, spec.queryset().get(pk=obj.pk))
    if before is None:
        record(actor, "新增台账记录", unit=obj.unit, target=_target(spec, obj), new=_summary(after))
        return obj, len(after)
    changed = [h for h in after if before[h] != after[h]]
    for header in changed:
        record(actor, "修改台账记录", unit=obj.unit, target=_target(spec, obj), field=header,
               old=before[header], new=after[header])
    return obj, len(changed)


@transaction.atomic
def delete_row(actor, spec: LedgerSpec, obj) -> None:
    record(actor, "删除台账记录", unit=obj.unit, target=_target(spec, obj), old=_summary(_cells(spec, obj)))
    obj.delete()


def key_clash(spec: LedgerSpec, obj) -> str:
    """Why a row cannot be saved as it is when another row has its natural key, or ''."""
    meta = spec.model._meta
    lookup = {meta.get_field(k).attname: getattr(obj, meta.get_field(k).attname) for k in spec.key}
    if not spec.model.objects.filter(**lookup).exclude(pk=obj.pk).exists():
        return ""
    named = "、".join(f"{c.header}为“{shown(spec.cell(obj, c))}”" for c in spec.key_columns if not c.is_unit)
    owner = f"{obj.unit.name}已有" if "unit" in spec.key else "已有"
    return f"{owner}{named}的{spec.title}记录，请直接编辑原有记录。"

