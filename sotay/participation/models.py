"""Surveys, consultations on draft documents, and members' questions to their committees.

Anonymous surveys are anonymous by construction: ``SurveyResponse`` has no member, user,
timestamp, cell or sequence number — its key is random and its unit is the commune-level unit —
and ``SurveyParticipation`` (who has answered, to allow one response each) holds nothing about
the answers. Editing an anonymous response needs the receipt the member's device keeps; the
server stores only a hash of it. So that the database's own bookkeeping (SQLite row ids,
PostgreSQL row positions and transaction ids) cannot pair a participation with a response either,
new anonymous responses are re-written in shuffled batches, and only then counted in the tallies
(see ``services.surveys.mix``).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from sotay.core.models import PublicModel
from sotay.orgs.models import Organization

from .choices import (
    AudienceRole,
    AudienceStatus,
    Decision,
    InquiryEventKind,
    InquiryKind,
    InquiryStatus,
    Phase,
    QuestionType,
)


class Survey(PublicModel):
    unit = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    audience = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    audience_path = models.CharField(max_length=255, editable=False)
    audience_role = models.CharField(max_length=16, choices=AudienceRole.choices, blank=True)
    audience_status = models.CharField(max_length=16, choices=AudienceStatus.choices, blank=True)
    title = models.CharField(max_length=300)
    intro = models.TextField(blank=True)
    anonymous = models.BooleanField(default=False)
    opens_at = models.DateTimeField()
    closes_at = models.DateTimeField()
    phase = models.CharField(max_length=8, choices=Phase.choices, default=Phase.DRAFT)
    responses = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-opens_at", "-id"]
        indexes = [models.Index(fields=["audience_path", "phase"])]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: object, **kwargs: object) -> None:
        self.audience_path = self.audience.path
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class SurveyQuestion(models.Model):
    """``options``/``rows``: [{"key": "A", "text": ...}]; ``show_if``: {"q": key, "any": [keys]}
    — shown only when that earlier question's answer includes one of the keys."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    key = models.CharField(max_length=8)
    position = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=16, choices=QuestionType.choices)
    text = models.CharField(max_length=500)
    help_text = models.CharField(max_length=300, blank=True)
    required = models.BooleanField(default=True)
    options = models.JSONField(default=list)
    rows = models.JSONField(default=list)
    scale_min = models.SmallIntegerField(default=1)
    scale_max = models.SmallIntegerField(default=5)
    show_if = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["survey", "position"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "key"], name="uniq_survey_question")
        ]

    def __str__(self) -> str:
        return self.text[:60]


class SurveyParticipation(models.Model):
    """That a member has answered a survey — nothing else (no time, no link to the answers)."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey("members.Member", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["survey", "member"], name="uniq_participation")
        ]

    def __str__(self) -> str:
        return f"{self.member_id} → {self.survey_id}"


class SurveyResponse(models.Model):
    """One member's answers. Named surveys keep the member and cell; anonymous ones keep only a
    random key, the commune-level unit and the hash of the receipt held by the member."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="+")
    unit_path = models.CharField(max_length=255)
    member = models.ForeignKey(
        "members.Member", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    receipt_hash = models.CharField(max_length=64, blank=True, db_index=True)
    answers = models.JSONField(default=dict)
    # Anonymous only: not yet mixed into a batch (see services.surveys.mix); its answers are not
    # in the tallies yet.
    fresh = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "member"],
                condition=models.Q(member__isnull=False),
                name="uniq_named_response",
            )
        ]
        indexes = [models.Index(fields=["survey", "unit_path"])]

    def __str__(self) -> str:
        return str(self.id)


