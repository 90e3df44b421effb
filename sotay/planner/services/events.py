"""Personal and unit events, their reminders, and the member's calendar feed address."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from sotay.core.access import can
from sotay.core.errors import DomainError
from sotay.core.text import clean
from sotay.members.models import Member
from sotay.notices.choices import NotificationKind
from sotay.notices.services import reminder_cancel, reminder_schedule
from sotay.orgs.models import Organization

from ..access import PUBLISH_EVENTS
from ..models import CalendarFeed, Event

MAX_REMIND = 7 * 24 * 60


def _check(title: str, starts_at: dt.datetime, ends_at: dt.datetime | None, remind: int) -> None:
    if not clean(title):
        raise DomainError("Hãy nhập tên sự kiện.", field="title")
    if ends_at is not None and ends_at < starts_at:
        raise DomainError("Giờ kết thúc phải sau giờ bắt đầu.", field="ends_at")
    if not 0 <= remind <= MAX_REMIND:
        raise DomainError("Nhắc trước từ 0 phút đến 7 ngày.", field="remind_minutes")


def _remind(event: Event) -> None:
    key = f"event:{event.pk}"
    if event.owner_id is None or not event.remind_minutes:
        reminder_cancel(key=key)
        return
    from django.utils import timezone

    run_at = event.starts_at - dt.timedelta(minutes=event.remind_minutes)
    if run_at <= timezone.now():
        reminder_cancel(key=key)
        return
    when = timezone.localtime(event.starts_at)
    reminder_schedule(
        key=key,
        run_at=run_at,
        member_ids=[event.owner_id],
        kind=NotificationKind.CALENDAR,
        title=f"Sắp đến: {event.title}",
        body=f"{when:%H:%M ngày %d/%m/%Y}" + (f" tại {event.place}" if event.place else ""),
        url=f"/lich/su-kien/{event.public_id}/",
    )


@transaction.atomic
def event_save(
    *,
    user: Any,
    title: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime | None = None,
    all_day: bool = False,
    place: str = "",
    description: str = "",
    remind_minutes: int = 0,
    unit: Organization | None = None,
    event: Event | None = None,
) -> Event:
    """A personal event (no ``unit``) or an event of a unit for its subtree."""
    member: Member | None = getattr(user, "member", None)
    _check(title, starts_at, ends_at, remind_minutes)
    if unit is not None and not can(user, PUBLISH_EVENTS, unit):
        raise DomainError("Bạn không có quyền đưa lịch cho đơn vị này.", field="unit")
    if unit is None and member is None:
        raise DomainError("Tài khoản không gắn với hồ sơ đảng viên.")
    if event is None:
        event = Event(created_by=user)
    event.owner = None if unit is not None else member
    event.unit = unit
    event.title, event.place = clean(title)[:200], clean(place)[:200]
    event.description = (description or "").strip()[:5000]
    event.starts_at, event.ends_at, event.all_day = starts_at, ends_at, all_day
    event.remind_minutes = remind_minutes if unit is None else 0
    event.save()
    _remind(event)
    return event


@transaction.atomic
def event_delete(*, user: Any, event: Event) -> None:
    if event.unit_id and not can(user, PUBLISH_EVENTS, event.unit):
        raise DomainError("Bạn không có quyền xóa sự kiện này.")
    reminder_cancel(key=f"event:{event.pk}")
    event.delete()


def feed_of(member: Member) -> CalendarFeed:
    feed, _ = CalendarFeed.objects.get_or_create(member=member)
    return feed


@transaction.atomic
def feed_revoke(member: Member) -> CalendarFeed:
    """A new secret address; phones subscribed to the old one get nothing more."""
    from ..models import _token

    feed = feed_of(member)
    feed.token = _token()
    feed.save(update_fields=["token", "created_at"])
    return feed
