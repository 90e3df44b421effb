"""Party dues (đảng phí): each member's category and income, the month's charge, the receipt
given when it is paid, and the money each unit passes up the tree after keeping its share."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from sotay.core.models import PublicModel
from sotay.orgs.models import Organization

from .choices import ChargeStatus, DuesCategory, RateKind, ShareLevel


class FromMonth(models.Model):
    """Abstract: a figure in force from ``valid_from`` (the first of a month) until the next
    one, with its legal basis and who set it."""

    valid_from = models.DateField("áp dụng từ tháng")
    note = models.CharField("căn cứ", max_length=255, blank=True)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    set_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class DuesRate(FromMonth):
    """The rate of one category from ``valid_from`` (the first of a month) until the next."""

    category = models.CharField("đối tượng", max_length=12, choices=DuesCategory.choices)
    kind = models.CharField("cách tính", max_length=8, choices=RateKind.choices)
    value = models.DecimalField("mức (% hoặc đồng)", max_digits=12, decimal_places=2)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["category", "valid_from"], name="uniq_rate_month")
        ]

    def __str__(self) -> str:
        return f"{self.category} {self.value} từ {self.valid_from:%m/%Y}"


class RetainedShare(FromMonth):
    """The percentage a level keeps of what reaches it, from ``valid_from``."""

    level = models.CharField("cấp", max_length=20, choices=ShareLevel.choices)
    percent = models.PositiveSmallIntegerField("tỉ lệ giữ lại (%)")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["level", "valid_from"], name="uniq_share_month")
        ]

    def __str__(self) -> str:
        return f"{self.level} {self.percent}% từ {self.valid_from:%m/%Y}"


class DuesProfile(models.Model):
    """What a member's dues are based on, kept by the cell where they pay."""

    member = models.OneToOneField(
        "members.Member", on_delete=models.CASCADE, related_name="dues_profile"
    )
    category = models.CharField("đối tượng", max_length=12, choices=DuesCategory.choices)
    income = models.PositiveBigIntegerField("thu nhập tính đảng phí (đồng/tháng)", default=0)
    note = models.CharField("ghi chú", max_length=255, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.member}: {self.category}"


class DuesPayment(PublicModel):
    """One receipt (biên lai thu đảng phí): what a member paid at a cell on a day, for one
    or more months. A receipt entered by mistake is voided, never deleted."""

    member = models.ForeignKey(
        "members.Member", on_delete=models.PROTECT, related_name="dues_payments"
    )
    cell = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    cell_path = models.CharField(max_length=255, editable=False)
    receipt_no = models.CharField("số biên lai", max_length=20)
    amount = models.PositiveBigIntegerField("số tiền (đồng)")
    months_label = models.CharField("các tháng", max_length=255, blank=True)
    paid_on = models.DateField("ngày nộp", db_index=True)
    collected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    voided_at = models.DateTimeField("hủy lúc", null=True, blank=True)
    void_reason = models.CharField("lý do hủy", max_length=255, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["cell", "receipt_no"], name="uniq_receipt_no")
        ]
        indexes = [models.Index(fields=["cell_path", "paid_on"])]

    def __str__(self) -> str:
        return f"{self.receipt_no} {self.member} {self.amount}"


class DuesCharge(models.Model):
    """A member's dues for one month, worked out from their profile and the rate in force."""

    member = models.ForeignKey("members.Member", on_delete=models.CASCADE, related_name="+")
    month = models.DateField("tháng")
    # The cell where the member pays (the cell of temporary activity while there, QĐ 294
    # 9.3 c); moved to the collecting cell when paid.
    cell = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    cell_path = models.CharField(max_length=255, editable=False)
    category = models.CharField("đối tượng", max_length=12, choices=DuesCategory.choices)
    income = models.PositiveBigIntegerField("thu nhập tính đảng phí", default=0)
    amount = models.PositiveBigIntegerField("số phải nộp (đồng)")
    status = models.CharField(max_length=8, choices=ChargeStatus.choices, default=ChargeStatus.DUE)
    payment = models.ForeignKey(
        DuesPayment, null=True, blank=True, on_delete=models.SET_NULL, related_name="charges"
    )
    excuse_reason = models.CharField("lý do miễn", max_length=255, blank=True)

    class Meta:
        ordering = ["month"]
        constraints = [
            models.UniqueConstraint(fields=["member", "month"], name="uniq_charge_month"),
            models.CheckConstraint(
                condition=~Q(status="paid") | Q(payment__isnull=False), name="paid_has_receipt"
            ),
        ]
        indexes = [
            models.Index(fields=["cell", "month"]),
            models.Index(fields=["month", "cell_path"]),
            models.Index(fields=["member", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.member} {self.month:%m/%Y}: {self.amount}"


class RemittanceQuerySet(models.QuerySet["DuesRemittance"]):
    def standing(self) -> RemittanceQuerySet:
        """Not sent back: what counts as the month passed up."""
        return self.filter(returned_at__isnull=True)


class DuesRemittance(PublicModel):
    """What a unit passed up for a month: everything that reached it that month (its cells'
    receipts, or what its units below sent and it confirmed), less the share it keeps."""

    from_unit = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    from_path = models.CharField(max_length=255, editable=False)
    # None at the top of this deployment's tree: the money leaves the system.
    to_unit = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    month = models.DateField("tháng")
    collected = models.PositiveBigIntegerField("tổng thu trong tháng (đồng)")
    retained_percent = models.PositiveSmallIntegerField("tỉ lệ giữ lại (%)")
    retained = models.PositiveBigIntegerField("giữ lại (đồng)")
    remitted = models.PositiveBigIntegerField("nộp cấp trên (đồng)")
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    received_at = models.DateTimeField("cấp trên xác nhận lúc", null=True, blank=True)
    # Sent back by the committee above (a wrong amount): the month is open again at the sender.
    returned_at = models.DateTimeField("cấp trên trả lại lúc", null=True, blank=True)
    return_reason = models.CharField("lý do trả lại", max_length=255, blank=True)

    objects = RemittanceQuerySet.as_manager()

    class Meta:
        ordering = ["-month"]
        constraints = [
            models.UniqueConstraint(
                fields=["from_unit", "month"],
                condition=Q(returned_at__isnull=True),
                name="uniq_remittance_month",
            )
        ]
        indexes = [
            models.Index(fields=["to_unit", "received_at"]),
            models.Index(fields=["month", "from_path"]),
        ]

    def __str__(self) -> str:
        return f"{self.from_unit} {self.month:%m/%Y}: {self.remitted}"
