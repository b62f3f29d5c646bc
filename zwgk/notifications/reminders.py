"""The daily reminders: what falls due soon, told to the people who still have something to do.

Run once a day (tasks.daily_reminders at 08:00 Beijing time, or `manage.py send_reminders`).
Each reminder is an in-app notification with a key naming the deadline and the lead time, so a
person gets it once however often the run is repeated; the people told for the first time also
get one e-mail listing their new reminders. A campaign with a group robot gets one summary a day.

Lead times are 7, 3 and 1 days before, and the day itself. A run that was missed is caught up:
a deadline 5 days away falls in the 7-day reminder, sent now unless it already went out.
"""
from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.db.models import Count, Q
from django.urls import reverse

from zwgk.accounts.models import Membership, Role
from zwgk.campaigns import access
from zwgk.campaigns.dashboard import HORIZON, done_q, due_soon, next_due, overdue, phase_deadlines
from zwgk.campaigns.items import item_titles
from zwgk.lib.dates import chinese_date
from zwgk.campaigns.models import Campaign, Entry
from zwgk.notifications.services import campaign_people_q, enqueue_webhook, notify_new

log = logging.getLogger(__name__)

BEIJING = ZoneInfo("Asia/Shanghai")
LEADS = (0, 1, 3, 7)
Phase = Campaign.Phase
State = Entry.State


def beijing_today() -> date:
    return datetime.now(BEIJING).date()


def lead_for(days_left: int) -> int | None:
    """The reminder a deadline `days_left` away belongs to: the nearest lead time not below it."""
    return next((lead for lead in LEADS if lead >= days_left), None) if days_left >= 0 else None


def when(days_left: int) -> str:
    return "今天" if days_left == 0 else "明天" if days_left == 1 else f"{days_left}天后"


@dataclass
class Report:
    """What one run sent, for the command's output and the task log."""

    today: date
    notifications: int = 0
    emails: int = 0
    webhooks: int = 0
    lines: list[str] = field(default_factory=list)

    def __str__(self):
        head = f"{chinese_date(self.today)}：站内提醒{self.notifications}条，邮件{self.emails}封，群消息{self.webhooks}条。"
        return "\n".join([head, *self.lines])


class _Run:
    """One run: notifications as they are created, then e-mail per person and robot messages."""

    def __init__(self, today: date):
        self.report = Report(today)
        self.told: dict[int, list[tuple[str, str]]] = defaultdict(list)
        self.users: dict[int, object] = {}

    def tell(self, users, text: str, link: str, key: str, who: str = "") -> None:
        told = notify_new(users, text, link, key)
        for user in told:
            self.users[user.pk] = user
            self.told[user.pk].append((text, link))
        if told:
            self.report.notifications += len(told)
            self.report.lines.append(f"· {who + '：' if who else ''}{text}（{len(told)}人）")

    def send_mail(self) -> None:
        base = getattr(settings, "SITE_URL", "").rstrip("/")
        messages = []
        for pk, items in self.told.items():
            user = self.users[pk]
            if not user.email:
                continue
            membership = getattr(user, "membership", None)
            name = (membership.display_name if membership else "") or user.get_username()
            lines = [f"{name}您好：", "", "政务公开考核平台有以下事项提醒您及时办理：", ""]
            for n, (text, link) in enumerate(items, 1):
                lines.append(f"{n}. {text}")
                if link:
                    lines.append(f"   办理地址：{base}{link}")
            lines += ["", "请登录平台查看详情。本邮件由系统自动发送，请勿直接回复。"]
            subject = f"【政务公开考核】{len(items)}条待办提醒（{chinese_date(self.report.today)}）"
            messages.append(EmailMessage(subject, "\n".join(lines), to=[user.email]))
        if not messages:
            return
        try:
            self.report.emails += get_connection(fail_silently=False).send_messages(messages) or 0
        except Exception:
            log.exception("提醒邮件发送失败（%s封）", len(messages))


