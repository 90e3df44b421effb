from django.apps import AppConfig


class ParticipationConfig(AppConfig):
    name = "sotay.participation"
    label = "participation"
    verbose_name = "Khảo sát, lấy ý kiến, hỏi đáp"
