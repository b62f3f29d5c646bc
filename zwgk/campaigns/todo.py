"""Each person's to-do list (the home page): what is due, overdue and waiting for them, per campaign.

Everything goes through the person's scope (access.campaigns_for / access.entries_for), so a unit's
people never see another unit's items and an assessor sees only the part assigned to them. Counts
are one aggregate over all the person's campaigns at once, grouped by campaign, so the number of
queries stays the same however many campaigns, units and items there are.

What each role is asked to do:

- 单位联络员: 已退回 items with their reason (自评, and 评审 when the assessors sent them back);
  items not yet submitted while 自评 runs (with 自评截止);
  tasks due within HORIZON days (or, in a task plan, overdue) whose entry is not done; during 公示
  the published results with 公示及申诉截止; appeals answered in the last HORIZON days.
- 单位负责人: items submitted and waiting for their approval, then the same deadline lines.
- 考核组成员: assigned items waiting to be checked (待核查), and during 评审 the assigned items the unit
  never submitted, with 评审截止.
- 考核办 / 系统管理员: per running campaign, items waiting to be checked, during 自评 the units with
  items not submitted after 自评截止, pending appeals, phase deadlines within HORIZON days or passed,
  and in 评审 the unchecked items before 公示 (结果完整性检查, with how many were never submitted).
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from zwgk.accounts.models import Role
from zwgk.accounts.roles import is_office, role_of, unit_of
from zwgk.campaigns import access
from zwgk.campaigns.dashboard import HORIZON, PHASE_DEADLINES, done_q, next_due, task_dates
from zwgk.campaigns.items import item_order, item_titles
from zwgk.campaigns.models import NOT_SUBMITTED, Appeal, Campaign, Entry, Task

Phase = Campaign.Phase
Review = Entry.Review
State = Entry.State

# Line kinds, also what the tests look for.
RETURNED = "returned"            # an item sent back, with its reason
UNSUBMITTED = "unsubmitted"      # items the unit has not submitted during 自评
TASK = "task"                    # a task due soon or overdue
PUBLISHED = "published"          # results published, appeals open until 公示及申诉截止
APPEAL_ANSWERED = "appeal_answered"
APPROVE = "approve"              # submitted items waiting for the head
TO_CHECK = "to_check"            # approved items waiting for a check
NEVER_SUBMITTED = "never_submitted"  # 评审: assigned items the unit never submitted
LATE_UNITS = "late_units"        # units with items not submitted after 自评截止
PENDING_APPEALS = "pending_appeals"
DEADLINE = "deadline"            # a phase deadline near or passed
COMPLETENESS = "completeness"    # unchecked items in 评审 before 公示

# What the office does when the current phase's own deadline arrives.
_DEADLINE_HINT = {
    ("self_due", Phase.SELF): "到期后进入评审",
    ("review_due", Phase.REVIEW): "核查完成后发布结果并公示",
    ("publicity_end", Phase.PUBLICITY): "答复全部申诉后定档",
}


@dataclass
class Line:
    """One thing to do: what, how many, by when, and the page where it is done."""

    kind: str
    text: str
    url: str
    tag: str = ""          # CSS class of the state tag (the Entry.Review names where they fit)
    tag_label: str = ""
    count: int | None = None
    due: date | None = None
    due_label: str = ""    # 自评截止, 评审截止, 完成时限…
    days: int | None = None  # days left; negative when overdue
    note: str = ""         # a return reason, an appeal's answer
    order: tuple = ()      # items in their number order within one kind

    @property
    def days_over(self) -> int | None:
        return -self.days if self.days is not None and self.days < 0 else None

    @property
    def overdue(self) -> bool:
        return self.days is not None and self.days < 0

    @property
    def urgency(self) -> int:
        """0 returned, 1 overdue, 2 due within HORIZON days, 3 waiting (later or undated), 4 for information."""
        if self.kind == RETURNED:
            return 0
        if self.kind == APPEAL_ANSWERED:
            return 4
        if self.days is None:
            return 3
        if self.days < 0:
            return 1
        return 2 if self.days <= HORIZON else 3

    def sort_key(self) -> tuple:
        return (self.urgency, self.days if self.days is not None else 10 ** 6, self.order)


@dataclass
class CampaignTodo:
    """A campaign's lines, most urgent first."""

    campaign: Campaign
    lines: list[Line] = field(default_factory=list)

    def sort_key(self) -> tuple:
        return min(line.sort_key() for line in self.lines)

    def of(self, kind: str) -> list[Line]:
        return [line for line in self.lines if line.kind == kind]


