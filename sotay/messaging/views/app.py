"""Members: conversations (cell group, committee groups, direct), sending with files (the
websocket does the same for text), catching up after a lost connection, reporting and hiding."""

from __future__ import annotations

import uuid

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from sotay.core.errors import DomainError
from sotay.core.files import private_file_response
from sotay.core.views_helpers import AuthedRequest

from .. import selectors, services
from ..access import access_conversation, access_message, find_recipient, moderates


def _member(request: AuthedRequest):  # noqa: ANN202
    if request.user.member is None:
        raise PermissionDenied("Tài khoản không gắn với hồ sơ đảng viên.")
    return request.user.member


def _wants_json(request: AuthedRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


@login_required
def inbox(request: AuthedRequest) -> HttpResponse:
    member = _member(request)
    services.ensure_groups(member)
    return render(request, "messaging/inbox.html", {"rows": selectors.inbox(member)})


@login_required
@require_POST
def start_direct(request: AuthedRequest) -> HttpResponse:
    _member(request)
    other = find_recipient(request.user, request.POST.get("who", ""))
    if other is None:
        flash.error(
            request,
            "Không tìm thấy đảng viên này trong phạm vi đồng chí được nhắn tin (cùng chi bộ; cấp "
            "ủy với đảng viên trong đơn vị mình phụ trách).",
        )
        return redirect("messaging:inbox")
    try:
        conversation = services.direct(user=request.user, other=other)
    except DomainError as exc:
        flash.error(request, exc.message)
        return redirect("messaging:inbox")
    return redirect("messaging:conversation", conversation.public_id)


@login_required
def conversation_page(request: AuthedRequest, public_id: str) -> HttpResponse:
    member = _member(request)
    conversation = access_conversation(request.user, public_id)
    before = request.GET.get("truoc")
    page = selectors.history(
        conversation, before=int(before) if before and before.isdigit() else None
    )
    if page:
        services.mark_read(member=member, conversation=conversation, upto=page[-1].pk)
    return render(
        request,
        "messaging/conversation.html",
        {
            "conversation": conversation,
            "title": selectors.title_for(conversation, member),
            "page": page,
            "older": page[0].pk if len(page) == selectors.PAGE else None,
            "people": selectors.people(conversation),
            "client_id": uuid.uuid4(),
            "me": member,
            "moderator": moderates(request.user, conversation),
        },
    )


@login_required
@require_POST
def send(request: AuthedRequest, public_id: str) -> HttpResponse:
    member = _member(request)
    conversation = access_conversation(request.user, public_id)
    try:
        message, created = services.send(
            member=member,
            conversation=conversation,
            client_id=request.POST.get("client_id", ""),
            body=request.POST.get("body", ""),
            upload=request.FILES.get("file"),
        )
    except DomainError as exc:
        if _wants_json(request):
            return JsonResponse({"detail": exc.message}, status=400)
        flash.error(request, exc.message)
        return redirect("messaging:conversation", conversation.public_id)
    if _wants_json(request):
        return JsonResponse(
            {"message": services.payload(message, conversation), "created": created},
            status=201 if created else 200,
        )
    return redirect("messaging:conversation", conversation.public_id)


@login_required
def since(request: AuthedRequest, public_id: str) -> JsonResponse:
    """Messages newer than ``sau`` — what the device missed while it was offline."""
    _member(request)
    conversation = access_conversation(request.user, public_id)
    after = request.GET.get("sau", "0")
    rows = selectors.history(conversation, after=int(after) if after.isdigit() else 0)
    return JsonResponse({"messages": [services.payload(m, conversation) for m in rows]})


@login_required
def attachment(request: AuthedRequest, message_id: int) -> HttpResponseBase:
    """A message's file, for the conversation's members (and its moderators when hidden)."""
    message = access_message(request.user, message_id)
    if message.hidden_reason and not moderates(request.user, message.conversation, message.sender):
        raise Http404("Tin nhắn đã bị ẩn.")
    return private_file_response(
        message.attachment, filename=message.attachment_name, content_type=message.attachment_type
    )


@login_required
@require_POST
def report(request: AuthedRequest, message_id: int) -> HttpResponse:
    member = _member(request)
    message = access_message(request.user, message_id)
    try:
        services.report(member=member, message=message, reason=request.POST.get("reason", ""))
    except DomainError as exc:
        flash.error(request, exc.message)
    else:
        flash.success(request, "Đã báo cáo tin nhắn cho cấp ủy.")
    return redirect("messaging:conversation", message.conversation.public_id)


@login_required
@require_POST
def hide(request: AuthedRequest, message_id: int) -> HttpResponse:
    message = access_message(request.user, message_id)
    try:
        services.hide(user=request.user, message=message, reason=request.POST.get("reason", ""))
    except DomainError as exc:
        flash.error(request, exc.message)
    else:
        flash.success(request, "Đã ẩn tin nhắn.")
    if request.POST.get("next") == "console":
        return redirect("messaging:reports")
    return redirect("messaging:conversation", message.conversation.public_id)


@login_required
def reports(request: AuthedRequest) -> HttpResponse:
    rows = selectors.open_reports(request.user)
    return render(request, "messaging/reports.html", {"reports": rows})
