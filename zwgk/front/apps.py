from django.apps import AppConfig


class FrontConfig(AppConfig):
    name = "zwgk.front"
    verbose_name = "首页"
