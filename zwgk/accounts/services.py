import secrets

from django.contrib.auth import get_user_model
from django.db import transaction

DEMO_ADMIN = "admin"


@transaction.atomic
def ensure_demo_admin() -> str:
    """Create or refresh the demo superuser and return its new password.

    A fresh password on every start means no fixed password ever exists,
    in the code or on a forgotten demo machine.
    """
    user, _ = get_user_model().objects.get_or_create(username=DEMO_ADMIN)
    password = secrets.token_urlsafe(12)
    user.is_active = user.is_staff = user.is_superuser = True
    user.set_password(password)
    user.save()
    return password
