"""A signed-in session that lacks the second factor its account now needs (the member was
given a committee role after signing in) must give the code before going on."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect

from . import accounts
from .views.auth import PENDING, SECOND_FACTOR

# Pages a session on its way to the second factor may still open.
_EXEMPT = ("/dang-nhap/", "/dang-xuat/", "/static/", "/sw.js", "/manifest")


class SecondFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not request.session.get(SECOND_FACTOR)
            and not request.path.startswith(_EXEMPT)
            and accounts.needs_second_factor(user)  # type: ignore[arg-type]
        ):
            user_id, target = user.pk, request.get_full_path()
            logout(request)
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"detail": "Tài khoản cần xác thực 2 bước: hãy đăng nhập lại."}, status=401
                )
            request.session[PENDING] = user_id
            messages.info(
                request,
                "Tài khoản của bạn nay giữ chức vụ cấp ủy: hãy nhập mã xác thực 2 bước.",
            )
            request.session["sotay_next"] = target if request.method == "GET" else "/"
            return redirect("members:otp")
        return self.get_response(request)
