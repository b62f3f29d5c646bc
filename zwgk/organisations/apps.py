from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "zwgk.organisations"
    verbose_name = "单位与联系人"
