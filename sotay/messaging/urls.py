from django.urls import path

from .views import app

app_name = "messaging"
urlpatterns = [
    path("tin-nhan/", app.inbox, name="inbox"),
    path("tin-nhan/nhan-rieng/", app.start_direct, name="start_direct"),
    path("tin-nhan/<uuid:public_id>/", app.conversation_page, name="conversation"),
    path("tin-nhan/<uuid:public_id>/gui/", app.send, name="send"),
    path("tin-nhan/<uuid:public_id>/moi.json", app.since, name="since"),
    path("tin-nhan/tin/<int:message_id>/bao-cao/", app.report, name="report"),
    path("tin-nhan/tin/<int:message_id>/tep/", app.attachment, name="attachment"),
    path("tin-nhan/tin/<int:message_id>/an/", app.hide, name="hide"),
    path("quan-ly/tin-nhan/", app.reports, name="reports"),
]
