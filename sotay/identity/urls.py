from django.urls import path

from . import views

app_name = "identity"
urlpatterns = [
    path("the-dang-vien/", views.my_card, name="card"),
    path("the-dang-vien/qr.png", views.my_card_png, name="card_png"),
    path("the-dang-vien/khoa-cong-khai.pem", views.public_key, name="public_key"),
    path("quan-ly/the/<uuid:public_id>/thu-hoi/", views.revoke, name="revoke"),
]
