from django.urls import path

from .views import app, bulletins

app_name = "content"
urlpatterns = [
    path("tin-tuc/", app.feed, name="feed"),
    path("van-kien/", app.documents, name="documents"),
    path("tim-kiem/", app.search, name="search"),
    path("da-luu/", app.saved, name="saved"),
    path("noi-dung/ngoai-tuyen.json", app.offline_list, name="offline_list"),
    path("noi-dung/tep/<uuid:public_id>/", app.attachment_download, name="attachment"),
    path("noi-dung/<uuid:public_id>/", app.item_detail, name="item"),
    path("noi-dung/<uuid:public_id>/anh/", app.item_image, name="image"),
    path("noi-dung/<uuid:public_id>/da-doc/", app.item_finished, name="finished"),
    path("noi-dung/<uuid:public_id>/luu/", app.bookmark, name="bookmark"),
    path("noi-dung/<uuid:public_id>/<slug:anchor>/", app.section_detail, name="section"),
    path("ban-tin/", bulletins.bulletin_list, name="bulletins"),
    path("ban-tin/<uuid:public_id>/", bulletins.bulletin_detail, name="bulletin"),
    path("ban-tin/<uuid:public_id>/pdf/", bulletins.bulletin_download, name="bulletin_pdf"),
]
