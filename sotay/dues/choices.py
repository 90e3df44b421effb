"""Member categories, default rates and each level's retained share.

The regulation on party dues is not in ``../shared/corpus`` (its INDEX says so): the Charter
(Điều 46) leaves the rates to the Central Committee and QĐ 294 (31.1) bases them on salary,
wages and allowances. The defaults below are those issue 18 names — 1% of salary, 0.5% of
a pension, a fixed amount for others — with the fixed amounts and the retained shares taken
from Quyết định 342-QĐ/TW (2010) as it is commonly summarised, not verified against its text.
Every figure is configurable from the root unit's dues page, effective from a month, so a
deployment enters the regulation in force (Quy định 01-QĐ/TW of 2026, where it applies)."""

from decimal import Decimal

from django.db import models


class DuesCategory(models.TextChoices):
    SALARIED = "salaried", "Hưởng tiền lương, tiền công, phụ cấp, sinh hoạt phí"
    PENSIONER = "pensioner", "Hưởng lương hưu, trợ cấp bảo hiểm xã hội"
    OTHER = "other", "Đảng viên khác ở trong nước (nông nghiệp, lao động tự do…)"
    STUDENT = "student", "Học sinh, sinh viên không hưởng lương"


SHORT_CATEGORY: dict[str, str] = {
    DuesCategory.SALARIED: "hưởng lương",
    DuesCategory.PENSIONER: "lương hưu",
    DuesCategory.OTHER: "đối tượng khác",
    DuesCategory.STUDENT: "học sinh, sinh viên",
}


class RateKind(models.TextChoices):
    PERCENT = "percent", "Theo phần trăm thu nhập"
    FIXED = "fixed", "Mức cố định mỗi tháng"


# category -> (kind, value): a percentage of the monthly income, or đồng per month.
DEFAULT_RATES: dict[str, tuple[str, Decimal]] = {
    DuesCategory.SALARIED: (RateKind.PERCENT, Decimal("1")),
    DuesCategory.PENSIONER: (RateKind.PERCENT, Decimal("0.5")),
    DuesCategory.OTHER: (RateKind.FIXED, Decimal("5000")),
    DuesCategory.STUDENT: (RateKind.FIXED, Decimal("2000")),
}


class ShareLevel(models.TextChoices):
    """Who keeps a share of what reaches them before passing the rest up."""

    CELL = "cell", "Chi bộ trực thuộc đảng ủy cơ sở"
    PARTIAL = "partial", "Đảng bộ bộ phận"
    GRASSROOTS = "grassroots", "Tổ chức cơ sở đảng (đảng bộ cơ sở, chi bộ cơ sở)"
    UPPER_GRASSROOTS = "upper_grassroots", "Đảng bộ cấp trên trực tiếp cơ sở"
    PROVINCIAL = "provincial", "Đảng bộ tỉnh, thành phố"
    CENTRAL = "central", "Trung ương"


DEFAULT_SHARES: dict[str, int] = {
    ShareLevel.CELL: 30,
    # A đảng ủy bộ phận has no seal (QĐ 294, 20.3.3): by default it passes everything on.
    ShareLevel.PARTIAL: 0,
    ShareLevel.GRASSROOTS: 50,
    ShareLevel.UPPER_GRASSROOTS: 50,
    ShareLevel.PROVINCIAL: 50,
    ShareLevel.CENTRAL: 100,
}


class ChargeStatus(models.TextChoices):
    DUE = "due", "Chưa nộp"
    PAID = "paid", "Đã nộp"
    EXCUSED = "excused", "Được miễn (có lý do chính đáng)"


# Điều lệ Điều 8 (1), QĐ 294: three months unpaid in a year without a valid reason is a
# ground for the cell to propose removal from the list.
UNPAID_MONTHS_FOR_REMOVAL = 3
