from django.apps import AppConfig


class PlannerConfig(AppConfig):
    name = "sotay.planner"
    label = "planner"
    verbose_name = "Lịch công tác, nhiệm vụ, ghi chú"
