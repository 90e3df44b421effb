from django.apps import AppConfig


class ContentConfig(AppConfig):
    name = "sotay.content"
    label = "content"
    verbose_name = "Tin bài và văn kiện"
