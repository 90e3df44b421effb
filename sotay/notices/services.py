"""Writes: raise notifications (``notify``), send notices, read/acknowledge, preferences,
push subscriptions, deliveries with retries, and reminders.

``notify`` is the one call every app uses::

    from sotay.notices.services import notify
    notify(members=Member.objects.filter(...), kind=NotificationKind.MEETING,
           title="Họp chi bộ tháng 12", body="19:30 thứ Sáu tại nhà văn hóa", url="/...")
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from sotay.core.cache import bump, forget_viewer
from sotay.core.errors import DomainError
from sotay.core.text import clean
from sotay.members.models import Member

from .audience import notice_recipients
from .choices import (
    Channel,
    DeliveryStatus,
    NoticeStatus,
    NotificationKind,
    Priority,
    ReminderStatus,
)
from .models import (
    Delivery,
    Notice,
    NoticeAttachment,
    Notification,
    NotificationPreference,
    PushSubscription,
    Reminder,
)
from .signals import notice_sent

log = logging.getLogger("sotay.notices")
BATCH = 200
MAX_ATTEMPTS = 5
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
ATTACHMENT_TYPES = {
    b"%PDF-": "application/pdf",
    b"PK\x03\x04": "application/vnd.openxmlformats",
    b"\xff\xd8\xff": "image/jpeg",
    b"\x89PNG\r\n\x1a\n": "image/png",
}

# Channels used when a member has not chosen: push wherever the app is installed, e-mail for
# notices when there is an address, and SMS for members without an account (no smartphone) for
# meetings and urgent notices.
SMS_KINDS_FOR_NO_ACCOUNT = {NotificationKind.MEETING, NotificationKind.NOTICE}


def _quiet_until(pref: NotificationPreference | None, now: dt.datetime) -> dt.datetime | None:
    if pref is None or pref.quiet_start is None or pref.quiet_end is None:
        return None
    local = timezone.localtime(now)
    start, end, t = pref.quiet_start, pref.quiet_end, local.time()
    inside = start <= t < end if start < end else (t >= start or t < end)
    if not inside:
        return None
    day = local.date() if t < end else local.date() + dt.timedelta(days=1)
    return timezone.make_aware(dt.datetime.combine(day, end), timezone.get_current_timezone())


def _channels_for(
    row: dict[str, Any],
    kind: str,
    urgent: bool,
    pref: NotificationPreference | None,
    pushable: set[int],
) -> list[str]:
    available = {
        Channel.PUSH: row["user__id"] in pushable,
        Channel.EMAIL: bool(row["email"]),
        Channel.SMS: bool(row["phone_digest"]),
    }
    if pref is not None and kind in pref.channels:
        wanted = pref.channels[kind]
    else:
        wanted = [Channel.PUSH]
        if kind == NotificationKind.NOTICE:
            wanted.append(Channel.EMAIL)
        if (
            not row["has_account"]
            and kind in SMS_KINDS_FOR_NO_ACCOUNT
            and (urgent or kind == NotificationKind.MEETING)
        ):
            wanted.append(Channel.SMS)
    return [c for c in wanted if available.get(c)]


def _member_rows(members: QuerySet[Member] | Iterable[int]) -> Iterable[dict[str, Any]]:
    fields = ("id", "has_account", "phone_digest", "email", "user__id")
    if isinstance(members, QuerySet):
        yield from members.order_by().values(*fields).iterator(chunk_size=5000)
        return
    ids = list(members)
    for i in range(0, len(ids), 5000):
        yield from Member.objects.filter(pk__in=ids[i : i + 5000]).values(*fields)


@transaction.atomic
def notify(
    *,
    members: QuerySet[Member] | Iterable[int],
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
    urgent: bool = False,
    notice: Notice | None = None,
) -> int:
    """Put one notification in each member's inbox and queue its deliveries; returns the count.

    Deliveries are sent by the task worker after the transaction commits.
    """
    now = timezone.now()
    rows = list(_member_rows(members))
    if not rows:
        return 0
    user_ids = [r["user__id"] for r in rows if r["user__id"]]
    # Few recipients: look up only theirs. Many: one scan beats a huge IN list.
    few = len(user_ids) < 5_000
    pref_rows = (
        NotificationPreference.objects.filter(user_id__in=user_ids)
        if few
        else (NotificationPreference.objects.all())
    )
    prefs = {p.user_id: p for p in pref_rows}
    subs = (
        PushSubscription.objects.filter(user_id__in=user_ids) if few else PushSubscription.objects
    )
    pushable = set(subs.values_list("user_id", flat=True).distinct())
    notifications = [
        Notification(
            member_id=r["id"],
            kind=kind,
            title=title[:200],
            body=body,
            url=url,
            urgent=urgent,
            notice=notice,
            created_at=now,
        )
        for r in rows
    ]
    Notification.objects.bulk_create(notifications, batch_size=2000)
    bump("notices")  # every member's cached unread count (one bump per notice, not per member)
    deliveries: list[Delivery] = []
    for row, item in zip(rows, notifications, strict=True):
        pref = prefs.get(row["user__id"])
        quiet = None if urgent else _quiet_until(pref, now)
        for channel in _channels_for(row, kind, urgent, pref, pushable):
            not_before = quiet if channel in (Channel.PUSH, Channel.SMS) else None
            deliveries.append(Delivery(notification=item, channel=channel, not_before=not_before))
    Delivery.objects.bulk_create(deliveries, batch_size=2000)
    groups: dict[dt.datetime | None, list[int]] = defaultdict(list)
    for d in deliveries:
        groups[d.not_before].append(d.pk)
    transaction.on_commit(lambda: _enqueue_groups(groups))
    return len(notifications)


def _enqueue_groups(groups: dict[dt.datetime | None, list[int]]) -> None:
    from .tasks import deliver_batch

    for when, ids in groups.items():
        for i in range(0, len(ids), BATCH):
            task = deliver_batch.using(run_after=when) if when else deliver_batch
            task.enqueue(ids[i : i + BATCH])


def delivery_key(delivery_id: int) -> str:
    """The delivery's idempotency key at the providers: the same for every attempt."""
    return f"sotay-d{delivery_id}"


