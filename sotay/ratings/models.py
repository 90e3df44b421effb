"""The yearly quality rating of members and party organisations (QĐ 366-QĐ/TW, HD 43)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from sotay.core.models import PublicModel
from sotay.orgs.models import Organization

from .choices import DEFAULT_EXCELLENT_PERCENT, CommentKind, RatingLevel, RatingStatus


class QualityRating(PublicModel):
    """One year's rating of one member (``member``) or one party organisation (``org``):
    the self-assessment, the cell's proposal and vote, and the decision of the committee
    above (``decider``)."""

    year = models.PositiveSmallIntegerField("năm")
    member = models.ForeignKey(
        "members.Member", null=True, blank=True, on_delete=models.CASCADE, related_name="ratings"
    )
    org = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.CASCADE, related_name="ratings"
    )
    # Where the subject is rated (the member's cell at the time, or the organisation itself)
    # and who decides; paths copied so that scope filters and report counts read one table.
    unit = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    unit_path = models.CharField(max_length=255, editable=False)
    decider = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=16, choices=RatingStatus.choices)

    self_points = models.PositiveSmallIntegerField("tự chấm điểm", null=True, blank=True)
    self_level = models.CharField(
        "tự xếp loại", max_length=12, choices=RatingLevel.choices, blank=True
    )
    strengths = models.TextField("ưu điểm", blank=True)
    weaknesses = models.TextField("hạn chế, khuyết điểm", blank=True)
    remedies = models.TextField("nguyên nhân, hướng khắc phục", blank=True)
    self_at = models.DateTimeField(null=True, blank=True)

    proposed_level = models.CharField(
        "chi bộ đề xuất", max_length=12, choices=RatingLevel.choices, blank=True
    )
    votes_for = models.PositiveSmallIntegerField("số phiếu tán thành", null=True, blank=True)
    voters = models.PositiveSmallIntegerField("số đảng viên biểu quyết", null=True, blank=True)
    review_note = models.CharField("nhận xét của chi bộ", max_length=500, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    proposed_at = models.DateTimeField(null=True, blank=True)

    level = models.CharField(
        "xếp loại chính thức", max_length=12, choices=RatingLevel.choices, blank=True
    )
    decision_note = models.CharField("ghi chú của cấp ủy", max_length=500, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["year", "unit_path"]
        constraints = [
            models.CheckConstraint(
                condition=Q(member__isnull=False, org__isnull=True)
                | Q(member__isnull=True, org__isnull=False),
                name="rating_one_subject",
            ),
            models.UniqueConstraint(
                fields=["year", "member"],
                condition=Q(member__isnull=False),
                name="uniq_member_year",
            ),
            models.UniqueConstraint(
                fields=["year", "org"], condition=Q(org__isnull=False), name="uniq_org_year"
            ),
        ]
        indexes = [
            models.Index(fields=["decider", "year", "status"]),
            models.Index(fields=["year", "unit_path"]),
        ]

    def __str__(self) -> str:
        return f"{self.member or self.org} — {self.year}"

    @property
    def subject_name(self) -> str:
        return self.member.full_name if self.member_id else self.org.name  # type: ignore[union-attr]


class ExcellentCap(models.Model):
    """The deciding committee's share of "hoàn thành xuất sắc" for a year: 20% of those rated
    "hoàn thành tốt", or up to 25% for outstanding results, with the reason (Điều 11 (1))."""

    unit = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField("năm")
    percent = models.PositiveSmallIntegerField(
        "tỉ lệ tối đa (%)", default=DEFAULT_EXCELLENT_PERCENT
    )
    reason = models.CharField("lý do", max_length=500, blank=True)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    set_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="uniq_cap_year")]

    def __str__(self) -> str:
        return f"{self.unit} {self.year}: {self.percent}%"


class RatingComment(PublicModel):
    """A comment on a member's year asked of another cell — where they are temporarily
    active (HD 43, 7.6) or where they live (CV 19370) — by the cell that rates them."""

    member = models.ForeignKey("members.Member", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField("năm")
    kind = models.CharField("nơi nhận xét", max_length=12, choices=CommentKind.choices)
    asked_by_unit = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    from_unit = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    from_path = models.CharField(max_length=255, editable=False)
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField("nhận xét", blank=True)
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    given_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["member", "year", "from_unit"], name="uniq_comment_member_year_unit"
            )
        ]
        indexes = [models.Index(fields=["from_path", "given_at"])]

    def __str__(self) -> str:
        return f"{self.member} {self.year} ← {self.from_unit}"
