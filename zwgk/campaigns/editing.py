"""Correcting a campaign after it was created (考核设置): its name, phase deadlines and group robot,
the units taking part, and the tasks' due dates; and how its results are computed and issued
(通报与计分设置: 折算, 等次, the 通报's fields).

Every function checks that the person is the office, re-reads the phase under a row lock, applies
the change in one transaction, and records each change (old → new, and the reason when one is
given). What the office may still change depends on the phase:

| change                              | 筹备 · 自评 · 评审 | 公示     | 定档                    |
|-------------------------------------|-------------------|----------|-------------------------|
| 考核名称                             | yes               | yes      | only with a reason      |
| 群机器人地址                          | yes               | yes      | yes                     |
| 阶段截止日期、任务截止日期              | yes               | yes      | refused                 |
| 增加或移出参加单位                     | yes               | refused  | refused                 |

- The name stays open after 定档 because a typo in it shows on every page; it is printed on the
  issued 通报, so the change then needs a reason (in the log next to old → new).
- The group robot's address changes no result, and a finalised campaign can still be moved back
  a phase, which notifies the group.
- Deadlines stay open during 公示 (extending the appeal period is the usual correction) and close at
  定档: reminders and the overdue figures are part of the record.
- Units are fixed once results are published: adding or removing one changes every published
  rank. To change anything refused here the office first moves the campaign back a phase
  (退回上一阶段, `workflow.reopen`, with a reason), which everyone in the campaign is told about.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, timedelta
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from zwgk.accounts.roles import is_office
from zwgk.audit.models import Event
from zwgk.audit.services import event, json_text, record
from zwgk.campaigns import access, setup
from zwgk.campaigns.dashboard import task_dates
from zwgk.campaigns.models import Appeal, Campaign, Entry, Task
from zwgk.campaigns.results import rescore_campaign
from zwgk.evidence.models import Evidence
from zwgk.lib.dates import chinese_date
from zwgk.notifications.services import notify_campaign, notify_unit
from zwgk.organisations.models import Unit
from zwgk.scoring.errors import ScoringError

log = logging.getLogger(__name__)

Phase = Campaign.Phase
PHASES = list(Phase)

# The phase deadlines in the order they must come, with the phase each one ends.
DEADLINES = (("self_due", "自评截止", Phase.SELF), ("review_due", "评审截止", Phase.REVIEW),
             ("publicity_end", "公示及申诉截止", Phase.PUBLICITY))
LABELS = {"title": "考核名称", "webhook_url": "群机器人地址", **{f: label for f, label, _ in DEADLINES}}

LOCKED_DATES = "考核已定档，{what}不能再修改。如确需修改，请先“退回上一阶段”并写明理由。"
UNITS_CLOSED = ("考核结果已{state}，不能再{verb}参加单位（排名会随之改变）。如确需{verb}，"
                "请先“退回上一阶段”至评审阶段并写明理由。")
MAX_SHIFT_DAYS, MAX_SHIFT_YEARS = 3660, 10


def _iso(dates) -> str:
    return "、".join(d.isoformat() for d in dates)


def _current(campaign: Campaign) -> None:
    """Re-read the phase under a row lock, so a phase change racing this edit is seen (PostgreSQL)."""
    campaign.phase = Campaign.objects.select_for_update().values_list("phase", flat=True).get(pk=campaign.pk)


def _require_dates_open(campaign: Campaign, what: str) -> None:
    if campaign.locked:
        raise ValidationError(LOCKED_DATES.format(what=what))


def _require_units_open(campaign: Campaign, verb: str) -> None:
    if campaign.published:
        state = "定档" if campaign.locked else "公示"
        raise ValidationError(UNITS_CLOSED.format(state=state, verb=verb))


def robot_address(url: str) -> str:
    """A robot's address as the log shows it: the key (the query) reduced to its last 4 characters,
    enough to tell two keys apart without writing the secret down."""
    if not url:
        return ""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.hostname}{parts.path}" + (f"?…{parts.query[-4:]}" if parts.query else "")


# ---- name, phase deadlines, robot ----------------------------------------------------------------
def check_order(dates: dict) -> None:
    """自评截止 ≤ 评审截止 ≤ 公示及申诉截止 (blank ones skipped); each date that comes too early is
    named against the latest one before it."""
    errors, latest = {}, None
    for f, label, _ in DEADLINES:
        d = dates.get(f)
        if d is None:
            continue
        if latest is not None and d < latest[2]:
            errors[f] = (f"{label}（{chinese_date(d)}）不能早于{latest[1]}（{chinese_date(latest[2])}）。"
                         "请按 自评截止 ≤ 评审截止 ≤ 公示及申诉截止 的顺序填写。")
        else:
            latest = (f, label, d)
    if errors:
        raise ValidationError(errors)


def passed_warnings(campaign: Campaign, changed: dict[str, date | None], today: date) -> list[str]:
    """A changed deadline that has already passed while its phase is current or still to come:
    allowed (a date may be recorded late), but said so."""
    now = PHASES.index(Phase(campaign.phase))
    warnings = []
    for f, label, phase in DEADLINES:
        d = changed.get(f)
        if f not in changed or d is None or d >= today or PHASES.index(phase) < now:
            continue
        when = f"考核正处于{phase.label}阶段" if phase == campaign.phase else f"考核尚未进入{phase.label}阶段"
        warnings.append(f"{label}定为{chinese_date(d)}，这一日期已经过去，而{when}：各单位会看到已逾期，"
                        "也不会再收到截止前的提醒。已保存，请确认日期无误。")
    return warnings


@dataclass
class Saved:
    changed: list[str] = field(default_factory=list)  # the labels of what changed
    warnings: list[str] = field(default_factory=list)


@transaction.atomic
def update_campaign(actor, campaign: Campaign, *, title: str, self_due: date | None, review_due: date | None,
                    publicity_end: date | None, webhook_url: str, reason: str = "",
                    today: date | None = None) -> Saved:
    """Change the name, the phase deadlines and the robot's address; each change is logged old → new.

    Deadlines out of order are refused with the field that is wrong; one already passed for the
    current or a coming phase is saved with a warning. Once the campaign is running, its people
    (and the group robot) are told of changed deadlines."""
    access.require(is_office(actor))
    _current(campaign)
    today = today or timezone.localdate()
    reason, title, webhook_url = reason.strip(), " ".join(title.split()), webhook_url.strip()
    if not title:
        raise ValidationError({"title": "请填写考核名称。"})
    if len(title) > Campaign._meta.get_field("title").max_length:
        raise ValidationError({"title": "考核名称不能超过200个字。"})
    if webhook_url:
        try:
            URLValidator(schemes=["http", "https"])(webhook_url)
        except ValidationError:
            raise ValidationError({"webhook_url": "群机器人地址应为 https:// 开头的完整网址。"}) from None
    new = {"title": title, "self_due": self_due, "review_due": review_due, "publicity_end": publicity_end,
           "webhook_url": webhook_url}
    changed = [f for f, value in new.items() if getattr(campaign, f) != value]
    dates = {f: new[f] for f in changed if f in ("self_due", "review_due", "publicity_end")}
    if not changed:
        return Saved()
    if dates:
        _require_dates_open(campaign, "阶段截止日期")
    if campaign.locked and "title" in changed and not reason:
        raise ValidationError({"reason": "考核已定档，名称已印在通报上；修改名称请填写理由。"})
    if dates:
        check_order(new)
    warnings = passed_warnings(campaign, dates, today)

    old_title = campaign.title
    for f in changed:
        old, value = getattr(campaign, f), new[f]
        if f == "webhook_url":
            old, value = robot_address(old), robot_address(value)
        record(actor, "修改考核设置", campaign=campaign, target=old_title, field=LABELS[f], old=old, new=value,
               reason=reason)
        setattr(campaign, f, new[f])
    campaign.save(update_fields=changed)
    if dates and campaign.phase != Phase.SETUP:
        said = "；".join(f"{LABELS[f]}调整为{chinese_date(d)}" if d else f"{LABELS[f]}不再设定日期"
                        for f, d in dates.items())
        notify_campaign(campaign, f"{campaign.title}：{said}。")
    return Saved([LABELS[f] for f in changed], warnings)


# ---- how results are computed, and the 通报 -----------------------------------------------------------
# Settings that change results: refused once the campaign is finalised, and followed by rescoring.
SCORING = ("normalise", "grade_bands")


@transaction.atomic
def update_notice_settings(actor, campaign: Campaign, data: dict) -> list[str]:
    """Apply the changed settings, each recorded (old → new); results are recomputed when a
    setting that changes them moved. Returns the changed fields."""
    access.require(is_office(actor))
    changed = [f for f in (*SCORING, "issuer", "notice_number", "problems", "requirements", "copy_to", "printed_by")
               if getattr(campaign, f) != data[f]]
    access.require(not campaign.locked or not set(changed) & set(SCORING))
    for f in changed:
        old, new = getattr(campaign, f), data[f]
        if f == "grade_bands":
            old, new = json_text(old), json_text(new)
        record(actor, "修改通报与计分设置", campaign=campaign, target=campaign.title,
               field=Campaign._meta.get_field(f).verbose_name, old=old, new=new)
        setattr(campaign, f, data[f])
    if changed:
        campaign.save(update_fields=changed)
    if set(changed) & set(SCORING):
        rescore_campaign(campaign)
    return changed


# ---- units -----------------------------------------------------------------------------------------
@dataclass
class Added:
    units: list[Unit]
    told: int = 0  # people notified
    warnings: list[str] = field(default_factory=list)


@transaction.atomic
def add_participants(actor, campaign: Campaign, units) -> Added:
    """Units join with every item (not applicable where the item's 考核对象 excludes them, by
    setup.add_units); results are recomputed; once the campaign has started, the unit's people are told."""
    access.require(is_office(actor))
    _current(campaign)
    _require_units_open(campaign, "增加")
    units = list(units)
    for unit in units:
        if unit.parent_id is not None:
            raise ValidationError({"units": f"{unit.name}是科室或责任组，不能单独参加考核，请选择其所属单位。"})
        if not unit.active:
            raise ValidationError({"units": f"{unit.name}已停用，不能加入考核。"})
    taking_part = set(campaign.participants.values_list("unit", flat=True))
    new = [u for u in units if u.pk not in taking_part]
    if not new:
        raise ValidationError({"units": "请选择要加入的单位（所选单位已在本次考核中）。"})
    setup.add_units(actor, campaign, new)
    try:
        rescore_campaign(campaign)
    except ScoringError as err:  # e.g. a 开发区 where the scheme ranks only 乡镇 and 县直单位; all undone
        raise ValidationError({"units": f"不能加入：{err}。请先在单位管理中为该单位设定本方案的排名分组。"}) from None
    added = Added(new)
    if campaign.phase == Phase.SETUP:
        return added
    phase = Phase(campaign.phase)
    for unit in new:
        if phase == Phase.SELF:
            todo = "请登录系统填写自评、上传佐证材料" + (f"，自评截止{chinese_date(campaign.self_due)}" if campaign.self_due else "")
        else:
            todo = "考核已进入评审阶段，由考核组核查"
        added.told += notify_unit(unit, f"{campaign.title}：贵单位已加入本次考核。{todo}。",
                                  reverse("campaigns:unit", args=[campaign.pk, unit.pk]))
    if phase == Phase.REVIEW:
        added.warnings.append("考核已在评审阶段，新加入的单位不能再填报自评；如需其自评，请先退回自评阶段。")
    return added


