"""Who someone is in zwgk: their role and unit, read once per request."""
from __future__ import annotations

from zwgk.accounts.models import Membership, Role


def membership(user) -> Membership | None:
    if not getattr(user, "is_authenticated", False):
        return None
    cached = getattr(user, "_zwgk_membership", False)
    if cached is False:
        cached = Membership.objects.select_related("unit").filter(user=user).first()
        user._zwgk_membership = cached
    return cached


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
