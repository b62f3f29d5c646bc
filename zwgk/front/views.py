from django.contrib.auth.decorators import login_required
from django.middleware.csrf import REASON_NO_CSRF_COOKIE
from django.shortcuts import render
from django.utils import timezone

from zwgk.accounts.models import UNIT_ROLES
from zwgk.accounts.roles import is_office, role_of
from zwgk.campaigns.dashboard import HORIZON
from zwgk.campaigns.todo import todo_for


@login_required
def home(request):
    """The person's to-do list (campaigns.todo), most urgent first, and the usual ways on."""
    todo = todo_for(request.user, timezone.localdate())
    return render(request, "front/home.html", {
        "todo": todo, "lines": sum(len(g.lines) for g in todo), "horizon": HORIZON,
        "office": is_office(request.user), "unit_role": role_of(request.user) in UNIT_ROLES,
    })


def csrf_failure(request, reason: str = ""):
    """The page for a refused form (settings.CSRF_FAILURE_VIEW): in Chinese, in the site's layout.

    The reason is Django's English text for the log, not for the person; only a missing cookie
    changes the advice.
    """
    return render(request, "403_csrf.html", {"no_cookie": reason == REASON_NO_CSRF_COOKIE}, status=403)
