"""Ledger pages: the index, each ledger's list, a row's page, form and deletion, and the xlsx
template, export and import.

The office and administrators see and edit every unit's rows; a unit's reporter and head only
their own unit's (another unit's row answers 404); assessors read every unit and write nothing
(403).
"""
from __future__ import annotations

import datetime as dt
import re
import tempfile
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import CASCADE
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from zwgk.accounts.models import UNIT_ROLES, Role
from zwgk.accounts.roles import is_office, role_of, unit_of
from zwgk.campaigns.access import require
from zwgk.front.downloads import XLSX, attachment
from zwgk.front.xlsx import ImportProblems
from zwgk.indicators.publications import with_status
from zwgk.ledgers import xlsx
from zwgk.ledgers.forms import FilterForm, ImportForm, ledger_form
from zwgk.ledgers.importing import import_ledger, report_path
from zwgk.ledgers.models import ContentItem
from zwgk.ledgers.services import delete_row, save_row
from zwgk.ledgers.spec import BY_SLUG, SPECS, LedgerSpec, shown
from zwgk.organisations.models import Unit

PER_PAGE = 50
PROBLEMS_SHOWN = 200


@dataclass(frozen=True)
class Scope:
    unit: Unit | None  # the one unit someone sees; None: every unit
    may_write: bool

    def rows(self, spec: LedgerSpec):
        rows = spec.queryset()
        return rows if self.unit is None else rows.filter(unit=self.unit)


def scope_of(user) -> Scope:
    if is_office(user):
        return Scope(None, True)
    role, unit = role_of(user), unit_of(user)
    if role in UNIT_ROLES and unit is not None:
        return Scope(unit, True)
    if role == Role.ASSESSOR:
        return Scope(None, False)
    raise PermissionDenied


def _spec(slug: str) -> LedgerSpec:
    if slug not in BY_SLUG:
        raise Http404
    return BY_SLUG[slug]


def _ordered(spec: LedgerSpec, rows):
    return rows.order_by(*spec.model._meta.ordering, "pk")


@login_required
def index(request):
    scope = scope_of(request.user)
    ledgers = [(spec, scope.rows(spec).count()) for spec in SPECS]
    return render(request, "ledgers/index.html", {"ledgers": ledgers, "scope": scope})


@login_required
def ledger_list(request, slug: str):
    spec, scope = _spec(slug), scope_of(request.user)
    filters = FilterForm(request.GET, spec=spec, all_units=scope.unit is None)
    page = Paginator(_ordered(spec, filters.filter(spec, scope.rows(spec))), PER_PAGE).get_page(request.GET.get("page"))
    columns = [spec.column(key) for key in spec.listed]
    table = [(obj, [shown(spec.cell(obj, c)) for c in columns]) for obj in page]
    status = spec.model is ContentItem
    if status:  # the content list: last update taken from the publications, overdue flagged
        marked = {o.pk: o for o in with_status(ContentItem.objects.filter(pk__in=[o.pk for o, _ in table]),
                                              timezone.localdate())}
        table = [(obj, [*cells, shown(marked[obj.pk].latest), "逾期未更新" if marked[obj.pk].overdue else "正常"])
                 for obj, cells in table]
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "ledgers/list.html", {
        "spec": spec, "scope": scope, "filters": filters, "page": page, "columns": columns, "table": table,
        "query": query.urlencode(), "status_headers": ("最近更新", "更新状态") if status else (),
    })


@login_required
def detail(request, slug: str, pk: int):
    spec, scope = _spec(slug), scope_of(request.user)
    obj = get_object_or_404(scope.rows(spec), pk=pk)
    cells = [(c.header, shown(spec.cell(obj, c))) for c in spec.columns]
    related = []
    for title, accessor, other in spec.related:
        target = BY_SLUG[other]
        links = [(target.label(o), reverse("ledgers:detail", args=[other, o.pk])) for o in getattr(obj, accessor).all()]
        related.append((title, links))
    return render(request, "ledgers/detail.html",
                  {"spec": spec, "scope": scope, "obj": obj, "cells": cells, "related": related,
                   "label": spec.label(obj)})


