"""Reads of party dues: the rate in force, what a member owes, a cell's month, what reached
a unit and what its units below did."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Substr
from django.utils import timezone

from sotay.core.access import subtree_q
from sotay.members.choices import CURRENT_STATUSES
from sotay.members.models import Member
from sotay.orgs.choices import OrgKind
from sotay.orgs.models import Organization

from .choices import (
    DEFAULT_RATES,
    DEFAULT_SHARES,
    UNPAID_MONTHS_FOR_REMOVAL,
    ChargeStatus,
    DuesCategory,
    RateKind,
    ShareLevel,
)
from .models import DuesCharge, DuesPayment, DuesProfile, DuesRate, DuesRemittance, RetainedShare


def this_month(today: dt.date | None = None) -> dt.date:
    return (today or timezone.localdate()).replace(day=1)


def next_month(month: dt.date) -> dt.date:
    return (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def previous_month(month: dt.date) -> dt.date:
    return (month - dt.timedelta(days=1)).replace(day=1)


@dataclass(frozen=True)
class Rate:
    kind: str
    value: Decimal
    valid_from: dt.date | None = None  # None: the documented default
    note: str = ""

    def amount(self, income: int) -> int:
        if self.kind == RateKind.FIXED:
            return int(self.value)
        exact = Decimal(income) * self.value / 100
        return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))

    @property
    def label(self) -> str:
        if self.kind == RateKind.FIXED:
            return f"{int(self.value):,} đ/tháng".replace(",", ".")
        return f"{self.value.normalize():f}% thu nhập".replace(".", ",")


def rates_in_effect(month: dt.date) -> dict[str, Rate]:
    """Each category's rate for ``month``: the latest one set from that month or before,
    else the documented default."""
    rates = {c: Rate(kind, value) for c, (kind, value) in DEFAULT_RATES.items()}
    for row in DuesRate.objects.filter(valid_from__lte=month).order_by("valid_from"):
        rates[row.category] = Rate(row.kind, row.value, row.valid_from, row.note)
    return rates


def shares_in_effect(month: dt.date) -> dict[str, int]:
    shares = dict(DEFAULT_SHARES)
    for row in RetainedShare.objects.filter(valid_from__lte=month).order_by("valid_from"):
        shares[row.level] = row.percent
    return shares


def share_level(unit: Organization) -> str:
    """Which share ``unit`` keeps: a cell under a grassroots committee (or one of its đảng bộ
    bộ phận) keeps the cell's; a cell directly under a higher committee is itself the
    grassroots organisation."""
    if unit.kind == OrgKind.CELL:
        parent = unit.path[: -Organization.steplen]
        under_grassroots = Organization.objects.filter(
            path=parent, kind__in=(OrgKind.GRASSROOTS, OrgKind.PARTIAL)
        ).exists()
        return ShareLevel.CELL if under_grassroots else ShareLevel.GRASSROOTS
    by_kind: dict[str, str] = {
        OrgKind.GRASSROOTS: ShareLevel.GRASSROOTS,
        OrgKind.PARTIAL: ShareLevel.PARTIAL,
        OrgKind.UPPER_GRASSROOTS: ShareLevel.UPPER_GRASSROOTS,
        OrgKind.PROVINCIAL: ShareLevel.PROVINCIAL,
    }
    return by_kind.get(unit.kind, ShareLevel.CENTRAL)


def paying_cell(member: Member) -> Organization:
    """Where the member pays: the cell of temporary activity while there (QĐ 294, 9.3 c)."""
    return member.temporary_cell or member.cell


def members_paying_at(cell: Organization) -> QuerySet[Member]:
    """Current members who pay at ``cell``: its own, except those temporarily elsewhere,
    and those temporarily here."""
    here = Q(cell=cell, temporary_cell__isnull=True) | Q(temporary_cell=cell)
    return (
        Member.objects.filter(here, status__in=CURRENT_STATUSES)
        .select_related("dues_profile", "cell", "temporary_cell")
        .order_by("full_name")
    )


def profile_of(member: Member) -> DuesProfile | None:
    return DuesProfile.objects.filter(member=member).first()


def expected_amount(member: Member, month: dt.date, rates: dict[str, Rate] | None = None) -> int:
    """What the member's profile and the rates in force give for ``month``."""
    rates = rates or rates_in_effect(month)
    profile = getattr(member, "dues_profile", None)
    category = profile.category if profile else DuesCategory.OTHER
    return rates[category].amount(profile.income if profile else 0)


