"""Writes of party dues. Each function checks the actor's right itself and writes all or
nothing: a batch of payments with one bad row writes none and names every bad row.

Money is counted in the month it arrives: a cell's month is the receipts dated in it, a
committee's month is what its units below sent that it confirmed in it. A unit passes a
month up once the month is over, keeping its share; after that, no receipt can be dated
in that month."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from sotay.core.access import Capability, holders, require
from sotay.core.errors import DomainError
from sotay.core.text import clean
from sotay.members.choices import CURRENT_STATUSES
from sotay.members.models import Member
from sotay.orgs.choices import OrgKind
from sotay.orgs.models import Organization

from .access import may_configure
from .choices import ChargeStatus, DuesCategory, RateKind, ShareLevel
from .models import DuesCharge, DuesPayment, DuesProfile, DuesRate, DuesRemittance, RetainedShare
from .selectors import (
    Rate,
    inflow,
    members_paying_at,
    next_month,
    paying_cell,
    rates_in_effect,
    share_level,
    shares_in_effect,
    this_month,
)

if TYPE_CHECKING:
    from sotay.members.models import User

DUES = Capability.DUES
PERCENT_CATEGORIES = (DuesCategory.SALARIED, DuesCategory.PENSIONER)
MAX_INCOME = 1_000_000_000  # đồng per month; anything above is a typing slip
OPEN_MONTHS_BACK = 24


def _month_label(month: dt.date) -> str:
    return f"{month:%m/%Y}"


def _money(n: int) -> str:
    return f"{n:,}".replace(",", ".") + " đ"


def _tell(member_ids: list[int], title: str, url: str) -> None:
    from sotay.notices.choices import NotificationKind
    from sotay.notices.services import notify

    if member_ids:
        notify(members=member_ids, kind=NotificationKind.ACCOUNT, title=title, url=url)


def _require_cell(actor: User, cell: Organization) -> None:
    require(actor, DUES, cell)
    if cell.kind != OrgKind.CELL:
        raise DomainError("Đảng phí do chi bộ thu; hãy chọn một chi bộ.")


# --- what a member pays ---------------------------------------------------------------


@transaction.atomic
def profile_set(
    *, actor: User, member: Member, category: str, income: int | None, note: str = ""
) -> DuesProfile:
    """The cell records what the member's dues are based on. Charges of this month not yet
    paid are worked out again."""
    member = Member.objects.select_related("cell", "temporary_cell").get(pk=member.pk)
    require(actor, DUES, paying_cell(member))
    if category not in DuesCategory.values:
        raise DomainError("Hãy chọn đối tượng đóng đảng phí.", field="category")
    if category in PERCENT_CATEGORIES:
        if not income or income <= 0:
            raise DomainError(
                "Hãy nhập thu nhập hằng tháng làm căn cứ (tiền lương, phụ cấp hoặc lương hưu).",
                field="income",
            )
        if income > MAX_INCOME:
            raise DomainError("Thu nhập hằng tháng không hợp lệ (quá lớn).", field="income")
    else:
        income = 0
    profile, _ = DuesProfile.objects.update_or_create(
        member=member,
        defaults={
            "category": category,
            "income": income,
            "note": clean(note)[:255],
            "updated_by": actor,
        },
    )
    month = this_month()
    rate = rates_in_effect(month)[category]
    DuesCharge.objects.filter(member=member, month__gte=month, status=ChargeStatus.DUE).update(
        category=category, income=income, amount=rate.amount(income)
    )
    return profile


def _new_charge(member: Member, month: dt.date, rates: dict[str, Rate]) -> DuesCharge:
    profile = getattr(member, "dues_profile", None)
    category = profile.category if profile else DuesCategory.OTHER
    income = profile.income if profile else 0
    cell = paying_cell(member)
    return DuesCharge(
        member=member,
        month=month,
        cell=cell,
        cell_path=cell.path,
        category=category,
        income=income,
        amount=rates[category].amount(income),
    )


def _check_month(month: dt.date) -> None:
    current = this_month()
    if month.day != 1 or month > current:
        raise DomainError("Chỉ lập sổ thu cho tháng này hoặc các tháng đã qua.")
    earliest = current
    for _ in range(OPEN_MONTHS_BACK):
        earliest = (earliest - dt.timedelta(days=1)).replace(day=1)
    if month < earliest:
        raise DomainError(f"Chỉ lập sổ thu cho {OPEN_MONTHS_BACK} tháng gần đây.")


def _admitted_by(month: dt.date) -> Q:
    """Members already in the Party by the month's last day (or with no date recorded)."""
    last_day = next_month(month) - dt.timedelta(days=1)
    return Q(admitted_on__lte=last_day) | Q(admitted_on__isnull=True)


