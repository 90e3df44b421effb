from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "sotay.reports"
    label = "reports"
    verbose_name = "Trung tâm báo cáo"
