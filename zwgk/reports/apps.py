from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "zwgk.reports"
    verbose_name = "导出与通报"
