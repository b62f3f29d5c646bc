"""Campaign pages: the list, starting one, its overview per role, a unit's items, phases."""
from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from zwgk.accounts.models import UNIT_ROLES
from zwgk.accounts.roles import is_office, role_of
from zwgk.campaigns import access, workflow
from zwgk.campaigns.dashboard import dashboard
from zwgk.campaigns.items import item_order, item_title, item_titles
from zwgk.campaigns.models import Appeal, Campaign, Entry
from zwgk.campaigns.results import rules_text
from zwgk.campaigns.setup import create_campaign
from zwgk.campaigns.views.common import campaign_for, messages_of, unit_id_for
from zwgk.campaigns.views.entry import scores_visible
from zwgk.lib.dates import chinese_date
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

    def clean(self):
        d = super().clean()
        scheme, units = d.get("scheme"), d.get("units") or []
        groups = (scheme_data(scheme).get("ranking_groups") or []) if scheme else []
        outside = [u.name for u in units if groups and u.group not in groups]
        if outside:
            self.add_error("units", f"{'、'.join(outside)}的排名分组不在方案的分组（{'、'.join(groups)}）中，"
                                    "请在单位管理中为其设置排名分组，或不选这些单位。")
        dates = [(label, d.get(f)) for f, label in (("self_due", "自评截止"), ("review_due", "评审截止"),
                                                    ("publicity_end", "公示及申诉截止"))]
        given = [(label, day) for label, day in dates if day]
        for (before, early), (after, late) in zip(given, given[1:]):
            if late < early:
                self.add_error(None, f"{after}（{late:%Y-%m-%d}）不能早于{before}（{early:%Y-%m-%d}）。")
        return d


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
    today = timezone.localdate()
    board = dashboard(campaign, entries, today, pending_appeals=pending, charts=charts)
    context = {"campaign": campaign, "progress": board["units"], "office": office, "pending_appeals": pending,
               "board": board, "chart_data": board["charts"],
               "current_version": campaign.scheme.source_yaml == campaign.scheme_yaml,
               "early_final": campaign.phase == Campaign.Phase.PUBLICITY and campaign.publicity_end is not None
               and today <= campaign.publicity_end,
               "rules": rules_text(campaign) if office and not campaign.is_task_plan else []}
    if role == "assessor":
        context.update(assigned_list(request, campaign, entries))
    return render(request, "campaigns/detail.html", context)


ASSIGNED_PAGE = 50


def assigned_list(request, campaign, entries) -> dict:
    """An assessor's entries, filtered by unit, item and review state, a page at a time."""
    entries = entries.filter(applicable=True)
    units = list(entries.values_list("unit", "unit__name").distinct().order_by("unit__order", "unit__name"))
    titles = item_titles(campaign)
    item_ids = sorted(set(entries.values_list("item_id", flat=True)), key=item_order)
    chosen = {"unit": request.GET.get("unit", ""), "item": request.GET.get("item", ""),
              "state": request.GET.get("state", "")}
    shown = entries
    if chosen["unit"].isdigit():
        shown = shown.filter(unit=int(chosen["unit"]))
    if chosen["item"] in titles:
        shown = shown.filter(item_id=chosen["item"])
    if chosen["state"] in Entry.Review.values:
        shown = shown.filter(Entry.review_q(chosen["state"]))
    rows = sorted(shown.select_related("unit"), key=lambda e: (e.unit.order, e.unit.name, item_order(e.item_id)))
    page = Paginator(rows, ASSIGNED_PAGE).get_page(request.GET.get("page"))
    for e in page:
        e.title = titles.get(e.item_id, "")
    query = urlencode({k: v for k, v in chosen.items() if v})
    return {"assigned": page, "assigned_units": units, "assigned_items": [(i, titles.get(i, "")) for i in item_ids],
            "review_states": [s for s in Entry.Review if s != Entry.Review.NOT_APPLICABLE], "chosen": chosen,
            "query": query}


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
    entries.sort(key=lambda e: item_order(e.item_id))
    items = {str(i["id"]): i for i in scheme_data(campaign)["items"]}
    rows = [(e, items.get(e.item_id, {}), item_title(items.get(e.item_id, {}))) for e in entries]
    participant = campaign.participants.select_related("unit").get(unit=unit)
    user = request.user
    owed = sum(1 for e in entries if e.applicable and e.state != State.APPROVED)
    return render(request, "campaigns/unit.html", {
        "campaign": campaign, "participant": participant, "rows": rows,
        "show_scores": scores_visible(user, campaign),
        "can_submit": any(access.may_fill(user, e) and e.state in (State.DRAFT, State.RETURNED) for e in entries),
        "can_approve": any(access.may_approve(user, e) for e in entries),
        "office": is_office(user),
        "urge_text": f"贵单位还有{owed}项指标未报送考核办，请" + (
            f"于{chinese_date(campaign.self_due)}前" if campaign.self_due else "尽快")
        + "完成自评、上传佐证材料并经负责人审核报送。",
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


def _change_phase(request, campaign_id: int, change, done: str):
    """Next phase or back one (the reason posted with it); an incomplete campaign goes to the
    page listing what is unchecked."""
    campaign = campaign_for(request.user, campaign_id)
    access.require(is_office(request.user))
    try:
        phase = change(request.user, campaign, request.POST.get("reason", ""))
        messages.success(request, done.format(phase.label))
    except workflow.Incomplete as err:
        messages.error(request, err.message)
        return redirect("campaigns:completeness", campaign.pk)
    except ValidationError as err:
        for m in messages_of(err):
            messages.error(request, m)
    return redirect("campaigns:detail", campaign.pk)


@login_required
@require_POST
def advance(request, campaign_id: int):
    return _change_phase(request, campaign_id, workflow.advance, "考核已进入{}阶段。")


@login_required
@require_POST
def reopen(request, campaign_id: int):
    return _change_phase(request, campaign_id, workflow.reopen, "考核已退回{}阶段。")


@login_required
@require_POST
def urge(request, campaign_id: int, unit_id: int):
    """催办 a unit by hand, from its page."""
    campaign = campaign_for(request.user, campaign_id)
    access.require(is_office(request.user))
    participant = get_object_or_404(campaign.participants.select_related("unit"), unit=unit_id)
    try:
        told = workflow.urge(request.user, campaign, participant.unit, request.POST.get("text", ""),
                             robot=request.POST.get("robot") == "1")
    except ValidationError as err:
        for m in messages_of(err):
            messages.error(request, m)
    else:
        messages.success(request, f"已向{participant.unit.name}的{told}人发出催办。" if told else
                         f"{participant.unit.name}没有可通知的账号，请先在账号管理中为其添加联络员或负责人。")
    return redirect("campaigns:unit", campaign.pk, unit_id)
