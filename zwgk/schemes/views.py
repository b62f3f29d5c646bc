"""考核方案: the stored schemes with their downloads, and importing a rubric table (考核细则) as a
scheme in three steps — 上传, 识别表头 (which column holds what), 核对 (each item beside the
machine's reading of it, corrected where needed, then saved).

Office and administrators only; an import draft belongs to the person who uploaded it (anyone
else gets 404).
"""
from __future__ import annotations

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from zwgk import rubrics
from zwgk.accounts.roles import is_office
from zwgk.campaigns.access import require
from zwgk.front.downloads import attachment
from zwgk.rubrics import RubricFileError
from zwgk.schemefiles.loader import SchemeFileError
from zwgk.schemefiles.validate import validate_text
from zwgk.schemes import importing, review
from zwgk.schemes.forms import (
    MAX_UPLOAD_BYTES,
    MAX_UPLOAD_MB,
    CaseForm,
    ItemForm,
    SchemeFieldsForm,
    UploadForm,
)
from zwgk.schemes.models import ImportDraft, Scheme
from zwgk.schemes.reading import scheme_data

YAML = "application/yaml; charset=utf-8"


# ---------------------------------------------------------------- the list and its downloads

@login_required
def scheme_list(request):
    require(is_office(request.user))
    rows = []
    for scheme in Scheme.objects.order_by("-year", "scheme_id"):
        try:
            items = len(scheme_data(scheme).get("items") or ())
        except SchemeFileError:
            items = None
        rows.append((scheme, items))
    drafts = ImportDraft.objects.filter(owner=request.user).only("pk", "filename", "created", "scheme")
    return render(request, "schemes/list.html", {"rows": rows, "drafts": drafts})


def _filename(scheme: Scheme) -> str:
    return re.sub(r'[\\/:*?"<>|\s]+', "", scheme.title) or scheme.scheme_id


@login_required
def scheme_xlsx(request, scheme_id: str):
    require(is_office(request.user))
    scheme = get_object_or_404(Scheme, scheme_id=scheme_id)
    data = rubrics.export_xlsx(scheme_data(scheme))
    return attachment(data, f"{_filename(scheme)}.xlsx")


@login_required
def scheme_yaml(request, scheme_id: str):
    require(is_office(request.user))
    scheme = get_object_or_404(Scheme, scheme_id=scheme_id)
    return attachment(scheme.source_yaml.encode("utf-8"), f"{scheme.scheme_id}.yaml", YAML)


# ---------------------------------------------------------------- step 1: upload

@login_required
def import_upload(request):
    require(is_office(request.user))
    form = UploadForm(request.POST, request.FILES) if request.method == "POST" else UploadForm()
    if form.is_bound and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read(MAX_UPLOAD_BYTES + 1)
        if len(data) > MAX_UPLOAD_BYTES:
            form.add_error("file", f"文件超过 {MAX_UPLOAD_MB}MB 的上限，请删去其中的图片和与考核细则无关的内容后再上传。")
        else:
            try:
                draft = importing.start_import(request.user, upload.name, data)
            except RubricFileError as e:
                form.add_error("file", e.message)
            else:
                if draft.scheme is None:
                    messages.info(request, "没有认出考核细则的列，请在下面指出各列的用途（至少一列评分标准或考核要求），再点“按此识别”。")
                return redirect("schemes:import_columns", draft.pk)
    return render(request, "schemes/import.html", {"form": form, "max_mb": MAX_UPLOAD_MB})


def _draft(request, draft_id: int) -> ImportDraft:
    require(is_office(request.user))
    return get_object_or_404(ImportDraft, pk=draft_id, owner=request.user)


@login_required
@require_POST
def import_discard(request, draft_id: int):
    draft = _draft(request, draft_id)
    importing.discard(draft)
    messages.success(request, f"已放弃导入“{draft.filename}”。")
    return redirect("schemes:list")


# ---------------------------------------------------------------- step 2: 识别表头

def _posted_roles(data, layouts) -> list[list[str | None]]:
    """The role chosen for each column of each layout; “不导入” (empty) is None."""
    roles = []
    for k, layout in enumerate(layouts):
        chosen = []
        for j, own in enumerate(layout.roles):
            value = data.get(f"role-{k}-{j}")
            chosen.append(own if value is None else (value if value in rubrics.ROLES else None))
        roles.append(chosen)
    return roles


