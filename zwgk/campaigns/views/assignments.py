"""Who reviews what (考核组分工): the office assigns items and units to assessors.

An assignment with no item covers every item, one with no unit every unit (see access._assessor_scope).
Items whose scheme names a checking department (由县财政局核查) can be given to that department's
assessors in one step.
"""
from __future__ import annotations

import re
from itertools import product

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from zwgk.accounts.models import Membership, Role
from zwgk.accounts.roles import is_office
from zwgk.audit.services import record
from zwgk.campaigns import access
from zwgk.campaigns.items import item_label, item_order
from zwgk.campaigns.models import Assignment, Campaign
from zwgk.campaigns.views.common import campaign_for
from zwgk.organisations.models import Unit
from zwgk.schemes.reading import scheme_data

ALL_ITEMS, ALL_UNITS = "全部指标", "全部单位"


def person(user) -> str:
    """A person as the office knows them: 姓名 (or the login name), and their unit when they have one."""
    try:
        m = user.membership  # select_related("…__membership__unit") where lists are shown
    except Membership.DoesNotExist:
        m = None
    name = (m.display_name if m else "") or user.get_username()
    return f"{name}（{m.unit.name}）" if m and m.unit else name


def _item_labels(campaign: Campaign) -> dict[str, str]:
    return {str(i["id"]): item_label(i) for i in scheme_data(campaign).get("items") or ()}


def scope_text(item_id: str, unit: Unit | None) -> str:
    return f"{f'第{item_id}项' if item_id else ALL_ITEMS} · {unit.name if unit else ALL_UNITS}"


class AssessorField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return person(user)


class AssignForm(forms.Form):
    assessor = AssessorField(get_user_model().objects.none(), label="考核组成员", empty_label="请选择",
                             error_messages={"required": "请选择考核组成员。",
                                             "invalid_choice": "请选择列表中的考核组成员。"})
    items = forms.MultipleChoiceField(label="指标", required=False, help_text="不选则核查全部指标",
                                      widget=forms.SelectMultiple(attrs={"size": 10}),
                                      error_messages={"invalid_choice": "指标“%(value)s”不在本次考核方案中。"})
    units = forms.ModelMultipleChoiceField(Unit.objects.none(), label="单位", required=False,
                                           help_text="不选则核查全部单位",
                                           widget=forms.SelectMultiple(attrs={"size": 10}),
                                           error_messages={"invalid_choice": "请选择参加本次考核的单位。",
                                                           "invalid_pk_value": "请选择参加本次考核的单位。"})

    def __init__(self, *args, campaign: Campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assessor"].queryset = (
            get_user_model().objects.filter(membership__role=Role.ASSESSOR, is_active=True)
            .select_related("membership__unit").order_by("membership__unit__order", "username"))
        self.fields["items"].choices = list(_item_labels(campaign).items())
        self.fields["units"].queryset = Unit.objects.filter(participations__campaign=campaign)


def _create(actor, campaign: Campaign, assessor, item_id: str, unit: Unit | None, action: str) -> bool:
    _, created = Assignment.objects.get_or_create(campaign=campaign, assessor=assessor, item_id=item_id, unit=unit)
    if created:
        record(actor, action, campaign=campaign, unit=unit, target=person(assessor), field="核查范围",
               new=scope_text(item_id, unit))
    return created


@login_required
def assignment_list(request, campaign_id: int):
    campaign = campaign_for(request.user, campaign_id)
    access.require(is_office(request.user))
    form = AssignForm(request.POST if request.method == "POST" else None, campaign=campaign)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        with transaction.atomic():
            created = sum(_create(request.user, campaign, d["assessor"], item_id, unit, "分配核查")
                          for item_id, unit in product(d["items"] or [""], list(d["units"]) or [None]))
        if created:
            messages.success(request, f"已为{person(d['assessor'])}新增{created}条分工。")
        else:
            messages.info(request, "所选分工都已存在，没有新增。")
        return redirect("campaigns:assignments", campaign.pk)
    labels = _item_labels(campaign)
    rows = [(a, labels.get(a.item_id, f"第{a.item_id}项") if a.item_id else ALL_ITEMS, person(a.assessor))
            for a in campaign.assignments.select_related("assessor__membership__unit", "unit").order_by(
                "unit__order", "unit__name")]
    rows.sort(key=lambda r: (r[2], bool(r[0].item_id), item_order(r[0].item_id)))
    return render(request, "campaigns/assignments.html", {
        "campaign": campaign, "form": form, "rows": rows, "all_units": ALL_UNITS,
        "auto_items": _auto_items(campaign)})


@login_required
@require_POST
def assignment_delete(request, campaign_id: int, assignment_id: int):
    campaign = campaign_for(request.user, campaign_id)
    access.require(is_office(request.user))
    a = get_object_or_404(campaign.assignments.select_related("assessor__membership__unit", "unit"),
                          pk=assignment_id)
    record(request.user, "取消核查分工", campaign=campaign, unit=a.unit, target=person(a.assessor), field="核查范围",
           old=scope_text(a.item_id, a.unit))
    a.delete()
    messages.success(request, f"已取消{person(a.assessor)}的分工：{scope_text(a.item_id, a.unit)}。")
    return redirect("campaigns:assignments", campaign.pk)


_SPLIT = re.compile(r"[、，,；;/和及与\s]+")


def names_department(text: str, unit_name: str) -> bool:
    """Whether a 核查单位 text ("县发改委、县自然资源局", "由县财政局核查") names the unit."""
    return any(part and (unit_name in part or part in unit_name) for part in _SPLIT.split(text or ""))


def _auto_items(campaign: Campaign) -> list[tuple[str, str]]:
    """(item id, 核查单位 text) for the scheme's items that name a checking department."""
    return [(str(i["id"]), i["assessor"]) for i in scheme_data(campaign).get("items") or ()
            if (i.get("assessor") or "").strip()]


@login_required
@require_POST
def assignment_auto(request, campaign_id: int):
    """Give each item with a 核查单位 (all units) to the assessors who belong to that department."""
    campaign = campaign_for(request.user, campaign_id)
    access.require(is_office(request.user))
    assessors = list(Membership.objects.filter(role=Role.ASSESSOR, unit__isnull=False, user__is_active=True)
                     .select_related("user", "unit"))
    created, unmatched = 0, []
    with transaction.atomic():
        for item_id, text in _auto_items(campaign):
            matched = [m.user for m in assessors if names_department(text, m.unit.name)]
            if not matched:
                unmatched.append(f"第{item_id}项（{text}）")
            for user in matched:
                created += _create(request.user, campaign, user, item_id, None, "自动分配核查")
    if created:
        messages.success(request, f"已按核查单位自动分配{created}条分工。")
    else:
        messages.info(request, "按核查单位自动分配：没有新增分工。")
    if unmatched:
        messages.warning(request, f"以下指标的核查单位没有对应的考核组成员账号，请手工分配：{'、'.join(unmatched)}。")
    return redirect("campaigns:assignments", campaign.pk)
