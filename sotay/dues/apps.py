from django.apps import AppConfig


class DuesConfig(AppConfig):
    name = "sotay.dues"
    label = "dues"
    verbose_name = "Đảng phí"
