from django.apps import AppConfig


class LedgersConfig(AppConfig):
    name = "zwgk.ledgers"
    verbose_name = "台账"
