from django.apps import AppConfig


class AssistantConfig(AppConfig):
    name = "sotay.assistant"
    label = "assistant"
    verbose_name = "Trợ lý Điều lệ, quy định"
