"""One item for one unit: self-assessment, evidence, approval, review, override, appeal."""
from __future__ import annotations

import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from zwgk.accounts.models import UNIT_ROLES
from zwgk.accounts.roles import is_office, role_of
from zwgk.campaigns import access, workflow
from zwgk.campaigns.findings import FindingsError, facts_from_form, fields_for, form_values, variables_for
from zwgk.campaigns.models import Appeal, Campaign, Entry, Task
from zwgk.campaigns.views.common import campaign_for, decimal_or_none, entry_for, messages_of, seen_of
from zwgk.evidence import services as evidence
from zwgk.evidence.checks import ACCEPT
from zwgk.evidence.models import Evidence
from zwgk.schemes.reading import engine_scheme, item_data
from zwgk.scoring.clauses import fmt_exact

Phase = Campaign.Phase


def scores_visible(user, campaign: Campaign) -> bool:
    """Units see scores once results are published; the office and assessors always."""
    return role_of(user) not in UNIT_ROLES or campaign.published


def clause_inputs(item, values: dict, errors: dict, prefix: str = "", computed: dict | None = None) -> list[dict]:
    """Each clause's input with its current value, error and ledger computation, for the template."""
    out = []
    for f in fields_for(item, prefix):
        tiers = [(f"{f.name}_t{i}", t.label, values.get(f"{f.name}_t{i}", "")) for i, t in enumerate(f.clause.tiers)]
        out.append({"input": f, "value": values.get(f.name, ""), "note": values.get(f"{f.name}_note", ""),
                    "tiers": tiers, "errors": [errors[k] for k in (f.name, *(t[0] for t in tiers)) if k in errors],
                    "computed": (computed or {}).get(str(f.clause.n))})
    return out


def _rule_score(entry: Entry):
    """What the item's rule gives from its findings, before the office's own score."""
    unadjusted = copy.copy(entry)
    unadjusted.override_score = None
    return workflow.preview(unadjusted, entry.facts).items[entry.item_id].score


def _context(request, campaign: Campaign, entry: Entry, form_errors=None, posted=None) -> dict:
    user = request.user
    item = engine_scheme(campaign).item(entry.item_id)
    reviewing = access.may_review(user, entry) and not campaign.is_task_plan and item is not None
    may_override = is_office(user) and not campaign.locked and not campaign.is_task_plan
    if posted is not None and posted.get("action") == "findings":
        values = posted
    else:
        values = form_values(item, entry.facts, entry.finding_notes) if item else {}
    siblings = list(access.entries_for(user, campaign).filter(unit=entry.unit_id).values_list("pk", flat=True))
    at = siblings.index(entry.pk) if entry.pk in siblings else -1
    appeals = list(entry.appeals.select_related("filed_by", "answered_by"))
    return {
        "campaign": campaign, "entry": entry, "item": item, "data": item_data(campaign, entry.item_id),
        "task": Task.objects.filter(campaign=campaign, item_id=entry.item_id).prefetch_related("lead", "support").first(),
        "evidence": list(entry.evidence.select_related("uploaded_by")),
        "accept": ACCEPT,
        "may_fill": access.may_fill(user, entry),
        "may_approve": access.may_approve(user, entry),
        "may_return": access.may_return(user, entry),
        "may_review": reviewing,
        "may_override": may_override,
        "rule_score": _rule_score(entry) if may_override and entry.applicable else None,
        "may_appeal": access.may_appeal(user, entry) and not any(a.outcome == Appeal.Outcome.PENDING for a in appeals),
        "may_answer": is_office(user) and campaign.phase == Phase.PUBLICITY,
        "may_upload": access.may_fill(user, entry) or reviewing or access.may_add_appeal_evidence(user, entry),
        "appeal_evidence": access.may_add_appeal_evidence(user, entry),
        "show_scores": scores_visible(user, campaign),
        "appeals": appeals,
        "fields": clause_inputs(item, values, form_errors or {}, computed=entry.computed) if reviewing else [],
        "variables": [(i, v, values.get(f"v{i}", ""), (form_errors or {}).get(f"v{i}"))
                      for i, v in enumerate(variables_for(item))] if reviewing else [],
        "participant": campaign.participants.filter(unit=entry.unit_id).first() if reviewing else None,
        "posted": posted,
        "form_errors": form_errors or {},
        "previous": siblings[at - 1] if at > 0 else None,
        "next": siblings[at + 1] if 0 <= at < len(siblings) - 1 else None,
        "outcomes": [o for o in Appeal.Outcome if o != Appeal.Outcome.PENDING],
        "progress_choices": Entry.Progress.choices,
    }


@login_required
def entry_page(request, campaign_id: int, entry_id: int):
    campaign = campaign_for(request.user, campaign_id)
    entry = entry_for(request.user, campaign, entry_id)
    if request.method == "POST":
        return _act(request, campaign, entry)
    return render(request, "campaigns/entry.html", _context(request, campaign, entry))


_ACTIONS = {}


def action(name):
    def register(fn):
        _ACTIONS[name] = fn
        return fn
    return register


