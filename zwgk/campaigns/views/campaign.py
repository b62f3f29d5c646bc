"""Campaign pages: the list, starting one, its overview per role, a unit's items, phases."""
from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from zwgk.accounts.models import UNIT_ROLES
from zwgk.accounts.roles import is_office, role_of
from zwgk.campaigns import access, workflow
from zwgk.campaigns.dashboard import dashboard
from zwgk.campaigns.models import Appeal, Entry
from zwgk.campaigns.setup import create_campaign
from zwgk.campaigns.views.common import campaign_for, messages_of, unit_id_for
from zwgk.campaigns.views.entry import scores_visible
from zwgk.organisations.models import Unit
from zwgk.schemes.models import Scheme
from zwgk.schemes.reading import scheme_data

State = Entry.State


@login_required
def campaign_list(request):
    campaigns = access.campaigns_for(request.user).select_related("scheme")
    return render(request, "campaigns/list.html", {"campaigns": campaigns, "may_create": is_office(request.user)})


class CampaignForm(forms.Form):
    scheme = forms.ModelChoiceField(Scheme.objects.order_by("-year", "scheme_id"), label="考核方案",
                                    error_messages={"required": "请选择考核方案。", "invalid_choice": "请选择列表中的考核方案。"})
    title = forms.CharField(label="考核名称", max_length=200, error_messages={"required": "请填写考核名称。"})
    year = forms.IntegerField(label="考核年度", min_value=2000, max_value=2100,
                              error_messages={"required": "请填写考核年度。", "invalid": "年度应为四位数字。"})
    units = forms.ModelMultipleChoiceField(Unit.objects.filter(parent__isnull=True, active=True), label="参加单位",
                                           widget=forms.CheckboxSelectMultiple,
                                           error_messages={"required": "请至少选择一个参加单位。"})
    self_due = forms.DateField(label="自评截止", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    review_due = forms.DateField(label="评审截止", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    publicity_end = forms.DateField(label="公示及申诉截止", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    webhook_url = forms.URLField(label="群机器人地址（可选）", required=False, assume_scheme="https",
                                 help_text="企业微信或钉钉群机器人的 Webhook 地址")


@login_required
def campaign_new(request):
    access.require(is_office(request.user))
    form = CampaignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        campaign = create_campaign(request.user, d["scheme"], d["title"], d["year"], list(d["units"]),
                                   self_due=d["self_due"], review_due=d["review_due"],
                                   publicity_end=d["publicity_end"], webhook_url=d["webhook_url"])
        messages.success(request, f"已创建“{campaign.title}”，共{len(d['units'])}个单位。")
        return redirect("campaigns:detail", campaign.pk)
    return render(request, "campaigns/new.html", {"form": form})


@login_required
def campaign_detail(request, campaign_id: int):
    """The office's dashboard of the whole campaign; an assessor's of the part assigned to them."""
    campaign = campaign_for(request.user, campaign_id)
    role = role_of(request.user)
    if role in UNIT_ROLES:
        return redirect("campaigns:unit", campaign.pk, unit_id_for(request.user, campaign, None))
    office = is_office(request.user)
    entries = access.entries_for(request.user, campaign)
    pending = Appeal.objects.filter(entry__in=entries, outcome=Appeal.Outcome.PENDING).count()
    # Totals and ranks are the office's until the results are published (as on the ranking page).
    charts = access.may_see_results(request.user, campaign)
    board = dashboard(campaign, entries, timezone.localdate(), pending_appeals=pending, charts=charts)
    context = {"campaign": campaign, "progress": board["units"], "office": office, "pending_appeals": pending,
               "board": board, "chart_data": board["charts"]}
    if role == "assessor":
        context["assigned"] = entries.filter(applicable=True).select_related("unit")
    return render(request, "campaigns/detail.html", context)


@login_required
def unit_entries(request, campaign_id: int, unit_id: int):
    """A unit's items: the self-assessment sheet with bulk submit / approve."""
    campaign = campaign_for(request.user, campaign_id)
    if role_of(request.user) == "assessor":
        unit = unit_id
        entries = access.entries_for(request.user, campaign).filter(unit=unit)
        if not entries.exists():
            raise Http404
    else:
        unit = unit_id_for(request.user, campaign, unit_id)
        entries = access.entries_for(request.user, campaign).filter(unit=unit)
    entries = list(entries.select_related("unit").annotate(n_evidence=Count("evidence")))
    for e in entries:
        e.campaign = campaign  # the permission checks below read it; one object, not a query each
    items = {str(i["id"]): i for i in scheme_data(campaign.scheme)["items"]}
    rows = [(e, items.get(e.item_id, {})) for e in entries]
    participant = campaign.participants.select_related("unit").get(unit=unit)
    user = request.user
    return render(request, "campaigns/unit.html", {
        "campaign": campaign, "participant": participant, "rows": rows,
        "show_scores": scores_visible(user, campaign),
        "can_submit": any(access.may_fill(user, e) and e.state in (State.DRAFT, State.RETURNED) for e in entries),
        "can_approve": any(access.may_approve(user, e) for e in entries),
        "office": is_office(user),
    })


def _bulk(request, campaign_id: int, unit_id: int, role: str, fn, done: str):
    """Submit or approve the ticked items of a unit: its reporter submits, its head approves."""
    campaign = campaign_for(request.user, campaign_id)
    in_scope = access.entries_for(request.user, campaign).filter(unit=unit_id)
    if not in_scope.exists():
        raise Http404
    access.require(role_of(request.user) == role)
    entries = list(in_scope.filter(pk__in=request.POST.getlist("entry")).select_related("unit", "campaign__scheme"))
    if not entries:
        messages.error(request, "请先勾选要处理的指标。")
    else:
        messages.success(request, done.format(fn(request.user, entries)))
    return redirect("campaigns:unit", campaign.pk, unit_id)


@login_required
@require_POST
def submit_entries(request, campaign_id: int, unit_id: int):
    def submit(user, entries):
        return workflow.submit(user, [e for e in entries if access.may_fill(user, e)])
    return _bulk(request, campaign_id, unit_id, "reporter", submit, "已提交{}项，等待单位负责人审核。")


@login_required
@require_POST
def approve_entries(request, campaign_id: int, unit_id: int):
    def approve(user, entries):
        return workflow.approve(user, [e for e in entries if access.may_approve(user, e)])
    return _bulk(request, campaign_id, unit_id, "head", approve, "已审核通过{}项，报送考核办。")


@login_required
@require_POST
def advance(request, campaign_id: int):
    campaign = campaign_for(request.user, campaign_id)
    access.require(is_office(request.user))
    try:
        phase = workflow.advance(request.user, campaign)
        messages.success(request, f"考核已进入{phase.label}阶段。")
    except ValidationError as err:
        for m in messages_of(err):
            messages.error(request, m)
    return redirect("campaigns:detail", campaign.pk)
