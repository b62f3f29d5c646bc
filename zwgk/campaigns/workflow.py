"""Every change to a campaign's entries goes through here: checked, applied, logged.

Views call these functions; each one checks the person's right to act (campaigns.access), keeps
the state machine (draft → submitted → approved, returned → resubmitted), recomputes scores with
the engine and records who changed what, from what, to what, and why.
"""
from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from zwgk.accounts.roles import is_office
from zwgk.audit.services import json_text, record
from zwgk.campaigns import access
from zwgk.campaigns.models import Appeal, Campaign, Entry, Participant
from zwgk.campaigns.computed import mark_adjusted
from zwgk.campaigns.scoring import evaluate_participant, rescore_campaign, rescore_unit
from zwgk.schemes.reading import engine_scheme
from zwgk.scoring.clauses import Kind, Sign
from zwgk.scoring.errors import ScoringError

Phase = Campaign.Phase
State = Entry.State


def _target(entry: Entry) -> str:
    return f"{entry.unit.name} 第{entry.item_id}项"


def _log(actor, action: str, entry: Entry, **kw):
    return record(actor, action, campaign=entry.campaign, unit=entry.unit, target=_target(entry), **kw)


def participant_of(entry: Entry) -> Participant:
    return Participant.objects.select_related("campaign__scheme", "unit").get(
        campaign=entry.campaign_id, unit=entry.unit_id)


def points_of(entry: Entry) -> Decimal | None:
    item = engine_scheme(entry.campaign.scheme).item(entry.item_id)
    return item.points if item else None


# ---- self-assessment ---------------------------------------------------------------------------
@transaction.atomic
def save_self(actor, entry: Entry, *, self_score: Decimal | None, self_note: str,
              progress: str | None = None, progress_note: str | None = None) -> None:
    access.require(access.may_fill(actor, entry))
    points = points_of(entry)
    if self_score is not None and self_score < 0:
        raise ValidationError({"self_score": "自评分不能为负数。"})
    item = engine_scheme(entry.campaign.scheme).item(entry.item_id)
    has_bonus = item is not None and any(c.kind is Kind.BONUS or c.sign is Sign.BONUS for c in item.rule.clauses)
    if self_score is not None and points is not None and self_score > points and not has_bonus:
        raise ValidationError({"self_score": f"自评分不能超过本项分值{points.normalize():f}分。"})
    changes = {"self_score": self_score, "self_note": self_note}
    if progress is not None:
        changes["progress"] = progress
    if progress_note is not None:
        changes["progress_note"] = progress_note
    for field, new in changes.items():
        old = getattr(entry, field)
        if old != new:
            _log(actor, "修改自评", entry, field=Entry._meta.get_field(field).verbose_name, old=old, new=new)
            setattr(entry, field, new)
    entry.save()


@transaction.atomic
def submit(actor, entries: list[Entry]) -> int:
    """Reporter → head: lock the entries for the unit head's approval."""
    done = 0
    for entry in entries:
        access.require(access.may_fill(actor, entry))
        if entry.state in (State.DRAFT, State.RETURNED):
            _log(actor, "提交自评", entry, field="填报状态", old=entry.get_state_display(),
                 new=State.SUBMITTED.label)
            entry.state = State.SUBMITTED
            entry.save(update_fields=["state", "updated_at"])
            done += 1
    return done


@transaction.atomic
def approve(actor, entries: list[Entry]) -> int:
    """Head → office: the unit's submission goes to the assessors."""
    for entry in entries:
        access.require(access.may_approve(actor, entry))
        _log(actor, "审核通过", entry, field="填报状态", old=entry.get_state_display(), new=State.APPROVED.label)
        entry.state = State.APPROVED
        entry.return_reason = ""
        entry.save(update_fields=["state", "return_reason", "updated_at"])
    return len(entries)


@transaction.atomic
def send_back(actor, entry: Entry, reason: str) -> None:
    access.require(access.may_return(actor, entry))
    if not reason.strip():
        raise ValidationError({"reason": "请填写退回理由，告诉单位需要修改什么。"})
    _log(actor, "退回修改", entry, field="填报状态", old=entry.get_state_display(), new=State.RETURNED.label,
         reason=reason)
    entry.state = State.RETURNED
    entry.return_reason = reason
    entry.save(update_fields=["state", "return_reason", "updated_at"])
    from zwgk.notifications.services import notify_unit

    notify_unit(entry.unit, f"{entry.campaign.title}：第{entry.item_id}项被退回修改：{reason}",
                link=reverse("campaigns:entry", args=[entry.campaign_id, entry.pk]))


# ---- review ------------------------------------------------------------------------------------
def preview(entry: Entry, facts: dict):
    """The unit's result with these findings for the entry, nothing saved (the live score)."""
    try:
        return evaluate_participant(participant_of(entry), entry, facts)
    except ScoringError as err:
        raise ValidationError(str(err)) from None


