"""Demo dues: every current member's basis (from their profession and age), the last three
months' charges, receipts for most of them (some paid late, some not at all), each cell's
remittance of the month before last, confirmed by its commune, and the communes' own
remittance of last month. The persona member owes last month, so the demo can start there."""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections import defaultdict

from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from sotay.core.db import insert_rows
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


# A charge while it is generated: member, month, cell, path, category, income, amount, status,
# receipt id, excuse — the columns of CHARGE_FIELDS, in order.
CHARGE_FIELDS = ["member", "month", "cell", "cell_path", "category", "income", "amount",
                 "status", "payment", "excuse_reason"]  # fmt: skip
PAYMENT_FIELDS = ["id", "public_id", "created_at", "updated_at", "member", "cell", "cell_path",
                  "receipt_no", "amount", "months_label", "paid_on", "void_reason"]  # fmt: skip


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
    now = DuesProfile._meta.get_field("updated_at").get_db_prep_value(timezone.now(), connection)
    profiles: list[tuple] = []
    charges: list[list] = []
    paths = dict(Organization.objects.filter(kind="cell").values_list("id", "path"))
    rates = {m: rates_in_effect(m) for m in months}
    for member_id, own_cell, temporary_cell, profession, birth in members:
        cell_id = temporary_cell or own_cell  # members pay where they are active (QĐ 294)
        category, income = _category(profession, birth, rng)
        profiles.append((member_id, category, income, "", now))
        for month in months:
            amount = rates[month][category].amount(income)
            charges.append([member_id, month, cell_id, paths[cell_id], category, income, amount,
                            ChargeStatus.DUE.value, None, ""])  # fmt: skip
    insert_rows(DuesProfile, ["member", "category", "income", "note", "updated_at"], profiles)
    # Who paid what and when: most on time, some late (in the next month), a few not at all.
    paid: list[tuple[list, dt.date]] = []
    for charge in charges:
        roll = rng.random()
        month = charge[1]
        if charge[0] == persona_id:
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
            charge[7], charge[9] = ChargeStatus.EXCUSED.value, "Ốm dài ngày"
    receipts = _receipts(paid, now)
    insert_rows(DuesCharge, CHARGE_FIELDS, [tuple(c) for c in charges])
    persona_cell = persona.member.cell_id if persona and persona.member else None
    remitted = _remittances(months, today, keep_open=persona_cell)
    return {"profiles": len(profiles), "charges": len(charges), "receipts": receipts,
            "remittances": remitted}  # fmt: skip


def _receipts(paid: list[tuple[list, dt.date]], now: object) -> int:
    """One receipt per charge paid, numbered per cell and year in date order; the charges
    get the receipt's id."""
    paid.sort(key=lambda item: (item[0][2], item[1], item[0][0]))
    seq: dict[tuple[int, int], int] = defaultdict(int)
    uuid_field = DuesPayment._meta.get_field("public_id")
    next_id = (DuesPayment.objects.aggregate(m=Max("id"))["m"] or 0) + 1
    rows: list[tuple] = []
    for charge, day in paid:
        member_id, month, cell_id, path, amount = (
            charge[0],
            charge[1],
            charge[2],
            charge[3],
            charge[6],
        )
        seq[(cell_id, day.year)] += 1
        rows.append((
            next_id, uuid_field.get_db_prep_value(uuid.uuid4(), connection), now, now, member_id,
            cell_id, path, f"{day.year}-{seq[(cell_id, day.year)]:05d}", amount,
            f"{month:%m/%Y}", day, "",
        ))  # fmt: skip
        charge[7], charge[8] = ChargeStatus.PAID.value, next_id
        next_id += 1
    insert_rows(DuesPayment, PAYMENT_FIELDS, rows)
    return len(rows)


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