@transaction.atomic
def charges_open(*, actor: User, cell: Organization, month: dt.date) -> int:
    """Open the cell's register for ``month``: a charge for every member who pays here and
    has none yet (members admitted after the month are left out). Returns how many."""
    _require_cell(actor, cell)
    _check_month(month)
    members = list(members_paying_at(cell).filter(_admitted_by(month)))
    have = set(
        DuesCharge.objects.filter(member__in=members, month=month).values_list(
            "member_id", flat=True
        )
    )
    rates = rates_in_effect(month)
    new = [_new_charge(m, month, rates) for m in members if m.pk not in have]
    DuesCharge.objects.bulk_create(new, batch_size=2000)
    return len(new)


def charges_open_everywhere(month: dt.date | None = None) -> int:
    """The worker's monthly step: this month's charge for every current member who has none
    (new members and arrivals are picked up on the next run). Returns how many."""
    month = month or this_month()
    rates = rates_in_effect(month)
    created = 0
    pending = (
        Member.objects.filter(_admitted_by(month), status__in=CURRENT_STATUSES)
        .exclude(pk__in=DuesCharge.objects.filter(month=month).values("member_id"))
        .select_related("dues_profile", "cell", "temporary_cell")
        .order_by("pk")
    )
    batch: list[DuesCharge] = []
    for member in pending.iterator(chunk_size=2000):
        batch.append(_new_charge(member, month, rates))
        if len(batch) >= 2000:
            created += _write(batch)
            batch = []
    return created + _write(batch)


def _write(batch: list[DuesCharge]) -> int:
    if not batch:
        return 0
    with transaction.atomic():
        DuesCharge.objects.bulk_create(batch, ignore_conflicts=True)
    return len(batch)


# --- collecting -----------------------------------------------------------------------


@dataclass(frozen=True)
class PaymentEntry:
    member_id: int
    months: tuple[dt.date, ...]


def _next_receipt_no(cell: Organization, year: int) -> str:
    last = DuesPayment.objects.filter(cell=cell, receipt_no__startswith=f"{year}-").aggregate(
        n=Max("receipt_no")
    )["n"]
    seq = int(last.split("-")[1]) + 1 if last else 1
    return f"{year}-{seq:05d}"


def _check_month_not_passed_up(cell: Organization, day: dt.date) -> None:
    month = day.replace(day=1)
    if DuesRemittance.objects.standing().filter(from_unit=cell, month=month).exists():
        raise DomainError(
            f"Tháng {_month_label(month)} chi bộ đã nộp lên cấp trên; "
            "hãy ghi ngày nộp trong tháng chưa nộp lên.",
            field="paid_on",
        )


