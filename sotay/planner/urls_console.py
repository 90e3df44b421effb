from django.urls import path

from .views import console

app_name = "planner_console"
urlpatterns = [
    path("", console.task_list, name="tasks"),
    path("<uuid:public_id>/", console.task_detail, name="task"),
]
