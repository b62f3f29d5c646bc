from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "zwgk.demo"
    verbose_name = "演示数据"
