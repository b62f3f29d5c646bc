"""Lookups shared by the campaign views, always through the person's scope (404 outside it)."""
from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404

from zwgk.accounts.roles import is_office, role_of, unit_of
from zwgk.campaigns import access
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
    if unit is None or role_of(user) not in ("reporter", "head"):
        raise Http404
    own = unit.parent_id or unit.pk
    if unit_id is not None and unit_id != own:
        raise Http404
    return own


def decimal_or_none(raw: str | None, field: str, label: str) -> Decimal | None:
    raw = (raw or "").strip()
    if not raw:
        return None
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise ValidationError({field: f"{label}应为数字，例如 2 或 1.5，收到“{raw}”。"}) from None
    if value.as_tuple().exponent < -2:
        raise ValidationError({field: f"{label}最多保留两位小数。"})
    return value


def messages_of(err: ValidationError) -> list[str]:
    if hasattr(err, "message_dict"):
        return [m for ms in err.message_dict.values() for m in ms]
    return list(err.messages)
