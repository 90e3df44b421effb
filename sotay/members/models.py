"""Member records (hồ sơ đảng viên), their history, accounts and account security."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone

from sotay.core.fields import EncryptedCharField
from sotay.core.models import PublicModel
from sotay.orgs.models import Organization

from .choices import (
    CURRENT_STATUSES,
    Gender,
    HistorySource,
    ImportKind,
    ImportStatus,
    MemberStatus,
    RequestStatus,
    TheoryLevel,
    TransferKind,
    TransferStatus,
)


class MemberQuerySet(models.QuerySet["Member"]):
    def current(self) -> MemberQuerySet:
        return self.filter(status__in=CURRENT_STATUSES)

    def visible_to(self, user: Any) -> MemberQuerySet:
        """Records the user may open: their own and those in their committee scope."""
        from .access import member_scope_q

        return self.filter(member_scope_q(user, write=False))

    def manageable_by(self, user: Any) -> MemberQuerySet:
        from .access import member_scope_q

        return self.filter(member_scope_q(user, write=True))


class Member(PublicModel):
    """A party member's record (hồ sơ đảng viên)."""

    full_name = models.CharField("họ và tên", max_length=120)
    other_name = models.CharField("tên gọi khác", max_length=120, blank=True)
    gender = models.CharField("giới tính", max_length=6, choices=Gender.choices)
    birth_date = models.DateField("ngày sinh", null=True, blank=True)
    birth_place = models.CharField("nơi sinh", max_length=255, blank=True)
    hometown = models.CharField("quê quán", max_length=255, blank=True)
    ethnicity = models.CharField("dân tộc", max_length=60, blank=True, default="Kinh")
    religion = models.CharField("tôn giáo", max_length=60, blank=True, default="Không")
    citizen_id = EncryptedCharField("số CCCD", blank=True)
    party_card_number = models.CharField(
        "số thẻ đảng viên", max_length=20, unique=True, null=True, blank=True
    )
    admitted_on = models.DateField("ngày vào Đảng", null=True, blank=True)
    full_member_on = models.DateField("ngày chính thức", null=True, blank=True)
    education = models.CharField("trình độ học vấn", max_length=60, blank=True)
    theory_level = models.CharField(
        "lý luận chính trị", max_length=16, choices=TheoryLevel.choices, blank=True
    )
    profession = models.CharField("nghề nghiệp", max_length=120, blank=True)
    workplace = models.CharField("nơi làm việc", max_length=255, blank=True)
    phone = EncryptedCharField("số điện thoại", blank=True)
    phone_digest = models.CharField(max_length=32, blank=True, db_index=True, editable=False)
    # Keyed digest of the citizen ID: sign-in with the national e-ID finds the record by it.
    citizen_digest = models.CharField(max_length=32, blank=True, db_index=True, editable=False)
    email = models.EmailField("email", blank=True)
    photo = models.FileField("ảnh", upload_to="members/photos/", blank=True)
    cell = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="members", verbose_name="chi bộ"
    )
    temporary_cell = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="temporary_members",
        verbose_name="chi bộ sinh hoạt tạm thời",
    )
    party_group = models.ForeignKey(
        "orgs.PartyGroup",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
        verbose_name="tổ đảng",
    )
    # Copy of the cell's tree path so that subtree filters and counts read one table
    # (kept in step by save(), members_move_cell and org_move).
    cell_path = models.CharField(max_length=255, editable=False, default="")
    status = models.CharField(
        "trạng thái", max_length=16, choices=MemberStatus.choices, default=MemberStatus.PROBATIONARY
    )
    # Whether the member has activated an account (set by account_activate): the adoption figures.
    has_account = models.BooleanField("đã kích hoạt tài khoản", default=False, editable=False)
    status_since = models.DateField("trạng thái từ ngày", null=True, blank=True)
    search_text = models.CharField(max_length=300, editable=False)
    share_phone = models.BooleanField("cho đảng viên cùng chi bộ xem số điện thoại", default=False)
    share_email = models.BooleanField("cho đảng viên cùng chi bộ xem email", default=False)

    objects = MemberQuerySet.as_manager()

    class Meta:
        verbose_name = "đảng viên"
        verbose_name_plural = "đảng viên"
        indexes = [
            models.Index(fields=["cell", "status"]),
            models.Index(fields=["status", "admitted_on"]),
            # Counts per cell and status read this index only (no table rows).
            models.Index(fields=["cell_path", "status", "has_account"]),
            # Name search within a subtree is answered from the index (covering).
            models.Index(fields=["cell_path", "status", "search_text"]),
        ]

    def __str__(self) -> str:
        return self.full_name

    def refresh_derived(self) -> None:
        """Recompute the folded search text and the phone digest from the record."""
        from sotay.core.fields import blind_index
        from sotay.core.text import fold

        self.search_text = fold(f"{self.full_name} {self.other_name}")[:300]
        self.phone_digest = blind_index(self.phone)
        self.citizen_digest = blind_index((self.citizen_id or "").strip())
        if self.cell_id:
            self.cell_path = self.cell.path

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.refresh_derived()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {
                *update_fields,
                "search_text",
                "phone_digest",
                "citizen_digest",
                "cell_path",
            }
        super().save(*args, **kwargs)

    @property
    def probation_ends_on(self) -> dt.date | None:
        if self.status != MemberStatus.PROBATIONARY or not self.admitted_on:
            return None
        a = self.admitted_on
        months = settings.PROBATION_MONTHS
        year, month = a.year + (a.month - 1 + months) // 12, (a.month - 1 + months) % 12 + 1
        day = min(a.day, 28) if month == 2 else min(a.day, 30 if month in (4, 6, 9, 11) else 31)
        return dt.date(year, month, day)

    @property
    def is_current(self) -> bool:
        return self.status in CURRENT_STATUSES


