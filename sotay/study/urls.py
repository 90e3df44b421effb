from django.urls import path

from .views import app

app_name = "study"
urlpatterns = [
    path("", app.programme_list, name="list"),
    path("xep-hang/", app.rankings, name="rankings"),
    path("bai-lam/<uuid:public_id>/", app.attempt_page, name="attempt"),
    path("bai-lam/<uuid:public_id>/luu/", app.attempt_autosave, name="autosave"),
    path("<uuid:public_id>/", app.programme_detail, name="programme"),
    path("<uuid:public_id>/lam-bai/", app.attempt_start, name="start"),
    path("<uuid:public_id>/chung-nhan.pdf", app.certificate, name="certificate"),
]