@transaction.atomic
def record_findings(actor, entry: Entry, facts: dict, notes: dict, reason: str = "") -> None:
    access.require(access.may_review(actor, entry))
    preview(entry, facts)  # refuses facts the engine cannot use, with the place and the reason
    old_score, old_facts = entry.final_score, entry.facts
    adjusted = mark_adjusted(entry, old_facts, facts)
    if adjusted and not reason.strip():
        clauses = "、".join(f"第{n}条" for n in adjusted)
        raise ValidationError({"reason": f"{clauses}的事实由台账计算得出，修改时请填写理由。"})
    entry.facts, entry.finding_notes = facts, {k: v for k, v in notes.items() if v}
    entry.reviewed_by, entry.reviewed_at = actor, timezone.now()
    entry.save(update_fields=["facts", "finding_notes", "computed", "reviewed_by", "reviewed_at", "updated_at"])
    rescore_unit(participant_of(entry))
    entry.refresh_from_db()
    if old_facts != facts:
        _log(actor, "核查评分", entry, field="核查事实", old=json_text(old_facts), new=json_text(facts), reason=reason)
    if old_score != entry.final_score:
        _log(actor, "得分变更", entry, field="得分", old=old_score, new=entry.final_score)


@transaction.atomic
def override(actor, entry: Entry, score: Decimal | None, reason: str) -> None:
    """The office sets an item's score by hand; the reason is required and logged."""
    access.require(is_office(actor) and not entry.campaign.locked)
    if not reason.strip():
        raise ValidationError({"override_reason": "调整得分必须填写理由。"})
    if score is not None and score < 0 and (points_of(entry) or 0) >= 0:
        raise ValidationError({"override_score": "调整后得分不能为负数。"})
    old = entry.final_score
    entry.override_score, entry.override_reason = score, reason
    entry.save(update_fields=["override_score", "override_reason", "updated_at"])
    rescore_unit(participant_of(entry))
    _log(actor, "调整得分", entry, field="得分", old=old, new=entry.final_score, reason=reason)


@transaction.atomic
def set_applicable(actor, entry: Entry, applicable: bool, reason: str) -> None:
    """The office marks an item (not) applicable to a unit; not applicable needs a reason."""
    access.require(is_office(actor) and not entry.campaign.locked)
    reason = reason.strip()
    if not applicable and not reason:
        raise ValidationError({"na_reason": "请填写不适用的理由，如“本单位无此项职能”。"})
    if entry.applicable == applicable and entry.na_reason == reason:
        return
    _log(actor, "调整适用", entry, field="适用", old=entry.applicable, new=applicable, reason=reason)
    entry.applicable, entry.na_reason = applicable, "" if applicable else reason
    entry.save(update_fields=["applicable", "na_reason", "updated_at"])
    rescore_unit(participant_of(entry))


# ---- phases, appeals, results ------------------------------------------------------------------
_NEXT = {Phase.SETUP: Phase.SELF, Phase.SELF: Phase.REVIEW, Phase.REVIEW: Phase.PUBLICITY,
         Phase.PUBLICITY: Phase.FINAL}


@transaction.atomic
def advance(actor, campaign: Campaign) -> Phase:
    """Move the campaign to its next phase: 筹备 → 自评 → 评审 → 公示 → 定档."""
    access.require(is_office(actor))
    if campaign.locked:
        raise ValidationError("考核已定档，不能再变更阶段。")
    new = _NEXT[Phase(campaign.phase)]
    if new == Phase.FINAL:
        pending = Appeal.objects.filter(entry__campaign=campaign, outcome=Appeal.Outcome.PENDING).count()
        if pending:
            raise ValidationError(f"还有{pending}件申诉未答复，答复后才能定档。")
    now = timezone.now()
    if new in (Phase.PUBLICITY, Phase.FINAL):
        rescore_campaign(campaign)
    if new == Phase.PUBLICITY:
        campaign.published_at = now
    if new == Phase.FINAL:
        campaign.finalised_at = now
    record(actor, "变更阶段", campaign=campaign, target=campaign.title, field="阶段",
           old=campaign.get_phase_display(), new=new.label)
    campaign.phase = new
    campaign.save()
    from zwgk.notifications.services import notify_campaign

    notify_campaign(campaign, f"{campaign.title}进入{new.label}阶段。")
    return new


@transaction.atomic
def file_appeal(actor, entry: Entry, text: str) -> Appeal:
    access.require(access.may_appeal(actor, entry))
    if not text.strip():
        raise ValidationError({"text": "请写明申诉理由和依据。"})
    if entry.appeals.filter(outcome=Appeal.Outcome.PENDING).exists():
        raise ValidationError("本项已有一件申诉在处理中，请等待答复。")
    appeal = Appeal.objects.create(entry=entry, filed_by=actor, text=text, score_before=entry.final_score)
    _log(actor, "提出申诉", entry, new=text)
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
        rescore_campaign(entry.campaign)  # the unit's total moved: ranks may too
    appeal.outcome, appeal.answer = outcome, answer
    appeal.answered_by, appeal.answered_at = actor, timezone.now()
    appeal.score_after = entry.final_score
    appeal.save()
    _log(actor, "答复申诉", entry, field="申诉结果", old=Appeal.Outcome.PENDING.label,
         new=Appeal.Outcome(outcome).label, reason=answer)