class MemberHistory(models.Model):
    """One change of a record: which fields, old and new values, by whom and why."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="history")
    source = models.CharField("nguồn", max_length=16, choices=HistorySource.choices)
    changes = models.JSONField("thay đổi", default=dict)
    note = models.CharField("ghi chú", max_length=500, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = "lịch sử hồ sơ"
        verbose_name_plural = "lịch sử hồ sơ"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.member_id} {self.source} {self.created_at:%d/%m/%Y}"


class CellMembership(models.Model):
    """Where a member was: a period of membership in one cell (kept across restructuring)."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="cell_history")
    org = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    org_name = models.CharField("tên chi bộ lúc đó", max_length=255)
    started_on = models.DateField("từ ngày")
    ended_on = models.DateField("đến ngày", null=True, blank=True)
    reason = models.CharField("lý do", max_length=255, blank=True)

    class Meta:
        verbose_name = "quá trình sinh hoạt"
        verbose_name_plural = "quá trình sinh hoạt"
        ordering = ["-started_on", "-id"]

    def __str__(self) -> str:
        return f"{self.org_name} {self.started_on}"


class Transfer(PublicModel):
    """Chuyển sinh hoạt đảng: the sending committee sends, the receiving committee accepts."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="transfers")
    kind = models.CharField("hình thức", max_length=10, choices=TransferKind.choices)
    from_cell = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    to_cell = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        "trạng thái", max_length=10, choices=TransferStatus.choices, default=TransferStatus.SENT
    )
    reason = models.CharField("lý do", max_length=500)
    until = models.DateField("đến ngày (tạm thời)", null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField("ghi chú của nơi nhận", max_length=500, blank=True)

    class Meta:
        verbose_name = "chuyển sinh hoạt đảng"
        verbose_name_plural = "chuyển sinh hoạt đảng"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.member} → {self.to_cell}"


class TransferRequest(PublicModel):
    """A member asks their cell committee, online, for a transfer of party activity; the
    committee issues the transfer (``transfer``) or declines with a reason."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="transfer_requests")
    kind = models.CharField("hình thức", max_length=10, choices=TransferKind.choices)
    to_cell = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    until = models.DateField("đến ngày (tạm thời)", null=True, blank=True)
    reason = models.CharField("lý do", max_length=500)
    status = models.CharField(
        max_length=10, choices=RequestStatus.choices, default=RequestStatus.PENDING
    )
    transfer = models.OneToOneField(
        Transfer, null=True, blank=True, on_delete=models.SET_NULL, related_name="request"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField("ý kiến cấp ủy", max_length=500, blank=True)

    class Meta:
        verbose_name = "đề nghị chuyển sinh hoạt"
        verbose_name_plural = "đề nghị chuyển sinh hoạt"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.member} → {self.to_cell} ({self.get_status_display()})"