@dataclass
class Arrears:
    months: list[dt.date] = field(default_factory=list)
    total: int = 0

    @property
    def count(self) -> int:
        return len(self.months)


def arrears_of(members: list[Member], before: dt.date) -> dict[int, Arrears]:
    """Each member's unpaid charges of months before ``before`` (excused ones excluded)."""
    result: dict[int, Arrears] = defaultdict(Arrears)
    rows = DuesCharge.objects.filter(
        member__in=members, status=ChargeStatus.DUE, month__lt=before
    ).values_list("member_id", "month", "amount")
    for member_id, month, amount in rows.order_by("month"):
        result[member_id].months.append(month)
        result[member_id].total += amount
    return result


def unpaid_in_year(arrears: Arrears, year: int) -> int:
    return sum(1 for m in arrears.months if m.year == year)


@dataclass
class RegisterRow:
    member: Member
    charge: DuesCharge | None
    expected: int
    arrears: Arrears
    flagged: bool  # three months or more unpaid this year (Điều lệ Điều 8)


def register(cell: Organization, month: dt.date) -> list[RegisterRow]:
    """The cell's collection register for ``month``: every member who pays here, the
    month's charge (if opened), what their profile gives, and their earlier arrears."""
    members = list(members_paying_at(cell))
    charges = {
        c.member_id: c
        for c in DuesCharge.objects.filter(member__in=members, month=month).select_related(
            "payment"
        )
    }
    arrears = arrears_of(members, before=this_month())
    rates = rates_in_effect(month)
    year = this_month().year
    return [
        RegisterRow(
            member=m,
            charge=charges.get(m.pk),
            expected=expected_amount(m, month, rates),
            arrears=arrears.get(m.pk, Arrears()),
            flagged=unpaid_in_year(arrears.get(m.pk, Arrears()), year) >= UNPAID_MONTHS_FOR_REMOVAL,
        )
        for m in members
    ]


def month_is_open(cell: Organization, month: dt.date) -> bool:
    return DuesCharge.objects.filter(cell=cell, month=month).exists()


def statement(member: Member, year: int) -> list[DuesCharge]:
    """The member's charges of ``year``, oldest first, with their receipts."""
    return list(
        DuesCharge.objects.filter(member=member, month__year=year)
        .select_related("payment")
        .order_by("month")
    )


def receipts_of(member: Member, limit: int = 24) -> list[DuesPayment]:
    return list(
        DuesPayment.objects.filter(member=member)
        .select_related("cell")
        .prefetch_related("charges")
        .order_by("-paid_on", "-id")[:limit]
    )


def receipts_at(cell: Organization, month: dt.date) -> list[DuesPayment]:
    return list(
        DuesPayment.objects.filter(cell=cell, paid_on__gte=month, paid_on__lt=next_month(month))
        .select_related("member")
        .prefetch_related("charges")
        .order_by("receipt_no")
    )


def inflow(unit: Organization, month: dt.date) -> int:
    """What reached ``unit`` in ``month``: a cell's receipts; for a committee, what its units
    below sent and it confirmed that month."""
    end = next_month(month)
    if unit.kind == OrgKind.CELL:
        total = DuesPayment.objects.filter(
            cell=unit, paid_on__gte=month, paid_on__lt=end, voided_at__isnull=True
        ).aggregate(s=Sum("amount"))["s"]
    else:
        start_at, end_at = _aware(month), _aware(end)
        total = DuesRemittance.objects.filter(
            to_unit=unit, received_at__gte=start_at, received_at__lt=end_at
        ).aggregate(s=Sum("remitted"))["s"]
    return int(total or 0)