def deliveries_reclaim(delivery_ids: list[int]) -> int:
    """Put back in the queue the deliveries of a batch whose worker died while sending them
    (claimed but not marked sent). Resending one is safe: it carries the same key."""
    return Delivery.objects.filter(pk__in=delivery_ids, status=DeliveryStatus.SENDING).update(
        status=DeliveryStatus.QUEUED
    )


def deliver(delivery_id: int) -> str:
    """Send one delivery if it can be claimed (queued -> sending); never sends a row twice."""
    from .channels import SENDERS, SendError

    claimed = Delivery.objects.filter(pk=delivery_id, status=DeliveryStatus.QUEUED).update(
        status=DeliveryStatus.SENDING, attempts=F("attempts") + 1, claimed_at=timezone.now()
    )
    if not claimed:
        return "skipped"
    delivery = Delivery.objects.select_related("notification__member__user").get(pk=delivery_id)
    try:
        provider_id = SENDERS[delivery.channel](delivery.notification, delivery_key(delivery_id))
    except Exception as exc:  # any failure must leave the row retryable, never stuck "sending"
        retryable = exc.retryable if isinstance(exc, SendError) else True
        if not isinstance(exc, SendError):
            log.exception("delivery %s failed", delivery_id)
        retry = retryable and delivery.attempts < MAX_ATTEMPTS
        Delivery.objects.filter(pk=delivery_id).update(
            status=DeliveryStatus.QUEUED if retry else DeliveryStatus.FAILED,
            last_error=str(exc)[:500],
        )
        if retry:
            from .tasks import deliver_batch

            backoff = dt.timedelta(
                seconds=settings.NOTIFY_RETRY_BASE_SECONDS * 2 ** (delivery.attempts - 1)
            )
            deliver_batch.using(run_after=timezone.now() + backoff).enqueue([delivery_id])
        return "retry" if retry else "failed"
    Delivery.objects.filter(pk=delivery_id).update(
        status=DeliveryStatus.SENT,
        sent_at=timezone.now(),
        provider_id=provider_id[:200],
        last_error="",
    )
    return "sent"


