"""Base models shared by every app, and the audit log."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from .choices import AuditAction


class PublicModel(models.Model):
    """Abstract base: a UUID for URLs and APIs, and creation/update timestamps."""

    public_id = models.UUIDField("mã công khai", default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)

    class Meta:
        abstract = True


class AuditEntry(models.Model):
    """One access to or change of personal data by someone, shown to the member concerned."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_name = models.CharField("người thực hiện", max_length=200)
    action = models.CharField("hành động", max_length=32, choices=AuditAction.choices)
    member = models.ForeignKey(
        "members.Member", null=True, on_delete=models.CASCADE, related_name="audit_entries"
    )
    detail = models.CharField("chi tiết", max_length=300, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField("lúc", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "nhật ký truy cập"
        verbose_name_plural = "nhật ký truy cập"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["member", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.actor_name} {self.get_action_display()} {self.created_at:%d/%m/%Y}"


class WorkerBeat(models.Model):
    """A running task worker's heartbeat: a worker whose beat is older than the lease is
    taken as dead, and the tasks it was running are retried or failed (core.worker)."""

    worker_id = models.CharField(max_length=64, unique=True)
    host = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    beat_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = "tiến trình xử lý nền"
        verbose_name_plural = "tiến trình xử lý nền"

    def __str__(self) -> str:
        return f"{self.worker_id} @ {self.host}:{self.pid}"
