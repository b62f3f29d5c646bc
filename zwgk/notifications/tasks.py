"""Background work for the huey consumer (`manage.py run_huey`): the daily reminders and robot posts."""
from __future__ import annotations

import logging
from datetime import datetime, timezone

from django.conf import settings
from django.core.mail import send_mail
from huey import crontab
from huey.contrib.djhuey import HUEY, db_periodic_task, db_task

from zwgk.notifications import webhook
from zwgk.notifications.reminders import BEIJING, beijing_today, send_reminders

log = logging.getLogger(__name__)


def beijing_crontab(**fields):
    """A crontab read on Beijing time. huey matches crontabs against UTC (its default, utc=True)
    or the server's own clock, and neither need be China's; the county's 8 a.m. is what counts."""
    matches = crontab(**fields)

    def validate(timestamp: datetime) -> bool:
        aware = timestamp.replace(tzinfo=timezone.utc) if HUEY.utc else timestamp.astimezone()
        return matches(aware.astimezone(BEIJING).replace(tzinfo=None))

    return validate


@db_task()
def send_webhook(url: str, text: str) -> None:
    """Post to a group robot off the request; failures are logged by webhook.post, never retried
    into a flood. Returns nothing so the result store does not fill up with booleans."""
    webhook.post(url, text)


@db_task()
def send_event_mail(addresses: list[str], text: str, link: str = "") -> None:
    """One e-mail per event (退回、申诉、核查…) to the people told in the app; a failure is logged."""
    base = getattr(settings, "SITE_URL", "").rstrip("/")
    body = [text, ""]
    if link:
        body.append(f"办理地址：{base}{link}")
    body += ["", "请登录政务公开考核平台查看详情。本邮件由系统自动发送，请勿直接回复。"]
    try:
        send_mail(f"【政务公开考核】{text[:40]}", "\n".join(body), None, addresses, fail_silently=False)
    except Exception:
        log.exception("通知邮件发送失败（%s人）", len(addresses))


@db_periodic_task(beijing_crontab(hour="8", minute="0"))
def daily_reminders() -> None:
    report = send_reminders(beijing_today())
    log.info("每日提醒：%s", str(report).splitlines()[0])
