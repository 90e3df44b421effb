"""Sign-in (phone or card number + password, then TOTP for committee staff), activation."""

from __future__ import annotations

import logging
from typing import Any

import segno
from django.contrib import messages
from django.contrib.auth import login, logout
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from sotay.core.errors import DomainError
from sotay.core.views_helpers import client_ip

from .. import accounts, eid
from ..forms import ActivateForm, OtpForm, SignInForm

PENDING = "sotay_pending_user"
SECOND_FACTOR = "sotay_second_factor"  # set in the session once the TOTP code was given
BACKEND = "sotay.members.auth.IdentifierBackend"


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return target
    return "/"


@never_cache
def sign_in(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect(_next(request))
    form = SignInForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        result = accounts.check_credentials(
            form.cleaned_data["identifier"], form.cleaned_data["password"], client_ip(request)
        )
        if result.user is None:
            error = result.error
        else:
            return _signed_in(request, result.user, _next(request))
    eid_settings = eid.config()
    return render(
        request,
        "auth/sign_in.html",
        {
            "form": form,
            "error": error,
            "next": _next(request),
            "eid_name": eid_settings.name if eid_settings else "",
        },
        status=400 if error else 200,
    )


def _signed_in(request: HttpRequest, user: Any, target: str) -> HttpResponse:
    """After the first factor: the second for committee staff, else straight in."""
    if accounts.needs_second_factor(user):
        request.session[PENDING] = user.pk
        request.session["sotay_next"] = target
        return redirect("members:otp")
    login(request, user, backend=BACKEND)
    return redirect(target)


@never_cache
def eid_start(request: HttpRequest) -> HttpResponse:
    provider = eid.client()
    if provider is None:
        raise Http404
    request.session["sotay_next"] = _next(request)
    callback = request.build_absolute_uri(reverse("members:eid_done"))
    try:
        response: HttpResponse = provider.authorize_redirect(request, callback)
    except (OSError, ValueError) as exc:  # the provider's discovery document is unreachable
        messages.error(request, "Chưa kết nối được nhà cung cấp định danh; hãy thử lại sau.")
        logging.getLogger(__name__).warning("e-ID discovery failed: %s", exc)
        return redirect("members:login")
    return response


@never_cache
def eid_done(request: HttpRequest) -> HttpResponse:
    try:
        user = eid.user_for(eid.claims_from_callback(request), client_ip(request))
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("members:login")
    return _signed_in(request, user, request.session.pop("sotay_next", "/"))


def otp(request: HttpRequest) -> HttpResponse:
    user = accounts.pending_user(request.session.get(PENDING))
    if user is None:
        return redirect("members:login")
    enrolling = user.totp_confirmed_at is None
    if enrolling and not user.totp_secret:
        accounts.totp_new_secret(user)
    form = OtpForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        if accounts.is_locked(user.username, client_ip(request), user):
            error = accounts.LOCKED_MESSAGE
        elif accounts.totp_verify(user, form.cleaned_data["code"], client_ip(request)):
            del request.session[PENDING]
            target = request.session.pop("sotay_next", "/")
            accounts.sign_in_completed(user)
            login(request, user, backend=BACKEND)
            request.session[SECOND_FACTOR] = True
            if enrolling:
                messages.success(request, "Đã bật xác thực 2 bước cho tài khoản của bạn.")
            return redirect(target)
        else:
            error = "Mã không đúng hoặc đã dùng. Hãy nhập mã mới nhất trên ứng dụng xác thực."
    context = {"form": form, "error": error, "enrolling": enrolling}
    if enrolling:
        uri = accounts.totp_uri(user)
        context["qr_svg"] = segno.make(uri, error="m").svg_inline(scale=5)
        context["secret"] = user.totp_secret
    return render(request, "auth/otp.html", context, status=400 if error else 200)


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("members:login")


def activate(request: HttpRequest) -> HttpResponse:
    form = ActivateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = accounts.account_activate(
                identifier=form.cleaned_data["identifier"],
                code=form.cleaned_data["code"],
                password=form.cleaned_data["password"],
                ip=client_ip(request),
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(
                request, "Tài khoản đã được kích hoạt. Mời bạn đăng nhập bằng mật khẩu mới."
            )
            if accounts.needs_second_factor(user):
                messages.info(request, "Sau khi đăng nhập, bạn sẽ cài đặt xác thực 2 bước.")
            return redirect("members:login")
    return render(request, "auth/activate.html", {"form": form}, status=400 if form.errors else 200)
