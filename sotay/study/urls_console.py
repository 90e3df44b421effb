from django.urls import path

from .views import console

app_name = "study_console"
urlpatterns = [
    path("", console.home, name="home"),
    path("ngan-hang/<uuid:public_id>.xlsx", console.bank_export, name="bank_export"),
    path("cau-hoi/", console.question_list, name="questions"),
    path("cau-hoi/<uuid:public_id>/", console.question_edit, name="question"),
    path("minh-chung/<uuid:public_id>.xlsx", console.evidence, name="evidence"),
    path("<uuid:public_id>/", console.programme_stats, name="programme"),
]
