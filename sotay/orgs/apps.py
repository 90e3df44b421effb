from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "sotay.orgs"
    label = "orgs"
    verbose_name = "Tổ chức đảng"
