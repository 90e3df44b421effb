from django.urls import path

from .views import console

app_name = "meetings_console"
urlpatterns = [
    path("", console.home, name="home"),
    path("chi-bo/<uuid:public_id>/", console.cell_page, name="cell"),
    path("giam-sat/<uuid:public_id>/", console.oversight, name="oversight"),
    path("<uuid:public_id>/", console.meeting_page, name="meeting"),
    path("<uuid:public_id>/bien-ban.<str:fmt>", console.minutes_export, name="export"),
]
