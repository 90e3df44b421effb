from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from sotay.api import api
from sotay.members.urls import app_urlpatterns

urlpatterns = [
    # Operators sign in through the same two-factor sign-in as committees.
    path("admin/login/", RedirectView.as_view(url="/dang-nhap/?next=/admin/", query_string=False)),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("api/docs", RedirectView.as_view(url="/api/v1/docs", permanent=False)),
    path("quan-ly/noi-dung/", include("sotay.content.urls_console")),
    path("quan-ly/sinh-hoat/", include("sotay.meetings.urls_console")),
    path("quan-ly/hoc-tap/", include("sotay.study.urls_console")),
    path("quan-ly/y-kien/", include("sotay.participation.urls_console")),
    path("quan-ly/nhiem-vu/", include("sotay.planner.urls_console")),
    path("quan-ly/bao-cao/", include("sotay.reports.urls")),
    path("", include("sotay.ratings.urls")),  # /danh-gia/ and /quan-ly/danh-gia/
    path("", include("sotay.dues.urls")),  # /dang-phi/ and /quan-ly/dang-phi/
    path("", include("sotay.ekyc.urls")),  # /dang-ky/ and /quan-ly/dang-ky/
    path("quan-ly/", include("sotay.orgs.urls")),
    path("thong-bao/", include("sotay.notices.urls")),
    path("", include("sotay.assistant.urls")),  # before content: /noi-dung/<id>/nghe/
    path("", include("sotay.content.urls")),
    path("", include("sotay.identity.urls")),
    path("sinh-hoat/", include("sotay.meetings.urls")),
    path("hoc-tap/", include("sotay.study.urls")),
    path("y-kien/", include("sotay.participation.urls")),
    path("", include("sotay.planner.urls")),
    path("", include("sotay.messaging.urls")),
    path("", include("sotay.members.urls")),
    path("", include((app_urlpatterns, "app"))),
]

# A database overload (no pooled connection in time) answers 503 with Retry-After.
handler500 = "sotay.core.views.server_error"
