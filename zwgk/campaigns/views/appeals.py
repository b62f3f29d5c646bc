"""The office's list of appeals (申诉): open and answered, by unit and item, linked to each entry."""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.http import urlencode

from zwgk.accounts.roles import is_office
from zwgk.campaigns import access
from zwgk.campaigns.items import item_titles
from zwgk.campaigns.models import Appeal
from zwgk.campaigns.views.common import campaign_for

STATUSES = {"pending": "待答复", "answered": "已答复"}
PAGE = 50


@login_required
def appeal_list(request, campaign_id: int):
    campaign = campaign_for(request.user, campaign_id)
    access.require(is_office(request.user))
    appeals = Appeal.objects.filter(entry__campaign=campaign).select_related(
        "entry__unit", "filed_by__membership", "answered_by")
    units = list(campaign.participants.select_related("unit").order_by("unit__order", "unit__name"))
    chosen = {"status": request.GET.get("status", ""), "unit": request.GET.get("unit", "")}
    if chosen["status"] == "pending":
        appeals = appeals.filter(outcome=Appeal.Outcome.PENDING)
    elif chosen["status"] == "answered":
        appeals = appeals.exclude(outcome=Appeal.Outcome.PENDING)
    if chosen["unit"].isdigit():
        appeals = appeals.filter(entry__unit=int(chosen["unit"]))
    page = Paginator(appeals.order_by("-filed_at", "-id"), PAGE).get_page(request.GET.get("page"))
    titles = item_titles(campaign)
    for a in page:
        a.title = titles.get(a.entry.item_id, "")
    return render(request, "campaigns/appeals.html", {
        "campaign": campaign, "appeals": page, "units": units, "statuses": STATUSES, "chosen": chosen,
        "query": urlencode({k: v for k, v in chosen.items() if v}),
        "pending": Appeal.objects.filter(entry__campaign=campaign, outcome=Appeal.Outcome.PENDING).count(),
    })
