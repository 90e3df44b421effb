from django.urls import path

from . import views

app_name = "ekyc"
urlpatterns = [
    path("dang-ky/", views.start, name="start"),
    path("dang-ky/<uuid:public_id>/", views.confirm, name="confirm"),
    path("dang-ky/<uuid:public_id>/ket-qua/", views.result, name="result"),
    path("quan-ly/dang-ky/", views.queue, name="queue"),
    path("quan-ly/dang-ky/<uuid:public_id>/", views.review, name="review"),
    path("quan-ly/dang-ky/<uuid:public_id>/anh/<slug:kind>.jpg", views.evidence, name="evidence"),
]
