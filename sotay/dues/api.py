"""API: a member's own dues and receipts, and a committee's month for a unit — the same
selectors and the same door as the pages."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from ninja import Router, Schema

from sotay.core.errors import DomainError
from sotay.core.views_helpers import AuthedRequest

from . import selectors
from .access import access_dues_unit

router = Router(tags=["đảng phí"])


class ChargeOut(Schema):
    month: dt.date
    amount: int
    status: str
    receipt_no: str | None


class ReceiptOut(Schema):
    id: uuid.UUID
    receipt_no: str
    paid_on: dt.date
    amount: int
    months: str
    voided: bool


class MyDuesOut(Schema):
    cell: str
    category: str | None
    income: int | None
    monthly_amount: int
    months: list[ChargeOut]
    owed_total: int
    receipts: list[ReceiptOut]


class MemberMonthOut(Schema):
    member: str
    party_card_number: str
    amount: int
    status: str | None
    receipt_no: str | None
    owed_months: int
    owed_total: int
    three_months_unpaid: bool


class UnitMonthOut(Schema):
    unit: str
    code: str
    charged: int
    members_paid: int
    due: int
    paid: int
    collected: int
    in_arrears: int
    remitted: int | None
    confirmed: bool


class DuesMonthOut(Schema):
    month: dt.date
    received_in_month: int
    members: list[MemberMonthOut]
    units: list[UnitMonthOut]


@router.get("/me/dues", response=MyDuesOut)
def my_dues(request: AuthedRequest) -> Any:
    member = request.user.member
    if member is None or member.cell is None:
        raise DomainError("Tài khoản không gắn với đảng viên đang sinh hoạt.")
    month = selectors.this_month()
    profile = selectors.profile_of(member)
    charges = selectors.statement(member, month.year)
    return {
        "cell": selectors.paying_cell(member).name,
        "category": profile.category if profile else None,
        "income": profile.income if profile else None,
        "monthly_amount": selectors.expected_amount(member, month),
        "months": [
            {
                "month": c.month,
                "amount": c.amount,
                "status": c.status,
                "receipt_no": c.payment.receipt_no if c.payment else None,
            }
            for c in charges
        ],  # fmt: skip
        "owed_total": sum(c.amount for c in charges if c.status == "due" and c.month < month),
        "receipts": [
            {
                "id": p.public_id,
                "receipt_no": p.receipt_no,
                "paid_on": p.paid_on,
                "amount": p.amount,
                "months": p.months_label,
                "voided": bool(p.voided_at),
            }
            for p in selectors.receipts_of(member)
        ],  # fmt: skip
    }


@router.get("/units/{unit_id}/dues", response=DuesMonthOut)
def unit_dues(request: AuthedRequest, unit_id: uuid.UUID, month: str | None = None) -> Any:
    """A cell's register for the month (``members``), or a committee's units below
    (``units``). ``month`` is YYYY-MM (this month if left out)."""
    unit = access_dues_unit(request.user, unit_id)
    try:
        chosen = dt.date.fromisoformat(f"{month}-01") if month else selectors.this_month()
    except ValueError as exc:
        raise DomainError("Tháng không hợp lệ (định dạng YYYY-MM).") from exc
    members, units = [], []
    if unit.is_cell:
        members = [
            {"member": r.member.full_name, "party_card_number": r.member.party_card_number,
             "amount": r.charge.amount if r.charge else r.expected,
             "status": r.charge.status if r.charge else None,
             "receipt_no": r.charge.payment.receipt_no if r.charge and r.charge.payment else None,
             "owed_months": r.arrears.count, "owed_total": r.arrears.total,
             "three_months_unpaid": r.flagged}
            for r in selectors.register(unit, chosen)
        ]  # fmt: skip
    else:
        units = [
            {"unit": c.unit.name, "code": c.unit.code, "charged": c.charged,
             "members_paid": c.members_paid, "due": c.due, "paid": c.paid,
             "collected": c.collected, "in_arrears": c.in_arrears,
             "remitted": c.remittance.remitted if c.remittance else None,
             "confirmed": bool(c.remittance and c.remittance.received_at)}
            for c in selectors.children_dues(unit, chosen)
        ]  # fmt: skip
    return {
        "month": chosen,
        "received_in_month": selectors.inflow(unit, chosen),
        "members": members,
        "units": units,
    }
