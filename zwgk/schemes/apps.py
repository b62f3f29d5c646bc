from django.apps import AppConfig


class SchemesConfig(AppConfig):
    name = "zwgk.schemes"
    verbose_name = "考核方案"