@transaction.atomic
def payments_record(
    *, actor: User, cell: Organization, entries: list[PaymentEntry], paid_on: dt.date | None
) -> list[DuesPayment]:
    """Receipts for members who paid at ``cell`` on ``paid_on``: one receipt per member,
    covering the months listed (this month's and any unpaid earlier ones)."""
    _require_cell(actor, cell)
    cell = Organization.objects.select_for_update().get(pk=cell.pk)  # one receipt number at a time
    today = timezone.localdate()
    if paid_on is None or paid_on > today:
        raise DomainError("Ngày nộp không hợp lệ (không được sau hôm nay).", field="paid_on")
    if paid_on < today - dt.timedelta(days=92):
        raise DomainError("Ngày nộp quá xa (quá 3 tháng trước).", field="paid_on")
    _check_month_not_passed_up(cell, paid_on)
    entries = [e for e in entries if e.months]
    if not entries:
        raise DomainError("Chưa chọn đảng viên nào đã nộp.")
    members = {m.pk: m for m in members_paying_at(cell)}
    charges = {
        (c.member_id, c.month): c
        for c in DuesCharge.objects.select_for_update().filter(
            member_id__in=[e.member_id for e in entries],
            month__in={m for e in entries for m in e.months},
        )
    }
    errors: list[str] = []
    strangers = dict(
        Member.objects.filter(
            pk__in=[e.member_id for e in entries if e.member_id not in members]
        ).values_list("pk", "full_name")
    )
    for entry in entries:
        member = members.get(entry.member_id)
        if member is None:
            who = strangers.get(entry.member_id, "Có đảng viên")
            errors.append(f"{who}: không đóng đảng phí tại chi bộ này.")
            continue
        for month in entry.months:
            charge = charges.get((entry.member_id, month))
            if charge is None:
                errors.append(f"{member.full_name}: tháng {_month_label(month)} chưa lập sổ thu.")
            elif charge.status == ChargeStatus.PAID:
                errors.append(f"{member.full_name}: tháng {_month_label(month)} đã nộp.")
            elif charge.status == ChargeStatus.EXCUSED:
                errors.append(f"{member.full_name}: tháng {_month_label(month)} được miễn.")
            elif month > this_month():
                errors.append(f"{member.full_name}: chưa thu trước tháng {_month_label(month)}.")
    if errors:
        raise DomainError("Chưa ghi được khoản thu nào: " + " ".join(errors))
    saved: list[DuesPayment] = []
    for entry in entries:
        months = sorted(set(entry.months))
        rows = [charges[(entry.member_id, m)] for m in months]
        payment = DuesPayment.objects.create(
            member_id=entry.member_id,
            cell=cell,
            cell_path=cell.path,
            receipt_no=_next_receipt_no(cell, paid_on.year),
            amount=sum(c.amount for c in rows),
            months_label=", ".join(_month_label(m) for m in months)[:255],
            paid_on=paid_on,
            collected_by=actor,
        )
        DuesCharge.objects.filter(pk__in=[c.pk for c in rows]).update(
            status=ChargeStatus.PAID, payment=payment, cell=cell, cell_path=cell.path
        )
        saved.append(payment)
        _tell(
            [entry.member_id],
            f"Chi bộ đã nhận {_money(payment.amount)} đảng phí "
            f"({', '.join(_month_label(m) for m in months)}), biên lai số {payment.receipt_no}",
            "/dang-phi/",
        )
    return saved


@transaction.atomic
def payment_void(*, actor: User, payment: DuesPayment, reason: str) -> DuesPayment:
    """Cancel a receipt entered by mistake: its months are owed again. Not once its month
    has been passed up."""
    payment = DuesPayment.objects.select_for_update().select_related("cell").get(pk=payment.pk)
    require(actor, DUES, payment.cell)
    reason = clean(reason)
    if payment.voided_at:
        raise DomainError("Biên lai này đã hủy.")
    if not reason:
        raise DomainError("Hãy ghi lý do hủy biên lai.", field="reason")
    _check_month_not_passed_up(payment.cell, payment.paid_on)
    DuesCharge.objects.filter(payment=payment).update(status=ChargeStatus.DUE, payment=None)
    payment.voided_at, payment.void_reason = timezone.now(), reason[:255]
    payment.save(update_fields=["voided_at", "void_reason", "updated_at"])
    return payment


