"""A person's own notifications: the list, opening one, and marking them all read."""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from zwgk.notifications.models import Notification

PER_PAGE = 50


@login_required
def notification_list(request):
    mine = Notification.objects.filter(user=request.user)
    page = Paginator(mine, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "notifications/list.html", {"page": page})  # the unread count: nav_unread


@login_required
def open_notification(request, pk: int):
    """Mark it read and go where it points; someone else's answers 404, a link off the site goes nowhere."""
    note = get_object_or_404(Notification, pk=pk, user=request.user)
    if note.read_at is None:
        note.read_at = timezone.now()
        note.save(update_fields=["read_at"])
    if note.link and url_has_allowed_host_and_scheme(note.link, allowed_hosts=None) and note.link.startswith("/"):
        return redirect(note.link)
    return redirect("notifications:list")


@login_required
@require_POST
def mark_all_read(request):
    Notification.objects.filter(user=request.user, read_at__isnull=True).update(read_at=timezone.now())
    return redirect("notifications:list")