class SurveyTally(models.Model):
    """Running count of one choice (``row`` for ranking positions and matrix rows) per unit,
    kept with each response, so results of 100,000 responses are a small sum. ``question`` "_n"
    counts the responses themselves."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="+")
    question = models.CharField(max_length=8)
    row = models.CharField(max_length=8, blank=True)
    choice = models.CharField(max_length=8, blank=True)
    unit_path = models.CharField(max_length=255)
    count = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "question", "row", "choice", "unit_path"], name="uniq_tally"
            )
        ]

    def __str__(self) -> str:
        return f"{self.question}/{self.row}/{self.choice}: {self.count}"


class SurveyText(models.Model):
    """A free-text answer, listed page by page in the results."""

    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="texts")
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="+")
    question = models.CharField(max_length=8)
    unit_path = models.CharField(max_length=255)
    text = models.TextField()

    class Meta:
        indexes = [models.Index(fields=["survey", "question", "unit_path"])]

    def __str__(self) -> str:
        return self.text[:60]


class Consultation(PublicModel):
    """A draft document put to members for comments (lấy ý kiến, góp ý dự thảo)."""

    unit = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    audience = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    audience_path = models.CharField(max_length=255, editable=False)
    title = models.CharField(max_length=300)
    summary = models.TextField(blank=True)
    opens_at = models.DateTimeField()
    closes_at = models.DateTimeField()
    phase = models.CharField(max_length=8, choices=Phase.choices, default=Phase.OPEN)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-opens_at", "-id"]
        indexes = [models.Index(fields=["audience_path", "phase"])]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: object, **kwargs: object) -> None:
        self.audience_path = self.audience.path
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class DraftVersion(models.Model):
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveSmallIntegerField()
    note = models.CharField("ghi chú sửa đổi", max_length=300, blank=True)
    source_name = models.CharField(max_length=200, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "number"], name="uniq_consultation_version"
            )
        ]

    def __str__(self) -> str:
        return f"Dự thảo lần {self.number}"


class DraftParagraph(models.Model):
    """A heading or paragraph of a version; ``key`` is kept across versions."""

    version = models.ForeignKey(DraftVersion, on_delete=models.CASCADE, related_name="paragraphs")
    position = models.PositiveIntegerField()
    key = models.CharField(max_length=12)
    heading = models.BooleanField(default=False)
    text = models.TextField()

    class Meta:
        ordering = ["version", "position"]

    def __str__(self) -> str:
        return self.text[:60]


class DraftComment(PublicModel):
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="comments"
    )
    member = models.ForeignKey("members.Member", on_delete=models.CASCADE, related_name="+")
    paragraph_key = models.CharField(max_length=12, blank=True)
    paragraph_text = models.TextField(blank=True)  # as the member saw it
    version_number = models.PositiveSmallIntegerField(default=1)
    text = models.TextField()
    hidden_reason = models.CharField(max_length=300, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision = models.CharField(max_length=16, choices=Decision.choices, default=Decision.PENDING)
    response = models.TextField(blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["consultation", "paragraph_key"])]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def hidden(self) -> bool:
        return bool(self.hidden_reason)


class ParticipationPolicy(models.Model):
    """A province's rules: days a committee has to answer before the question escalates."""

    province = models.OneToOneField(Organization, on_delete=models.CASCADE, related_name="+")
    answer_days = models.PositiveSmallIntegerField(default=7)

    def __str__(self) -> str:
        return f"{self.province_id}: {self.answer_days} ngày"


class Inquiry(PublicModel):
    """A member's question, report or petition to a committee (hỏi đáp, phản ánh, kiến nghị)."""

    member = models.ForeignKey("members.Member", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16, choices=InquiryKind.choices)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    addressed_to = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    unit_path = models.CharField(max_length=255)  # who must answer now (moves up on escalation)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    due_at = models.DateTimeField()
    escalations = models.PositiveSmallIntegerField(default=0)
    status = models.CharField(
        max_length=16, choices=InquiryStatus.choices, default=InquiryStatus.OPEN
    )
    answer = models.TextField(blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    public_consent = models.BooleanField(default=False)
    faq_question = models.TextField(blank=True)  # as published, without personal details
    faq_published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["unit_path", "status"]),
            models.Index(fields=["status", "due_at"]),
        ]

    def __str__(self) -> str:
        return self.subject

    def save(self, *args: object, **kwargs: object) -> None:
        self.unit_path = self.unit.path
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class InquiryEvent(models.Model):
    inquiry = models.ForeignKey(Inquiry, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=16, choices=InquiryEventKind.choices)
    note = models.CharField(max_length=300, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.inquiry_id}: {self.kind}"
