"""Sending one notification on one channel. Each sender returns a provider id or raises
``SendError`` (retryable or not).

Every sender is given the delivery's key and passes it on as the provider's idempotency key
(SMS), the push Topic and notification tag (Web Push) or the Message-ID (e-mail): a delivery
that was in flight when a worker died is sent again with the same key, and the provider, the
phone or the mail client keeps one.
"""

from __future__ import annotations

import json
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import timezone

from . import sms, vapid
from .models import Notification, PushSubscription


class SendError(Exception):
    def __init__(self, message: str, *, retryable: bool = True) -> None:
        super().__init__(message)
        self.retryable = retryable


def _absolute(url: str) -> str:
    return settings.SITE_URL.rstrip("/") + url if url.startswith("/") else url


def send_push(notification: Notification, key: str) -> str:
    """Web Push to every subscription of the member's account; expired ones are removed."""
    from pywebpush import WebPushException, webpush

    user = getattr(notification.member, "user", None)
    subscriptions = list(PushSubscription.objects.filter(user=user)) if user else []
    if not subscriptions:
        raise SendError("Không có thiết bị đăng ký nhận thông báo.", retryable=False)
    payload = json.dumps(
        {
            "title": notification.title,
            "body": notification.body[:300],
            "url": notification.url or "/thong-bao/",
            "tag": key,
        },
        ensure_ascii=False,
    )
    sent, last_error = 0, ""
    for sub in subscriptions:
        try:
            webpush(
                subscription_info={
                    "endpoint": sub.endpoint,
                    "keys": {"p256dh": sub.p256dh, "auth": sub.auth},
                },
                data=payload,
                vapid_private_key=vapid.signer(),
                vapid_claims={"sub": settings.VAPID_SUBJECT},
                ttl=24 * 3600,
                timeout=10,
                headers={"Topic": key[:32]},  # a pending copy at the push service is replaced
            )
        except WebPushException as exc:
            status = getattr(exc.response, "status_code", None)
            if status in (404, 410):
                sub.delete()  # the browser unsubscribed or the subscription expired
                continue
            last_error = f"Dịch vụ đẩy trả lỗi {status or exc}"
            continue
        sent += 1
        PushSubscription.objects.filter(pk=sub.pk).update(last_success_at=timezone.now())
    if sent:
        return f"push:{sent}"
    raise SendError(last_error or "Mọi đăng ký đã hết hạn.", retryable=bool(last_error))


def send_email(notification: Notification, key: str) -> str:
    address = notification.member.email
    if not address:
        raise SendError("Đảng viên không có email.", retryable=False)
    body = notification.body + (f"\n\n{_absolute(notification.url)}" if notification.url else "")
    domain = urlsplit(settings.SITE_URL).hostname or "sotay.invalid"
    EmailMessage(
        notification.title, body, None, [address], headers={"Message-ID": f"<{key}@{domain}>"}
    ).send()
    return "email"


def send_sms(notification: Notification, key: str) -> str:
    phone = notification.member.phone
    if not phone:
        raise SendError("Đảng viên không có số điện thoại.", retryable=False)
    text = f"{notification.title}. {notification.body}"[: settings.SMS_MAX_CHARS]
    try:
        return sms.gateway().send(phone, text, key)
    except sms.SmsError as exc:
        raise SendError(str(exc), retryable=exc.retryable) from exc


SENDERS = {"push": send_push, "email": send_email, "sms": send_sms}
