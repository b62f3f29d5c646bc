from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "zwgk.notifications"
    verbose_name = "提醒与通知"
