from django.urls import path

from .views import app

app_name = "meetings"
urlpatterns = [
    path("", app.meeting_list, name="list"),
    path("<uuid:public_id>/", app.meeting_detail, name="detail"),
]
