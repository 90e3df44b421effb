from django.apps import AppConfig


class EkycConfig(AppConfig):
    name = "sotay.ekyc"
    label = "ekyc"
    verbose_name = "Đăng ký bằng thẻ đảng và khuôn mặt"
