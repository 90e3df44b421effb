"""Registration by party card and face: the applicant's three pages (card, confirm + selfies,
result / set password) and the committee's review queue."""

from __future__ import annotations

import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render

from sotay.core.errors import DomainError
from sotay.core.files import private_file_response
from sotay.core.views_helpers import AuthedRequest, client_ip

from . import services
from .access import access_review, own_registration, review_queue
from .forms import CardForm, ConfirmForm, DecideForm, PasswordForm
from .models import Status

DEVICE_COOKIE = "sotay_thiet_bi"


def _device(request: HttpRequest) -> tuple[str, str]:
    """(cookie value, digest): a random id this browser keeps for a year."""
    token = request.COOKIES.get(DEVICE_COOKIE, "")
    if len(token) < 20:
        token = secrets.token_urlsafe(24)
    return token, services.device_digest(token)


def _with_device(request: HttpRequest, response: HttpResponse, token: str) -> HttpResponse:
    response.set_cookie(
        DEVICE_COOKIE, token, max_age=365 * 86400, httponly=True, samesite="Lax",
        secure=request.is_secure(),
    )  # fmt: skip
    return response


def _read_upload(form: CardForm | ConfirmForm, name: str) -> bytes:
    upload = form.cleaned_data[name]
    if upload.size > 10 * 1024 * 1024:
        raise DomainError("Ảnh quá lớn (tối đa 10 MB).", field=name)
    return bytes(upload.read())


def start(request: HttpRequest) -> HttpResponse:
    token, device = _device(request)
    form = CardForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            registration = services.card_read(
                image=_read_upload(form, "card"), device=device, ip=client_ip(request)
            )
        except DomainError as exc:
            form.add_error("card" if exc.field in (None, "card") else None, exc.message)
        else:
            target = redirect("ekyc:confirm", public_id=registration.public_id)
            return _with_device(request, target, token)
    status = 400 if form.errors else 200
    page = render(request, "ekyc/start.html", {"form": form}, status=status)
    return _with_device(request, page, token)


def confirm(request: HttpRequest, public_id: str) -> HttpResponse:
    token, device = _device(request)
    registration = own_registration(device, public_id)
    if registration.status != Status.READ:
        return redirect("ekyc:result", public_id=public_id)
    problems = services.problems(registration)
    form = ConfirmForm(
        request.POST or None,
        request.FILES or None,
        initial=registration.fields,
        turn=registration.turn,
        problems=problems,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.registration_submit(
                registration=registration,
                device=device,
                values={k: form.cleaned_data[k] for k in registration.fields_read},
                selfie_front=_read_upload(form, "selfie_front"),
                selfie_turn=_read_upload(form, "selfie_turn"),
                ip=client_ip(request),
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            return redirect("ekyc:result", public_id=public_id)
    return render(
        request,
        "ekyc/confirm.html",
        {"form": form, "registration": registration, "problems": problems},
        status=400 if form.errors else 200,
    )


def result(request: HttpRequest, public_id: str) -> HttpResponse:
    _token, device = _device(request)
    registration = own_registration(device, public_id)
    form = None
    if registration.status in (Status.MATCHED, Status.APPROVED):
        form = PasswordForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.password_set(
                    registration=registration,
                    device=device,
                    password=form.cleaned_data["password"],
                    ip=client_ip(request),
                )
            except DomainError as exc:
                form.add_error("password" if exc.field == "password" else None, exc.message)
            else:
                messages.success(request, "Tài khoản đã được kích hoạt. Mời đăng nhập.")
                return redirect("members:login")
    return render(
        request,
        "ekyc/result.html",
        {"registration": registration, "form": form, "review_message": services.REVIEW_MESSAGE},
        status=400 if form is not None and form.errors else 200,
    )


@login_required
def queue(request: AuthedRequest) -> HttpResponse:
    return render(request, "ekyc/queue.html", {"items": review_queue(request.user)[:200]})


@login_required
def review(request: AuthedRequest, public_id: str) -> HttpResponse:
    registration = access_review(request.user, public_id)
    form = DecideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.registration_decide(
                registration=registration,
                actor=request.user,
                approve=request.POST.get("decision") == "approve",
                note=form.cleaned_data["note"],
                ip=client_ip(request),
            )
        except DomainError as exc:
            form.add_error("note" if exc.field == "note" else None, exc.message)
        else:
            messages.success(request, "Đã ghi quyết định; ảnh đã được xóa theo quy định lưu giữ.")
            return redirect("ekyc:queue")
    return render(
        request,
        "ekyc/review.html",
        {"r": registration, "form": form, "member": registration.member},
        status=400 if form.errors else 200,
    )


@login_required
def evidence(request: AuthedRequest, public_id: str, kind: str) -> HttpResponseBase:
    registration = access_review(request.user, public_id)
    files = {
        "the": registration.card_image,
        "chan-dung": registration.selfie_front,
        "quay-dau": registration.selfie_turn,
    }
    f = files.get(kind)
    if not f:
        raise Http404("Ảnh đã được xóa.")
    response = private_file_response(f, content_type="image/jpeg", inline=True)
    response["Cache-Control"] = "private, no-store"
    return response
