"""The task breakdown (任务分工): who leads and supports each item, by when, and how far units have got.

Everyone in the campaign may read it within their scope; only the office edits it. A changed
完成时限 is read again with `parse_deadline`, and a phrase the parser cannot read is refused
unless the office types the dates in, so the due dates behind reminders never silently go wrong.
"""
from __future__ import annotations

import re
from datetime import date, timedelta

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Case, Count, Q, When
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from zwgk.accounts.models import UNIT_ROLES, Role
from zwgk.accounts.roles import is_office, role_of, unit_of
from zwgk.audit.services import record
from zwgk.campaigns import access
from zwgk.campaigns.dashboard import HORIZON, done_q, task_dates
from zwgk.campaigns.deadlines import parse_deadline
from zwgk.campaigns.items import item_title
from zwgk.campaigns.models import Campaign, Task
from zwgk.campaigns.views.common import campaign_for
from zwgk.organisations.models import Unit
from zwgk.schemes.reading import scheme_data

UNREADABLE = ("完成时限“{text}”无法自动识别出日期。请改用常见写法，例如：2022年8月底前、9月30日前、每季度、长期坚持；"
              "或在下方“截止日期”中直接填写日期，如 2022-08-31，多个日期用逗号分开。")
FILTERS = {"overdue": "已逾期", "soon": f"{HORIZON}日内到期"}


def _units_q(unit_ids) -> Q:
    """Tasks that name one of the units as lead or support."""
    named = Task.lead.through.objects.filter(unit_id__in=unit_ids).values("task_id")
    supporting = Task.support.through.objects.filter(unit_id__in=unit_ids).values("task_id")
    return Q(pk__in=named) | Q(pk__in=supporting)


def _unit_tasks_q(campaign: Campaign, unit: Unit) -> Q:
    """A unit's tasks: those naming it or one of its 科室, and the items that apply to it.
    A 科室 itself only has the tasks that name it (as in access._unit_scope)."""
    if unit.parent_id is not None:
        return _units_q([unit.pk])
    ids = [unit.pk, *unit.subunits.values_list("pk", flat=True)]
    applicable = campaign.entries.filter(unit=unit, applicable=True).values("item_id")
    return _units_q(ids) | Q(item_id__in=applicable)


def visible_tasks(user, campaign: Campaign):
    """The tasks someone may read: all for the office, their unit's for unit people, the
    assigned items for an assessor."""
    tasks = campaign.tasks.all()
    if is_office(user):
        return tasks
    role = role_of(user)
    if role in UNIT_ROLES and unit_of(user) is not None:
        return tasks.filter(_unit_tasks_q(campaign, unit_of(user)))
    if role == Role.ASSESSOR:
        return tasks.filter(item_id__in=access.entries_for(user, campaign).values("item_id"))
    return tasks.none()


def campaign_units(campaign: Campaign, also=()):
    """The campaign's units and their 科室 (plus any already named), each 科室 after its unit."""
    taking_part = campaign.participants.values("unit")
    units = Unit.objects.filter(Q(pk__in=taking_part) | Q(parent__in=taking_part) | Q(pk__in=list(also)))
    return sorted(units.select_related("parent"), key=lambda u: (
        (u.parent.order, u.parent.name, 1, u.order, u.name) if u.parent_id else (u.order, u.name, 0, 0, "")))


def _names(units) -> str:
    return "、".join(u.name for u in units)


def _iso(dates) -> str:
    return "、".join(d.isoformat() for d in dates)


def _status(dates: list[date], open_count: int, today: date) -> tuple[str, int]:
    """('overdue', days over) when the last date has passed with units unfinished,
    ('soon', days left) when the next date is within the horizon, else ('', 0)."""
    if dates and dates[-1] < today and open_count:
        return "overdue", (today - dates[-1]).days
    upcoming = next((d for d in dates if d >= today), None)
    if upcoming is not None and upcoming <= today + timedelta(days=HORIZON):
        return "soon", (upcoming - today).days
    return "", 0


