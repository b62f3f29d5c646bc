from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "zwgk.evidence"
    verbose_name = "佐证材料"
