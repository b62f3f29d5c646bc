"""结果完整性检查: what is still unsubmitted and unchecked before 公示 and 定档, and the office's
decision on how unchecked items count (with its reason)."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from zwgk.accounts.roles import is_office
from zwgk.campaigns import access, workflow
from zwgk.campaigns.completeness import unit_gaps
from zwgk.campaigns.models import Campaign
from zwgk.campaigns.results import rules_text
from zwgk.campaigns.views.common import campaign_for, messages_of


@login_required
def completeness(request, campaign_id: int):
    campaign = campaign_for(request.user, campaign_id)
    access.require(is_office(request.user) and not campaign.is_task_plan)
    units = unit_gaps(campaign)
    return render(request, "campaigns/completeness.html", {
        "campaign": campaign, "units": units, "rules": rules_text(campaign),
        "unchecked": sum(len(u.unchecked) for u in units),
        "not_submitted": sum(len(u.not_submitted) for u in units),
        "choices": Campaign.Unchecked.choices,
    })


@login_required
@require_POST
def unchecked_rule(request, campaign_id: int):
    campaign = campaign_for(request.user, campaign_id)
    try:
        workflow.set_unchecked_rule(request.user, campaign, request.POST.get("rule", ""),
                                    request.POST.get("reason", ""))
    except ValidationError as err:
        for m in messages_of(err):
            messages.error(request, m)
    else:
        messages.success(request, f"已确定：{campaign.get_unchecked_rule_display()}。得分和排名已重新计算。")
    return redirect("campaigns:completeness", campaign.pk)
