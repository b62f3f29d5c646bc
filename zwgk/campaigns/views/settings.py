"""考核设置: the office corrects a campaign after creating it — name, phase deadlines, group robot,
the units taking part, the tasks' due dates — and can move it back a phase. Office and
administrators only (403 for others in scope, 404 outside it); every change is a function of
`campaigns.editing`, which also says what stays open in which phase.

Task due dates, for a scheme of some 96 items, are changed two ways on this page, because an office
makes two kinds of correction:

- the whole schedule moves (the campaign runs a year after its scheme, or the county pushes every
  task back two weeks): one action, "全部任务截止日期 推迟/提前 N 天/年", moves every date at once —
  retyping 96 dates is where mistakes come from;
- a few dates are wrong: a table of every task (序号, 指标, 完成时限, current 截止日期) with an input
  already holding its dates, so the office overwrites the few that are wrong and saves once; rows
  left as they were are skipped, a date that cannot be read is reported on its own row and nothing
  is saved. Several dates go in one input, separated by commas (每季度 tasks have four).

Each row links to the task's own page (campaigns:task_edit) for 牵头/配合单位 and 完成时限原文, which
are edited one at a time there.
"""
from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest, ValidationError
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.urls import reverse

from zwgk.accounts.roles import is_office
from zwgk.campaigns import access, editing
from zwgk.campaigns.dashboard import task_dates
from zwgk.campaigns.items import item_order, item_title
from zwgk.campaigns.models import Campaign, Entry
from zwgk.campaigns.views.common import campaign_for
from zwgk.campaigns.views.tasks import parse_dates
from zwgk.organisations.models import Unit
from zwgk.schemes.reading import scheme_data

Phase = Campaign.Phase
DATE_ERRORS = {"invalid": "日期看不懂，请按 2026-09-30 的格式填写。"}


def _date_field(label: str, help_text: str = "") -> forms.DateField:
    return forms.DateField(label=label, required=False, error_messages=DATE_ERRORS, help_text=help_text,
                           widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))


class SettingsForm(forms.Form):
    title = forms.CharField(label="考核名称", max_length=200,
                            error_messages={"required": "请填写考核名称。", "max_length": "考核名称不能超过200个字。"})
    self_due = _date_field("自评截止")
    review_due = _date_field("评审截止")
    publicity_end = _date_field("公示及申诉截止", "三个日期依次不得早于前一个：自评截止 ≤ 评审截止 ≤ 公示及申诉截止")
    webhook_url = forms.URLField(label="群机器人地址", required=False, assume_scheme="https", max_length=200,
                                 error_messages={"invalid": "群机器人地址应为 https:// 开头的完整网址。"},
                                 help_text="企业微信或钉钉群机器人的 Webhook 地址，留空则不推送；"
                                           "操作日志只记录地址末尾4位，不记录完整密钥")
    reason = forms.CharField(label="修改理由（可选）", required=False, max_length=500,
                             help_text="记入操作日志；考核定档后修改名称必须填写")

    def __init__(self, *args, campaign: Campaign, **kwargs):
        super().__init__(*args, **kwargs)
        if campaign.locked:
            for name in ("self_due", "review_due", "publicity_end"):
                self.fields[name].disabled = True
                self.fields[name].help_text = "考核已定档，截止日期不能再修改"


