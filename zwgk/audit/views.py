"""The office's audit log (操作日志): every recorded change, filtered, paged and exportable.

The page and the Excel file read the same filters, so what is exported is what was on screen.
"""
from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from openpyxl import Workbook

from zwgk.accounts.models import Membership
from zwgk.accounts.roles import is_office
from zwgk.audit.models import Event
from zwgk.campaigns.access import require
from zwgk.campaigns.models import Campaign
from zwgk.front.downloads import attachment
from zwgk.organisations.models import Unit
from zwgk.reports.xlsx import workbook_bytes, write_table

PER_PAGE = 50
HEADER = ("时间", "操作人", "操作", "考核", "单位", "对象", "字段", "原值", "新值", "理由")
WIDTHS = (18, 14, 14, 24, 16, 24, 12, 24, 24, 30)


def actor_name(user) -> str:
    """姓名 when known, else the login name; events whose actor was deleted show 系统."""
    if user is None:
        return "系统"
    try:
        return user.membership.display_name or user.get_username()
    except Membership.DoesNotExist:
        return user.get_username()


class ActorField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return actor_name(user)


class LogFilter(forms.Form):
    campaign = forms.ModelChoiceField(Campaign.objects.all(), label="考核", required=False, empty_label="全部考核")
    unit = forms.ModelChoiceField(Unit.objects.all(), label="单位", required=False, empty_label="全部单位")
    actor = ActorField(get_user_model().objects.none(), label="操作人", required=False, empty_label="全部人员")
    action = forms.ChoiceField(label="操作", required=False)
    date_from = forms.DateField(label="起始日期", required=False, widget=forms.DateInput(attrs={"type": "date"}),
                                error_messages={"invalid": "起始日期应写成 2022-08-31 的格式。"})
    date_to = forms.DateField(label="截止日期", required=False, widget=forms.DateInput(attrs={"type": "date"}),
                              error_messages={"invalid": "截止日期应写成 2022-08-31 的格式。"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("campaign", "unit", "actor"):
            self.fields[name].error_messages["invalid_choice"] = "请从列表中选择。"
        self.fields["actor"].queryset = (get_user_model().objects.filter(pk__in=Event.objects.values("actor"))
                                         .select_related("membership").order_by("username"))
        actions = Event.objects.order_by("action").values_list("action", flat=True).distinct()
        self.fields["action"].choices = [("", "全部操作"), *((a, a) for a in actions)]

    def clean(self):
        d = super().clean()
        if d.get("date_from") and d.get("date_to") and d["date_from"] > d["date_to"]:
            self.add_error("date_to", "截止日期不能早于起始日期。")
        return d


def _filtered(request) -> tuple[LogFilter, object]:
    """The events the filters in the query string select; a filter that cannot be read is left out."""
    form = LogFilter(request.GET or None)
    events = Event.objects.select_related("actor__membership", "campaign", "unit")
    if form.is_bound:
        form.is_valid()
        d = form.cleaned_data
        for field in ("campaign", "unit", "actor", "action"):
            if d.get(field):
                events = events.filter(**{field: d[field]})
        if d.get("date_from"):
            events = events.filter(at__date__gte=d["date_from"])
        if d.get("date_to"):
            events = events.filter(at__date__lte=d["date_to"])
    return form, events


@login_required
def event_log(request):
    require(is_office(request.user))
    form, events = _filtered(request)
    page = Paginator(events, PER_PAGE).get_page(request.GET.get("page"))
    for e in page.object_list:
        e.actor_name = actor_name(e.actor)
    return render(request, "audit/log.html", {"form": form, "page": page, "filtered": form.is_bound})


@login_required
def event_export(request):
    require(is_office(request.user))
    _, events = _filtered(request)
    rows = ([timezone.localtime(e.at).replace(tzinfo=None), actor_name(e.actor), e.action,
             e.campaign.title if e.campaign else "", e.unit.name if e.unit else "", e.target, e.field, e.old, e.new,
             e.reason] for e in events.iterator(chunk_size=500))
    wb = Workbook()
    ws = wb.active
    ws.title = "操作日志"
    write_table(ws, f"操作日志（导出于{timezone.localtime():%Y-%m-%d %H:%M}）", HEADER, rows, WIDTHS,
                left=range(2, len(HEADER) + 1), landscape=True)
    for row in ws.iter_rows(min_row=3):
        row[0].number_format = "yyyy-mm-dd hh:mm:ss"
        for cell in row[1:]:
            # Text typed by people is text: never let "=…" become a formula when the file is opened.
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"
    return attachment(workbook_bytes(wb), "操作日志.xlsx")