class CorrectionRequest(PublicModel):
    """A member asks their cell committee to correct their own record."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="corrections")
    changes = models.JSONField("nội dung đề nghị", default=dict)
    reason = models.CharField("lý do", max_length=500, blank=True)
    status = models.CharField(
        max_length=10, choices=RequestStatus.choices, default=RequestStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField("ý kiến cấp ủy", max_length=500, blank=True)

    class Meta:
        verbose_name = "yêu cầu đính chính hồ sơ"
        verbose_name_plural = "yêu cầu đính chính hồ sơ"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.member} {self.get_status_display()}"


class UserManager(BaseUserManager["User"]):
    def create_user(self, username: str, password: str | None = None, **extra: Any) -> User:
        user = self.model(username=username, **extra)
        user.set_password(password)
        user.save()
        return user

    def create_superuser(self, username: str, password: str | None = None, **extra: Any) -> User:
        extra.update(is_staff=True, is_superuser=True)
        return self.create_user(username, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A sign-in account. Members sign in with phone or party card number; operators by name."""

    username = models.CharField("tên đăng nhập", max_length=150, unique=True)
    member = models.OneToOneField(
        Member, null=True, blank=True, on_delete=models.CASCADE, related_name="user"
    )
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField("quản trị hệ thống", default=False)
    activated_at = models.DateTimeField("kích hoạt lúc", null=True, blank=True)
    totp_secret = EncryptedCharField(blank=True)
    totp_confirmed_at = models.DateTimeField(null=True, blank=True)
    totp_last_step = models.BigIntegerField(default=0)
    large_text = models.BooleanField("chữ lớn", default=False)
    high_contrast = models.BooleanField("tương phản cao", default=False)
    simple_mode = models.BooleanField("chế độ đơn giản", default=False)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "username"

    class Meta:
        verbose_name = "tài khoản"
        verbose_name_plural = "tài khoản"

    def __str__(self) -> str:
        return self.member.full_name if self.member_id and self.member else self.username

    @property
    def display_name(self) -> str:
        return str(self)


class ActivationCode(models.Model):
    """A one-time code a cell secretary gives a member to activate or reset their account."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="activation_codes")
    code_hash = models.CharField(max_length=128)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "mã kích hoạt"
        verbose_name_plural = "mã kích hoạt"

    def __str__(self) -> str:
        return f"{self.member_id} {self.expires_at}"


class ApiToken(models.Model):
    """A bearer token for the JSON API (mobile clients, integrations); only its hash is kept."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key_digest = models.CharField(max_length=64, unique=True)
    name = models.CharField(max_length=100, default="app")
    # Whether the second factor was given when the token was issued: a token without it is
    # refused as soon as its account holds a committee role (which requires the factor).
    second_factor = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "khóa API"
        verbose_name_plural = "khóa API"

    def __str__(self) -> str:
        return f"{self.user_id} {self.name}"


class FailedSignIn(models.Model):
    """A failed sign-in (password or second factor), counted per account — whichever
    identifier was typed — or per identifier when it names no account, and per address."""

    identifier = models.CharField(max_length=64, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    ip_address = models.GenericIPAddressField(null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = "đăng nhập thất bại"
        verbose_name_plural = "đăng nhập thất bại"

    def __str__(self) -> str:
        return f"{self.identifier} {self.created_at}"


class ImportJob(PublicModel):
    """An uploaded spreadsheet of units or members: validated first, applied only on request."""

    kind = models.CharField("loại", max_length=10, choices=ImportKind.choices)
    org = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="+", verbose_name="đơn vị nhập"
    )
    file = models.FileField(upload_to="imports/")
    original_name = models.CharField(max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(
        max_length=12, choices=ImportStatus.choices, default=ImportStatus.VALIDATING
    )
    total_rows = models.PositiveIntegerField(default=0)
    valid_rows = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list)
    error_rows = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)
    unchanged_count = models.PositiveIntegerField(default=0)
    only_valid = models.BooleanField(default=False)
    failure = models.CharField(max_length=500, blank=True)

    class Meta:
        verbose_name = "lần nhập dữ liệu"
        verbose_name_plural = "lần nhập dữ liệu"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_status_display()})"


class EidLink(models.Model):
    """An account's identity at the national e-ID provider (issuer + subject), made at the
    first sign-in through it; later sign-ins find the account by it."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="eid_links")
    issuer = models.CharField(max_length=255)
    subject = models.CharField(max_length=255)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject"], name="uniq_eid_subject")
        ]

    def __str__(self) -> str:
        return f"{self.issuer} {self.subject}"
