"""Run the daily reminders by hand, e.g. after the consumer was down at 8 a.m."""
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from zwgk.notifications.reminders import beijing_today, send_reminders


class Command(BaseCommand):
    help = "发送到期提醒（站内通知、邮件、群机器人汇总）；重复运行不会重复提醒"

    def add_arguments(self, parser):
        parser.add_argument("--date", help="按哪一天计算，格式 YYYY-MM-DD，默认为北京时间今天")

    def handle(self, *args, date=None, **options):
        if date:
            try:
                today = _date(date)
            except ValueError:
                raise CommandError(f"日期格式应为 YYYY-MM-DD，收到“{date}”。") from None
        else:
            today = beijing_today()
        self.stdout.write(str(send_reminders(today)))


def _date(text: str) -> date:
    return date.fromisoformat(text.strip())
