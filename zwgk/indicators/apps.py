from importlib import import_module

from django.apps import AppConfig

# The modules that register indicators (one per family), in the order they are listed.
FAMILIES = ["deadlines", "publications", "interpretations", "media", "circulars", "submissions", "documents",
            "meetings", "opinions"]


class IndicatorsConfig(AppConfig):
    name = "zwgk.indicators"
    verbose_name = "台账指标"

    def ready(self):
        for family in FAMILIES:
            import_module(f"{self.name}.{family}")