def requeue_stuck(*, older_than: dt.timedelta) -> int:
    """Put deliveries claimed longer than ``older_than`` ago back in the queue (operator action)."""
    stale = list(
        Delivery.objects.filter(
            status=DeliveryStatus.SENDING, claimed_at__lt=timezone.now() - older_than
        ).values_list("pk", flat=True)
    )
    Delivery.objects.filter(pk__in=stale, status=DeliveryStatus.SENDING).update(
        status=DeliveryStatus.QUEUED
    )
    if stale:
        _enqueue_groups({None: stale})
    return len(stale)


# -- notices ----------------------------------------------------------------------------------


def _attachment_type(head: bytes) -> str | None:
    return next((t for sig, t in ATTACHMENT_TYPES.items() if head.startswith(sig)), None)


@transaction.atomic
def notice_create(
    *,
    org: Any,
    actor: Any,
    title: str,
    body: str,
    priority: str = Priority.NORMAL,
    audience_role: str = "all",
    audience_status: str = "",
    requires_ack: bool = False,
    attachments: Iterable[Any] = (),
) -> Notice:
    title, body = clean(title), (body or "").strip()
    if not title:
        raise DomainError("Thông báo cần có tiêu đề.", field="title")
    if not body:
        raise DomainError("Thông báo cần có nội dung.", field="body")
    notice = Notice.objects.create(
        org=org,
        created_by=actor,
        title=title,
        body=body,
        priority=priority,
        audience_role=audience_role,
        audience_status=audience_status,
        requires_ack=requires_ack,
    )
    for upload in attachments:
        if upload.size > ATTACHMENT_MAX_BYTES:
            raise DomainError(f"Tệp “{upload.name}” quá lớn (tối đa 10 MB).", field="attachments")
        head = upload.read(8)
        upload.seek(0)
        content_type = _attachment_type(head)
        if content_type is None:
            raise DomainError(
                f"Tệp “{upload.name}” không phải PDF, Word (.docx) hoặc ảnh.", field="attachments"
            )
        NoticeAttachment.objects.create(
            notice=notice,
            file=upload,
            original_name=clean(upload.name)[:255],
            content_type=content_type,
            size=upload.size,
        )
    return notice


@transaction.atomic
def notice_send(*, notice: Notice) -> Notice:
    notice = Notice.objects.select_for_update().get(pk=notice.pk)
    if notice.status == NoticeStatus.SENT:
        raise DomainError("Thông báo này đã được gửi.")
    recipients = notice_recipients(notice)
    count = notify(
        members=recipients,
        kind=NotificationKind.NOTICE,
        title=notice.title,
        body=notice.body,
        url=f"/thong-bao/cap-uy/{notice.public_id}/",
        urgent=notice.priority == Priority.URGENT,
        notice=notice,
    )
    if count == 0:
        raise DomainError("Không có đảng viên nào thuộc phạm vi nhận đã chọn.")
    notice.status, notice.sent_at, notice.recipient_count = NoticeStatus.SENT, timezone.now(), count
    notice.save(update_fields=["status", "sent_at", "recipient_count", "updated_at"])
    notice_sent.send(Notice, notice=notice)
    return notice


@transaction.atomic
def notice_publish(*, org: Any, actor: Any, **fields: Any) -> Notice:
    """Write a notice and send it at once: one step for the committee, so that a notice
    nobody would receive is not left behind as a draft."""
    return notice_send(notice=notice_create(org=org, actor=actor, **fields))


def notification_read(*, notification: Notification) -> Notification:
    forget_viewer(notification.member_id)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=notification.read_at
        )
    return notification


