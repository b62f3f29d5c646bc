"""Results: the ranking by group, each unit's score sheet, and evidence downloads."""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render

from zwgk.accounts.roles import is_office
from zwgk.campaigns import access
from zwgk.campaigns.sheet import unit_sheet
from zwgk.campaigns.views.common import campaign_for, results_participant
from zwgk.evidence.checks import IMAGES, extension
from zwgk.evidence.models import Evidence


@login_required
def ranking(request, campaign_id: int):
    """The office sees the ranking at any time; everyone else once it is published."""
    campaign = campaign_for(request.user, campaign_id)
    if not access.may_see_results(request.user, campaign):
        raise Http404
    groups: dict[str, list] = {}
    for p in campaign.participants.select_related("unit").order_by("group", "rank", "unit__order"):
        groups.setdefault(p.group, []).append(p)
    return render(request, "campaigns/ranking.html", {
        "campaign": campaign, "groups": groups, "office": is_office(request.user), "published": campaign.published})


@login_required
def score_sheet(request, campaign_id: int, unit_id: int):
    """A unit's 分值, 自评分, 得分 and the reason for every point lost."""
    campaign = campaign_for(request.user, campaign_id)
    participant = results_participant(request.user, campaign, unit_id)
    return render(request, "campaigns/sheet.html", {
        "campaign": campaign, "participant": participant, "sheet": unit_sheet(campaign, participant)})


@login_required
def evidence_file(request, evidence_id: int):
    """A file, only through the entry's scope; never rendered inline except checked images."""
    item = get_object_or_404(Evidence.objects.select_related("entry__campaign"), pk=evidence_id)
    if not item.file or not access.entries_for(request.user, item.entry.campaign).filter(pk=item.entry_id).exists():
        raise Http404
    inline = extension(item.name) in IMAGES and request.GET.get("download") != "1"
    response = FileResponse(item.file.open("rb"), as_attachment=not inline, filename=item.name,
                            content_type=item.content_type or "application/octet-stream")
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    return response

