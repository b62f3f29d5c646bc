"""Background work for the huey consumer (`manage.py run_huey`): the daily reminders and robot posts."""
from __future__ import annotations

import logging
from datetime import datetime, timezone

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


@db_periodic_task(beijing_crontab(hour="8", minute="0"))
def daily_reminders() -> None:
    report = send_reminders(beijing_today())
    log.info("每日提醒：%s", str(report).splitlines()[0])
