"""Members' inbox and notice pages, notification settings, push subscription, and the
committee's notice pages (compose, send, follow up)."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from sotay.core.access import Capability
from sotay.core.errors import DomainError
from sotay.core.files import private_file_response
from sotay.core.views_helpers import AuthedRequest, paginate
from sotay.members.spreadsheets import write_xlsx
from sotay.members.views.console import xlsx_response
from sotay.orgs.access import access_org

from . import selectors, services, vapid
from .access import (
    access_attachment,
    access_notice,
    access_notification,
    notices_manageable_by,
    notifications_of,
    received_notice,
)
from .forms import NoticeForm, PreferencesForm


@login_required
def inbox(request: AuthedRequest) -> HttpResponse:
    if request.method == "POST":
        if request.user.member is not None:
            services.notifications_read_all(member=request.user.member)
        return redirect("notices:inbox")
    page = paginate(request, notifications_of(request.user).order_by("-created_at", "-id"), 30)
    return render(request, "notices/inbox.html", {"page": page})


@login_required
def open_item(request: AuthedRequest, pk: int) -> HttpResponse:
    item = services.notification_read(notification=access_notification(request.user, pk))
    target = item.url or "/thong-bao/"
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}):
        target = "/thong-bao/"
    return redirect(target)


@login_required
def notice_received(request: AuthedRequest, public_id: str) -> HttpResponse:
    item = services.notification_read(notification=received_notice(request.user, public_id))
    if item.notice is None:
        raise Http404
    return render(
        request,
        "notices/notice_received.html",
        {
            "item": item,
            "notice": item.notice,
            "attachments": item.notice.attachments.all(),
        },
    )


@require_POST
@login_required
def acknowledge(request: AuthedRequest, public_id: str) -> HttpResponse:
    item = received_notice(request.user, public_id)
    try:
        services.notice_acknowledge(notification=item)
        messages.success(request, "Đã xác nhận: bạn đã nhận thông báo này.")
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("notices:received", public_id=public_id)


@login_required
def attachment(request: AuthedRequest, pk: int) -> HttpResponseBase:
    file = access_attachment(request.user, pk)
    return private_file_response(
        file.file, filename=file.original_name, content_type=file.content_type, inline=False
    )


@login_required
def preferences(request: AuthedRequest) -> HttpResponse:
    pref = selectors.preference_of(request.user)
    form = PreferencesForm(
        request.POST or None,
        channels=pref.channels if pref else None,
        initial={
            "quiet_start": pref.quiet_start if pref else None,
            "quiet_end": pref.quiet_end if pref else None,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.preferences_save(
                user=request.user,
                channels=form.channels(),
                quiet_start=form.cleaned_data["quiet_start"],
                quiet_end=form.cleaned_data["quiet_end"],
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, "Đã lưu cài đặt thông báo.")
            return redirect("notices:preferences")
    return render(
        request,
        "notices/preferences.html",
        {"form": form, "vapid_key": vapid.public_key_b64()},
        status=400 if form.errors else 200,
    )


@require_POST
@login_required
def push_subscription(request: AuthedRequest) -> JsonResponse:
    try:
        data = json.loads(request.body or b"{}")
        keys = data.get("keys") or {}
        if data.get("unsubscribe"):
            services.push_unsubscribe(user=request.user, endpoint=str(data.get("endpoint", "")))
            return JsonResponse({"ok": True})
        services.push_subscribe(
            user=request.user,
            endpoint=str(data.get("endpoint", "")),
            p256dh=str(keys.get("p256dh", "")),
            auth=str(keys.get("auth", "")),
        )
    except (ValueError, AttributeError):
        return JsonResponse({"detail": "Dữ liệu không hợp lệ."}, status=400)
    except DomainError as exc:
        return JsonResponse({"detail": exc.message}, status=400)
    return JsonResponse({"ok": True})


# -- committee console --------------------------------------------------------------------------


@login_required
def unit_notices(request: AuthedRequest, public_id: str) -> HttpResponse:
    from sotay.orgs.views import _unit_context

    org = access_org(request.user, public_id, Capability.NOTICES_SEND)
    form = NoticeForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            notice = services.notice_publish(
                org=org, actor=request.user, attachments=data.pop("attachments") or [], **data
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, f"Đã gửi thông báo đến {notice.recipient_count} đảng viên.")
            return redirect("console:notice", public_id=notice.public_id)
    notices = notices_manageable_by(request.user).filter(org=org)[:50]
    return render(
        request,
        "notices/unit_notices.html",
        {
            **_unit_context(request, org),
            "tab": "notices",
            "form": form,
            "notices": notices,
        },
        status=400 if form.errors else 200,
    )


@login_required
def notice_detail(request: AuthedRequest, public_id: str) -> HttpResponse:
    notice = access_notice(request.user, public_id)
    total, units = selectors.notice_reach(notice)
    pending = selectors.not_acknowledged(notice) if notice.requires_ack else []
    if request.GET.get("xuat") == "xlsx":
        rows = [
            [n.member.full_name, n.member.cell.name, "Đã đọc" if n.read_at else "Chưa đọc"]
            for n in pending
        ]
        return xlsx_response(
            write_xlsx("Chưa xác nhận", ["Họ và tên", "Chi bộ", "Tình trạng"], rows),
            f"chua-xac-nhan-{notice.public_id}.xlsx",
        )
    return render(
        request,
        "notices/notice_detail.html",
        {
            "notice": notice,
            "total": total,
            "units": units,
            "pending": pending,
            "deliveries": selectors.delivery_summary(notice),
            "attachments": notice.attachments.all(),
        },
    )
