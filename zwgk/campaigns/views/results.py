"""Results: the ranking by group, each unit's score sheet, and evidence downloads."""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from zwgk.accounts.roles import is_office
from zwgk.campaigns import access
from zwgk.campaigns.exports import ranked
from zwgk.campaigns.results import campaign_outcomes, rules_text, unit_outcome
from zwgk.campaigns.sheet import unit_sheet
from zwgk.campaigns.views.common import campaign_for, results_participant
from zwgk.evidence import serving
from zwgk.evidence.models import Evidence


@login_required
def ranking(request, campaign_id: int):
    """The office sees the ranking at any time; everyone else once it is published. Computed
    afresh (campaigns.results), with how it was computed printed above it."""
    campaign = campaign_for(request.user, campaign_id)
    if not access.may_see_results(request.user, campaign):
        raise Http404
    outcomes = campaign_outcomes(campaign) if not campaign.is_task_plan else []
    return render(request, "campaigns/ranking.html", {
        "campaign": campaign, "groups": ranked(campaign, outcomes), "office": is_office(request.user),
        "published": campaign.published, "rules": rules_text(campaign),
        "unchecked": sum(o.unchecked for o in outcomes)})


@login_required
def score_sheet(request, campaign_id: int, unit_id: int):
    """A unit's 分值, 自评分, 得分 and the reason for every point lost."""
    campaign = campaign_for(request.user, campaign_id)
    participant = results_participant(request.user, campaign, unit_id)
    sheet = unit_sheet(campaign, unit_outcome(campaign, participant))
    return render(request, "campaigns/sheet.html", {
        "campaign": campaign, "participant": participant, "sheet": sheet,
        "rows": [(row, _cells(row.levels, len(sheet.levels))) for row in sheet.rows]})


def _cells(levels: tuple[str, ...], count: int) -> tuple[str, ...]:
    """An item's level names as exactly `count` cells, so every row lines up with the header."""
    return (levels + ("",) * count)[:count]


@login_required
def evidence_file(request, evidence_id: int):
    """A file, only through the entry's scope (outside it: 404).

    `?download=1` is always an attachment; `?inline=1` (the 查看 link) shows a checked image or PDF
    in the tab; with neither, images are shown and everything else is downloaded. Anything that is
    not an image or PDF by the type the upload check recorded is an attachment whatever is asked;
    the headers, and why, are in `zwgk.evidence.serving`.
    """
    item = get_object_or_404(Evidence.objects.select_related("entry__campaign"), pk=evidence_id)
    if not item.file or not access.entries_for(request.user, item.entry.campaign).filter(pk=item.entry_id).exists():
        raise Http404
    if request.GET.get("download") == "1":
        inline = False
    else:
        inline = request.GET.get("inline") == "1" or serving.is_image(item)
    return serving.file_response(item, inline=inline)

