from django.urls import path

from .views import app

app_name = "planner"
urlpatterns = [
    path("lich/", app.calendar, name="calendar"),
    path("lich/su-kien/moi/", app.event_form, name="event_new"),
    path("lich/su-kien/<uuid:public_id>/", app.event_detail, name="event"),
    path("lich/su-kien/<uuid:public_id>/sua/", app.event_form, name="event_edit"),
    path("lich/su-kien/<uuid:public_id>/xoa/", app.event_delete, name="event_delete"),
    path("lich/su-kien/<uuid:public_id>.ics", app.event_ics, name="event_ics"),
    path("lich/dong-bo/", app.feed_page, name="feed"),
    path("lich/ical/<str:token>.ics", app.feed_ics, name="feed_ics"),
    path("nhiem-vu/", app.my_tasks, name="tasks"),
    path("nhiem-vu/<uuid:public_id>/", app.assignment_page, name="assignment"),
    path("nhiem-vu/viec/<uuid:public_id>/tep/", app.task_file, name="task_file"),
    path("nhiem-vu/bao-cao/<int:report_id>/tep/", app.report_file, name="report_file"),
    path("so-tay/ghi-chu/", app.note_list, name="notes"),
    path("so-tay/ghi-chu/<uuid:public_id>/", app.note_page, name="note"),
]
