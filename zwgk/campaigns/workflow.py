"""Every change to a campaign's entries and phases goes through here: checked, applied, logged.

Views call these functions; each one checks the person's right to act (campaigns.access), keeps
the state machine (draft → submitted → approved, returned → resubmitted), recomputes scores
(campaigns.results), records who changed what, from what, to what, and why, and tells the people
concerned (notifications).

A change to an entry made from a page names the version that page showed (`seen`); when the entry
changed since, the save is refused with the other person's change (`StaleEntry`), never silently
overwritten.
"""
from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from zwgk.accounts.roles import is_office
from zwgk.audit.models import Event
from zwgk.audit.services import json_text, record
from zwgk.campaigns import access
from zwgk.campaigns.computed import mark_adjusted
from zwgk.campaigns.models import Appeal, Campaign, Entry, Participant
from zwgk.campaigns.results import UnitOutcome, rescore_campaign, rescore_unit, unit_outcome
from zwgk.lib.dates import chinese_date
from zwgk.notifications.services import notify_campaign, notify_heads, notify_office, notify_unit, post_to_robot
from zwgk.schemes.reading import engine_scheme
from zwgk.scoring.clauses import Kind, Sign
from zwgk.scoring.errors import ScoringError

Phase = Campaign.Phase
State = Entry.State
Unchecked = Campaign.Unchecked


def target(entry: Entry) -> str:
    """An entry as the audit log names it."""
    return f"{entry.unit.name} 第{entry.item_id}项"


def _log(actor, action: str, entry: Entry, **kw):
    return record(actor, action, campaign=entry.campaign, unit=entry.unit, target=target(entry), **kw)


def _link(entry: Entry) -> str:
    return reverse("campaigns:entry", args=[entry.campaign_id, entry.pk])


def participant_of(entry: Entry) -> Participant:
    return Participant.objects.select_related("campaign__scheme", "unit").get(
        campaign=entry.campaign_id, unit=entry.unit_id)


def _rescore(entry: Entry) -> None:
    """Score the entry's unit again after a change, and read the entry's new score off it. Facts
    the engine cannot use refuse the change (the transaction undoes it), with the place and reason."""
    try:
        outcome = rescore_unit(participant_of(entry))
    except ScoringError as err:
        raise ValidationError(str(err)) from None
    if outcome is not None:
        line = outcome.items[entry.item_id]
        entry.score, entry.explanation = line.score, line.explanation


def points_of(entry: Entry) -> Decimal | None:
    item = engine_scheme(entry.campaign).item(entry.item_id)
    return item.points if item else None


# ---- stale saves ---------------------------------------------------------------------------------
class StaleEntry(ValidationError):
    """The entry changed after the page was loaded: the changes since, who made them and when."""

    def __init__(self, entry: Entry, changes: list[Event]):
        self.entry, self.changes = entry, changes
        if changes:
            done = "；".join(
                f"{(e.actor.get_username() if e.actor else '系统')}于{timezone.localtime(e.at):%m-%d %H:%M}"
                f"{e.action}" + (f"（{e.field}：{e.old or '空'} → {e.new or '空'}）" if e.field else "")
                for e in changes)
        else:
            done = "其他人保存了新的内容"
        super().__init__(f"您打开页面后，第{entry.item_id}项已被修改：{done}。页面已显示最新内容，"
                         "请核对后再保存一次（您填写的内容保留在表单中）。")


def _claim(entry: Entry, seen: int | None, seen_at: datetime.datetime | None = None) -> None:
    """Take the entry for one change. `seen` is the version the page showed (None: the version
    read by this request); a newer one refuses the change with what happened since."""
    version = entry.version if seen is None else seen
    if not Entry.objects.filter(pk=entry.pk, version=version).update(version=F("version") + 1):
        since = Event.objects.filter(campaign=entry.campaign_id, target=target(entry)).select_related("actor")
        if seen_at is not None:
            since = since.filter(at__gt=seen_at)
        entry.refresh_from_db()
        raise StaleEntry(entry, list(since.order_by("at", "id")[:10]))
    entry.version = version + 1


