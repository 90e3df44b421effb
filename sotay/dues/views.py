"""Party dues pages: the member's own dues and receipts on the phone, and one console page
per unit — a cell's collection register, a committee's view of its units below, what
arrived and what it passes up, and (at the root) the rates."""

from __future__ import annotations

import datetime as dt
import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from sotay.core.errors import DomainError
from sotay.core.views_helpers import AuthedRequest
from sotay.members.models import Member
from sotay.orgs.models import Organization

from . import selectors, services
from .access import (
    access_dues_unit,
    access_receipt,
    incoming_remittance,
    may_configure,
    receipt_at,
)
from .choices import DEFAULT_RATES, DEFAULT_SHARES, DuesCategory, RateKind, ShareLevel
from .receipts import receipt_pdf
from .services import OPEN_MONTHS_BACK, PaymentEntry

MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def _parse_month(value: str | None) -> dt.date | None:
    match = MONTH.match(value or "")
    if not match or not 1 <= int(match[2]) <= 12:
        return None
    return dt.date(int(match[1]), int(match[2]), 1)


def _months_back(n: int) -> list[dt.date]:
    months, month = [], selectors.this_month()
    for _ in range(n):
        months.append(month)
        month = selectors.previous_month(month)
    return months


def _month(request: HttpRequest) -> dt.date:
    month = _parse_month(request.GET.get("thang"))
    return (
        month if month and month in _months_back(OPEN_MONTHS_BACK + 1) else selectors.this_month()
    )


def _int(value: str | None) -> int | None:
    try:
        return int((value or "").replace(".", "").replace(" ", ""))
    except ValueError:
        return None


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value or "")
    except ValueError:
        return None


# --- the member -----------------------------------------------------------------------


@login_required
def my_dues(request: AuthedRequest) -> HttpResponse:
    member = request.user.member
    if member is None or member.cell is None:
        return redirect("app:home")
    month = selectors.this_month()
    year = month.year
    charges = selectors.statement(member, year)
    rates = selectors.rates_in_effect(month)
    owed = [c for c in charges if c.status == "due" and c.month < month]
    context = {
        "year": year,
        "profile": selectors.profile_of(member),
        "cell": selectors.paying_cell(member),
        "expected": selectors.expected_amount(member, month),
        "rate_rows": [(label, rates[key]) for key, label in DuesCategory.choices],
        "charges": charges,
        "owed": owed,
        "owed_total": sum(c.amount for c in owed),
        "receipts": selectors.receipts_of(member),
    }
    return render(request, "dues/mine.html", context)


