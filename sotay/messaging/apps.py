from django.apps import AppConfig


class MessagingConfig(AppConfig):
    name = "sotay.messaging"
    label = "messaging"
    verbose_name = "Tin nhắn"
