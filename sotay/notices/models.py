"""Notices from committees, the members' notification inbox, deliveries per channel, reminders."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from sotay.core.models import PublicModel
from sotay.orgs.models import Organization

from .choices import (
    AudienceRole,
    AudienceStatus,
    Channel,
    DeliveryStatus,
    NoticeStatus,
    NotificationKind,
    Priority,
    ReminderStatus,
)


class Notice(PublicModel):
    """Thông báo: a committee's notice to a subtree, optionally narrowed by role or status."""

    org = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="notices",
        verbose_name="đơn vị gửi và phạm vi nhận",
    )
    title = models.CharField("tiêu đề", max_length=200)
    body = models.TextField("nội dung")
    priority = models.CharField(
        "mức độ", max_length=8, choices=Priority.choices, default=Priority.NORMAL
    )
    audience_role = models.CharField(
        "người nhận", max_length=20, choices=AudienceRole.choices, default=AudienceRole.ALL
    )
    audience_status = models.CharField(
        "trạng thái đảng viên",
        max_length=16,
        blank=True,
        choices=AudienceStatus.choices,
        default=AudienceStatus.ANY,
    )
    requires_ack = models.BooleanField("yêu cầu xác nhận “đã nhận”", default=False)
    status = models.CharField(
        max_length=8, choices=NoticeStatus.choices, default=NoticeStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    recipient_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "thông báo của cấp ủy"
        verbose_name_plural = "thông báo của cấp ủy"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class NoticeAttachment(models.Model):
    """A file sent with a notice (PDF, Word document or image), checked by its content."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="notices/")
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()

    class Meta:
        verbose_name = "tệp đính kèm"
        verbose_name_plural = "tệp đính kèm"

    def __str__(self) -> str:
        return self.original_name


class Notification(models.Model):
    """One item in a member's inbox (thông báo của tôi), raised by any app through notify()."""

    member = models.ForeignKey(
        "members.Member", on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=10, choices=NotificationKind.choices)
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=300, blank=True)
    urgent = models.BooleanField(default=False)
    notice = models.ForeignKey(
        Notice, null=True, blank=True, on_delete=models.CASCADE, related_name="notifications"
    )
    created_at = models.DateTimeField(db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "thông báo trong hộp thư"
        verbose_name_plural = "thông báo trong hộp thư"
        indexes = [
            models.Index(fields=["member", "-created_at"]),
            models.Index(fields=["member", "read_at"]),
            models.Index(fields=["notice", "acknowledged_at"]),
        ]
        constraints = [
            models.UniqueConstraint(fields=["notice", "member"], name="one_notification_per_notice")
        ]

    def __str__(self) -> str:
        return self.title


class Delivery(models.Model):
    """Sending one notification on one channel; unique per (notification, channel) so that
    queueing twice is harmless, and claimed atomically so that a retry never sends twice."""

    notification = models.ForeignKey(
        Notification, on_delete=models.CASCADE, related_name="deliveries"
    )
    channel = models.CharField(max_length=6, choices=Channel.choices)
    status = models.CharField(
        max_length=8, choices=DeliveryStatus.choices, default=DeliveryStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    not_before = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    provider_id = models.CharField(max_length=200, blank=True)
    last_error = models.CharField(max_length=500, blank=True)

    class Meta:
        verbose_name = "lượt gửi"
        verbose_name_plural = "lượt gửi"
        constraints = [
            models.UniqueConstraint(
                fields=["notification", "channel"], name="one_delivery_per_channel"
            )
        ]
        indexes = [models.Index(fields=["status"])]

    def __str__(self) -> str:
        return f"{self.notification_id}/{self.channel}: {self.status}"


class PushSubscription(models.Model):
    """A browser's Web Push subscription (one per installed app / browser)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="push_subscriptions"
    )
    endpoint = models.URLField(max_length=1000, unique=True)
    p256dh = models.CharField(max_length=200)
    auth = models.CharField(max_length=100)
    created_at = models.DateTimeField(auto_now_add=True)
    last_success_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "đăng ký nhận thông báo đẩy"
        verbose_name_plural = "đăng ký nhận thông báo đẩy"

    def __str__(self) -> str:
        return f"{self.user_id} {self.endpoint[:40]}"


class NotificationPreference(models.Model):
    """A member's choice of channels per kind, and quiet hours (no push or SMS then)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    channels = models.JSONField("kênh theo loại", default=dict)  # {kind: [channel, ...]}
    quiet_start = models.TimeField("không làm phiền từ", null=True, blank=True)
    quiet_end = models.TimeField("đến", null=True, blank=True)

    class Meta:
        verbose_name = "cài đặt thông báo"
        verbose_name_plural = "cài đặt thông báo"

    def __str__(self) -> str:
        return str(self.user_id)


class Reminder(models.Model):
    """A notification due at a time (meeting, deadline). Moving it bumps ``version`` so that the
    task queued for the old time finds itself stale and sends nothing."""

    key = models.CharField(max_length=120, unique=True)
    run_at = models.DateTimeField()
    version = models.PositiveIntegerField(default=1)
    status = models.CharField(
        max_length=10, choices=ReminderStatus.choices, default=ReminderStatus.SCHEDULED
    )
    kind = models.CharField(max_length=10, choices=NotificationKind.choices)
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=300, blank=True)
    member_ids = models.JSONField(default=list)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "lời nhắc"
        verbose_name_plural = "lời nhắc"

    def __str__(self) -> str:
        return f"{self.key} @ {self.run_at}"
