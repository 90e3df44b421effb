from django.urls import path

from . import views

app_name = "notices"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<int:pk>/", views.open_item, name="open"),
    path("cap-uy/<uuid:public_id>/", views.notice_received, name="received"),
    path("cap-uy/<uuid:public_id>/da-nhan/", views.acknowledge, name="acknowledge"),
    path("tep/<int:pk>/", views.attachment, name="attachment"),
    path("cai-dat/", views.preferences, name="preferences"),
    path("day/", views.push_subscription, name="push"),
]
