from django.urls import path

from . import views

app_name = "assistant"
urlpatterns = [path("tro-ly/", views.assistant_page, name="page")]
