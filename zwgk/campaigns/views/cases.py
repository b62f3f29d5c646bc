"""Scheme-level cases for one unit: 综合加分 (B1…) and 重大扣分 / 得分为零 (M1…), set by the office."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render

from zwgk.accounts.roles import is_office
from zwgk.audit.services import json_text, record
from zwgk.campaigns import access
from zwgk.campaigns.findings import FindingsError, facts_from_form, form_values
from zwgk.campaigns.results import rescore_unit, unit_outcome
from zwgk.campaigns.views.common import campaign_for, messages_of
from zwgk.campaigns.views.entry import clause_inputs
from zwgk.schemes.reading import engine_scheme
from zwgk.scoring.errors import ScoringError


def _sections(scheme, participant, values: dict, errors: dict) -> list[tuple[str, list]]:
    sections = []
    for title, cases, stored in (("综合加分", scheme.bonus_cases, participant.bonus),
                                 ("重大扣分", scheme.major_cases, participant.major)):
        rows = []
        for case in cases:
            prefix = f"{case.id}-"
            shown = values if values else form_values(case, stored.get(case.id) or {}, {}, prefix)
            rows.append((case, clause_inputs(case, shown, errors, prefix)))
        if rows:
            sections.append((title, rows))
    return sections


@login_required
def unit_cases(request, campaign_id: int, unit_id: int):
    campaign = campaign_for(request.user, campaign_id)
    access.require(is_office(request.user))
    participant = campaign.participants.select_related("unit", "campaign__scheme").filter(unit=unit_id).first()
    if participant is None:
        raise Http404
    scheme = engine_scheme(campaign)
    errors, values = {}, {}
    if request.method == "POST":
        access.require(not campaign.locked)
        values = request.POST.dict()
        try:
            bonus, major = {}, {}
            for cases, out in ((scheme.bonus_cases, bonus), (scheme.major_cases, major)):
                for case in cases:
                    facts, _ = facts_from_form(case, request.POST, f"{case.id}-")
                    if facts:
                        out[case.id] = facts
            reason = request.POST.get("reason", "").strip()
            if not reason:
                raise ValidationError("请填写理由（如表彰文件、通报文号），便于追溯。")
            old = (participant.bonus, participant.major)
            participant.bonus, participant.major = bonus, major
            unit_outcome(campaign, participant)  # refuses facts the engine cannot use
        except FindingsError as err:
            errors = err.errors
            messages.error(request, "填写有误，请按提示修改。")
        except (ValidationError, ScoringError) as err:
            messages.error(request, "；".join(messages_of(err)) if isinstance(err, ValidationError) else err.message)
        else:
            participant.save(update_fields=["bonus", "major"])
            record(request.user, "修改加扣分事项", campaign=campaign, unit=participant.unit, target=participant.unit.name,
                   field="综合加分/重大扣分", old=json_text({"bonus": old[0], "major": old[1]}),
                   new=json_text({"bonus": bonus, "major": major}), reason=reason)
            rescore_unit(participant)
            messages.success(request, "加分和扣分事项已保存，总分已重新计算。")
            return redirect("campaigns:cases", campaign.pk, unit_id)
    return render(request, "campaigns/cases.html", {
        "campaign": campaign, "participant": participant,
        "sections": _sections(scheme, participant, values, errors)}, status=400 if request.method == "POST" else 200)