@dataclass
class Removed:
    entries: int
    started: int  # entries the unit had filled in or moved on
    evidence: int
    files: int
    appeals: int
    assignments: int

    def __str__(self):
        return (f"删除指标{self.entries}项（其中已填报{self.started}项）、佐证材料{self.evidence}份"
                f"（文件{self.files}个）、申诉{self.appeals}件、核查分工{self.assignments}条")


def _delete_files(storage, names: list[str]) -> None:
    """After the commit: the removed evidence's files, unless another record still uses one."""
    still = set(Evidence.objects.filter(file__in=names).values_list("file", flat=True))
    for name in names:
        if name in still:
            continue
        try:
            storage.delete(name)
        except OSError:
            log.exception("佐证文件未能删除：%s", name)


@transaction.atomic
def remove_participant(actor, campaign: Campaign, unit: Unit, reason: str) -> Removed:
    """A unit leaves the campaign with its entries, evidence (files too, once committed), appeals and
    the assessors' assignments for it; refused from 公示 on, logged with what was removed."""
    access.require(is_office(actor))
    _current(campaign)
    _require_units_open(campaign, "移出")
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "请填写移出该单位的理由，如“机构改革，已撤并”。"})
    participant = campaign.participants.filter(unit=unit).first()
    if participant is None:
        raise ValidationError(f"{unit.name}不在本次考核中。")
    entries = Entry.objects.filter(campaign=campaign, unit=unit)
    evidence = Evidence.objects.filter(entry__in=entries)
    files = [name for name in evidence.exclude(file="").values_list("file", flat=True) if name]
    counts = entries.aggregate(entries=Count("pk"), started=Count("pk", filter=~Q(state=Entry.State.DRAFT)
                                                                  | Q(self_score__isnull=False)))
    assignments = campaign.assignments.filter(unit=unit)
    removed = Removed(entries=counts["entries"], started=counts["started"], evidence=evidence.count(),
                      files=len(files), appeals=Appeal.objects.filter(entry__in=entries).count(),
                      assignments=assignments.count())
    assignments.delete()
    evidence.delete()
    entries.delete()  # appeals go with them
    participant.delete()
    record(actor, "移出考核", campaign=campaign, unit=unit, target=unit.name, field="参加单位", old=unit.name,
           new=f"已移出：{removed}", reason=reason)
    storage = Evidence._meta.get_field("file").storage
    transaction.on_commit(lambda: _delete_files(storage, files))
    rescore_campaign(campaign)
    if campaign.phase != Phase.SETUP:
        notify_unit(unit, f"{campaign.title}：贵单位已不再参加本次考核。理由：{reason}")
    return removed


