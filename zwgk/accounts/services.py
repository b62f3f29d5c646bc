import secrets

from django.contrib.auth import get_user_model
from django.db import transaction

from zwgk.audit.services import record

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


@transaction.atomic
def change_own_password(user, password: str) -> None:
    """A person's new password, already checked by the form; the log says that it changed, never what to."""
    user.set_password(password)
    user.save(update_fields=["password"])
    record(user, "修改密码", target=user.get_username())