@login_required
def edit(request, slug: str, pk: int | None = None):
    spec, scope = _spec(slug), scope_of(request.user)
    require(scope.may_write)
    obj = get_object_or_404(scope.rows(spec), pk=pk) if pk is not None else None
    form = ledger_form(spec, unit=scope.unit)(request.POST or None, instance=obj, unit=scope.unit)
    if request.method == "POST" and form.is_valid():
        saved, changed = save_row(request.user, spec, form)
        if obj is None:
            messages.success(request, f"已添加{spec.title}记录“{spec.label(saved)}”。")
        else:
            messages.success(request, f"已保存，修改了{changed}项。" if changed else "没有修改任何内容。")
        return redirect("ledgers:detail", slug, saved.pk)
    return render(request, "ledgers/form.html",
                  {"spec": spec, "scope": scope, "form": form, "obj": obj, "label": spec.label(obj) if obj else ""})


@login_required
def delete(request, slug: str, pk: int):
    spec, scope = _spec(slug), scope_of(request.user)
    require(scope.may_write)
    obj = get_object_or_404(scope.rows(spec), pk=pk)
    label = spec.label(obj)
    if request.method == "POST":
        delete_row(request.user, spec, obj)
        messages.success(request, f"已删除{spec.title}记录“{label}”。")
        return redirect("ledgers:list", slug)
    cascade = [(rel.related_model._meta.verbose_name, getattr(obj, rel.get_accessor_name()).count())
               for rel in obj._meta.related_objects if rel.one_to_many and rel.on_delete is CASCADE]
    return render(request, "ledgers/delete.html",
                  {"spec": spec, "obj": obj, "label": label, "cascade": [c for c in cascade if c[1]]})


@login_required
def template(request, slug: str):
    spec, scope = _spec(slug), scope_of(request.user)
    require(scope.may_write)
    return attachment(xlsx.template(spec), f"{spec.title}-导入模板.xlsx")


@login_required
def export(request, slug: str):
    """The rows in the person's scope that match the list's filters, streamed from a temporary file."""
    spec, scope = _spec(slug), scope_of(request.user)
    filters = FilterForm(request.GET, spec=spec, all_units=scope.unit is None)
    rows = _ordered(spec, filters.filter(spec, scope.rows(spec))).iterator(chunk_size=2000)
    out = tempfile.TemporaryFile()
    xlsx.export(spec, rows, out)
    out.seek(0)
    return FileResponse(out, as_attachment=True, filename=f"{spec.title}-{dt.date.today():%Y%m%d}.xlsx",
                        content_type=XLSX)


@login_required
def import_file(request, slug: str):
    spec, scope = _spec(slug), scope_of(request.user)
    require(scope.may_write)
    form = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
    outcome, file_problems = None, []
    if form.is_bound and form.is_valid():
        try:
            outcome = import_ledger(request.user, spec, form.cleaned_data["file"], own=scope.unit,
                                    skip_bad=form.cleaned_data["skip_bad"])
        except ImportProblems as e:
            file_problems = e.problems
        else:
            if outcome.saved and not outcome.report:
                messages.success(request, f"导入完成：{outcome}。")
                return redirect("ledgers:list", slug)
    return render(request, "ledgers/import.html", {
        "spec": spec, "scope": scope, "form": form, "outcome": outcome, "file_problems": file_problems,
        "problems": outcome.problems[:PROBLEMS_SHOWN] if outcome else [],
        "columns": [(c, xlsx.hint(c)) for c in spec.columns],
    })


@login_required
def import_report(request, slug: str, token: str):
    """The rows an import left out, with their problems: only for the person who imported."""
    spec = _spec(slug)
    path = report_path(request.user, token) if re.fullmatch(r"[0-9a-f]{32}", token) else None
    if path is None or not path.is_file():
        raise Http404
    return FileResponse(path.open("rb"), as_attachment=True, filename=f"{spec.title}-未导入的行.xlsx",
                        content_type=XLSX)
