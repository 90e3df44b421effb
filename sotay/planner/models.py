"""A member's calendar (personal and unit events; meetings come from the meetings app), tasks a
committee assigns to members or subordinate units with progress reports, and private notes."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q

from sotay.core.models import PublicModel
from sotay.orgs.models import Organization


class Event(PublicModel):
    """A personal event (``owner``) or a unit's event for its subtree (``unit``)."""

    owner = models.ForeignKey(
        "members.Member", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    unit = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    audience_path = models.CharField(max_length=255, blank=True)
    title = models.CharField("tên sự kiện", max_length=200)
    place = models.CharField("địa điểm", max_length=200, blank=True)
    description = models.TextField("nội dung", blank=True)
    starts_at = models.DateTimeField("bắt đầu")
    ends_at = models.DateTimeField("kết thúc", null=True, blank=True)
    all_day = models.BooleanField("cả ngày", default=False)
    remind_minutes = models.PositiveIntegerField("nhắc trước (phút)", default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["starts_at"]
        indexes = [
            models.Index(fields=["owner", "starts_at"]),
            models.Index(fields=["audience_path", "starts_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(owner__isnull=False, unit__isnull=True)
                | Q(owner__isnull=True, unit__isnull=False),
                name="event_personal_or_unit",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: object, **kwargs: object) -> None:
        self.audience_path = self.unit.path if self.unit_id and self.unit else ""
        super().save(*args, **kwargs)  # type: ignore[arg-type]


def _token() -> str:
    return secrets.token_urlsafe(24)


class CalendarFeed(models.Model):
    """The secret address of a member's iCalendar feed; revoking gives a new one."""

    member = models.OneToOneField("members.Member", on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=64, unique=True, default=_token)
    created_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"lịch của {self.member_id}"


class Task(PublicModel):
    unit = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    title = models.CharField("nhiệm vụ", max_length=300)
    description = models.TextField("nội dung, yêu cầu", blank=True)
    due_at = models.DateTimeField("hạn hoàn thành")
    attachment = models.FileField(upload_to="nhiem-vu/%Y/%m/", blank=True)
    attachment_name = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class Assignment(PublicModel):
    """A task given to one member or one subordinate unit, with its latest progress."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="assignments")
    member = models.ForeignKey(
        "members.Member", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    unit = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    percent = models.PositiveSmallIntegerField(default=0)
    reported_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["task", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(member__isnull=False, unit__isnull=True)
                | Q(member__isnull=True, unit__isnull=False),
                name="assignment_member_or_unit",
            ),
            models.UniqueConstraint(
                fields=["task", "member"],
                condition=Q(member__isnull=False),
                name="uniq_task_member",
            ),
            models.UniqueConstraint(
                fields=["task", "unit"], condition=Q(unit__isnull=False), name="uniq_task_unit"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task_id}: {self.percent}%"


class Report(models.Model):
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="reports")
    percent = models.PositiveSmallIntegerField()
    text = models.TextField(blank=True)
    file = models.FileField(upload_to="bao-cao/%Y/%m/", blank=True)
    file_name = models.CharField(max_length=200, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.assignment_id}: {self.percent}%"


class Note(PublicModel):
    """A private note; optionally about a document/article (and one of its sections) or a
    meeting. ``search_text`` is the accent-folded title and body, for search."""

    member = models.ForeignKey("members.Member", on_delete=models.CASCADE, related_name="+")
    title = models.CharField("tiêu đề", max_length=200)
    body = models.TextField("nội dung", blank=True)
    item = models.ForeignKey(
        "content.Item", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    anchor = models.CharField(max_length=60, blank=True)
    meeting = models.ForeignKey(
        "meetings.Meeting", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    search_text = models.TextField(editable=False, blank=True)

    class Meta:
        ordering = ["-updated_at"]
        indexes = [models.Index(fields=["member", "-updated_at"])]

    def __str__(self) -> str:
        return self.title
