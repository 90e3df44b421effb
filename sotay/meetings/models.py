"""Cell meetings: schedule, materials, draft resolution with paragraph comments, attendance,
minutes and resolution, rating. A meeting belongs to one cell; ``cell_path`` makes the
superior committees' oversight one grouped query per level."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from sotay.core.models import PublicModel
from sotay.orgs.models import Organization

from .choices import (
    AbsenceReason,
    AttendanceStatus,
    CheckinMethod,
    CommentDecision,
    MeetingKind,
    MeetingStatus,
    Rating,
)


class MeetingSchedule(models.Model):
    """How a cell's regular meetings recur: a day of the month at a time, at a place."""

    cell = models.OneToOneField(Organization, on_delete=models.CASCADE, related_name="+")
    day_of_month = models.PositiveSmallIntegerField("ngày trong tháng", default=3)
    time = models.TimeField("giờ", default="19:30")
    place = models.CharField("địa điểm", max_length=200, blank=True)
    online_link = models.URLField("đường dẫn họp trực tuyến", blank=True)

    def __str__(self) -> str:
        return f"Ngày {self.day_of_month} hằng tháng lúc {self.time:%H:%M}"


class Meeting(PublicModel):
    """One meeting of a cell (regular: at most one per month)."""

    cell = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="meetings")
    cell_path = models.CharField(max_length=255, editable=False)
    kind = models.CharField("loại", max_length=16, choices=MeetingKind.choices)
    month = models.DateField("tháng", editable=False)
    title = models.CharField("tên buổi sinh hoạt", max_length=300)
    topic = models.CharField("chuyên đề", max_length=300, blank=True)
    starts_at = models.DateTimeField("thời gian")
    place = models.CharField("địa điểm", max_length=200, blank=True)
    online_link = models.URLField("đường dẫn họp trực tuyến", blank=True)
    agenda = models.TextField("chương trình", blank=True)
    materials = models.ManyToManyField("content.Item", blank=True, related_name="+")
    status = models.CharField(
        max_length=16, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED
    )
    set_by = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Cấp ủy cấp trên đã định ngày chung",
    )
    draft_posted_at = models.DateTimeField(null=True, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    # Counted when the meeting closes, for the oversight views.
    expected_count = models.PositiveIntegerField(default=0)
    present_count = models.PositiveIntegerField(default=0)
    excused_count = models.PositiveIntegerField(default=0)
    rating = models.CharField(
        "chi bộ tự đánh giá", max_length=16, choices=Rating.choices, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-starts_at"]
        indexes = [
            models.Index(fields=["month", "cell_path"]),
            models.Index(fields=["cell", "starts_at"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["cell", "month"],
                condition=Q(kind="regular") & ~Q(status="cancelled"),
                name="one_regular_meeting_per_month",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: object, **kwargs: object) -> None:
        self.cell_path = self.cell.path
        self.month = self.starts_at.date().replace(day=1)
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def attendance_rate(self) -> int:
        return round(100 * self.present_count / self.expected_count) if self.expected_count else 0

    @property
    def accepts_comments(self) -> bool:
        return self.draft_posted_at is not None and self.status in (
            MeetingStatus.SCHEDULED,
            MeetingStatus.OPEN,
        )


class DraftVersion(models.Model):
    """One posted version of the draft resolution, split into paragraphs."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="drafts")
    number = models.PositiveSmallIntegerField()
    note = models.CharField("ghi chú sửa đổi", max_length=300, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="uniq_draft_number")
        ]

    def __str__(self) -> str:
        return f"Dự thảo lần {self.number}"


class DraftParagraph(models.Model):
    """A paragraph of a draft version. ``key`` stays the same across versions for a paragraph
    that was kept or edited, so comments stay attached to it."""

    version = models.ForeignKey(DraftVersion, on_delete=models.CASCADE, related_name="paragraphs")
    position = models.PositiveSmallIntegerField()
    key = models.CharField(max_length=12)
    text = models.TextField()

    class Meta:
        ordering = ["version", "position"]

    def __str__(self) -> str:
        return self.text[:60]


class Comment(PublicModel):
    """A member's comment on one paragraph (``paragraph_key``) or on the whole draft ("")."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="comments")
    member = models.ForeignKey("members.Member", on_delete=models.CASCADE, related_name="+")
    paragraph_key = models.CharField(max_length=12, blank=True)
    paragraph_text = models.TextField(blank=True)  # as the member saw it
    text = models.TextField()
    during_meeting = models.BooleanField(default=False)
    decision = models.CharField(
        max_length=16, choices=CommentDecision.choices, default=CommentDecision.PENDING
    )
    response = models.TextField("trả lời của chi ủy", blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at"]
        indexes = [models.Index(fields=["meeting", "paragraph_key"])]

    def __str__(self) -> str:
        return self.text[:60]


class Attendance(models.Model):
    """Who was at the meeting, how they were checked in, or why they were absent."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey("members.Member", on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=16, choices=AttendanceStatus.choices)
    reason = models.CharField(max_length=16, choices=AbsenceReason.choices, blank=True)
    note = models.CharField(max_length=200, blank=True)
    method = models.CharField(max_length=16, choices=CheckinMethod.choices, blank=True)
    checked_at = models.DateTimeField(auto_now_add=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="uniq_attendance")
        ]

    def __str__(self) -> str:
        return f"{self.member_id} {self.status}"


class Minutes(models.Model):
    """The structured minutes (biên bản) and the adopted resolution."""

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="minutes")
    chair = models.CharField("chủ trì", max_length=120)
    secretary = models.CharField("thư ký", max_length=120)
    content = models.TextField("nội dung, diễn biến")
    opinions = models.TextField("ý kiến phát biểu", blank=True)
    conclusions = models.TextField("kết luận của chủ trì")
    votes_for = models.PositiveSmallIntegerField("tán thành", default=0)
    votes_against = models.PositiveSmallIntegerField("không tán thành", default=0)
    votes_abstain = models.PositiveSmallIntegerField("không biểu quyết", default=0)
    resolution = models.TextField("nghị quyết được thông qua")
    ended_at = models.TimeField("kết thúc lúc", null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Biên bản {self.meeting_id}"