# ---- task due dates --------------------------------------------------------------------------------
def _apply(task: Task, dates: list[date], today: date) -> None:
    """New due dates; the next one not yet past is the task's `due` (as the task edit page sets it).
    The dates are the office's own now, so the scheme's dates moved to the campaign year no longer
    describe them (the scheme's dates stay in the audit log and in 完成时限原文)."""
    task.due_dates = [d.isoformat() for d in dates]
    task.due = next((d for d in dates if d >= today), dates[-1] if dates else None)
    task.scheme_dates = []


def _was(task: Task, before: list[date]) -> str:
    moved = f"（方案原定{'、'.join(task.scheme_dates)}，按考核年度顺延）" if task.scheme_dates else ""
    return _iso(before) + moved if before else ""


@transaction.atomic
def set_task_dates(actor, campaign: Campaign, changes: dict[int, list[date]], reason: str = "",
                   today: date | None = None) -> int:
    """Several tasks' due dates at once ({task id: dates}); unchanged ones are skipped. Each change is
    logged as the task edit page logs it (修改任务分工 · 截止日期). Returns how many tasks changed."""
    access.require(is_office(actor))
    _current(campaign)
    _require_dates_open(campaign, "任务截止日期")
    today = today or timezone.localdate()
    tasks = {t.pk: t for t in campaign.tasks.filter(pk__in=list(changes))}
    if len(tasks) != len(changes):
        raise ValidationError("所选任务不属于本次考核，请刷新页面后重试。")
    events, changed = [], []
    for pk, dates in changes.items():
        task, dates = tasks[pk], sorted(set(dates))
        before = task_dates(task)
        if before == dates:
            continue
        events.append(event(actor, "修改任务分工", campaign=campaign, target=f"第{task.item_id}项任务分工",
                            field="截止日期", old=_was(task, before), new=_iso(dates), reason=reason.strip()))
        _apply(task, dates, today)
        changed.append(task)
    Task.objects.bulk_update(changed, ["due_dates", "due", "scheme_dates"])
    Event.objects.bulk_create(events)
    return len(changed)


