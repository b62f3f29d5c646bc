"""The office's working-day calendar: a month view, the year's holidays, local changes, a calculator.

Only the office and administrators see it: local changes move every deadline indicator.
"""
from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from zwgk.accounts.roles import is_office
from zwgk.audit.services import record
from zwgk.campaigns.access import require
from zwgk.workdays.calendar import WorkCalendar, load_calendar
from zwgk.workdays.forms import AddForm, BetweenForm, LocalDayForm
from zwgk.workdays.models import LocalDay

WEEKDAYS = "一二三四五六日"
FIELDS = LocalDayForm.Meta.fields


def _int(value, default: int, lo: int, hi: int) -> int:
    try:
        n = int(value)
    except (TypeError, ValueError):
        return default
    return n if lo <= n <= hi else default


def _date(value) -> dt.date | None:
    try:
        date = dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None
    return date if date and 1900 <= date.year <= 2100 else None


def _month_weeks(cal: WorkCalendar, year: int, month: int, local: dict) -> list[list]:
    """The month as weeks Monday–Sunday of (day info, local change or None); other months' days are None."""
    first = dt.date(year, month, 1)
    day = first - dt.timedelta(days=first.weekday())
    weeks = []
    while day.month == month or day < first:
        week = []
        for _ in range(7):
            week.append((cal.describe(day), local.get(day)) if day.month == month else None)
            day += dt.timedelta(days=1)
        weeks.append(week)
    return weeks


def _special_days(cal: WorkCalendar, year: int) -> list[dict]:
    """The year's holidays, make-up working days and local changes, consecutive days with the
    same status in one row (春节 2022-01-31 至 02-06, 7天)."""
    day, end, rows = dt.date(year, 1, 1), dt.date(year + 1, 1, 1), []
    while day < end:
        info = cal.describe(day)
        if info.kind in ("holiday", "makeup", "local"):
            last = rows[-1] if rows else None
            if last and last["info"].label == info.label and last["last"] == day - dt.timedelta(days=1):
                last["last"] = day
                last["days"] += 1
            else:
                rows.append({"info": info, "first": day, "last": day, "days": 1})
        day += dt.timedelta(days=1)
    return rows


def _calculate(request, cal: WorkCalendar):
    """The calculator's two forms, each bound only when it was the one submitted."""
    add = AddForm(request.GET if "add-start" in request.GET else None, prefix="add")
    between = BetweenForm(request.GET if "between-start" in request.GET else None, prefix="between")
    results = {}
    if add.is_bound and add.is_valid():
        start, n = add.cleaned_data["start"], add.cleaned_data["n"]
        results["add"] = (start, n, cal.add_workdays(start, n))
    if between.is_bound and between.is_valid():
        start, end = between.cleaned_data["start"], between.cleaned_data["end"]
        results["between"] = (start, end, cal.workdays_between(start, end))
    return add, between, results


def _month_url(date: dt.date) -> str:
    return f"{reverse('workdays:list')}?year={date.year}&month={date.month}"


@login_required
def day_list(request):
    require(is_office(request.user))
    today = timezone.localdate()
    year = _int(request.GET.get("year"), today.year, 1900, 2100)
    month = _int(request.GET.get("month"), today.month if year == today.year else 1, 1, 12)
    cal = load_calendar()
    shown = dt.date(year, month, 1)
    previous = (shown - dt.timedelta(days=1)).replace(day=1)
    following = (shown + dt.timedelta(days=31)).replace(day=1)
    add, between, results = _calculate(request, cal)
    local_days = list(LocalDay.objects.select_related("created_by"))
    return render(request, "workdays/list.html", {
        "year": year, "month": month, "today": today,
        "official": cal.has_official_data(year),
        "weekdays": WEEKDAYS, "weeks": _month_weeks(cal, year, month, {d.date: d for d in local_days}),
        "previous": previous, "following": following,
        "months": range(1, 13),
        "years": range(min(year, today.year) - 3, max(year, today.year) + 3),
        "special": _special_days(cal, year),
        "local_days": local_days,
        "add_form": add, "between_form": between, "results": results,
    })


def _shown(day: LocalDay, field: str) -> str:
    if field == "is_workday":
        return "上班" if day.is_workday else "休息"
    if field == "date":
        return f"{day.date:%Y-%m-%d}"
    return getattr(day, field)


@login_required
def day_form(request, day_id: int | None = None):
    require(is_office(request.user))
    day = get_object_or_404(LocalDay, pk=day_id) if day_id is not None else None
    before = {f: _shown(day, f) for f in FIELDS} if day else None
    national = None  # what the date is without a local change, to show beside the form
    initial = None
    asked = day.date if day else _date(request.GET.get("date"))
    if asked is not None:
        national = WorkCalendar().describe(asked)
        if day is None:  # a click on a day in the month: the change is most likely the opposite
            initial = {"date": asked, "is_workday": not national.is_workday}
    form = LocalDayForm(request.POST or None, instance=day, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        if day is None:
            saved.created_by = request.user
        saved.save()
        target = f"{saved.date:%Y-%m-%d}"
        if day is None:
            record(request.user, "新增本地日历调整", target=target, field="是否上班",
                   new=_shown(saved, "is_workday"), reason=saved.note)
            messages.success(request, f"已将 {target} 调整为{_shown(saved, 'is_workday')}。")
        else:
            changed = 0
            for f in FIELDS:
                new = _shown(saved, f)
                if before[f] != new:
                    record(request.user, "修改本地日历调整", target=target,
                           field=str(LocalDay._meta.get_field(f).verbose_name),
                           old=before[f], new=new, reason=saved.note)
                    changed += 1
            messages.success(request, f"已保存 {target} 的本地调整。" if changed else "没有修改任何内容。")
        return redirect(_month_url(saved.date))
    return render(request, "workdays/form.html", {"form": form, "day": day, "national": national})


@login_required
def day_delete(request, day_id: int):
    require(is_office(request.user))
    day = get_object_or_404(LocalDay, pk=day_id)
    if request.method == "POST":
        target = f"{day.date:%Y-%m-%d}"
        record(request.user, "删除本地日历调整", target=target, field="是否上班",
               old=_shown(day, "is_workday"), reason=f"原说明：{day.note}")
        day.delete()
        messages.success(request, f"已删除 {target} 的本地调整，该日恢复按国家安排计算。")
        return redirect(_month_url(day.date))
    return render(request, "workdays/delete.html", {"day": day})
