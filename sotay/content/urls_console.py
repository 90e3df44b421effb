from django.urls import path

from .views import bulletins, console

app_name = "content_console"
urlpatterns = [
    path("", console.item_list, name="list"),
    path("moi/", console.item_new, name="new"),
    path("<uuid:public_id>/", console.item_manage, name="item"),
    path("<uuid:public_id>/sua/", console.item_edit, name="edit"),
    path("<uuid:public_id>/ai-da-doc/", console.readership, name="readership"),
    path("<uuid:public_id>/<slug:action>/", console.item_action, name="action"),
    path("ban-tin/", bulletins.console_bulletins, name="bulletins"),
    path("ban-tin/<uuid:public_id>/", bulletins.console_bulletin, name="bulletin"),
    path(
        "ban-tin/<uuid:public_id>/<slug:action>/",
        bulletins.console_bulletin_action,
        name="bulletin_action",
    ),
]