class AddUnitsForm(forms.Form):
    units = forms.ModelMultipleChoiceField(Unit.objects.none(), label="加入单位", widget=forms.CheckboxSelectMultiple,
                                           error_messages={"required": "请勾选要加入的单位。",
                                                           "invalid_choice": "所选单位已在考核中或已停用，请刷新页面。"})

    def __init__(self, *args, campaign: Campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = Unit.objects.filter(parent__isnull=True, active=True).exclude(
            participations__campaign=campaign)


class RemoveUnitForm(forms.Form):
    unit = forms.ModelChoiceField(Unit.objects.none(), error_messages={
        "required": "请选择要移出的单位。", "invalid_choice": "该单位不在本次考核中，请刷新页面。"})
    reason = forms.CharField(label="移出理由", required=False, max_length=500)  # required by editing

    def __init__(self, *args, campaign: Campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(participations__campaign=campaign)


class ShiftForm(forms.Form):
    direction = forms.ChoiceField(choices=[("later", "推迟"), ("earlier", "提前")], initial="later")
    amount = forms.IntegerField(label="数量", required=False, min_value=0,
                                error_messages={"invalid": "请填写整数，如 30。", "min_value": "请填写正整数，如 30。"})
    unit = forms.ChoiceField(choices=[("days", "天"), ("years", "年")], initial="days")
    reason = forms.CharField(label="理由（可选）", required=False, max_length=500)


class DatesField(forms.CharField):
    """'2026-08-31, 2026-09-30' → the dates, as the task edit page reads them."""

    def to_python(self, value):
        return parse_dates(super().to_python(value) or "")


class TaskDatesForm(forms.Form):
    reason = forms.CharField(label="修改理由（可选）", required=False, max_length=500)

    def __init__(self, *args, tasks, disabled: bool, **kwargs):
        super().__init__(*args, **kwargs)
        for task in tasks:
            self.fields[f"task_{task.pk}"] = DatesField(
                label=f"第{task.item_id}项截止日期", required=False, disabled=disabled,
                initial=", ".join(d.isoformat() for d in task_dates(task)),
                widget=forms.TextInput(attrs={"size": 26, "aria-label": f"第{task.item_id}项新的截止日期"}))

    def changes(self, posted) -> dict:
        """{task id: dates} for the rows the page posted (a row missing from the post is left alone)."""
        return {int(name[5:]): value for name, value in self.cleaned_data.items()
                if name.startswith("task_") and name in posted}


def _errors(form: forms.Form, err: ValidationError) -> None:
    """A service's refusal shown on the form: on the field it names, else above the form."""
    if hasattr(err, "error_dict"):
        for name, errs in err.message_dict.items():
            form.add_error(name if name in form.fields else None, errs)
    else:
        form.add_error(None, err.messages)


# ---- actions: each returns the section to go back to, or None when the form shows errors --------
def _save_settings(request, campaign, form) -> str | None:
    if not form.is_valid():
        return None
    d = form.cleaned_data
    try:
        saved = editing.update_campaign(request.user, campaign, title=d["title"], self_due=d["self_due"],
                                        review_due=d["review_due"], publicity_end=d["publicity_end"],
                                        webhook_url=d["webhook_url"], reason=d["reason"])
    except ValidationError as err:
        _errors(form, err)
        return None
    if saved.changed:
        messages.success(request, f"已保存：{'、'.join(saved.changed)}。")
    else:
        messages.info(request, "没有修改任何内容。")
    for w in saved.warnings:
        messages.warning(request, w)
    return "basic"


def _add_units(request, campaign, form) -> str | None:
    if not form.is_valid():
        return None
    try:
        added = editing.add_participants(request.user, campaign, list(form.cleaned_data["units"]))
    except ValidationError as err:
        _errors(form, err)
        return None
    names = "、".join(u.name for u in added.units)
    told = f"，已通知{added.told}人" if campaign.phase != Phase.SETUP else ""
    scored = "" if campaign.is_task_plan else "，得分和排名已重新计算"
    messages.success(request, f"已加入{len(added.units)}个单位：{names}；不适用的指标已按考核对象标出{scored}{told}。")
    for w in added.warnings:
        messages.warning(request, w)
    return "units"


def _remove_unit(request, campaign, form) -> str | None:
    if not form.is_valid():
        return None
    unit = form.cleaned_data["unit"]
    try:
        removed = editing.remove_participant(request.user, campaign, unit, form.cleaned_data["reason"])
    except ValidationError as err:
        _errors(form, err)
        return None
    scored = "" if campaign.is_task_plan else "得分和排名已重新计算。"
    messages.success(request, f"已将{unit.name}移出本次考核：{removed}。{scored}")
    return "units"


def _shift(request, campaign, form) -> str | None:
    if not form.is_valid():
        return None
    d = form.cleaned_data
    amount = (d["amount"] or 0) * (-1 if d["direction"] == "earlier" else 1)
    by = {"days": amount} if d["unit"] == "days" else {"years": amount}
    try:
        n = editing.shift_task_dates(request.user, campaign, reason=d["reason"], **by)
    except ValidationError as err:
        _errors(form, err)
        return None
    messages.success(request, f"已调整{n}项任务的截止日期。")
    return "tasks"


def _task_dates(request, campaign, form) -> str | None:
    if not form.is_valid():
        return None
    try:
        n = editing.set_task_dates(request.user, campaign, form.changes(request.POST), form.cleaned_data["reason"])
    except ValidationError as err:
        _errors(form, err)
        return None
    messages.success(request, f"已保存{n}项任务的截止日期。" if n else "没有修改任何截止日期。")
    return "tasks"


ACTIONS = {"settings": _save_settings, "add": _add_units, "remove": _remove_unit, "shift": _shift,
           "tasks": _task_dates}


def _units(campaign: Campaign) -> list[dict]:
    """The units taking part, with what removing one would delete."""
    not_draft = ~Q(state=Entry.State.DRAFT) | Q(self_score__isnull=False)
    stats = {r["unit"]: r for r in campaign.entries.values("unit").annotate(
        items=Count("pk", distinct=True), applicable=Count("pk", filter=Q(applicable=True), distinct=True),
        started=Count("pk", filter=not_draft, distinct=True), evidence=Count("evidence", distinct=True)).order_by()}
    return [{**stats.get(p.unit_id, {}), "participant": p, "unit": p.unit}
            for p in campaign.participants.select_related("unit")]


def _task_rows(campaign: Campaign, tasks, form) -> list[dict]:
    items = scheme_data(campaign).get("items") or []
    data = {str(i["id"]): i for i in items}
    order = {str(i["id"]): n for n, i in enumerate(items)}
    rows = [{"task": t, "title": item_title(data.get(t.item_id, {})), "dates": [d.isoformat() for d in task_dates(t)],
             "field": form[f"task_{t.pk}"]} for t in tasks]
    rows.sort(key=lambda r: (order.get(r["task"].item_id, len(order)), item_order(r["task"].item_id)))
    return rows


@login_required
def campaign_settings(request, campaign_id: int):
    campaign = campaign_for(request.user, campaign_id)
    access.require(is_office(request.user))
    posted = request.POST if request.method == "POST" else None
    action = posted.get("action", "") if posted is not None else ""
    if posted is not None and action not in ACTIONS:
        raise BadRequest("未知的操作。")
    tasks = list(campaign.tasks.all())

    def bound(name):
        return posted if action == name else None

    forms_ = {
        "settings": SettingsForm(bound("settings"), campaign=campaign, initial={
            "title": campaign.title, "self_due": campaign.self_due, "review_due": campaign.review_due,
            "publicity_end": campaign.publicity_end, "webhook_url": campaign.webhook_url}),
        "add": AddUnitsForm(bound("add"), campaign=campaign, auto_id="add_%s"),
        "remove": RemoveUnitForm(bound("remove"), campaign=campaign),
        "shift": ShiftForm(bound("shift"), auto_id="shift_%s"),
        "tasks": TaskDatesForm(bound("tasks"), tasks=tasks, disabled=campaign.locked, auto_id="tasks_%s"),
    }
    if posted is not None:
        section = ACTIONS[action](request, campaign, forms_[action])
        if section is not None:
            return redirect(reverse("campaigns:settings", args=[campaign.pk]) + f"#{section}")
    return render(request, "campaigns/settings.html", {
        "campaign": campaign, "forms": forms_, "action": action, "units": _units(campaign),
        "task_rows": _task_rows(campaign, tasks, forms_["tasks"]),
        "units_open": not campaign.published, "dates_open": not campaign.locked,
        "dated": sum(1 for t in tasks if task_dates(t)),
    }, status=400 if posted is not None else 200)
