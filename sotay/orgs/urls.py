from django.urls import path

from sotay.members.views import console as members
from sotay.notices import views as notices

from . import views, views_groups

app_name = "console"
urlpatterns = [
    path("", views.console_home, name="home"),
    path("don-vi/<uuid:public_id>/", views.unit, name="unit"),
    path("don-vi/<uuid:public_id>/ket-qua-su-dung/", views.adoption, name="adoption"),
    path("don-vi/<uuid:public_id>/lich-su/", views.history, name="history"),
    path("don-vi/<uuid:public_id>/sap-xep/", views.restructure, name="restructure"),
    path("don-vi/<uuid:public_id>/to-dang/", views_groups.party_groups, name="party_groups"),
    path("don-vi/<uuid:public_id>/doi-ten/", views.rename, name="rename"),
    path("don-vi/<uuid:public_id>/dang-vien/", members.member_list, name="members"),
    path("don-vi/<uuid:public_id>/du-bi/", members.probation, name="probation"),
    path("don-vi/<uuid:public_id>/chuc-vu/", members.positions, name="positions"),
    path("don-vi/<uuid:public_id>/nhap/", members.import_new, name="import_new"),
    path(
        "don-vi/<uuid:public_id>/nhap/mau-<str:kind>.xlsx",
        members.import_template,
        name="import_template",
    ),
    path("nhap/<uuid:public_id>/", members.import_detail, name="import"),
    path("dang-vien/<uuid:public_id>/", members.member_detail, name="member"),
    path("dang-vien/<uuid:public_id>/sua/", members.member_edit, name="member_edit"),
    path("dang-vien/<uuid:public_id>/anh/", members.member_photo, name="member_photo"),
    path(
        "dang-vien/<uuid:public_id>/dat-lai-2-buoc/",
        members.member_reset_totp,
        name="member_reset_totp",
    ),
    path("dang-vien/<uuid:public_id>/trang-thai/", members.member_status, name="member_status"),
    path("dang-vien/<uuid:public_id>/ma-kich-hoat/", members.member_issue_code, name="member_code"),
    path("dang-vien/<uuid:public_id>/chuyen/", members.member_transfer, name="member_transfer"),
    path("chuyen-sinh-hoat/", members.transfers, name="transfers"),
    path(
        "chuyen-sinh-hoat/de-nghi/<uuid:public_id>/<str:decision>/",
        members.transfer_request_decide,
        name="transfer_request_decide",
    ),
    path(
        "chuyen-sinh-hoat/<uuid:public_id>/giay-gioi-thieu.pdf",
        members.transfer_letter,
        name="transfer_letter",
    ),
    path(
        "chuyen-sinh-hoat/<uuid:public_id>/<str:decision>/",
        members.transfer_decide,
        name="transfer_decide",
    ),
    path("dinh-chinh/", members.corrections, name="corrections"),
    path("don-vi/<uuid:public_id>/thong-bao/", notices.unit_notices, name="unit_notices"),
    path("thong-bao/<uuid:public_id>/", notices.notice_detail, name="notice"),
    path("dinh-chinh/<uuid:public_id>/", members.correction_decide, name="correction_decide"),
]