# ---- self-assessment ---------------------------------------------------------------------------
@transaction.atomic
def save_self(actor, entry: Entry, *, self_score: Decimal | None, self_note: str,
              progress: str | None = None, progress_note: str | None = None,
              seen: int | None = None, seen_at: datetime.datetime | None = None) -> None:
    access.require(access.may_fill(actor, entry))
    if self_score is not None and self_score < 0:
        raise ValidationError({"self_score": "自评分不能为负数。"})
    item = engine_scheme(entry.campaign).item(entry.item_id)
    points = item.points if item else None
    has_bonus = item is not None and any(c.kind is Kind.BONUS or c.sign is Sign.BONUS for c in item.rule.clauses)
    if self_score is not None and points is not None and self_score > points and not has_bonus:
        raise ValidationError({"self_score": f"自评分不能超过本项分值{points.normalize():f}分。"})
    changes = {"self_score": self_score, "self_note": self_note}
    if progress is not None:
        changes["progress"] = progress
    if progress_note is not None:
        changes["progress_note"] = progress_note
    changed = {f: new for f, new in changes.items() if getattr(entry, f) != new}
    if not changed:
        return
    _claim(entry, seen, seen_at)
    for field, new in changed.items():
        _log(actor, "修改自评", entry, field=Entry._meta.get_field(field).verbose_name, old=getattr(entry, field), new=new)
        setattr(entry, field, new)
    entry.save()


@transaction.atomic
def submit(actor, entries: list[Entry]) -> int:
    """Reporter → head: lock the entries for the unit head's approval, and tell the head."""
    done = []
    for entry in entries:
        access.require(access.may_fill(actor, entry))
        if entry.state in (State.DRAFT, State.RETURNED):
            _log(actor, "提交自评", entry, field="填报状态", old=entry.get_state_display(),
                 new=State.SUBMITTED.label)
            entry.state = State.SUBMITTED
            entry.version += 1
            entry.save(update_fields=["state", "version", "updated_at"])
            done.append(entry)
    if done:
        first = done[0]
        items = "、".join(f"第{e.item_id}项" for e in done[:10]) + ("等" if len(done) > 10 else "")
        notify_heads(first.unit, f"{first.campaign.title}：{items}共{len(done)}项已提交，等待您审核。",
                     reverse("campaigns:unit", args=[first.campaign_id, first.unit_id]))
        post_to_robot(first.campaign, f"【待审核】{first.unit.name}提交了{len(done)}项自评，请单位负责人审核报送。")
    return len(done)


@transaction.atomic
def approve(actor, entries: list[Entry]) -> int:
    """Head → office: the unit's submission goes to the assessors."""
    for entry in entries:
        access.require(access.may_approve(actor, entry))
        _log(actor, "审核通过", entry, field="填报状态", old=entry.get_state_display(), new=State.APPROVED.label)
        entry.state = State.APPROVED
        entry.return_reason = ""
        entry.version += 1
        entry.save(update_fields=["state", "return_reason", "version", "updated_at"])
    return len(entries)


@transaction.atomic
def send_back(actor, entry: Entry, reason: str, seen: int | None = None,
              seen_at: datetime.datetime | None = None) -> None:
    """Back to the unit for changes. A check made before is void: the item waits to be checked again."""
    access.require(access.may_return(actor, entry))
    if not reason.strip():
        raise ValidationError({"reason": "请填写退回理由，告诉单位需要修改什么。"})
    _claim(entry, seen, seen_at)
    _log(actor, "退回修改", entry, field="填报状态", old=entry.get_state_display(), new=State.RETURNED.label,
         reason=reason)
    was_checked = entry.reviewed_at is not None
    entry.state, entry.return_reason = State.RETURNED, reason
    entry.reviewed_by = entry.reviewed_at = None
    entry.save(update_fields=["state", "return_reason", "reviewed_by", "reviewed_at", "version", "updated_at"])
    if was_checked:
        _rescore(entry)
    notify_unit(entry.unit, f"{entry.campaign.title}：第{entry.item_id}项被退回修改：{reason}", link=_link(entry))
    post_to_robot(entry.campaign, f"【退回修改】{target(entry)}：{reason}")


# ---- review ------------------------------------------------------------------------------------
def preview(entry: Entry, facts: dict) -> UnitOutcome:
    """The unit's result with these findings for the entry, nothing saved (the live score)."""
    try:
        return unit_outcome(entry.campaign, participant_of(entry), trial=(entry, facts))
    except ScoringError as err:
        raise ValidationError(str(err)) from None


