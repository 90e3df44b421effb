from django.urls import path

from . import views

app_name = "ratings"
urlpatterns = [
    path("danh-gia/", views.my_rating, name="mine"),
    path("quan-ly/danh-gia/<uuid:public_id>/", views.unit_page, name="unit"),
]