def _act(request, campaign, entry):
    handler = _ACTIONS.get(request.POST.get("action", ""))
    if handler is None:
        raise PermissionDenied
    try:
        done = handler(request, entry)
    except FindingsError as err:
        messages.error(request, "核查结果有误，请按提示修改后再保存。")
        return render(request, "campaigns/entry.html",
                      _context(request, campaign, entry, err.errors, request.POST.dict()), status=400)
    except workflow.StaleEntry as err:  # shown with the latest version, the person's input kept
        messages.error(request, err.message)
        posted = {k: v for k, v in request.POST.dict().items() if k not in ("version", "seen_at")}
        return render(request, "campaigns/entry.html", _context(request, campaign, err.entry, None, posted),
                      status=409)
    except ValidationError as err:
        for m in messages_of(err):
            messages.error(request, m)
        entry.refresh_from_db()  # the refused change was rolled back: show what is stored, and its version
        return render(request, "campaigns/entry.html",
                      _context(request, campaign, entry, None, request.POST.dict()), status=400)
    if done:
        messages.success(request, done)
    return redirect("campaigns:entry", campaign.pk, entry.pk)


@action("save_self")
def _save_self(request, entry):
    p = request.POST
    workflow.save_self(request.user, entry, self_score=decimal_or_none(p.get("self_score"), "self_score", "自评分"),
                       self_note=p.get("self_note", "").strip(), progress=p.get("progress") or None,
                       progress_note=p.get("progress_note", "").strip(), **seen_of(p))
    return "自评已保存。"


@action("submit")
def _submit(request, entry):
    workflow.submit(request.user, [entry])
    return "已提交，等待单位负责人审核。"


@action("approve")
def _approve(request, entry):
    workflow.approve(request.user, [entry])
    return "已审核通过，报送考核办。"


@action("return")
def _return(request, entry):
    workflow.send_back(request.user, entry, request.POST.get("reason", ""), **seen_of(request.POST))
    return "已退回单位修改。"


@action("findings")
def _findings(request, entry):
    item = engine_scheme(entry.campaign).item(entry.item_id)
    facts, notes = facts_from_form(item, request.POST)
    workflow.record_findings(request.user, entry, facts, notes, request.POST.get("reason", ""), **seen_of(request.POST))
    return "核查结果已保存，得分已重新计算。"


@action("override")
def _override(request, entry):
    score = decimal_or_none(request.POST.get("override_score"), "override_score", "调整后得分")
    workflow.override(request.user, entry, score, request.POST.get("override_reason", ""), **seen_of(request.POST))
    return "得分已调整。" if score is not None else "已取消调整，恢复按评分标准计算的得分。"


@action("applicability")
def _applicability(request, entry):
    applicable = request.POST.get("applicable") == "yes"
    workflow.set_applicable(request.user, entry, applicable, request.POST.get("na_reason", ""), **seen_of(request.POST))
    return "已设为适用。" if applicable else "已设为不适用。"


@action("appeal")
def _appeal(request, entry):
    workflow.file_appeal(request.user, entry, request.POST.get("text", ""))
    return "申诉已提交，考核办答复后会通知您。"


@action("answer")
def _answer(request, entry):
    appeal = get_object_or_404(Appeal, pk=request.POST.get("appeal"), entry=entry)
    score = decimal_or_none(request.POST.get("score"), "score", "调整后得分")
    workflow.answer_appeal(request.user, appeal, request.POST.get("outcome", ""), request.POST.get("answer", ""), score)
    return "申诉已答复。"


def _stage(request, entry) -> str:
    if access.may_fill(request.user, entry):
        return Evidence.Stage.SELF
    return Evidence.Stage.APPEAL if access.may_add_appeal_evidence(request.user, entry) else Evidence.Stage.REVIEW


def _may_upload(request, entry) -> None:
    access.require(access.may_fill(request.user, entry) or access.may_review(request.user, entry)
                   or access.may_add_appeal_evidence(request.user, entry))


@action("upload")
def _upload(request, entry):
    _may_upload(request, entry)
    files = request.FILES.getlist("files")
    if not files:
        raise ValidationError("请先选择要上传的文件。")
    for f in files:
        evidence.add_file(request.user, entry, f, _stage(request, entry))
    workflow.evidence_changed(entry)
    return f"已上传{len(files)}个文件。"


@action("link")
def _link(request, entry):
    _may_upload(request, entry)
    evidence.add_link(request.user, entry, request.POST.get("url", ""), request.POST.get("name", ""),
                      _stage(request, entry))
    workflow.evidence_changed(entry)
    return "链接已添加。"


@action("remove_evidence")
def _remove(request, entry):
    _may_upload(request, entry)
    item = get_object_or_404(Evidence, pk=request.POST.get("evidence"), entry=entry)
    access.require(item.uploaded_by_id == request.user.pk or is_office(request.user))
    evidence.remove(request.user, item)
    workflow.evidence_changed(entry)
    return "佐证材料已删除。"


@login_required
@require_POST
def preview(request, campaign_id: int, entry_id: int):
    """The live score while an assessor types: nothing is saved."""
    campaign = campaign_for(request.user, campaign_id)
    entry = entry_for(request.user, campaign, entry_id)
    access.require(access.may_review(request.user, entry))
    item = engine_scheme(campaign).item(entry.item_id)
    try:
        facts, _ = facts_from_form(item, request.POST)
        outcome = workflow.preview(entry, facts)
    except FindingsError as err:
        return JsonResponse({"ok": False, "errors": err.errors}, status=200)
    except ValidationError as err:
        return JsonResponse({"ok": False, "errors": {"": "；".join(messages_of(err))}}, status=200)
    line = outcome.items[entry.item_id]
    return JsonResponse({
        "ok": True,
        "score": fmt_exact(line.score) if line.score is not None else None,
        "in_pool": line.result.in_pool,
        "total": fmt_exact(outcome.total),
        "max_points": fmt_exact(outcome.max_points),
        "unchecked": outcome.unchecked,
        "unchecked_counting": campaign.unchecked_counting,
        "grade": outcome.grade,
        "explanation": [step["message"] for step in line.explanation],
    })
