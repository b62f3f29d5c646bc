"""Lookups shared by the campaign views, always through the person's scope (404 outside it)."""
from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404

from zwgk.accounts.models import UNIT_ROLES
from zwgk.accounts.roles import is_office, role_of, unit_of
from zwgk.campaigns import access
from zwgk.campaigns.findings import parse_number
from zwgk.campaigns.models import Campaign, Entry


def campaign_for(user, pk: int) -> Campaign:
    return get_object_or_404(access.campaigns_for(user).select_related("scheme"), pk=pk)


def entry_for(user, campaign: Campaign, pk: int) -> Entry:
    return get_object_or_404(access.entries_for(user, campaign).select_related("unit", "campaign__scheme"), pk=pk)


def unit_id_for(user, campaign: Campaign, unit_id: int | None) -> int:
    """The unit a page is about: the person's own unit, or (office) the one asked for."""
    if is_office(user) and unit_id is not None:
        if not campaign.participants.filter(unit=unit_id).exists():
            raise Http404
        return unit_id
    unit = unit_of(user)
    if unit is None or role_of(user) not in UNIT_ROLES:
        raise Http404
    own = unit.parent_id or unit.pk
    if unit_id is not None and unit_id != own:
        raise Http404
    return own


def results_participant(user, campaign: Campaign, unit_id: int):
    """The unit whose results someone asks for — their own, or any for the office — once they may
    see results (score sheet page and its download)."""
    unit = unit_id_for(user, campaign, unit_id)
    if not access.may_see_results(user, campaign):
        raise Http404
    return campaign.participants.select_related("unit").get(unit=unit)


def decimal_or_none(raw: str | None, field: str, label: str) -> Decimal | None:
    try:
        return parse_number(raw, label, cents=True)
    except ValueError as err:
        raise ValidationError({field: str(err)}) from None


def messages_of(err: ValidationError) -> list[str]:
    if hasattr(err, "message_dict"):
        return [m for ms in err.message_dict.values() for m in ms]
    return list(err.messages)


def seen_of(post) -> dict:
    """The entry version (and its time) the page showed, for workflow's stale-save check; a
    missing or garbled value means "as read by this request"."""
    try:
        seen = int(post.get("version", ""))
    except ValueError:
        seen = None
    try:
        seen_at = datetime.datetime.fromisoformat(post.get("seen_at", ""))
    except ValueError:
        seen_at = None
    return {"seen": seen, "seen_at": seen_at}