@transaction.atomic
def shift_task_dates(actor, campaign: Campaign, *, days: int = 0, years: int = 0, reason: str = "",
                     today: date | None = None) -> int:
    """Every task's due dates moved by `days` (negative: earlier) or by `years` (29 February becomes
    the 28th); logged per task and once for the whole shift. Returns how many tasks moved."""
    access.require(is_office(actor))
    if not days and not years:
        raise ValidationError({"amount": "请填写要推迟或提前的天数或年数（正整数，如 30）。"})
    if abs(days) > MAX_SHIFT_DAYS or abs(years) > MAX_SHIFT_YEARS:
        raise ValidationError({"amount": f"一次最多推迟或提前{MAX_SHIFT_DAYS}天或{MAX_SHIFT_YEARS}年。"})
    _current(campaign)
    _require_dates_open(campaign, "任务截止日期")
    changes = {}
    for task in campaign.tasks.all():
        dates = task_dates(task)
        if dates:
            changes[task.pk] = [setup.moved(d, years) + timedelta(days=days) for d in dates]
    if not changes:
        raise ValidationError("本次考核的任务都没有截止日期，无需顺延。")
    amount = f"{abs(days)}天" if days else f"{abs(years)}年"
    how = f"{'推迟' if (days or years) > 0 else '提前'}{amount}"
    n = set_task_dates(actor, campaign, changes, reason=reason or f"全部任务截止日期{how}", today=today)
    record(actor, "顺延任务截止日期", campaign=campaign, target=campaign.title, field="任务截止日期",
           new=f"全部任务{how}（{n}项任务）", reason=reason.strip())
    return n
