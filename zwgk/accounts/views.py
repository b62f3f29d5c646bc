"""Account management for the system administrator and the office.

The office manages everyone except administrators: it can neither create nor edit an admin account.
Every change is recorded in the audit log; passwords never are.
"""
from __future__ import annotations

import base64
import datetime as dt

from django.contrib import messages
from django.contrib.auth import get_user_model, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.debug import sensitive_post_parameters
from django.utils import timezone
from django.utils.cache import add_never_cache_headers

from zwgk.accounts import roster_xlsx
from zwgk.accounts.manage_forms import AccountCreateForm, AccountEditForm, PasswordResetForm, RosterImportForm
from zwgk.accounts.forms import OwnPasswordForm
from zwgk.accounts.models import Membership, Role
from zwgk.accounts.services import change_own_password
from zwgk.accounts.roles import is_office, role_label, role_of
from zwgk.audit.services import record
from zwgk.campaigns.access import require
from zwgk.front.downloads import XLSX, attachment

User = get_user_model()


def _is_admin(user) -> bool:
    return role_of(user) == Role.ADMIN


def _target(actor, user_id: int):
    """An account the actor may change: the office may not touch administrators."""
    require(is_office(actor))
    target = get_object_or_404(User.objects.select_related("membership__unit"), pk=user_id)
    require(_is_admin(actor) or not _is_admin(target))
    return target


@login_required
def manage_list(request):
    require(is_office(request.user))
    actor_admin = _is_admin(request.user)
    rows = []
    for u in User.objects.select_related("membership__unit__parent").order_by("-is_active", "username"):
        m = getattr(u, "membership", None)
        rows.append({"user": u, "name": m.display_name if m else "", "role": role_label(u),
                     "unit": m.unit if m else None,
                     "may_edit": actor_admin or role_of(u) != Role.ADMIN})
    return render(request, "accounts/manage_list.html", {"rows": rows})


@login_required
def manage_new(request):
    require(is_office(request.user))
    form = AccountCreateForm(request.POST or None, actor_is_admin=_is_admin(request.user))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        with transaction.atomic():
            user = User.objects.create_user(d["username"], password=d["password1"])
            Membership.objects.create(user=user, role=d["role"], unit=d["unit"], display_name=d["display_name"])
            record(request.user, "创建账号", unit=d["unit"], target=user.username,
                   new="，".join(x for x in (d["display_name"], Role(d["role"]).label,
                                            d["unit"] and d["unit"].name) if x))
        messages.success(request, f"已创建账号“{user.username}”，请把初始密码当面或电话告知本人，并提醒其登录后妥善保管。")
        return redirect("accounts:manage")
    return render(request, "accounts/manage_form.html", {"form": form, "target": None})


def _current(target) -> dict:
    m = getattr(target, "membership", None)
    return {"display_name": m.display_name if m else "", "role": role_of(target) or "",
            "unit": m.unit if m else None, "is_active": target.is_active}


CHANGE_LABELS = {"display_name": "姓名", "role": "角色", "unit": "所在单位", "is_active": "启用"}


def _shown(field: str, value):
    if field == "role":
        return Role(value).label if value else ""
    return value


@login_required
def manage_edit(request, user_id: int):
    target = _target(request.user, user_id)
    before = _current(target)
    form = AccountEditForm(request.POST or None, initial=before, target=target, actor=request.user,
                           actor_is_admin=_is_admin(request.user))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        changed = [f for f in CHANGE_LABELS if d[f] != before[f]]
        with transaction.atomic():
            Membership.objects.update_or_create(user=target, defaults={
                "role": d["role"], "unit": d["unit"], "display_name": d["display_name"]})
            if "is_active" in changed:
                target.is_active = d["is_active"]
                target.save(update_fields=["is_active"])
            for f in changed:
                record(request.user, "修改账号", unit=d["unit"] or before["unit"], target=target.username,
                       field=CHANGE_LABELS[f], old=_shown(f, before[f]), new=_shown(f, d[f]))
        messages.success(request, f"已保存账号“{target.username}”。" if changed else "没有修改任何内容。")
        return redirect("accounts:manage")
    return render(request, "accounts/manage_form.html", {"form": form, "target": target})


@login_required
def manage_password(request, user_id: int):
    target = _target(request.user, user_id)
    form = PasswordResetForm(request.POST or None, target=target)
    if request.method == "POST" and form.is_valid():
        target.set_password(form.cleaned_data["password1"])
        target.save(update_fields=["password"])
        record(request.user, "重置密码", target=target.username)
        messages.success(request, f"已重置“{target.username}”的密码，请告知本人新密码。")
        return redirect("accounts:manage")
    return render(request, "accounts/manage_password.html", {"form": form, "target": target})


# ---------------------------------------------------------------- units and accounts as one xlsx

@login_required
def roster_template(request):
    require(is_office(request.user))
    return attachment(roster_xlsx.template_xlsx(), f"{roster_xlsx.TITLE}-导入模板.xlsx")


@login_required
def roster_export(request):
    require(is_office(request.user))
    return attachment(roster_xlsx.export_roster(), f"{roster_xlsx.TITLE}-{dt.date.today():%Y%m%d}.xlsx")


@login_required
def roster_import(request):
    """Upload → every problem listed, or everything saved. The new accounts' initial passwords are
    handed out in this response only (an xlsx inside the page), never kept on the server."""
    require(is_office(request.user))
    form = RosterImportForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            roster = roster_xlsx.read_roster(upload, request.user)
            result = roster_xlsx.import_roster(request.user, roster, upload.name)
        except roster_xlsx.ImportProblems as e:
            problems = e.problems
        else:
            if not result.passwords:
                messages.success(request, f"导入完成：{result}。")
                if result.kept_passwords:
                    messages.warning(request, _kept_passwords_note(result))
                return redirect("accounts:manage")
            data = base64.b64encode(roster_xlsx.passwords_xlsx(result.passwords)).decode()
            response = render(request, "accounts/roster_imported.html", {
                "result": result, "kept_note": _kept_passwords_note(result) if result.kept_passwords else "",
                "download": f"data:{XLSX};base64,{data}",
                "filename": f"{roster_xlsx.PASSWORDS_TITLE}-{timezone.localtime():%Y%m%d-%H%M}.xlsx"})
            add_never_cache_headers(response)
            return response
    return render(request, "accounts/roster_import.html", {"form": form, "problems": problems})


def _kept_passwords_note(result) -> str:
    names = "、".join(result.kept_passwords[:10]) + ("等" if len(result.kept_passwords) > 10 else "")
    return (f"{len(result.kept_passwords)} 个已有账号（{names}）填写了初始密码，导入不会修改已有账号的密码，已忽略；"
            "如需重置，请在账号列表中点“重置密码”。")


# ---------------------------------------------------------------- everyone: their own password

@sensitive_post_parameters("old_password", "password1", "password2")
@login_required
def password_change(request):
    """Anyone signed in changes their own password. This session stays signed in; the person's
    other sessions end, since the session hash changes with the password."""
    form = OwnPasswordForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        change_own_password(request.user, form.cleaned_data["password1"])
        update_session_auth_hash(request, request.user)
        messages.success(request, "密码已修改。下次登录请使用新密码。")
        return redirect("front:home")
    return render(request, "accounts/password.html", {"form": form})
