"""Scheme-level cases for one unit: 综合加分 (B1…) and 重大扣分 / 得分为零 (M1…), set by the office."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render

from zwgk.accounts.roles import is_office
from zwgk.campaigns import access, workflow
from zwgk.campaigns.findings import FindingsError, facts_from_form, form_values
from zwgk.campaigns.views.common import campaign_for, messages_of
from zwgk.campaigns.views.entry import clause_inputs
from zwgk.schemes.reading import engine_scheme


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
            workflow.set_cases(request.user, participant, bonus, major, request.POST.get("reason", ""))
        except FindingsError as err:
            errors = err.errors
            messages.error(request, "填写有误，请按提示修改。")
        except ValidationError as err:
            messages.error(request, "；".join(messages_of(err)))
            participant.refresh_from_db()  # refused and rolled back
        else:
            messages.success(request, "加分和扣分事项已保存，总分已重新计算。")
            return redirect("campaigns:cases", campaign.pk, unit_id)
    return render(request, "campaigns/cases.html", {
        "campaign": campaign, "participant": participant,
        "sections": _sections(scheme, participant, values, errors)}, status=400 if request.method == "POST" else 200)
