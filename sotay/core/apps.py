from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "sotay.core"
    label = "core"
    verbose_name = "Lõi hệ thống"