def _unread(campaign: Campaign, task: Task) -> bool:
    """A 完成时限 written down that yielded no date: such a task never shows as due or overdue."""
    return not task_dates(task) and not task.ongoing and not parse_deadline(task.deadline_text, campaign.year).understood


@login_required
def task_list(request, campaign_id: int):
    campaign = campaign_for(request.user, campaign_id)
    user, today = request.user, timezone.localdate()
    office = is_office(user)
    own_unit = unit_of(user) if role_of(user) in UNIT_ROLES else None
    tasks = visible_tasks(user, campaign)

    units = [] if own_unit else campaign_units(campaign)
    chosen = request.GET.get("unit", "")
    chosen_unit = next((u for u in units if str(u.pk) == chosen), None)
    if chosen_unit is not None:
        tasks = tasks.filter(_unit_tasks_q(campaign, chosen_unit))
    due = request.GET.get("due", "")

    # Finished / concerned units per item, counted within the viewer's scope.
    entries = access.entries_for(user, campaign).filter(applicable=True)
    counts = {r["item_id"]: r for r in entries.values("item_id").annotate(
        total=Count("pk"), done=Count("pk", filter=done_q(campaign))).order_by()}
    unfinished: dict[str, list[str]] = {}
    for item_id, name in entries.exclude(done_q(campaign)).values_list("item_id", "unit__name").order_by(
            "unit__order", "unit__name"):
        unfinished.setdefault(item_id, []).append(name)

    items = scheme_data(campaign).get("items") or []
    order = {str(i["id"]): n for n, i in enumerate(items)}
    data = {str(i["id"]): i for i in items}
    rows = []
    for task in tasks.prefetch_related("lead", "support"):
        count = counts.get(task.item_id, {"total": 0, "done": 0})
        dates = task_dates(task)
        status, days = _status(dates, count["total"] - count["done"], today)
        if due in FILTERS and status != due:
            continue
        item = data.get(task.item_id, {})
        rows.append({
            "task": task, "path": item_title(item) if not item.get("content") else (item.get("path") or [""])[-1],
            "content": item.get("content") or "",
            "dates": [d.isoformat() for d in dates], "total": count["total"], "done": count["done"],
            "unfinished": unfinished.get(task.item_id, []), "status": status, "days": days,
            "unread": office and _unread(campaign, task),
        })
    rows.sort(key=lambda r: order.get(r["task"].item_id, len(order)))
    return render(request, "campaigns/tasks.html", {
        "campaign": campaign, "rows": rows, "office": office, "may_edit": office and not campaign.locked,
        "own_unit": own_unit, "units": units, "chosen": chosen, "due": due, "filters": FILTERS,
    })


_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def parse_dates(raw: str) -> list[date]:
    """'2022-08-31, 2022-09-30' → sorted dates; commas, 、 or spaces separate them."""
    found = set()
    for part in re.split(r"[,，、;；\s]+", raw.strip()):
        if not part:
            continue
        m = _DATE.match(part)
        try:
            found.add(date(*map(int, m.groups())))
        except (AttributeError, ValueError):  # no match, or no such day (2022-02-30)
            raise forms.ValidationError(
                f"日期“{part}”看不懂，请按 2022-08-31 的格式填写，多个日期用逗号分开。") from None
    return sorted(found)


class UnitsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, unit):
        return f"└ {unit.name}" if unit.parent_id else unit.name


