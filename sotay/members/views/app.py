"""The members' app: home, my record, my cell, corrections, display settings, PWA files."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils import timezone
from django.views.decorators.cache import cache_control

from sotay.core.errors import DomainError
from sotay.core.views_helpers import AuthedRequest

from .. import selectors, services
from ..forms import CorrectionForm, PreferencesForm, TransferRequestForm
from ..models import Member
from ..photos import photo_response


def _own_member(request: AuthedRequest) -> Member | None:
    """The member's own record (a member may always view it: members.access), loaded with the
    account by the authentication backend."""
    return request.user.member


@login_required
def home(request: AuthedRequest) -> HttpResponse:
    from sotay.content.selectors import feed

    member = _own_member(request)
    latest = feed(request.user, size=3).items
    if request.user.simple_mode and member is not None:
        from sotay.meetings.access import meetings_of_member

        upcoming = (
            meetings_of_member(request.user)
            .exclude(status="cancelled")
            .filter(starts_at__gte=timezone.now() - dt.timedelta(hours=4))
            .order_by("starts_at")
            .first()
        )
        return render(
            request,
            "app/home_simple.html",
            {"member": member, "newest": latest[0] if latest else None, "meeting": upcoming},
        )
    unread_messages = 0
    if member is not None:
        from sotay.messaging.selectors import unread_total

        unread_messages = unread_total(member)
    return render(
        request,
        "app/home.html",
        {"member": member, "latest": latest, "unread_messages": unread_messages},
    )


@login_required
def my_record(request: AuthedRequest) -> HttpResponse:
    member = _own_member(request)
    if member is None:
        messages.info(request, "Tài khoản quản trị không gắn với hồ sơ đảng viên.")
        return redirect("app:home")
    context = {
        "member": member,
        "rows": selectors.record_rows(member),
        "roles": selectors.member_roles(member),
        "cells": member.cell_history.all()[:20],
        "history": member.history.all()[:20],
        "pending": member.corrections.order_by("-created_at")[:5],
    }
    return render(request, "app/my_record.html", context)


@login_required
def correction_new(request: AuthedRequest) -> HttpResponse:
    member = _own_member(request)
    if member is None:
        return redirect("app:home")
    form = CorrectionForm(
        request.POST or None,
        instance=member if request.method == "GET" else None,
        initial={f: getattr(member, f) for f in CorrectionForm.Meta.fields},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        reason = data.pop("reason", "")
        try:
            services.correction_request(
                member=member, actor=request.user, changes=data, reason=reason
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(
                request, "Đã gửi đề nghị đính chính. Hồ sơ chỉ thay đổi khi cấp ủy chi bộ duyệt."
            )
            return redirect("app:my_record")
    return render(
        request, "app/correction_form.html", {"form": form}, status=400 if form.errors else 200
    )


@login_required
def my_cell(request: AuthedRequest) -> HttpResponse:
    member = _own_member(request)
    if member is None:
        return redirect("app:home")
    cell = member.temporary_cell or member.cell
    return render(
        request,
        "app/my_cell.html",
        {
            "member": member,
            "cell": cell,
            "people": selectors.cell_directory(member),
            "group": selectors.party_group_of(member),
        },
    )


@login_required
def record_views(request: AuthedRequest) -> HttpResponse:
    member = _own_member(request)
    if member is None:
        return redirect("app:home")
    return render(request, "app/record_views.html", {"entries": selectors.record_views(member)})


@login_required
def preferences(request: AuthedRequest) -> HttpResponse:
    user = request.user
    member = user.member if user.member_id else None
    initial = {
        "large_text": user.large_text,
        "high_contrast": user.high_contrast,
        "simple_mode": user.simple_mode,
        "share_phone": getattr(member, "share_phone", False),
        "share_email": getattr(member, "share_email", False),
    }
    form = PreferencesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.preferences_update(user=user, **form.cleaned_data)
        messages.success(request, "Đã lưu cài đặt hiển thị.")
        return redirect("app:preferences")
    return render(request, "app/preferences.html", {"form": form})


@login_required
def password_change(request: AuthedRequest) -> HttpResponse:
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        update_session_auth_hash(request, user)  # stay signed in on this phone
        messages.success(request, "Đã đổi mật khẩu.")
        return redirect("app:preferences")
    return render(
        request, "app/password_change.html", {"form": form}, status=400 if form.errors else 200
    )


@login_required
def my_photo(request: AuthedRequest) -> HttpResponseBase:
    member = _own_member(request)
    if member is None or not member.photo:
        raise Http404
    return photo_response(member)


@cache_control(max_age=86400)
def manifest(request: HttpRequest) -> JsonResponse:
    return JsonResponse(
        {
            "name": "Sổ tay đảng viên điện tử",
            "short_name": "Sổ tay ĐV",
            "lang": "vi",
            "start_url": "/",
            "scope": "/",
            "display": "standalone",
            "background_color": "#faf7f2",
            "theme_color": "#b3120f",
            "icons": [
                {"src": static("icons/icon-192.png"), "sizes": "192x192", "type": "image/png"},
                {
                    "src": static("icons/icon-512.png"),
                    "sizes": "512x512",
                    "type": "image/png",
                    "purpose": "any maskable",
                },
            ],
        },
        json_dumps_params={"ensure_ascii": False},
        content_type="application/manifest+json",
    )


def service_worker(request: HttpRequest) -> HttpResponse:
    response = render(
        request,
        "app/sw.js",
        {
            "assets": [
                static("css/sotay.css"),
                static("js/app.js"),
                static("django_htmx/htmx-2.min.js"),
                static("icons/icon-192.png"),
            ],
            "icon": static("icons/icon-192.png"),
        },
        content_type="application/javascript",
    )
    response["Service-Worker-Allowed"] = "/"
    response["Cache-Control"] = "no-cache"
    return response


def offline(request: HttpRequest) -> HttpResponse:
    return render(request, "app/offline.html")


@login_required
def transfer_request(request: AuthedRequest) -> HttpResponse:
    """The member asks for a transfer of party activity and follows it, letters included."""
    member = _own_member(request)
    if member is None:
        return redirect("app:home")
    form = TransferRequestForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.transfer_request_create(
                    member=member, actor=request.user, **form.cleaned_data
                )
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(request, "Đã gửi đề nghị; cấp ủy chi bộ sẽ xem xét và trả lời.")
                return redirect("app:transfer_request")
        status = 400
    context = {
        "form": form,
        "requests": member.transfer_requests.select_related("to_cell")[:10],
        "transfers": member.transfers.select_related("from_cell", "to_cell").order_by(
            "-created_at"
        )[:10],
    }
    return render(request, "app/transfer_request.html", context, status=status)


@login_required
def my_transfer_letter(request: AuthedRequest, public_id: str) -> HttpResponse:
    from ..letters import introduction_letter, letter_response

    member = _own_member(request)
    transfer = member.transfers.filter(public_id=public_id).first() if member else None
    if transfer is None:
        raise Http404
    return letter_response(introduction_letter(transfer))
