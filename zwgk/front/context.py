from zwgk.accounts.models import UNIT_ROLES
from zwgk.accounts.roles import is_office, role_label, role_of, unit_of


def navigation(request):
    """Who is signed in, for the masthead: role, unit, unread notifications.

    A request refused before the authentication middleware (a 400 for a bad Host header) has no
    user; its error page must still render.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from zwgk.notifications.models import Notification

    return {
        "nav_role": role_label(user),
        "nav_unit": unit_of(user),
        "nav_office": is_office(user),
        "nav_contacts": role_of(user) in UNIT_ROLES,
        "nav_unread": Notification.objects.filter(user=user, read_at__isnull=True).count(),
    }
