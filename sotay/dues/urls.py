from django.urls import path

from . import views

app_name = "dues"
urlpatterns = [
    path("dang-phi/", views.my_dues, name="mine"),
    path("dang-phi/bien-lai/<uuid:public_id>/", views.receipt, name="receipt"),
    path("quan-ly/dang-phi/<uuid:public_id>/", views.unit_page, name="unit"),
]
