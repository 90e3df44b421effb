"""Study programmes, the question bank (versioned), attempts, and the points ledger.

Points reward understanding, never time: entries come only from rules (programme finished,
quiz score, meeting attended, comment adopted, survey answered), each entry has a unique
``source_key`` so the same event never counts twice, and rules carry caps per day and per item.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from sotay.core.models import PublicModel
from sotay.orgs.models import Organization

from .choices import (
    AttemptStatus,
    Difficulty,
    FeedbackMode,
    PointRule,
    ProgrammeKind,
    ProgrammeStatus,
    QuestionKind,
    RankingVisibility,
)


class QuestionCategory(models.Model):
    """A topic of the bank of a unit (e.g. "Điều lệ Đảng — đảng viên")."""

    unit = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=200)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "name"], name="uniq_question_category")
        ]
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Question(PublicModel):
    """A bank question; its wording lives in versions so past attempts keep theirs."""

    unit = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    category = models.ForeignKey(
        QuestionCategory, on_delete=models.PROTECT, related_name="questions"
    )
    kind = models.CharField(max_length=16, choices=QuestionKind.choices)
    difficulty = models.CharField(max_length=16, choices=Difficulty.choices)
    tags = models.CharField(max_length=300, blank=True)
    current = models.ForeignKey(
        "QuestionVersion", null=True, on_delete=models.PROTECT, related_name="+"
    )
    active = models.BooleanField(default=True)

    class Meta:
        indexes = [models.Index(fields=["unit", "category", "difficulty", "active"])]

    def __str__(self) -> str:
        return self.current.text[:60] if self.current_id and self.current else str(self.public_id)


class QuestionVersion(models.Model):
    """One wording of a question. ``options`` is [{"key": "A", "text": ...}, ...]; ``correct``
    is the list of correct keys (for ordering: the keys in the right order)."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField()
    text = models.TextField()
    options = models.JSONField()
    correct = models.JSONField()
    explanation = models.TextField(blank=True)
    cited_item = models.ForeignKey(
        "content.Item", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cited_anchor = models.CharField(max_length=60, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["question", "number"], name="uniq_question_version")
        ]

    def __str__(self) -> str:
        return f"{self.question_id} v{self.number}"


class Programme(PublicModel):
    """A study programme set by a committee for its subtree, with materials and a quiz."""

    unit = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    audience = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    audience_path = models.CharField(max_length=255, editable=False)
    kind = models.CharField(max_length=16, choices=ProgrammeKind.choices)
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    materials = models.ManyToManyField("content.Item", blank=True, related_name="+")
    media_links = models.TextField("đường dẫn âm thanh, video", blank=True)
    starts_on = models.DateField()
    ends_on = models.DateField()
    status = models.CharField(
        max_length=16, choices=ProgrammeStatus.choices, default=ProgrammeStatus.DRAFT
    )
    # The assessment: fixed questions, or drawn at random from a category and difficulty.
    fixed_questions = models.ManyToManyField(Question, blank=True, related_name="+")
    draw_category = models.ForeignKey(
        QuestionCategory, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    draw_difficulty = models.CharField(max_length=16, choices=Difficulty.choices, blank=True)
    question_count = models.PositiveSmallIntegerField(default=10)
    time_limit_minutes = models.PositiveSmallIntegerField(default=15)
    max_attempts = models.PositiveSmallIntegerField(default=2)
    pass_percent = models.PositiveSmallIntegerField(default=70)
    feedback = models.CharField(
        max_length=16, choices=FeedbackMode.choices, default=FeedbackMode.IMMEDIATE
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-starts_on", "-id"]
        indexes = [models.Index(fields=["audience_path", "status"])]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: object, **kwargs: object) -> None:
        self.audience_path = self.audience.path
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class Attempt(PublicModel):
    """One attempt at a programme's quiz. The questions (their versions and option order) are
    fixed at the start; the deadline is kept on the server; answers are saved as they are
    given, so a lost connection resumes where it stopped; ``token`` makes a submission count
    once."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="attempts")
    member = models.ForeignKey("members.Member", on_delete=models.CASCADE, related_name="+")
    cell_path = models.CharField(max_length=255)
    number = models.PositiveSmallIntegerField()
    items = models.JSONField()  # [{"v": version id, "order": [option keys as shown]}]
    answers = models.JSONField(default=dict)  # {"<version id>": [keys]}
    started_at = models.DateTimeField()
    deadline = models.DateTimeField()
    submitted_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(
        max_length=16, choices=AttemptStatus.choices, default=AttemptStatus.IN_PROGRESS
    )
    score = models.PositiveSmallIntegerField(default=0)
    max_score = models.PositiveSmallIntegerField(default=0)
    passed = models.BooleanField(default=False)
    token = models.CharField(max_length=32)

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "member", "number"], name="uniq_attempt_number"
            )
        ]
        indexes = [models.Index(fields=["programme", "cell_path", "status"])]

    def __str__(self) -> str:
        return f"{self.member_id} lần {self.number}"


class AttemptAnswer(models.Model):
    """One question of a finished attempt, right or wrong, with the attempt's score: what the
    item statistics (share correct, discrimination) aggregate in the database."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="+")
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="+")
    version = models.ForeignKey(QuestionVersion, on_delete=models.PROTECT, related_name="+")
    correct = models.BooleanField()
    attempt_score = models.PositiveSmallIntegerField()

    class Meta:
        indexes = [models.Index(fields=["programme", "version"])]

    def __str__(self) -> str:
        return f"{self.attempt_id}/{self.version_id}: {self.correct}"


class PointPolicy(models.Model):
    """A province's point rules and who may see individual rankings."""

    province = models.OneToOneField(Organization, on_delete=models.CASCADE, related_name="+")
    rules = models.JSONField(default=dict)  # {rule: {"points": n, "daily_cap": n}}
    visibility = models.CharField(
        max_length=16, choices=RankingVisibility.choices, default=RankingVisibility.CELL
    )

    def __str__(self) -> str:
        return f"Điểm của {self.province_id}"


class PointEntry(models.Model):
    """An append-only ledger line: who, how many points, why, from which event."""

    member = models.ForeignKey("members.Member", on_delete=models.CASCADE, related_name="+")
    cell_path = models.CharField(max_length=255)
    rule = models.CharField(max_length=32, choices=PointRule.choices)
    points = models.IntegerField()
    reason = models.CharField(max_length=300)
    source_key = models.CharField(max_length=120, unique=True)
    day = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [
            models.Index(fields=["day", "cell_path"]),
            models.Index(fields=["member", "day"]),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} +{self.points} {self.rule}"


class PointTotal(models.Model):
    """Running total per member and period ("2026-11" for a month, "2026" for a year), kept
    with each ledger entry, so a ranking is an indexed top-N instead of a sum over the ledger."""

    member = models.ForeignKey("members.Member", on_delete=models.CASCADE, related_name="+")
    period = models.CharField(max_length=7)
    cell_path = models.CharField(max_length=255)
    points = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "period"], name="uniq_point_total")
        ]
        indexes = [
            models.Index(fields=["period", "-points"]),
            models.Index(fields=["period", "cell_path", "-points"]),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} {self.period}: {self.points}"