@login_required
def import_columns(request, draft_id: int):
    draft = _draft(request, draft_id)
    layouts = importing.layouts_of(draft)
    chosen = [list(layout.roles) for layout in layouts]
    error = None
    if request.method == "POST":
        chosen = _posted_roles(request.POST, layouts)
        try:
            importing.set_roles(draft, chosen)
        except RubricFileError as e:
            error = e.message
        else:
            return redirect("schemes:import_review", draft.pk)
    tables = []
    for k, layout in enumerate(layouts):
        columns = []
        for j, header in enumerate(layout.headers):
            samples = [row[j] for row in layout.sample if j < len(row) and row[j]]
            columns.append({"name": f"role-{k}-{j}", "number": j + 1, "header": header,
                            "role": chosen[k][j] if j < len(chosen[k]) else None, "samples": samples})
        tables.append({"layout": layout, "columns": columns})
    return render(request, "schemes/columns.html", {
        "draft": draft, "tables": tables, "roles": list(rubrics.ROLES.items()), "error": error})


# ---------------------------------------------------------------- step 3: 核对

def _row_forms(scheme: dict, data=None) -> dict:
    forms = {}
    for section, index, raw in review.entries(scheme):
        cls = ItemForm if section == "items" else CaseForm
        prefix = review.anchor(section, index)
        forms[(section, index)] = cls(data, prefix=prefix) if data is not None else cls(prefix=prefix, raw=raw)
    return forms


def _edited(scheme: dict, head: SchemeFieldsForm, forms: dict) -> dict:
    """The stored scheme with the posted edits applied."""
    edited = importing.with_header(scheme, head.scheme_fields())
    for section, index, raw in review.entries(edited):
        forms[(section, index)].apply(raw)
    return edited


def _issue(issue) -> str:
    return f"{issue.message}（位置：{issue.place}）" if issue.place else issue.message


def _review_page(request, draft, scheme, result, head, forms, *, warnings, issues=()):
    readings = {str(k): v for k, v in (result.readings or {}).items()} if result is not None else {}
    rows, listed = review.rows_for(scheme, readings, warnings, forms)
    return render(request, "schemes/review.html", {
        "draft": draft, "scheme": scheme, "head": head, "rows": rows, "warnings": listed,
        "issues": [_issue(i) for i in issues],
        "items": sum(1 for r in rows if r.section == "items"),
    })


@login_required
def import_review(request, draft_id: int):
    draft = _draft(request, draft_id)
    if draft.scheme is None:
        return redirect("schemes:import_columns", draft.pk)
    scheme = draft.scheme
    if request.method != "POST":
        return _review_page(request, draft, scheme, rubrics.reread(scheme), SchemeFieldsForm(scheme=scheme),
                            _row_forms(scheme), warnings=draft.warnings)

    final = request.POST.get("action") == "save"
    head = SchemeFieldsForm(request.POST, final=final)
    forms = _row_forms(scheme, request.POST)
    valid = [head.is_valid()] + [f.is_valid() for f in forms.values()]  # every form, for every message
    if not all(valid):
        messages.error(request, "有填写不正确的地方（见下方红字），没有保存任何修改。请改正后再提交。")
        return _review_page(request, draft, scheme, rubrics.reread(scheme), head, forms, warnings=draft.warnings)
    edited = _edited(scheme, head, forms)
    if not final:
        importing.store_edits(draft, edited)
        messages.success(request, "已保存修改并重新识别，请核对下面的结果。")
        return redirect("schemes:import_review", draft.pk)

    result = rubrics.reread(edited)
    text = importing.scheme_text(result.scheme)
    issues = [i for i in validate_text(text) if i.level == "error"]
    if not issues:
        try:
            saved = importing.save_scheme(request.user, draft, result.scheme, text)
        except importing.SchemeExists:
            head.add_error("scheme_id", f"刚刚已有人保存了编号为“{result.scheme['id']}”的考核方案，编号不能重复，请换一个编号。")
        else:
            messages.success(request, f"已保存考核方案“{saved.title}”（编号 {saved.scheme_id}），"
                                      f"共{len(result.scheme.get('items') or ())}项指标。")
            return redirect(reverse("schemes:list"))
    if issues:
        messages.error(request, "方案还有问题，没有保存（见页首的问题清单）。请按提示修改后再点“保存方案”。")
    return _review_page(request, draft, result.scheme, result, head, forms,
                        warnings=importing.warnings_data(result.warnings), issues=issues)