def notifications_read_all(*, member: Member) -> int:
    forget_viewer(member.pk)
    return Notification.objects.filter(member=member, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def notice_acknowledge(*, notification: Notification) -> Notification:
    notice = notification.notice
    if notice is None or not notice.requires_ack:
        raise DomainError("Thông báo này không cần xác nhận.")
    now = timezone.now()
    forget_viewer(notification.member_id)
    Notification.objects.filter(pk=notification.pk, acknowledged_at__isnull=True).update(
        acknowledged_at=now, read_at=notification.read_at or now
    )
    notification.refresh_from_db()
    return notification


# -- preferences and push subscriptions ---------------------------------------------------------


@transaction.atomic
def preferences_save(
    *,
    user: Any,
    channels: dict[str, list[str]],
    quiet_start: dt.time | None,
    quiet_end: dt.time | None,
) -> NotificationPreference:
    if (quiet_start is None) != (quiet_end is None):
        raise DomainError(
            "Hãy chọn cả giờ bắt đầu và giờ kết thúc không làm phiền.", field="quiet_end"
        )
    if quiet_start is not None and quiet_start == quiet_end:
        raise DomainError(
            "Giờ bắt đầu và kết thúc không làm phiền phải khác nhau.", field="quiet_end"
        )
    cleaned = {
        k: [c for c in v if c in Channel.values]
        for k, v in channels.items()
        if k in NotificationKind.values
    }
    pref, _ = NotificationPreference.objects.update_or_create(
        user=user,
        defaults={"channels": cleaned, "quiet_start": quiet_start, "quiet_end": quiet_end},
    )
    return pref


@transaction.atomic
def push_subscribe(*, user: Any, endpoint: str, p256dh: str, auth: str) -> PushSubscription:
    if (
        not endpoint.startswith(("https://", "http://127.0.0.1", "http://localhost"))
        or not p256dh
        or not auth
    ):
        raise DomainError("Đăng ký nhận thông báo không hợp lệ.")
    sub, _ = PushSubscription.objects.update_or_create(
        endpoint=endpoint, defaults={"user": user, "p256dh": p256dh, "auth": auth}
    )
    return sub


def push_unsubscribe(*, user: Any, endpoint: str) -> None:
    PushSubscription.objects.filter(user=user, endpoint=endpoint).delete()


# -- reminders ------------------------------------------------------------------------------------


@transaction.atomic
def reminder_schedule(
    *,
    key: str,
    run_at: dt.datetime,
    member_ids: list[int],
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
) -> Reminder:
    """Schedule (or re-schedule) the reminder ``key``; a queued older version will do nothing."""
    reminder, created = Reminder.objects.select_for_update().get_or_create(
        key=key,
        defaults={
            "run_at": run_at,
            "member_ids": member_ids,
            "kind": kind,
            "title": title,
            "body": body,
            "url": url,
        },
    )
    if not created:
        reminder.run_at, reminder.member_ids, reminder.kind = run_at, member_ids, kind
        reminder.title, reminder.body, reminder.url = title, body, url
        reminder.version += 1
        reminder.status, reminder.sent_at = ReminderStatus.SCHEDULED, None
        reminder.save()
    _enqueue_reminder(reminder)
    return reminder


@transaction.atomic
def reminder_move(*, key: str, run_at: dt.datetime) -> Reminder:
    reminder = Reminder.objects.select_for_update().filter(key=key).first()
    if reminder is None:
        raise DomainError("Không tìm thấy lời nhắc.")
    if reminder.status != ReminderStatus.SCHEDULED:
        raise DomainError("Lời nhắc đã gửi hoặc đã hủy.")
    reminder.run_at, reminder.version = run_at, reminder.version + 1
    reminder.save(update_fields=["run_at", "version"])
    _enqueue_reminder(reminder)
    return reminder


@transaction.atomic
def reminder_cancel(*, key: str) -> None:
    Reminder.objects.filter(key=key, status=ReminderStatus.SCHEDULED).update(
        status=ReminderStatus.CANCELLED, version=F("version") + 1
    )


def _enqueue_reminder(reminder: Reminder) -> None:
    from .tasks import reminder_fire

    pk, version, when = reminder.pk, reminder.version, reminder.run_at
    transaction.on_commit(lambda: reminder_fire.using(run_after=when).enqueue(pk, version))


@transaction.atomic
def reminder_fire_now(*, reminder_id: int, version: int) -> bool:
    """Send the reminder if this is still its current version and time; False when stale."""
    reminder = Reminder.objects.select_for_update().filter(pk=reminder_id).first()
    if (
        reminder is None
        or reminder.version != version
        or reminder.status != ReminderStatus.SCHEDULED
    ):
        return False
    notify(
        members=reminder.member_ids,
        kind=reminder.kind,
        title=reminder.title,
        body=reminder.body,
        url=reminder.url,
    )
    reminder.status, reminder.sent_at = ReminderStatus.SENT, timezone.now()
    reminder.save(update_fields=["status", "sent_at"])
    return True
