from django.apps import AppConfig


class NoticesConfig(AppConfig):
    name = "sotay.notices"
    label = "notices"
    verbose_name = "Thông báo"
