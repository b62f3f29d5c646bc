"""Account management for the system administrator and the office.

The office manages everyone except administrators: it can neither create nor edit an admin account.
Every change is recorded in the audit log; passwords never are.
"""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render

from zwgk.accounts.manage_forms import AccountCreateForm, AccountEditForm, PasswordResetForm
from zwgk.accounts.models import Membership, Role
from zwgk.accounts.roles import is_office, role_label, role_of
from zwgk.audit.services import record
from zwgk.campaigns.access import require

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
