from django.apps import AppConfig


class AssistantConfig(AppConfig):
    name = "sotay.assistant"
    label = "assistant"
    verbose_name = "Trợ lý Điều lệ, quy định"

    def ready(self) -> None:
        from sotay.notices.signals import notice_sent

        from .speech.service import request_notice

        def speak_sent_notice(sender: object, notice: object, **kwargs: object) -> None:
            request_notice(notice)

        notice_sent.connect(speak_sent_notice, weak=False, dispatch_uid="assistant-speak-notice")