@transaction.atomic
def record_findings(actor, entry: Entry, facts: dict, notes: dict, reason: str = "",
                    seen: int | None = None, seen_at: datetime.datetime | None = None) -> None:
    """An assessor's findings: the item is checked, and scored by its rule from these facts."""
    access.require(access.may_review(actor, entry))
    _claim(entry, seen, seen_at)
    old_score, old_facts, first_check = entry.score, entry.facts, entry.reviewed_at is None
    adjusted = mark_adjusted(entry, old_facts, facts)
    if adjusted and not reason.strip():
        clauses = "、".join(f"第{n}条" for n in adjusted)
        raise ValidationError({"reason": f"{clauses}的事实由台账计算得出，修改时请填写理由。"})
    entry.facts, entry.finding_notes = facts, {k: v for k, v in notes.items() if v}
    entry.reviewed_by, entry.reviewed_at = actor, timezone.now()
    entry.save(update_fields=["facts", "finding_notes", "computed", "reviewed_by", "reviewed_at", "version",
                              "updated_at"])
    _rescore(entry)
    if old_facts != facts or first_check:
        _log(actor, "核查评分", entry, field="核查事实", old=json_text(old_facts), new=json_text(facts), reason=reason)
    if old_score != entry.score:
        _log(actor, "得分变更", entry, field="得分", old=old_score, new=entry.score)
    if first_check:
        notify_unit(entry.unit, f"{entry.campaign.title}：第{entry.item_id}项已由考核组核查。", link=_link(entry),
                    key=f"checked:{entry.pk}:{entry.version}")


@transaction.atomic
def override(actor, entry: Entry, score: Decimal | None, reason: str, seen: int | None = None,
             seen_at: datetime.datetime | None = None) -> None:
    """The office sets an item's score by hand (None: back to its rule); the reason is required and logged."""
    access.require(is_office(actor) and not entry.campaign.locked)
    if not reason.strip():
        raise ValidationError({"override_reason": "调整得分必须填写理由。"})
    if score is not None and score < 0 and (points_of(entry) or 0) >= 0:
        raise ValidationError({"override_score": "调整后得分不能为负数。"})
    _claim(entry, seen, seen_at)
    old = entry.score
    entry.override_score, entry.override_reason = score, reason
    entry.save(update_fields=["override_score", "override_reason", "version", "updated_at"])
    _rescore(entry)
    _log(actor, "调整得分", entry, field="得分", old=old, new=entry.score, reason=reason)


@transaction.atomic
def set_applicable(actor, entry: Entry, applicable: bool, reason: str, seen: int | None = None,
                   seen_at: datetime.datetime | None = None) -> None:
    """The office marks an item (not) applicable to a unit; not applicable needs a reason."""
    access.require(is_office(actor) and not entry.campaign.locked)
    reason = reason.strip()
    if not applicable and not reason:
        raise ValidationError({"na_reason": "请填写不适用的理由，如“本单位无此项职能”。"})
    if entry.applicable == applicable and entry.na_reason == reason:
        return
    _claim(entry, seen, seen_at)
    _log(actor, "调整适用", entry, field="适用", old=entry.applicable, new=applicable, reason=reason)
    entry.applicable, entry.na_reason = applicable, "" if applicable else reason
    entry.save(update_fields=["applicable", "na_reason", "version", "updated_at"])
    _rescore(entry)


def evidence_changed(entry: Entry) -> None:
    """Evidence counts in the score where the scheme says 未按要求提供佐证材料的，不予认定."""
    if not entry.campaign.is_task_plan and engine_scheme(entry.campaign).rules.evidence_rule:
        _rescore(entry)


@transaction.atomic
def set_cases(actor, participant: Participant, bonus: dict, major: dict, reason: str) -> None:
    """The office's 综合加分 (B…) and 重大扣分 (M…) facts for a unit, with a reason (a commendation,
    a circular's number); facts the engine cannot use are refused."""
    campaign = participant.campaign
    access.require(is_office(actor) and not campaign.locked)
    reason = reason.strip()
    if not reason:
        raise ValidationError("请填写理由（如表彰文件、通报文号），便于追溯。")
    old = {"bonus": participant.bonus, "major": participant.major}
    participant.bonus, participant.major = bonus, major
    participant.save(update_fields=["bonus", "major"])
    record(actor, "修改加扣分事项", campaign=campaign, unit=participant.unit, target=participant.unit.name,
           field="综合加分/重大扣分", old=json_text(old), new=json_text({"bonus": bonus, "major": major}),
           reason=reason)
    try:
        rescore_unit(participant)
    except ScoringError as err:
        raise ValidationError(str(err)) from None


# ---- phases --------------------------------------------------------------------------------------
_NEXT = {Phase.SETUP: Phase.SELF, Phase.SELF: Phase.REVIEW, Phase.REVIEW: Phase.PUBLICITY,
         Phase.PUBLICITY: Phase.FINAL}