class TaskForm(forms.Form):
    lead = UnitsField(Unit.objects.none(), label="牵头单位", required=False, widget=forms.CheckboxSelectMultiple)
    support = UnitsField(Unit.objects.none(), label="配合单位", required=False, widget=forms.CheckboxSelectMultiple)
    deadline_text = forms.CharField(label="完成时限", max_length=200, required=False,
                                    help_text="按原文填写，如“2022年8月底前”“每季度”“长期坚持”，保存时自动识别截止日期")
    dates = forms.CharField(label="截止日期（可选）", required=False,
                            help_text="完成时限无法识别或需要更正时直接填写，如 2022-08-31，多个日期用逗号分开；"
                                      "填写后以此为准，留空则按完成时限识别")

    def __init__(self, *args, campaign: Campaign, task: Task, **kwargs):
        super().__init__(*args, **kwargs)
        self.campaign, self.task = campaign, task
        current = [*task.lead.values_list("pk", flat=True), *task.support.values_list("pk", flat=True)]
        units = campaign_units(campaign, current)
        in_order = Case(*[When(pk=u.pk, then=n) for n, u in enumerate(units)], default=len(units))
        for name in ("lead", "support"):
            self.fields[name].queryset = Unit.objects.filter(pk__in=[u.pk for u in units]).order_by(in_order)

    def clean_dates(self):
        return parse_dates(self.cleaned_data["dates"])

    def clean(self):
        d = super().clean()
        both = set(d.get("lead") or ()) & set(d.get("support") or ())
        if both:
            self.add_error("support", f"{_names(sorted(both, key=lambda u: u.name))}已是牵头单位，不能同时作为配合单位。")
        text = (d.get("deadline_text") or "").strip()
        d["deadline_text"] = text
        d["parsed"] = parse_deadline(text, self.campaign.year)
        d["redate"] = bool(d.get("dates")) or text != self.task.deadline_text
        if d["redate"] and not d.get("dates") and "dates" not in self.errors and not d["parsed"].understood:
            self.add_error("deadline_text", UNREADABLE.format(text=text))
        return d


@login_required
def task_edit(request, campaign_id: int, task_id: int):
    campaign = campaign_for(request.user, campaign_id)
    task = get_object_or_404(visible_tasks(request.user, campaign), pk=task_id)
    access.require(is_office(request.user))
    if campaign.locked:
        messages.error(request, "考核已定档，任务分工不能再修改。")
        return redirect("campaigns:tasks", campaign.pk)
    form = TaskForm(request.POST if request.method == "POST" else None, campaign=campaign, task=task,
                    initial={"lead": list(task.lead.all()), "support": list(task.support.all()),
                             "deadline_text": task.deadline_text})
    if request.method == "POST" and form.is_valid():
        n = _save(request.user, campaign, task, form.cleaned_data, timezone.localdate())
        messages.success(request, f"已保存第{task.item_id}项的任务分工。" if n else "没有修改任何内容。")
        return redirect("campaigns:tasks", campaign.pk)
    item = next((i for i in scheme_data(campaign).get("items") or () if str(i["id"]) == task.item_id), {})
    return render(request, "campaigns/tasks.html", {
        "campaign": campaign, "task": task, "form": form, "item": item, "current_dates": _iso(task_dates(task)),
        "unread": _unread(campaign, task), "editing": True})


@transaction.atomic
def _save(actor, campaign: Campaign, task: Task, d: dict, today: date) -> int:
    """Apply the form and record every change (old → new); returns how many fields changed."""
    target = f"第{task.item_id}项任务分工"
    changes = []
    for field, label in (("lead", "牵头单位"), ("support", "配合单位")):
        before = list(getattr(task, field).all())
        if {u.pk for u in before} != {u.pk for u in d[field]}:
            getattr(task, field).set(d[field])
            changes.append((label, _names(before), _names(d[field])))
    if d["deadline_text"] != task.deadline_text:
        changes.append(("完成时限", task.deadline_text, d["deadline_text"]))
        task.deadline_text = d["deadline_text"]
    if d["redate"]:
        parsed = d["parsed"]
        dates = d["dates"] or list(parsed.dates)
        before_dates, before_ongoing = task_dates(task), task.ongoing
        task.due_dates = [x.isoformat() for x in dates]
        if before_dates != dates:
            task.scheme_dates = []  # set by hand now, no longer the scheme's dates moved to the year
        task.due = next((x for x in dates if x >= today), dates[-1] if dates else None)
        task.ongoing = parsed.ongoing
        if before_dates != dates:
            changes.append(("截止日期", _iso(before_dates), _iso(dates)))
        if before_ongoing != task.ongoing:
            changes.append(("长期坚持", before_ongoing, task.ongoing))
    task.save()
    for label, old, new in changes:
        record(actor, "修改任务分工", campaign=campaign, target=target, field=label, old=old, new=new)
    return len(changes)
