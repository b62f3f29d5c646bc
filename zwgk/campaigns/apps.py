from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "zwgk.campaigns"
    verbose_name = "考核工作"
