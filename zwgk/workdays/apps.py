from django.apps import AppConfig


class WorkdaysConfig(AppConfig):
    name = "zwgk.workdays"
    verbose_name = "工作日历"
