"""API: the member's inbox, unread count, read/acknowledge, push subscriptions."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from ninja import Router, Schema

from sotay.core.views_helpers import AuthedRequest

from . import services
from .access import access_notification, notifications_of, received_notice
from .selectors import unread_count

router = Router(tags=["thông báo"])


class NotificationOut(Schema):
    id: int
    kind: str
    title: str
    body: str
    url: str
    urgent: bool
    created_at: dt.datetime
    read_at: dt.datetime | None
    acknowledged_at: dt.datetime | None
    notice_id: uuid.UUID | None
    requires_ack: bool


class InboxPage(Schema):
    unread: int
    items: list[NotificationOut]


class SubscriptionIn(Schema):
    endpoint: str
    p256dh: str
    auth: str


def _out(n: Any) -> dict[str, Any]:
    return {
        "id": n.pk,
        "kind": n.kind,
        "title": n.title,
        "body": n.body,
        "url": n.url,
        "urgent": n.urgent,
        "created_at": n.created_at,
        "read_at": n.read_at,
        "acknowledged_at": n.acknowledged_at,
        "notice_id": n.notice.public_id if n.notice_id else None,
        "requires_ack": bool(n.notice_id and n.notice.requires_ack),
    }


@router.get("/notifications", response=InboxPage)
def inbox(request: AuthedRequest, before: int | None = None) -> Any:
    """Newest first, 30 at a time; pass the last id as ``before`` for the next page."""
    qs = notifications_of(request.user).select_related("notice").order_by("-id")
    if before:
        qs = qs.filter(id__lt=before)
    return {"unread": unread_count(request.user.member_id), "items": [_out(n) for n in qs[:30]]}


@router.post("/notifications/{notification_id}/read", response=NotificationOut)
def read(request: AuthedRequest, notification_id: int) -> Any:
    item = services.notification_read(
        notification=access_notification(request.user, notification_id)
    )
    return _out(item)


@router.post("/notifications/read-all")
def read_all(request: AuthedRequest) -> Any:
    member = request.user.member
    count = services.notifications_read_all(member=member) if member is not None else 0
    return {"marked": count}


@router.post("/notices/{notice_id}/acknowledge", response=NotificationOut)
def acknowledge(request: AuthedRequest, notice_id: uuid.UUID) -> Any:
    return _out(services.notice_acknowledge(notification=received_notice(request.user, notice_id)))


@router.post("/push-subscriptions")
def subscribe(request: AuthedRequest, data: SubscriptionIn) -> Any:
    services.push_subscribe(
        user=request.user, endpoint=data.endpoint, p256dh=data.p256dh, auth=data.auth
    )
    return {"ok": True}