def todo_for(user, today: date | None = None) -> list[CampaignTodo]:
    """The person's to-do list: campaigns with something to do, most urgent first."""
    today = today or timezone.localdate()
    role = role_of(user)
    campaigns = list(access.campaigns_for(user).exclude(phase=Phase.FINAL).select_related("scheme"))
    if not campaigns:
        return []
    if is_office(user):
        lines = _office(campaigns, today)
    elif role == Role.ASSESSOR:
        lines = _assessor(user, campaigns, today)
    elif role in (Role.REPORTER, Role.HEAD):
        lines = _unit(user, campaigns, today, head=role == Role.HEAD)
    else:
        return []
    groups = []
    for c in campaigns:
        found = sorted(lines.get(c.pk, []), key=Line.sort_key)
        if found:
            groups.append(CampaignTodo(c, found))
    return sorted(groups, key=CampaignTodo.sort_key)


# ---- shared --------------------------------------------------------------------------------------
def _days(due: date | None, today: date) -> int | None:
    return (due - today).days if due is not None else None


def _noun(campaign: Campaign) -> str:
    return "任务" if campaign.is_task_plan else "指标"


def _counts(entries, campaigns: list[Campaign], **counts) -> dict[int, dict]:
    """One aggregate over the campaigns, grouped by campaign."""
    if not campaigns:
        return {}
    rows = (entries.filter(campaign__in=[c.pk for c in campaigns]).values("campaign")
            .annotate(**counts).order_by())
    return {row["campaign"]: row for row in rows}


# ---- 单位联络员 / 单位负责人 ----------------------------------------------------------------------------
def _unit(user, campaigns: list[Campaign], today: date, head: bool) -> dict[int, list[Line]]:
    unit = unit_of(user)
    unit_id = unit.parent_id or unit.pk
    entries = access.entries_for(user)
    lines: dict[int, list[Line]] = {}
    by_pk = {c.pk: c for c in campaigns}
    selfing = [c for c in campaigns if c.phase == Phase.SELF]
    # Items sent back can be fixed while the unit fills in and, when the assessors returned them,
    # during 评审 too (Entry.locked_for_unit): so there may be something to approve then as well.
    fixing = [c for c in campaigns if c.phase in (Phase.SELF, Phase.REVIEW)]

    counts = _counts(entries, fixing,
                     unsubmitted=Count("pk", filter=Entry.review_q(Review.UNSUBMITTED)),
                     head=Count("pk", filter=Entry.review_q(Review.HEAD)),
                     returned=Count("pk", filter=Entry.review_q(Review.RETURNED)))
    for c in fixing:
        n = counts.get(c.pk, {})
        unit_url = reverse("campaigns:unit", args=[c.pk, unit_id])
        due, label = (c.self_due, "自评截止") if c.phase == Phase.SELF else (c.review_due, "评审截止")
        dated = {"due": due, "due_label": label, "days": _days(due, today)}
        if head and n.get("head"):
            lines.setdefault(c.pk, []).append(Line(
                APPROVE, f"{n['head']}项{_noun(c)}已提交，等待您审核报送", unit_url, tag=Review.HEAD,
                tag_label=Review.HEAD.label, count=n["head"], **dated))
        if c.phase != Phase.SELF:
            continue
        owed = n.get("unsubmitted", 0) + (n.get("returned", 0) if head else 0)
        if owed:
            text = f"本单位还有{owed}项{_noun(c)}未提交"
            if head and n.get("returned"):
                text += f"（其中退回修改{n['returned']}项）"
            lines.setdefault(c.pk, []).append(Line(
                UNSUBMITTED, text, unit_url, tag=Review.UNSUBMITTED, tag_label=Review.UNSUBMITTED.label,
                count=owed, **dated))

    if not head and fixing:
        returned = (entries.filter(campaign__in=[c.pk for c in fixing]).filter(Entry.review_q(Review.RETURNED))
                    .values("pk", "campaign", "item_id", "return_reason"))
        titles: dict[int, dict] = {}
        for row in returned:
            c = by_pk[row["campaign"]]
            titles.setdefault(c.pk, item_titles(c))
            lines.setdefault(c.pk, []).append(Line(
                RETURNED, f"第{row['item_id']}项 {titles[c.pk].get(row['item_id'], '')}".strip(),
                reverse("campaigns:entry", args=[c.pk, row["pk"]]), tag=Review.RETURNED,
                tag_label=Review.RETURNED.label, note=row["return_reason"], order=item_order(row["item_id"])))

    for campaign_id, line in _task_lines(entries, selfing, today):
        lines.setdefault(campaign_id, []).append(line)

    publicity = [c for c in campaigns if c.phase == Phase.PUBLICITY]
    for c in publicity:
        days = _days(c.publicity_end, today)
        lines.setdefault(c.pk, []).append(Line(
            PUBLISHED, "考核结果已公示，请查看本单位评分表；对得分有异议的，可在截止前对有关指标提出申诉",
            reverse("campaigns:sheet", args=[c.pk, unit_id]), tag="published", tag_label="公示中",
            due=c.publicity_end, due_label="公示及申诉截止",
            days=days if days is not None and days >= 0 else None))
    if publicity:
        since = timezone.make_aware(datetime.datetime.combine(today - timedelta(days=HORIZON), datetime.time.min))
        answered = (Appeal.objects.filter(entry__in=entries.filter(campaign__in=[c.pk for c in publicity]),
                                          answered_at__gte=since)
                    .exclude(outcome=Appeal.Outcome.PENDING)
                    .values("entry", "entry__campaign", "entry__item_id", "outcome", "answer"))
        for row in answered:
            c = by_pk[row["entry__campaign"]]
            lines.setdefault(c.pk, []).append(Line(
                APPEAL_ANSWERED, f"第{row['entry__item_id']}项的申诉已答复：{Appeal.Outcome(row['outcome']).label}",
                reverse("campaigns:entry", args=[c.pk, row["entry"]]), tag="answered", tag_label="申诉已答复",
                note=row["answer"], order=item_order(row["entry__item_id"])))
    return lines


