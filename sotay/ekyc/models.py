"""A registration by party card and face (eKYC): what was read, what the member confirmed, how
it compared with the record, and — until it is decided — the images as evidence."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from sotay.core.models import PublicModel


class Status(models.TextChoices):
    READ = "read", "Đã đọc thẻ, chờ chụp ảnh chân dung"
    MATCHED = "matched", "Khớp hồ sơ, chờ đặt mật khẩu"
    REVIEW = "review", "Chờ cấp ủy xem xét"
    APPROVED = "approved", "Cấp ủy đã duyệt, chờ đặt mật khẩu"
    REJECTED = "rejected", "Cấp ủy không duyệt"
    ACTIVATED = "activated", "Đã kích hoạt tài khoản"


class Turn(models.TextChoices):
    LEFT = "trai", "sang trái"
    RIGHT = "phai", "sang phải"


class Registration(PublicModel):
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.READ)
    device_digest = models.CharField(max_length=64, db_index=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    card_digest = models.CharField(max_length=64, blank=True, db_index=True)
    fields_read = models.JSONField("đọc được từ thẻ", default=dict)
    fields = models.JSONField("đảng viên xác nhận", default=dict)
    corrected = models.JSONField("trường đã sửa", default=list)
    turn = models.CharField("yêu cầu quay đầu", max_length=4, choices=Turn.choices)
    submitted_at = models.DateTimeField(null=True, blank=True, db_index=True)
    # Set when the card number is a current member's; never shown to the applicant unless every
    # check passed.
    member = models.ForeignKey(
        "members.Member", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    unit = models.ForeignKey(
        "orgs.Organization", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    name_ok = models.BooleanField(null=True)
    dates_ok = models.BooleanField(null=True)
    face_card = models.FloatField("khoảng cách mặt – ảnh thẻ", null=True, blank=True)
    face_record = models.FloatField("khoảng cách mặt – ảnh hồ sơ", null=True, blank=True)
    face_same = models.FloatField("khoảng cách hai ảnh chân dung", null=True, blank=True)
    head_turn = models.FloatField("mức quay đầu", null=True, blank=True)
    liveness_ok = models.BooleanField(null=True)
    reasons = models.JSONField("lý do cần xem xét", default=list)
    card_image = models.FileField(upload_to="ekyc/%Y/%m/", blank=True)
    selfie_front = models.FileField(upload_to="ekyc/%Y/%m/", blank=True)
    selfie_turn = models.FileField(upload_to="ekyc/%Y/%m/", blank=True)
    images_deleted_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "unit"])]

    def __str__(self) -> str:
        return f"{self.fields.get('full_name') or self.fields_read.get('full_name', '?')}"

    @property
    def decided(self) -> bool:
        return self.status in (Status.APPROVED, Status.REJECTED, Status.ACTIVATED)
