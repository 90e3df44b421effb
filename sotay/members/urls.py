from django.urls import path

from .views import app, auth

app_name = "members"
urlpatterns = [
    path("dang-nhap/", auth.sign_in, name="login"),
    path("dang-nhap/xac-thuc/", auth.otp, name="otp"),
    path("dang-nhap/dinh-danh/", auth.eid_start, name="eid_start"),
    path("dang-nhap/dinh-danh/xong/", auth.eid_done, name="eid_done"),
    path("dang-xuat/", auth.sign_out, name="logout"),
    path("kich-hoat/", auth.activate, name="activate"),
]

app_urlpatterns = [
    path("", app.home, name="home"),
    path("ho-so/", app.my_record, name="my_record"),
    path("ho-so/dinh-chinh/", app.correction_new, name="correction_new"),
    path("ho-so/ai-da-xem/", app.record_views, name="record_views"),
    path("chi-bo/", app.my_cell, name="my_cell"),
    path("ho-so/chuyen-sinh-hoat/", app.transfer_request, name="transfer_request"),
    path(
        "ho-so/chuyen-sinh-hoat/<uuid:public_id>/giay-gioi-thieu.pdf",
        app.my_transfer_letter,
        name="my_transfer_letter",
    ),
    path("cai-dat/", app.preferences, name="preferences"),
    path("cai-dat/mat-khau/", app.password_change, name="password_change"),
    path("ho-so/anh/", app.my_photo, name="my_photo"),
    path("manifest.webmanifest", app.manifest, name="manifest"),
    path("sw.js", app.service_worker, name="sw"),
    path("offline/", app.offline, name="offline"),
]