@login_required
def receipt(request: AuthedRequest, public_id: str) -> HttpResponse:
    payment = access_receipt(request.user, public_id)
    response = HttpResponse(receipt_pdf(payment), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="bien-lai-{payment.receipt_no}.pdf"'
    return response


# --- the unit -------------------------------------------------------------------------


@login_required
def unit_page(request: AuthedRequest, public_id: str) -> HttpResponse:
    unit = access_dues_unit(request.user, public_id)
    month = _month(request)
    if request.method == "POST":
        return _post(request, unit, month)
    if request.GET.get("xuat") == "xlsx":
        from .exports import dues_workbook

        return dues_workbook(request, unit, month)
    return render(request, "dues/unit.html", _context(request, unit, month))


def _context(request: AuthedRequest, unit: Organization, month: dt.date) -> dict:
    from sotay.orgs.views import _unit_context

    ctx: dict = {**_unit_context(request, unit), "tab": "dues", "month": month}
    ctx["months"] = _months_back(12)
    ctx["is_cell"] = unit.is_cell
    ctx["categories"] = DuesCategory.choices
    ctx["today"] = timezone.localdate().isoformat()
    previous = selectors.previous_month(selectors.this_month())
    ctx["close_month"] = previous
    ctx["close_inflow"] = selectors.inflow(unit, previous)
    ctx["close_share"] = selectors.shares_in_effect(previous)[selectors.share_level(unit)]
    ctx["close_sent"] = selectors.remittance_of(unit, previous)
    ctx["close_returned"] = selectors.returned_of(unit, previous)
    ctx["inflow"] = selectors.inflow(unit, month)
    ctx["sent"] = selectors.remittances_of(unit)
    if unit.is_cell:
        rows = selectors.register(unit, month)
        ctx["rows"] = rows
        ctx["open"] = any(r.charge for r in rows)
        ctx["missing"] = sum(1 for r in rows if r.charge is None)
        ctx["due_total"] = sum(
            r.charge.amount for r in rows if r.charge and r.charge.status != "excused"
        )
        ctx["paid_total"] = sum(
            r.charge.amount for r in rows if r.charge and r.charge.status == "paid"
        )
        ctx["flagged"] = [r for r in rows if r.flagged]
        ctx["receipts"] = selectors.receipts_at(unit, month)
    else:
        children = selectors.children_dues(unit, month)
        ctx["children"] = children
        ctx["child_totals"] = {
            key: sum(getattr(c, key) for c in children)
            for key in ("charged", "members_paid", "due", "paid", "collected", "in_arrears")
        }
        ctx["incoming"] = selectors.incoming(unit)
    if may_configure(request.user):
        ctx["configure"] = True
        rates = selectors.rates_in_effect(selectors.this_month())
        shares = selectors.shares_in_effect(selectors.this_month())
        ctx["rate_rows"] = [
            (key, label, rates[key], DEFAULT_RATES[key]) for key, label in DuesCategory.choices
        ]
        ctx["share_rows"] = [
            (key, label, shares[key], DEFAULT_SHARES[key]) for key, label in ShareLevel.choices
        ]
        ctx["rate_kinds"] = RateKind.choices
        ctx["share_levels"] = ShareLevel.choices
        ctx["next_months"] = [selectors.this_month(), selectors.next_month(selectors.this_month())]
    return ctx


def _entries(request: AuthedRequest, month: dt.date) -> list[PaymentEntry]:
    """The ticked boxes: ``pay_<member>`` for the month shown, ``owed_<member>_<YYYY-MM>``
    for earlier months."""
    months: dict[int, set[dt.date]] = {}
    for key in request.POST:
        parts = key.split("_")
        if parts[0] == "pay" and len(parts) == 2 and parts[1].isdigit():
            months.setdefault(int(parts[1]), set()).add(month)
        elif parts[0] == "owed" and len(parts) == 3 and parts[1].isdigit():
            owed = _parse_month(parts[2])
            if owed:
                months.setdefault(int(parts[1]), set()).add(owed)
    return [PaymentEntry(member_id, tuple(sorted(ms))) for member_id, ms in months.items()]


def _member_here(unit: Organization, value: str | None) -> Member:
    member_id = _int(value)
    member = selectors.members_paying_at(unit).filter(pk=member_id).first() if member_id else None
    if member is None:
        raise DomainError("Hãy chọn một đảng viên đóng đảng phí tại chi bộ.")
    return member


def _post(request: AuthedRequest, unit: Organization, month: dt.date) -> HttpResponse:
    step, user, post = request.POST.get("step", ""), request.user, request.POST
    try:
        if step == "open":
            n = services.charges_open(actor=user, cell=unit, month=month)
            messages.success(request, f"Đã lập sổ thu tháng {month:%m/%Y}: {n} đảng viên.")
        elif step == "pay":
            saved = services.payments_record(
                actor=user,
                cell=unit,
                entries=_entries(request, month),
                paid_on=_date(post.get("paid_on")),
            )
            messages.success(request, f"Đã ghi {len(saved)} biên lai thu đảng phí.")
        elif step == "profile":
            member = _member_here(unit, post.get("member"))
            services.profile_set(
                actor=user, member=member, category=post.get("category", ""),
                income=_int(post.get("income")), note=post.get("note", ""),
            )  # fmt: skip
            messages.success(request, "Đã cập nhật căn cứ đóng đảng phí.")
        elif step == "excuse":
            member = _member_here(unit, post.get("member"))
            owed = _parse_month(post.get("owed_month"))
            if owed is None:
                raise DomainError("Hãy chọn tháng được miễn.")
            services.charge_excuse(
                actor=user, cell=unit, member=member, month=owed, reason=post.get("reason", "")
            )
            messages.success(request, f"Đã ghi miễn đảng phí tháng {owed:%m/%Y}.")
        elif step == "void":
            payment = receipt_at(unit, post.get("receipt"))
            if payment is None:
                raise DomainError("Không tìm thấy biên lai này.")
            services.payment_void(actor=user, payment=payment, reason=post.get("reason", ""))
            messages.success(request, f"Đã hủy biên lai {payment.receipt_no}.")
        elif step == "send":
            sent = services.remittance_send(
                actor=user, unit=unit, month=selectors.previous_month(selectors.this_month())
            )
            messages.success(request, f"Đã nộp {sent.remitted:,} đ lên cấp trên.".replace(",", "."))
        elif step == "confirm":
            remittance = incoming_remittance(unit, post.get("remittance"))
            if remittance is None:
                raise DomainError("Không tìm thấy khoản nộp này.")
            services.remittance_confirm(actor=user, remittance=remittance)
            messages.success(request, f"Đã xác nhận nhận tiền của {remittance.from_unit.name}.")
        elif step == "return":
            remittance = incoming_remittance(unit, post.get("remittance"))
            if remittance is None:
                raise DomainError("Không tìm thấy khoản nộp này.")
            services.remittance_return(
                actor=user, remittance=remittance, reason=post.get("reason", "")
            )
            messages.success(request, f"Đã trả lại khoản nộp của {remittance.from_unit.name}.")
        elif step == "rate":
            services.rate_set(
                actor=user, category=post.get("category", ""), kind=post.get("kind", ""),
                value=post.get("value"), valid_from=_parse_month(post.get("valid_from")),
                note=post.get("note", ""),
            )  # fmt: skip
            messages.success(request, "Đã ghi mức đảng phí mới.")
        elif step == "share":
            services.share_set(
                actor=user, level=post.get("level", ""), percent=_int(post.get("percent")),
                valid_from=_parse_month(post.get("valid_from")), note=post.get("note", ""),
            )  # fmt: skip
            messages.success(request, "Đã ghi tỉ lệ trích giữ lại mới.")
        else:
            raise DomainError("Thao tác không hợp lệ.")
    except DomainError as exc:
        messages.error(request, exc.message)
        return render(request, "dues/unit.html", _context(request, unit, month), status=400)
    return redirect(f"{request.path}?thang={month:%Y-%m}")
