"""Who may see notices and notifications."""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from sotay.core.access import Capability, can, scope_q

from .models import Notice, NoticeAttachment, Notification


def notices_manageable_by(user: Any) -> QuerySet[Notice]:
    return Notice.objects.filter(scope_q(user, Capability.NOTICES_SEND, "org__path"))


def access_notice(user: Any, public_id: Any) -> Notice:
    """A notice for its committee (to edit, send and follow up); 404 for anyone else."""
    try:
        key = uuid.UUID(str(public_id))
    except ValueError as exc:
        raise Http404 from exc
    notice = Notice.objects.select_related("org").filter(public_id=key).first()
    if notice is None or not can(user, Capability.NOTICES_SEND, notice.org):
        raise Http404("Không tìm thấy thông báo.")
    return notice


def access_attachment(user: Any, pk: int) -> NoticeAttachment:
    """A notice's file, for its recipients and for the committee that sent it."""
    file = NoticeAttachment.objects.select_related("notice__org").filter(pk=pk).first()
    if file is None:
        raise Http404
    received = notifications_of(user).filter(notice_id=file.notice_id).exists()
    if not received and not can(user, Capability.NOTICES_SEND, file.notice.org):
        raise Http404
    return file


def notifications_of(user: Any) -> QuerySet[Notification]:
    member_id = getattr(user, "member_id", None)
    if not member_id:
        return Notification.objects.none()
    return Notification.objects.filter(member_id=member_id)


def access_notification(user: Any, pk: int) -> Notification:
    """One of the user's own inbox items. Integer ids are fine here: others always get 404."""
    item = notifications_of(user).select_related("notice").filter(pk=pk).first()
    if item is None:
        raise Http404("Không tìm thấy thông báo.")
    return item


def received_notice(user: Any, public_id: Any) -> Notification:
    """The member's inbox item for a notice (how a recipient opens the notice)."""
    try:
        key = uuid.UUID(str(public_id))
    except ValueError as exc:
        raise Http404 from exc
    item = notifications_of(user).select_related("notice").filter(notice__public_id=key).first()
    if item is None:
        raise Http404("Không tìm thấy thông báo.")
    return item
