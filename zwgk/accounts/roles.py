"""Who someone is in zwgk: their role and unit, read once per request."""
from __future__ import annotations

from zwgk.accounts.models import Membership, Role


_MEMBERSHIP = Membership._meta.get_field("user").remote_field


def membership(user) -> Membership | None:
    """Read once per user object, into Django's own relation cache, so a list fetched with
    select_related("membership") costs no query per person."""
    if not getattr(user, "is_authenticated", False):
        return None
    if not _MEMBERSHIP.is_cached(user):
        _MEMBERSHIP.set_cached_value(user, Membership.objects.select_related("unit").filter(user=user).first())
    return _MEMBERSHIP.get_cached_value(user)


def role_of(user) -> str | None:
    if getattr(user, "is_superuser", False):
        return Role.ADMIN
    m = membership(user)
    return m.role if m else None


def unit_of(user):
    m = membership(user)
    return m.unit if m else None


def is_office(user) -> bool:
    """The office (考核办) and administrators run campaigns and see everything."""
    return role_of(user) in (Role.ADMIN, Role.OFFICE)


def role_label(user) -> str:
    role = role_of(user)
    return Role(role).label if role else "未分配角色"
