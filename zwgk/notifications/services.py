"""Telling people: in-app notifications, e-mail, and the campaign's group robot (企业微信/钉钉)."""
from __future__ import annotations

import logging

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.urls import reverse

from zwgk.accounts.models import UNIT_ROLES, Role
from zwgk.notifications.models import Notification

log = logging.getLogger(__name__)


def notify(users, text: str, link: str = "", key: str = "") -> int:
    """An in-app notification to each person; with a `key`, a person gets it only once."""
    return len(notify_new(users, text, link, key))


def notify_new(users, text: str, link: str = "", key: str = "") -> list:
    """As notify, returning the people actually told this time (for the e-mail that goes with it)."""
    users = list(users)
    if key:  # already told (same key): one query, not one failed insert per person
        done = set(Notification.objects.filter(key=key, user__in=users).values_list("user_id", flat=True))
        users = [u for u in users if u.pk not in done]
    Notification.objects.bulk_create([Notification(user=u, text=text[:500], link=link, key=key) for u in users],
                                     ignore_conflicts=bool(key))
    return users


def tell(users, text: str, link: str = "", key: str = "") -> int:
    """An event told to the people it concerns: in-app, and by e-mail to those with an address
    (sent by the task queue once the change is committed)."""
    told = notify_new(users, text, link, key)
    addresses = [u.email for u in told if u.email]
    if addresses:
        transaction.on_commit(lambda: enqueue_mail(addresses, text, link))
    return len(told)


def unit_people(unit, roles=UNIT_ROLES):
    return get_user_model().objects.filter(is_active=True, membership__unit=unit, membership__role__in=roles)


def notify_unit(unit, text: str, link: str = "", key: str = "") -> int:
    """A unit's reporters and heads."""
    return tell(unit_people(unit), text, link, key)


def notify_heads(unit, text: str, link: str = "") -> int:
    """A unit's heads (单位负责人): what waits for their approval."""
    return tell(unit_people(unit, [Role.HEAD]), text, link)


def notify_office(text: str, link: str = "") -> int:
    """The office (考核办) and administrators."""
    people = get_user_model().objects.filter(is_active=True).filter(
        Q(membership__role=Role.OFFICE) | Q(is_superuser=True)).distinct()
    return tell(people, text, link)


def campaign_people_q(campaign) -> Q:
    """Everyone in the campaign's units (科室 included), and its assessors."""
    return (Q(membership__unit__participations__campaign=campaign)
            | Q(membership__unit__parent__participations__campaign=campaign)
            | Q(assignments__campaign=campaign))


def campaign_people(campaign):
    return get_user_model().objects.filter(is_active=True).filter(campaign_people_q(campaign)).distinct()


def notify_campaign(campaign, text: str) -> int:
    """Everyone in the campaign's units, and its assessors; and the group robot, once committed."""
    sent = notify(campaign_people(campaign), text, reverse("campaigns:detail", args=[campaign.pk]))
    post_to_robot(campaign, text)
    return sent


def post_to_robot(campaign, text: str) -> None:
    """The campaign's group robot (企业微信/钉钉), when it has one, once the change is committed."""
    if campaign.webhook_url:
        url = campaign.webhook_url
        transaction.on_commit(lambda: enqueue_webhook(url, text))


def enqueue_mail(addresses: list[str], text: str, link: str = "") -> bool:
    """Hand an event's e-mail to the task queue; a queue that cannot be reached is logged, not raised."""
    from zwgk.notifications.tasks import send_event_mail

    try:
        send_event_mail(addresses, text, link)
        return True
    except Exception:
        log.exception("通知邮件未能加入任务队列")
        return False


def enqueue_webhook(url: str, text: str) -> bool:
    """Hand a robot message to the task queue; a queue that cannot be reached is logged, not raised."""
    from zwgk.notifications.tasks import send_webhook

    try:
        send_webhook(url, text)
        return True
    except Exception:
        log.exception("群机器人消息未能加入任务队列")
        return False
