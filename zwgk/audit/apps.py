from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "zwgk.audit"
    verbose_name = "操作日志"