@transaction.atomic
def charge_excuse(
    *, actor: User, cell: Organization, member: Member, month: dt.date, reason: str
) -> DuesCharge:
    """A month the member does not owe, for a valid reason the cell records (so it does not
    count towards the three months of Điều lệ Điều 8)."""
    _require_cell(actor, cell)
    reason = clean(reason)
    if not reason:
        raise DomainError("Hãy ghi lý do chính đáng.", field="reason")
    charge = (
        DuesCharge.objects.select_for_update().filter(member=member, month=month, cell=cell).first()
    )
    if charge is None:
        raise DomainError(f"Chưa lập sổ thu tháng {_month_label(month)} cho đảng viên này.")
    if charge.status != ChargeStatus.DUE:
        raise DomainError(
            f"Tháng {_month_label(month)} không còn nợ ({charge.get_status_display().lower()})."
        )
    charge.status, charge.excuse_reason = ChargeStatus.EXCUSED, reason[:255]
    charge.save(update_fields=["status", "excuse_reason"])
    return charge


# --- passing up -----------------------------------------------------------------------


def _round_share(amount: int, percent: int) -> int:
    exact = Decimal(amount) * percent / 100
    return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


@transaction.atomic
def remittance_send(*, actor: User, unit: Organization, month: dt.date) -> DuesRemittance:
    """Pass ``month`` up: everything that reached ``unit`` that month less its share."""
    require(actor, DUES, unit)
    unit = Organization.objects.select_for_update().get(pk=unit.pk)
    if month.day != 1 or month >= this_month():
        raise DomainError("Chỉ nộp lên cấp trên khi tháng đã kết thúc.")
    if DuesRemittance.objects.standing().filter(from_unit=unit, month=month).exists():
        raise DomainError(f"Tháng {_month_label(month)} đã nộp lên cấp trên.")
    collected = inflow(unit, month)
    if collected <= 0:
        raise DomainError(f"Tháng {_month_label(month)} chưa có khoản thu nào để nộp lên.")
    percent = shares_in_effect(month)[share_level(unit)]
    retained = _round_share(collected, percent)
    parent = Organization.objects.filter(path=unit.path[: -Organization.steplen]).first()
    remittance = DuesRemittance.objects.create(
        from_unit=unit,
        from_path=unit.path,
        to_unit=parent if unit.depth > 1 else None,
        month=month,
        collected=collected,
        retained_percent=percent,
        retained=retained,
        remitted=collected - retained,
        sent_by=actor,
    )
    if remittance.to_unit:
        _tell(
            holders(remittance.to_unit, DUES),
            f"{unit.name} nộp {_money(remittance.remitted)} đảng phí tháng {_month_label(month)}",
            f"/quan-ly/dang-phi/{remittance.to_unit.public_id}/",
        )
    return remittance


def _open_arrival(actor: User, remittance: DuesRemittance) -> DuesRemittance:
    """The remittance locked, if ``actor`` keeps the dues where it arrives and it is neither
    confirmed nor sent back yet."""
    remittance = (
        DuesRemittance.objects.select_for_update(of=("self",))
        .select_related("to_unit", "from_unit")
        .get(pk=remittance.pk)
    )
    if remittance.to_unit is None:
        raise DomainError("Khoản này nộp ra ngoài hệ thống.")
    require(actor, DUES, remittance.to_unit)
    if remittance.received_at:
        raise DomainError("Khoản này đã được xác nhận đã nhận.")
    if remittance.returned_at:
        raise DomainError("Khoản này đã trả lại đơn vị nộp.")
    return remittance


@transaction.atomic
def remittance_confirm(*, actor: User, remittance: DuesRemittance) -> DuesRemittance:
    """The committee above confirms it received the money (it counts in its month)."""
    remittance = _open_arrival(actor, remittance)
    remittance.received_at, remittance.received_by = timezone.now(), actor
    remittance.save(update_fields=["received_at", "received_by", "updated_at"])
    return remittance