def _people(unit_ids) -> dict[int, list]:
    """The active reporters and heads of each unit, in one query."""
    found: dict[int, list] = defaultdict(list)
    rows = (Membership.objects.filter(unit__in=list(unit_ids), role__in=[Role.REPORTER, Role.HEAD],
                                      user__is_active=True).select_related("user"))
    for m in rows:
        m.user.membership = m  # the e-mail greeting reads the name without another query
        found[m.unit_id].append(m.user)
    return found


def _task_reminders(run: _Run, campaign: Campaign, today: date) -> None:
    """Tasks due at a lead time, to the units whose entry is not finished (and 科室 named on the task)."""
    due = {}
    for task in campaign.tasks.prefetch_related("lead", "support"):
        d = next_due(task, today)
        lead = lead_for((d - today).days) if d else None
        if lead is not None:
            due[task.item_id] = (task, d, lead)
    if not due:
        return
    open_entries = list(Entry.objects.filter(campaign=campaign, applicable=True, item_id__in=list(due))
                        .exclude(done_q(campaign)).values_list("pk", "item_id", "unit_id", "unit__name"))
    sections = {item_id: [u for u in [*task.lead.all(), *task.support.all()] if u.parent_id]
                for item_id, (task, _, _) in due.items()}
    unit_ids = {unit_id for _, _, unit_id, _ in open_entries}
    unit_ids |= {s.pk for ss in sections.values() for s in ss}
    people = _people(unit_ids)
    labels = item_titles(campaign)
    state = "完成" if campaign.is_task_plan else "报送"
    for pk, item_id, unit_id, unit_name in open_entries:
        task, d, lead = due[item_id]
        users = list(people.get(unit_id, []))
        users += [u for s in sections[item_id] if s.parent_id == unit_id for u in people.get(s.pk, [])]
        label = f"“{labels[item_id]}”" if labels.get(item_id) else ""
        text = (f"{campaign.title}：第{item_id}项{label}{when((d - today).days)}到期（{chinese_date(d)}），"
                f"本单位尚未{state}，请抓紧办理。")
        run.tell(users, text, reverse("campaigns:entry", args=[campaign.pk, pk]),
                 f"task:{task.pk}:{d.isoformat()}:{lead}d", unit_name)


def _self_due(run: _Run, campaign: Campaign, today: date, lead: int) -> None:
    """自评截止: units with items not yet submitted, or submitted and waiting for the head."""
    d = campaign.self_due
    rows = list(Entry.objects.filter(campaign=campaign, applicable=True).exclude(state=State.APPROVED)
                .values("unit", "unit__name")
                .annotate(todo=Count("pk", filter=Q(state__in=[State.DRAFT, State.RETURNED])),
                          waiting=Count("pk", filter=Q(state=State.SUBMITTED)))
                .order_by("unit__order", "unit__name"))
    people = _people(r["unit"] for r in rows)
    for r in rows:
        parts = [f"{r['todo']}项未提交"] if r["todo"] else []
        parts += [f"{r['waiting']}项待单位负责人审核"] if r["waiting"] else []
        text = f"{campaign.title}：自评将于{when((d - today).days)}截止（{chinese_date(d)}），本单位还有{'、'.join(parts)}。"
        run.tell(people.get(r["unit"], []), text, reverse("campaigns:unit", args=[campaign.pk, r["unit"]]),
                 f"self_due:{campaign.pk}:{d.isoformat()}:{lead}d", r["unit__name"])


def _review_due(run: _Run, campaign: Campaign, today: date, lead: int) -> None:
    """评审截止: each assessor with assigned entries not yet reviewed."""
    d = campaign.review_due
    assessors = (get_user_model().objects.filter(is_active=True, assignments__campaign=campaign)
                 .select_related("membership").distinct())
    for user in assessors:
        left = access.entries_for(user, campaign).filter(applicable=True).exclude(
            Entry.review_q(Entry.Review.CHECKED)).count()
        if left:
            text = f"{campaign.title}：评审将于{when((d - today).days)}截止（{chinese_date(d)}），分配给您的指标还有{left}项未核查。"
            run.tell([user], text, reverse("campaigns:detail", args=[campaign.pk]),
                     f"review_due:{campaign.pk}:{d.isoformat()}:{lead}d", user.get_username())