def _aware(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time()))


def remittance_of(unit: Organization, month: dt.date) -> DuesRemittance | None:
    return DuesRemittance.objects.standing().filter(from_unit=unit, month=month).first()


def returned_of(unit: Organization, month: dt.date) -> DuesRemittance | None:
    """The latest remittance of ``month`` the committee above sent back, if any."""
    return (
        DuesRemittance.objects.filter(from_unit=unit, month=month, returned_at__isnull=False)
        .order_by("-returned_at")
        .first()
    )


def remittances_of(unit: Organization, limit: int = 12) -> list[DuesRemittance]:
    return list(DuesRemittance.objects.filter(from_unit=unit).select_related("to_unit")[:limit])


def incoming(unit: Organization, limit: int = 200) -> list[DuesRemittance]:
    """What units below sent to ``unit``: unconfirmed first, then the latest confirmed (sent
    back ones are left out)."""
    return list(
        DuesRemittance.objects.standing()
        .filter(to_unit=unit)
        .select_related("from_unit")
        .order_by("received_at", "-month", "from_path")[:limit]
    )


@dataclass
class ChildDues:
    unit: Organization
    charged: int = 0
    members_paid: int = 0
    due: int = 0
    paid: int = 0
    collected: int = 0
    in_arrears: int = 0
    remittance: DuesRemittance | None = None

    @property
    def paid_rate(self) -> float:
        return self.members_paid / self.charged if self.charged else 0.0


def children_dues(unit: Organization, month: dt.date) -> list[ChildDues]:
    """Per unit directly below ``unit``: the month's charges and how many are paid, what was
    collected in the month, members with unpaid earlier months, and the unit's remittance."""
    children = list(
        Organization.objects.get_children(unit).filter(status="active").order_by("name")
    )
    rows = {c.path: ChildDues(c) for c in children}
    width = len(unit.path) + Organization.steplen
    inside = subtree_q(unit.path, "cell_path")
    charges = (
        DuesCharge.objects.filter(inside, month=month)
        .annotate(child=Substr("cell_path", 1, width))
        .values("child")
        .annotate(
            charged=Count("id", filter=~Q(status=ChargeStatus.EXCUSED)),
            members_paid=Count("id", filter=Q(status=ChargeStatus.PAID)),
            due=Sum("amount", filter=~Q(status=ChargeStatus.EXCUSED)),
            paid=Sum("amount", filter=Q(status=ChargeStatus.PAID)),
        )
        .order_by()
    )
    _fill(rows, charges, ("charged", "members_paid", "due", "paid"))
    collected = (
        DuesPayment.objects.filter(
            inside, paid_on__gte=month, paid_on__lt=next_month(month), voided_at__isnull=True
        )
        .annotate(child=Substr("cell_path", 1, width))
        .values("child")
        .annotate(collected=Sum("amount"))
        .order_by()
    )
    _fill(rows, collected, ("collected",))
    arrears = (
        DuesCharge.objects.filter(inside, status=ChargeStatus.DUE, month__lt=this_month())
        .annotate(child=Substr("cell_path", 1, width))
        .values("child")
        .annotate(in_arrears=Count("member_id", distinct=True))
        .order_by()
    )
    _fill(rows, arrears, ("in_arrears",))
    for r in DuesRemittance.objects.standing().filter(from_unit__in=children, month=month):
        rows[r.from_path].remittance = r
    return list(rows.values())


def _fill(rows: dict[str, ChildDues], data: Any, keys: tuple[str, ...]) -> None:
    for item in data:
        row = rows.get(item["child"])
        if row is not None:
            for key in keys:
                setattr(row, key, int(item[key] or 0))
