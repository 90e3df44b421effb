from django.urls import path

from . import views

app_name = "assistant"
urlpatterns = [
    path("tro-ly/", views.assistant_page, name="page"),
    path("noi-dung/<uuid:public_id>/nghe/", views.listen_page, name="listen"),
    path("noi-dung/<uuid:public_id>/nghe/toan-bai.ogg", views.audio, name="audio_whole"),
    path("noi-dung/<uuid:public_id>/nghe/<slug:anchor>.ogg", views.audio, name="audio"),
    path("thong-bao/cap-uy/<uuid:public_id>/nghe.ogg", views.notice_audio, name="notice_audio"),
]
