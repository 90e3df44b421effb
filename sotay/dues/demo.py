"""Demo dues: every current member's basis (from their profession and age), the last three
months' charges, receipts for most of them (some paid late, some not at all), each cell's
remittance of the month before last, confirmed by its commune, and the communes' own
remittance of last month. The persona member owes last month, so the demo can start there."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict

from django.db import transaction
from django.utils import timezone

from sotay.members.accounts import find_user
from sotay.members.choices import CURRENT_STATUSES
from sotay.members.models import Member
from sotay.orgs.models import Organization

from .choices import ChargeStatus, DuesCategory
from .models import DuesCharge, DuesPayment, DuesProfile, DuesRemittance
from .selectors import next_month, previous_month, rates_in_effect, share_level, shares_in_effect
from .selectors import this_month as current_month

OTHER = {"Nông dân", "Kinh doanh"}
SALARIED_PAY = (5_500_000, 24_000_000)
PENSION = (4_200_000, 12_000_000)


def _category(profession: str, birth: dt.date | None, rng: random.Random) -> tuple[str, int]:
    if profession == "Hưu trí" or (birth and birth.year < current_month().year - 62):
        return DuesCategory.PENSIONER, rng.randrange(*PENSION, 10_000)
    if profession == "Sinh viên":
        return DuesCategory.STUDENT, 0
    if profession in OTHER:
        return DuesCategory.OTHER, 0
    return DuesCategory.SALARIED, rng.randrange(*SALARIED_PAY, 10_000)


def _day(month: dt.date, rng: random.Random, today: dt.date) -> dt.date:
    last = (next_month(month) - dt.timedelta(days=1)).day
    return min(month.replace(day=rng.randint(1, last)), today)


def _aware(day: dt.date, hour: int = 9) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


@transaction.atomic
def generate_dues(seed: int = 2026) -> dict[str, int]:
    rng = random.Random(seed)
    today = timezone.localdate()
    now_month = current_month()
    months = [previous_month(previous_month(now_month)), previous_month(now_month), now_month]
    persona = find_user("0900000001")
    persona_id = persona.member_id if persona else None
    members = list(
        Member.objects.filter(status__in=CURRENT_STATUSES)
        .values_list("id", "cell_id", "temporary_cell_id", "profession", "birth_date")
        .order_by("id")
    )
    profiles, charges = [], []
    paths = dict(Organization.objects.filter(kind="cell").values_list("id", "path"))
    for member_id, own_cell, temporary_cell, profession, birth in members:
        cell_id = temporary_cell or own_cell  # members pay where they are active (QĐ 294)
        path = paths[cell_id]
        category, income = _category(profession, birth, rng)
        profiles.append(DuesProfile(member_id=member_id, category=category, income=income))
        for month in months:
            amount = rates_in_effect(month)[category].amount(income)
            charges.append(
                DuesCharge(
                    member_id=member_id,
                    month=month,
                    cell_id=cell_id,
                    cell_path=path,
                    category=category,
                    income=income,
                    amount=amount,
                )  # fmt: skip
            )
    DuesProfile.objects.bulk_create(profiles, batch_size=5000)
    # Who paid what and when: most on time, some late (in the next month), a few not at all.
    paid: list[tuple[DuesCharge, dt.date]] = []
    for charge in charges:
        roll = rng.random()
        month = charge.month
        if charge.member_id == persona_id:
            roll = 0.0 if month == months[0] else 1.0  # owes last month and this month
        if month == now_month:
            chance = min(0.9, today.day / 12)  # the month is still being collected
            if roll < chance:
                paid.append((charge, _day(month, rng, today)))
        elif roll < 0.88:
            paid.append((charge, _day(month, rng, today)))
        elif roll < 0.95 and next_month(month) <= today:
            paid.append((charge, _day(next_month(month), rng, today)))
        elif roll < 0.96:
            charge.status, charge.excuse_reason = ChargeStatus.EXCUSED, "Ốm dài ngày"
    receipts = _receipts(paid)
    DuesCharge.objects.bulk_create(charges, batch_size=5000)
    persona_cell = persona.member.cell_id if persona and persona.member else None
    remitted = _remittances(months, today, keep_open=persona_cell)
    return {"profiles": len(profiles), "charges": len(charges), "receipts": receipts,
            "remittances": remitted}  # fmt: skip


def _receipts(paid: list[tuple[DuesCharge, dt.date]]) -> int:
    """One receipt per charge paid, numbered per cell and year in date order."""
    paid.sort(key=lambda item: (item[0].cell_id, item[1], item[0].member_id))
    seq: dict[tuple[int, int], int] = defaultdict(int)
    payments: list[DuesPayment] = []
    for charge, day in paid:
        seq[(charge.cell_id, day.year)] += 1
        payments.append(
            DuesPayment(
                member_id=charge.member_id,
                cell_id=charge.cell_id,
                cell_path=charge.cell_path,
                receipt_no=f"{day.year}-{seq[(charge.cell_id, day.year)]:05d}",
                amount=charge.amount,
                months_label=f"{charge.month:%m/%Y}",
                paid_on=day,
            )  # fmt: skip
        )
    DuesPayment.objects.bulk_create(payments, batch_size=5000)  # ids set on PostgreSQL/SQLite
    for (charge, _), payment in zip(paid, payments, strict=True):
        charge.status, charge.payment = ChargeStatus.PAID, payment
    return len(payments)


def _remittances(months: list[dt.date], today: dt.date, keep_open: int | None) -> int:
    """Cells pass up the month before last (confirmed early last month); communes pass up
    last month (what they confirmed in it); most cells have sent last month too, but not the
    persona's (``keep_open``), whose secretary does it in the demo."""
    rng = random.Random(7)
    before_last, last = months[0], months[1]
    units = {o.pk: o for o in Organization.objects.filter(status="active")}
    by_path = {o.path: o for o in units.values()}
    received: dict[tuple[int, dt.date], int] = defaultdict(int)
    for cell_id, paid_on, amount in DuesPayment.objects.values_list("cell_id", "paid_on", "amount"):
        received[(cell_id, paid_on.replace(day=1))] += amount
    rows: list[DuesRemittance] = []
    shares = {m: shares_in_effect(m) for m in months}
    levels: dict[int, str] = {}

    def remit(unit: Organization, month: dt.date, collected: int) -> DuesRemittance:
        level = levels.setdefault(unit.pk, share_level(unit))
        percent = shares[month][level]
        retained = round(collected * percent / 100)
        parent = by_path.get(unit.path[: -Organization.steplen])
        return DuesRemittance(
            from_unit=unit, from_path=unit.path, to_unit=parent, month=month, collected=collected,
            retained_percent=percent, retained=retained, remitted=collected - retained,
        )  # fmt: skip

    arrived: dict[int, int] = defaultdict(int)  # what each parent confirmed during last month
    for (cell_id, month), collected in received.items():
        cell = units.get(cell_id)
        if cell is None or collected <= 0:
            continue
        if month == before_last:
            row = remit(cell, month, collected)
            row.received_at = _aware(min(last.replace(day=8), today))
            rows.append(row)
            if row.to_unit:
                arrived[row.to_unit.pk] += row.remitted
        elif month == last and cell_id != keep_open and today.day >= 3 and rng.random() < 0.7:
            row = remit(cell, month, collected)
            if rng.random() < 0.5:
                row.received_at = _aware(today) - dt.timedelta(hours=2)
            rows.append(row)
    for parent_id, collected in arrived.items():
        parent = units[parent_id]
        if today.day >= 5 and parent.depth > 1 and rng.random() < 0.6:
            rows.append(remit(parent, last, collected))
    DuesRemittance.objects.bulk_create(rows, batch_size=5000)
    return len(rows)
