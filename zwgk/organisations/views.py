"""Units (office only) and the contact registry (the office, and each unit for its own contacts)."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render

from zwgk.accounts.models import UNIT_ROLES
from zwgk.accounts.roles import is_office, role_of, unit_of
from zwgk.audit.services import record
from zwgk.campaigns.access import require
from zwgk.front.downloads import attachment
from zwgk.organisations import contacts_xlsx
from zwgk.organisations.forms import ContactForm, ImportForm, UnitForm
from zwgk.organisations.models import Contact, Unit


def _shown(instance, field: str):
    """A field's value as a person reads it: choice labels and names rather than codes and ids."""
    value = getattr(instance, field)
    display = getattr(instance, f"get_{field}_display", None)
    return display() if display and value else value


def _record_changes(actor, action: str, before: dict, instance, fields, *, unit, target: str) -> int:
    changed = 0
    for f in fields:
        new = _shown(instance, f)
        if before[f] != new:
            record(actor, action, unit=unit, target=target, field=str(instance._meta.get_field(f).verbose_name),
                   old=before[f], new=new)
            changed += 1
    return changed


# ---------------------------------------------------------------- units

@login_required
def unit_list(request):
    require(is_office(request.user))
    units = list(Unit.objects.select_related("parent").annotate(n_contacts=Count("contacts")))
    children = defaultdict(list)
    for u in units:
        if u.parent_id:
            children[u.parent_id].append(u)
    groups = []
    for kind, label in Unit.Kind.choices:
        rows = []
        for u in units:
            if u.parent_id is None and u.kind == kind:
                rows.append((u, False))
                rows.extend((c, True) for c in children[u.pk])
        if rows:
            groups.append((label, rows))
    return render(request, "organisations/units.html", {"groups": groups, "total": len(units)})


@login_required
def unit_form(request, unit_id: int | None = None):
    require(is_office(request.user))
    unit = get_object_or_404(Unit, pk=unit_id) if unit_id is not None else None
    form = UnitForm(request.POST or None, instance=unit)
    before = {f: _shown(unit, f) for f in form.Meta.fields} if unit else None
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        if unit is None:
            record(request.user, "新建单位", unit=saved, target=saved.name,
                   new=f"{saved.get_kind_display()}{'，上级 ' + saved.parent.name if saved.parent else ''}")
            messages.success(request, f"已添加单位“{saved.name}”。")
        else:
            n = _record_changes(request.user, "修改单位", before, saved, form.Meta.fields, unit=saved, target=saved.name)
            messages.success(request, f"已保存“{saved.name}”。" if n else "没有修改任何内容。")
        return redirect("organisations:units")
    return render(request, "organisations/unit_form.html", {"form": form, "unit": unit})


# ---------------------------------------------------------------- contacts

def _contact_scope(user):
    """The contacts someone may see and edit, and the unit they are fixed to (None: all units)."""
    if is_office(user):
        return Contact.objects.all(), None
    unit = unit_of(user)
    if role_of(user) in UNIT_ROLES and unit is not None:
        return Contact.objects.filter(unit=unit), unit
    raise PermissionDenied


@login_required
def contact_list(request):
    contacts, own_unit = _contact_scope(request.user)
    contacts = contacts.select_related("unit")
    context = {"own_unit": own_unit, "office": own_unit is None}
    if own_unit is None:
        chosen = request.GET.get("unit", "")
        if chosen.isdigit():
            contacts = contacts.filter(unit=int(chosen))
        context.update(
            chosen=chosen,
            units=Unit.objects.filter(contacts__isnull=False).distinct(),
            missing=Unit.objects.filter(active=True, parent__isnull=True, contacts__isnull=True),
        )
    context["contacts"] = contacts
    return render(request, "organisations/contacts.html", context)


FIELDS = ContactForm.Meta.fields


@login_required
def contact_form(request, contact_id: int | None = None):
    scope, own_unit = _contact_scope(request.user)
    contact = get_object_or_404(scope, pk=contact_id) if contact_id is not None else None
    form = ContactForm(request.POST or None, instance=contact, unit=own_unit)
    before = {f: _shown(contact, f) for f in FIELDS} if contact else None
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        target = f"{saved.unit.name} {saved.name}"
        if contact is None:
            record(request.user, "新增联系人", unit=saved.unit, target=target,
                   new=" ".join(str(v) for v in (saved.title, saved.phone, saved.leader, saved.reported_on or "") if v))
            messages.success(request, f"已添加联系人“{saved.name}”。")
        else:
            n = _record_changes(request.user, "修改联系人", before, saved, FIELDS, unit=saved.unit, target=target)
            messages.success(request, f"已保存联系人“{saved.name}”。" if n else "没有修改任何内容。")
        return redirect("organisations:contacts")
    return render(request, "organisations/contact_form.html", {"form": form, "contact": contact, "own_unit": own_unit})


@login_required
def contact_delete(request, contact_id: int):
    scope, _ = _contact_scope(request.user)
    contact = get_object_or_404(scope.select_related("unit"), pk=contact_id)
    if request.method == "POST":
        record(request.user, "删除联系人", unit=contact.unit, target=f"{contact.unit.name} {contact.name}",
               old=" ".join(str(v) for v in (contact.title, contact.phone, contact.leader) if v))
        contact.delete()
        messages.success(request, f"已删除联系人“{contact.name}”。")
        return redirect("organisations:contacts")
    return render(request, "organisations/contact_delete.html", {"contact": contact})


@login_required
def contacts_export(request):
    require(is_office(request.user))
    data = contacts_xlsx.export_contacts(Contact.objects.select_related("unit"))
    return attachment(data, f"{contacts_xlsx.TITLE}-{dt.date.today():%Y%m%d}.xlsx")


@login_required
def contacts_template(request):
    require(is_office(request.user))
    return attachment(contacts_xlsx.template_xlsx(), f"{contacts_xlsx.TITLE}-导入模板.xlsx")


@login_required
def contacts_import(request):
    require(is_office(request.user))
    form = ImportForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            rows = contacts_xlsx.read_contacts(upload)
        except contacts_xlsx.ImportProblems as e:
            problems = e.problems
        else:
            result = contacts_xlsx.import_contacts(request.user, rows, upload.name)
            messages.success(request, f"导入完成：{result}。")
            return redirect("organisations:contacts")
    return render(request, "organisations/contacts_import.html", {"form": form, "problems": problems})