def _task_lines(entries, campaigns: list[Campaign], today: date) -> list[tuple[int, Line]]:
    """Tasks of the unit's open entries due within HORIZON days, or (task plans) past their last date."""
    if not campaigns:
        return []
    horizon = today + timedelta(days=HORIZON)
    by_pk = {c.pk: c for c in campaigns}
    due: dict[tuple[int, str], date] = {}
    for task in Task.objects.filter(campaign__in=list(by_pk)).only("campaign_id", "item_id", "due", "due_dates"):
        soon = next_due(task, today)
        if soon is not None and soon <= horizon:
            due[task.campaign_id, task.item_id] = soon
        elif by_pk[task.campaign_id].is_task_plan:
            dates = task_dates(task)
            if dates and dates[-1] < today:
                due[task.campaign_id, task.item_id] = dates[-1]
    if not due:
        return []
    wanted = Q(pk__in=[])
    for c in campaigns:
        items = [item for (pk, item) in due if pk == c.pk]
        if items:
            wanted |= Q(campaign=c.pk, item_id__in=items) & ~done_q(c)
    found = []
    titles: dict[int, dict] = {}
    for row in entries.filter(wanted, applicable=True).values("pk", "campaign", "item_id"):
        c = by_pk[row["campaign"]]
        titles.setdefault(c.pk, item_titles(c))
        d = due[c.pk, row["item_id"]]
        found.append((c.pk, Line(
            TASK, f"第{row['item_id']}项 {titles[c.pk].get(row['item_id'], '')}".strip(),
            reverse("campaigns:entry", args=[c.pk, row["pk"]]),
            tag="late" if d < today else "soon", tag_label="已逾期" if d < today else "即将到期",
            due=d, due_label="完成时限", days=(d - today).days, order=item_order(row["item_id"]))))
    return found


# ---- 考核组成员 -------------------------------------------------------------------------------------
def _assessor(user, campaigns: list[Campaign], today: date) -> dict[int, list[Line]]:
    working = [c for c in campaigns if c.phase in (Phase.SELF, Phase.REVIEW)]
    counts = _counts(access.entries_for(user), working,
                     to_check=Count("pk", filter=Entry.review_q(Review.TO_CHECK)),
                     never=Count("pk", filter=Entry.review_q(*NOT_SUBMITTED)))
    lines: dict[int, list[Line]] = {}
    for c in working:
        n = counts.get(c.pk, {})
        detail = reverse("campaigns:detail", args=[c.pk])
        dated = {"due": c.review_due, "due_label": "评审截止", "days": _days(c.review_due, today)}
        if n.get("to_check"):
            lines.setdefault(c.pk, []).append(Line(
                TO_CHECK, f"分配给您的{n['to_check']}项{_noun(c)}待核查", f"{detail}?state={Review.TO_CHECK}#assigned",
                tag=Review.TO_CHECK, tag_label=Review.TO_CHECK.label, count=n["to_check"], **dated))
        if c.phase == Phase.REVIEW and n.get("never"):
            lines.setdefault(c.pk, []).append(Line(
                NEVER_SUBMITTED, f"分配给您的{n['never']}项{_noun(c)}单位未报送、尚未核查（需按现有材料核查）",
                f"{detail}#assigned", tag=Review.UNSUBMITTED, tag_label="单位未报送", count=n["never"], **dated))
    return lines


