from django.apps import AppConfig


class IdentityConfig(AppConfig):
    name = "sotay.identity"
    label = "identity"
    verbose_name = "Thẻ đảng viên điện tử"