@transaction.atomic
def remittance_return(*, actor: User, remittance: DuesRemittance, reason: str) -> DuesRemittance:
    """The committee above sends back a remittance it has not confirmed (a wrong amount): the
    sender's month opens again, so receipts can be corrected and the month passed up anew."""
    remittance = _open_arrival(actor, remittance)
    reason = clean(reason)
    if not reason:
        raise DomainError("Hãy ghi lý do trả lại (ví dụ: số tiền chưa khớp).", field="reason")
    remittance.returned_at, remittance.return_reason = timezone.now(), reason[:255]
    remittance.save(update_fields=["returned_at", "return_reason", "updated_at"])
    above = remittance.to_unit
    assert above is not None  # _open_arrival refuses a remittance that left the system
    _tell(
        holders(remittance.from_unit, DUES),
        f"{above.name} trả lại khoản nộp đảng phí tháng "
        f"{_month_label(remittance.month)}: {remittance.return_reason}",
        f"/quan-ly/dang-phi/{remittance.from_unit.public_id}/",
    )
    return remittance


# --- rates and shares (the whole tree) ------------------------------------------------


def _valid_from(month: dt.date | None) -> dt.date:
    if month is None or month.day != 1 or month < this_month():
        raise DomainError(
            "Mức mới áp dụng từ tháng này hoặc một tháng sau (không sửa các tháng đã qua).",
            field="valid_from",
        )
    return month


def _require_configure(actor: User) -> None:
    if not may_configure(actor):
        raise DomainError("Chỉ cấp ủy cấp cao nhất của hệ thống quy định mức đảng phí.")


@transaction.atomic
def rate_set(
    *,
    actor: User,
    category: str,
    kind: str,
    value: str | Decimal | None,
    valid_from: dt.date | None,
    note: str = "",
) -> DuesRate:
    _require_configure(actor)
    if category not in DuesCategory.values:
        raise DomainError("Hãy chọn đối tượng.", field="category")
    if kind not in RateKind.values:
        raise DomainError("Hãy chọn cách tính.", field="kind")
    try:
        amount = Decimal(str(value).replace(",", ".")) if value not in (None, "") else None
    except InvalidOperation:
        amount = None
    if kind == RateKind.PERCENT and (amount is None or not Decimal(0) < amount <= 10):
        raise DomainError("Tỉ lệ phải lớn hơn 0 và không quá 10%.", field="value")
    if kind == RateKind.FIXED and (
        amount is None or amount != amount.to_integral() or not 0 < amount <= 1_000_000
    ):
        raise DomainError("Mức cố định là số đồng, từ 1 đến 1.000.000.", field="value")
    assert amount is not None
    month = _valid_from(valid_from)
    rate, _ = DuesRate.objects.update_or_create(
        category=category,
        valid_from=month,
        defaults={"kind": kind, "value": amount, "note": clean(note)[:255], "set_by": actor},
    )
    if month == this_month():  # this month's unpaid charges follow the new rate
        new = Rate(kind, amount)
        due = DuesCharge.objects.filter(month=month, category=category, status=ChargeStatus.DUE)
        for income in set(due.values_list("income", flat=True)):
            due.filter(income=income).update(amount=new.amount(income))
    return rate


@transaction.atomic
def share_set(
    *, actor: User, level: str, percent: int | None, valid_from: dt.date | None, note: str = ""
) -> RetainedShare:
    _require_configure(actor)
    if level not in ShareLevel.values:
        raise DomainError("Hãy chọn cấp.", field="level")
    if percent is None or not 0 <= percent <= 100:
        raise DomainError("Tỉ lệ giữ lại phải từ 0 đến 100%.", field="percent")
    month = _valid_from(valid_from)
    share, _ = RetainedShare.objects.update_or_create(
        level=level,
        valid_from=month,
        defaults={"percent": percent, "note": clean(note)[:255], "set_by": actor},
    )
    return share