_PREVIOUS = {new: old for old, new in _NEXT.items()}


class Incomplete(ValidationError):
    """Results cannot be published or finalised while applicable items are unchecked."""

    def __init__(self, campaign: Campaign, unchecked: int, units: int, step: str):
        self.campaign, self.unchecked = campaign, unchecked
        super().__init__(
            f"还有{units}个单位的{unchecked}项适用指标未核查，不能{step}。请在“结果完整性检查”中逐项核查，"
            "或由考核办确定未核查指标的计分办法（计0分，或按评分标准默认计分）并写明理由。")


def unchecked_entries(campaign: Campaign):
    """The applicable entries no person has checked."""
    return campaign.entries.filter(applicable=True).exclude(Entry.review_q(Entry.Review.CHECKED))


def _require_complete(campaign: Campaign, step: str) -> None:
    if campaign.is_task_plan or campaign.unchecked_rule:
        return
    open_ = unchecked_entries(campaign)
    count = open_.count()
    if count:
        raise Incomplete(campaign, count, open_.values("unit").distinct().count(), step)


@transaction.atomic
def advance(actor, campaign: Campaign, reason: str = "") -> Phase:
    """Move the campaign to its next phase: 筹备 → 自评 → 评审 → 公示 → 定档.

    公示 and 定档 need every applicable item checked, or the office's rule for the unchecked ones;
    定档 needs every appeal answered, and the 公示 period over unless the office says why not."""
    access.require(is_office(actor))
    if campaign.locked:
        raise ValidationError("考核已定档，不能再变更阶段。")
    new = _NEXT[Phase(campaign.phase)]
    reason = reason.strip()
    if new == Phase.PUBLICITY:
        _require_complete(campaign, "发布公示")
    if new == Phase.FINAL:
        pending = Appeal.objects.filter(entry__campaign=campaign, outcome=Appeal.Outcome.PENDING).count()
        if pending:
            raise ValidationError(f"还有{pending}件申诉未答复，答复后才能定档。")
        _require_complete(campaign, "定档")
        if campaign.publicity_end and timezone.localdate() <= campaign.publicity_end:
            if not reason:
                raise ValidationError(
                    f"公示及申诉截止日为{chinese_date(campaign.publicity_end)}，尚未期满，单位仍可申诉。"
                    "如确需提前定档，请填写提前定档的理由。")
            campaign.final_reason = reason
            record(actor, "提前定档", campaign=campaign, target=campaign.title, field="公示及申诉截止",
                   old=campaign.publicity_end, reason=reason)
    now = timezone.now()
    if new in (Phase.PUBLICITY, Phase.FINAL):
        rescore_campaign(campaign)
    if new == Phase.PUBLICITY:
        campaign.published_at = now
    if new == Phase.FINAL:
        campaign.finalised_at = now
    record(actor, "变更阶段", campaign=campaign, target=campaign.title, field="阶段",
           old=campaign.get_phase_display(), new=new.label, reason=reason)
    campaign.phase = new
    campaign.save()
    notify_campaign(campaign, f"{campaign.title}进入{new.label}阶段。")
    return new


@transaction.atomic
def reopen(actor, campaign: Campaign, reason: str) -> Phase:
    """Back to the previous phase, with a reason (a wrong 定档, a unit that must fill in again…)."""
    access.require(is_office(actor))
    if campaign.phase == Phase.SETUP:
        raise ValidationError("考核还在筹备阶段，没有上一阶段。")
    if not reason.strip():
        raise ValidationError({"reason": "请填写退回上一阶段的理由，各单位会收到通知。"})
    old = Phase(campaign.phase)
    new = _PREVIOUS[old]
    if old == Phase.FINAL:
        campaign.finalised_at = None
    if old == Phase.PUBLICITY:
        campaign.published_at = None
    record(actor, "退回上一阶段", campaign=campaign, target=campaign.title, field="阶段", old=old.label,
           new=new.label, reason=reason)
    campaign.phase = new
    campaign.save()
    notify_campaign(campaign, f"{campaign.title}已退回{new.label}阶段：{reason}")
    return new