# ---- 考核办 / 系统管理员 ----------------------------------------------------------------------------
def _office(campaigns: list[Campaign], today: date) -> dict[int, list[Line]]:
    working = [c for c in campaigns if c.phase in (Phase.SELF, Phase.REVIEW)]
    counts = _counts(Entry.objects.filter(applicable=True), working,
                     to_check=Count("pk", filter=Entry.review_q(Review.TO_CHECK)),
                     unchecked=Count("pk", filter=~Entry.review_q(Review.CHECKED)),
                     not_submitted=Count("pk", filter=Entry.review_q(*NOT_SUBMITTED)),
                     late_units=Count("unit", distinct=True, filter=Entry.review_q(*NOT_SUBMITTED)))
    pending = dict(Appeal.objects.filter(entry__campaign__in=[c.pk for c in campaigns],
                                         outcome=Appeal.Outcome.PENDING)
                   .values_list("entry__campaign").annotate(n=Count("pk")).order_by())
    lines: dict[int, list[Line]] = {}
    for c in campaigns:
        found = lines.setdefault(c.pk, [])
        n = counts.get(c.pk, {})
        detail = reverse("campaigns:detail", args=[c.pk])
        review_dated = {"due": c.review_due, "due_label": "评审截止", "days": _days(c.review_due, today)}
        if n.get("to_check"):
            url = detail if c.is_task_plan else reverse("campaigns:completeness", args=[c.pk])
            found.append(Line(TO_CHECK, f"{n['to_check']}项{_noun(c)}已报送，待核查", url, tag=Review.TO_CHECK,
                              tag_label=Review.TO_CHECK.label, count=n["to_check"], **review_dated))
        if c.phase == Phase.SELF and c.self_due is not None and c.self_due < today and n.get("late_units"):
            found.append(Line(
                LATE_UNITS, f"{n['late_units']}个单位还有{n['not_submitted']}项{_noun(c)}未报送（自评已截止）", detail,
                tag=Review.UNSUBMITTED, tag_label="未报送", count=n["late_units"], due=c.self_due,
                due_label="自评截止", days=_days(c.self_due, today)))
        if pending.get(c.pk):
            days = _days(c.publicity_end, today) if c.phase == Phase.PUBLICITY else None
            appeals = reverse("campaigns:appeals", args=[c.pk]) + "?status=pending"
            found.append(Line(
                PENDING_APPEALS, f"{pending[c.pk]}件申诉待答复", appeals, tag="head", tag_label="待答复", count=pending[c.pk],
                due=c.publicity_end if days is not None else None, due_label="公示及申诉截止", days=days))
        if c.phase == Phase.REVIEW and not c.is_task_plan and not c.unchecked_rule and n.get("unchecked"):
            unsent = f"（其中单位未报送{n['not_submitted']}项）" if n.get("not_submitted") else ""
            found.append(Line(
                COMPLETENESS, f"{n['unchecked']}项适用指标未核查{unsent}：发布公示前须逐项核查，或确定未核查指标的计分办法",
                reverse("campaigns:completeness", args=[c.pk]), tag="warn", tag_label="未核查",
                count=n["unchecked"], **review_dated))
        found.extend(phase_deadline_lines(c, today, detail))
    return lines


def phase_deadline_lines(campaign: Campaign, today: date, url: str) -> list[Line]:
    """The campaign's own deadlines within HORIZON days or already passed, while its phase still
    has them ahead (dashboard.PHASE_DEADLINES)."""
    found = []
    for name, label, phases in PHASE_DEADLINES:
        due = getattr(campaign, name)
        if due is None or campaign.phase not in phases or due > today + timedelta(days=HORIZON):
            continue
        days = (due - today).days
        hint = _DEADLINE_HINT.get((name, campaign.phase))
        found.append(Line(DEADLINE, f"{label}（{hint}）" if hint else label, url,
                          tag="late" if days < 0 else "soon", tag_label="已逾期" if days < 0 else "临近截止",
                          due=due, due_label=label, days=days))
    return found