def _publicity_end(run: _Run, campaign: Campaign, today: date, lead: int) -> None:
    """公示及申诉截止: everybody in the campaign, and the office, who answers the appeals."""
    d = campaign.publicity_end
    users = (get_user_model().objects.filter(is_active=True)
             .filter(campaign_people_q(campaign) | Q(membership__role=Role.OFFICE))
             .select_related("membership").distinct())
    text = (f"{campaign.title}：公示及申诉将于{when((d - today).days)}截止（{chinese_date(d)}）。"
            "对得分有异议的单位，请在截止前提出申诉。")
    run.tell(users, text, reverse("campaigns:detail", args=[campaign.pk]),
             f"publicity_end:{campaign.pk}:{d.isoformat()}:{lead}d")


_PHASE_REMINDERS = [
    ("self_due", (Phase.SELF,), _self_due),
    ("review_due", (Phase.SELF, Phase.REVIEW), _review_due),
    ("publicity_end", (Phase.PUBLICITY,), _publicity_end),
]


def summary_text(campaign: Campaign, today: date) -> str:
    """The day's message for the campaign's group robot; empty when nothing is due or late."""
    entries = campaign.entries.all()
    lines = []
    for d in phase_deadlines(campaign, today):
        lines.append(f"· {d['label']}：{chinese_date(d['due'])}（{'今天' if d['days'] == 0 else '还有%d天' % d['days']}）")
    if campaign.phase == Phase.SELF:
        for t in due_soon(campaign, entries, today):
            if t["open_units"]:
                lines.append(f"· 第{t['item_id']}项{'“%s”' % t['label'] if t['label'] else ''}"
                             f"{when(t['days'])}到期（{chinese_date(t['due'])}），{_units(t['open_units'])}未完成")
        for t in overdue(campaign, entries, today):
            lines.append(f"· 第{t['item_id']}项已逾期{t['days_over']}天（{chinese_date(t['due'])}到期），"
                         f"{_units(t['open_units'])}未完成")
    if not lines:
        return ""
    head = f"【政务公开考核】{campaign.title}（{campaign.get_phase_display()}阶段）{today.month}月{today.day}日提醒："
    return "\n".join([head, *lines, "详情请登录政务公开考核平台查看。"])


def _units(names: list[str], shown: int = 8) -> str:
    if len(names) <= shown:
        return f"{len(names)}个单位（{'、'.join(names)}）"
    return f"{len(names)}个单位（{'、'.join(names[:shown])}等）"


def _claim_summary(campaign: Campaign, today: date) -> bool:
    """True the first time today for this campaign: the mark lives in huey's store, which the
    consumer, the web process and the management command all share."""
    from huey.contrib.djhuey import HUEY

    try:
        return HUEY.put_if_empty(f"zwgk:reminder-summary:{campaign.pk}:{today.isoformat()}", "1")
    except Exception:
        log.exception("无法记录群消息是否已发送，今天不推送%s的汇总", campaign)
        return False


def send_reminders(today: date) -> Report:
    """Every reminder due on `today` (a Beijing date) for the campaigns under way."""
    run = _Run(today)
    campaigns = Campaign.objects.filter(phase__in=[Phase.SELF, Phase.REVIEW, Phase.PUBLICITY]).select_related("scheme")
    for campaign in campaigns:
        if campaign.phase == Phase.SELF:
            _task_reminders(run, campaign, today)
        for name, phases, remind in _PHASE_REMINDERS:
            d = getattr(campaign, name)
            lead = lead_for((d - today).days) if d else None
            if campaign.phase in phases and lead is not None:
                remind(run, campaign, today, lead)
        if campaign.webhook_url:
            text = summary_text(campaign, today)
            if text and _claim_summary(campaign, today):
                if enqueue_webhook(campaign.webhook_url, text):
                    run.report.webhooks += 1
    run.send_mail()
    log.info("提醒：%s", str(run.report).splitlines()[0])
    return run.report


__all__ = ["HORIZON", "LEADS", "Report", "beijing_today", "lead_for", "send_reminders", "summary_text"]