@transaction.atomic
def set_unchecked_rule(actor, campaign: Campaign, rule: str, reason: str) -> None:
    """How items nobody checked count (计0分 or the engine's defaults), decided with a reason; printed
    on the ranking, the score sheets and the 通报."""
    access.require(is_office(actor) and not campaign.locked and not campaign.is_task_plan)
    if rule not in Unchecked.values:
        raise ValidationError({"rule": "请选择未核查指标的计分办法。"})
    reason = reason.strip()
    if rule and not reason:
        raise ValidationError({"reason": "请写明确定这一计分办法的理由（如“经考核领导小组研究”），它会印在排名表和通报上。"})
    if rule == campaign.unchecked_rule and reason == campaign.unchecked_reason:
        return
    record(actor, "确定未核查计分", campaign=campaign, target=campaign.title, field="未核查指标的计分",
           old=Unchecked(campaign.unchecked_rule).label, new=Unchecked(rule).label, reason=reason)
    campaign.unchecked_rule, campaign.unchecked_reason = rule, reason if rule else ""
    campaign.unchecked_by, campaign.unchecked_at = (actor, timezone.now()) if rule else (None, None)
    campaign.save(update_fields=["unchecked_rule", "unchecked_reason", "unchecked_by", "unchecked_at"])
    rescore_campaign(campaign)


@transaction.atomic
def urge(actor, campaign: Campaign, unit, text: str, robot: bool = False) -> int:
    """催办: the office reminds a unit's people by hand (in-app and e-mail, and the campaign's
    group robot when asked); returns how many people were told."""
    access.require(is_office(actor) and not campaign.locked)
    text = text.strip()
    if not text:
        raise ValidationError({"text": "请填写催办内容，如需要完成的指标和截止日期。"})
    message = f"{campaign.title}：【催办】{text}"
    told = notify_unit(unit, message, reverse("campaigns:unit", args=[campaign.pk, unit.pk]))
    if robot:
        post_to_robot(campaign, f"【催办】{unit.name}：{text}")
    record(actor, "催办", campaign=campaign, unit=unit, target=unit.name, new=text,
           reason=f"通知{told}人" + ("，并发送群消息" if robot and campaign.webhook_url else ""))
    return told


# ---- appeals -------------------------------------------------------------------------------------
@transaction.atomic
def file_appeal(actor, entry: Entry, text: str) -> Appeal:
    access.require(access.may_appeal(actor, entry))
    if not text.strip():
        raise ValidationError({"text": "请写明申诉理由和依据。"})
    if entry.appeals.filter(outcome=Appeal.Outcome.PENDING).exists():
        raise ValidationError("本项已有一件申诉在处理中，请等待答复。")
    appeal = Appeal.objects.create(entry=entry, filed_by=actor, text=text, score_before=entry.score)
    _log(actor, "提出申诉", entry, new=text)
    notify_office(f"{entry.campaign.title}：{target(entry)}提出申诉：{text[:60]}", _link(entry))
    post_to_robot(entry.campaign, f"【申诉】{target(entry)}提出申诉，考核办将在公示期内答复。")
    return appeal


@transaction.atomic
def answer_appeal(actor, appeal: Appeal, outcome: str, answer: str, score: Decimal | None = None) -> None:
    """The office answers; an upheld appeal may set the item's score (logged as an override)."""
    entry = appeal.entry
    access.require(is_office(actor) and entry.campaign.phase == Phase.PUBLICITY)
    if appeal.outcome != Appeal.Outcome.PENDING:
        raise ValidationError("这件申诉已经答复过了。")
    if outcome not in (Appeal.Outcome.UPHELD, Appeal.Outcome.PARTLY, Appeal.Outcome.REJECTED):
        raise ValidationError({"outcome": "请选择处理结果。"})
    if not answer.strip():
        raise ValidationError({"answer": "请填写答复意见。"})
    if score is not None:
        if outcome == Appeal.Outcome.REJECTED:
            raise ValidationError({"score": "维持原评分时不能修改得分。"})
        override(actor, entry, score, f"申诉答复：{answer}")
    appeal.outcome, appeal.answer = outcome, answer
    appeal.answered_by, appeal.answered_at = actor, timezone.now()
    appeal.score_after = entry.score
    appeal.save()
    _log(actor, "答复申诉", entry, field="申诉结果", old=Appeal.Outcome.PENDING.label,
         new=Appeal.Outcome(outcome).label, reason=answer)
    notify_unit(entry.unit, f"{entry.campaign.title}：第{entry.item_id}项的申诉已答复（{Appeal.Outcome(outcome).label}）：{answer[:60]}",
                link=_link(entry))
    post_to_robot(entry.campaign, f"【申诉答复】{target(entry)}：{Appeal.Outcome(outcome).label}。")
