"""The month's dues as .xlsx: a cell's collection register (sổ thu đảng phí) with its
receipts, or a committee's summary of its units below with what arrived and was passed up."""

from __future__ import annotations

import datetime as dt

from django.http import HttpResponse

from sotay.core.views_helpers import AuthedRequest
from sotay.orgs.models import Organization

from . import selectors


def dues_workbook(request: AuthedRequest, unit: Organization, month: dt.date) -> HttpResponse:
    from sotay.members.spreadsheets import write_xlsx
    from sotay.members.views.console import audit_export, xlsx_response

    audit_export(request, f"Xuất sổ đảng phí tháng {month:%m/%Y} của {unit.name}")
    title = f"Tháng {month:%m-%Y}"
    if unit.is_cell:
        rows = selectors.register(unit, month)
        register = (
            [
                r.member.full_name, r.member.party_card_number,
                r.charge.get_category_display() if r.charge else "",
                r.charge.income or "" if r.charge else "",
                r.charge.amount if r.charge else r.expected,
                r.charge.get_status_display() if r.charge else "Chưa lập sổ",
                r.charge.payment.receipt_no if r.charge and r.charge.payment else "",
                r.charge.payment.paid_on if r.charge and r.charge.payment else "",
                r.arrears.count, r.arrears.total,
            ]
            for r in rows
        )  # fmt: skip
        receipts = (
            [p.receipt_no, p.paid_on, p.member.full_name, p.months_label, p.amount,
             "Đã hủy: " + p.void_reason if p.voided_at else ""]
            for p in selectors.receipts_at(unit, month)
        )  # fmt: skip
        data = write_xlsx(
            title,
            ["Họ và tên", "Số thẻ", "Đối tượng", "Thu nhập tính đảng phí", "Phải nộp (đ)",
             "Tình trạng", "Biên lai", "Ngày nộp", "Số tháng còn nợ", "Tổng nợ (đ)"],
            register,
            extra_sheets={
                "Biên lai": (["Số", "Ngày", "Đảng viên", "Các tháng", "Số tiền (đ)", "Ghi chú"],
                             receipts),
            },
        )  # fmt: skip
    else:
        children = (
            [c.unit.name, c.unit.code, c.charged, c.members_paid, c.due, c.paid, c.collected,
             c.in_arrears,
             c.remittance.remitted if c.remittance else "",
             "Đã xác nhận" if c.remittance and c.remittance.received_at
             else ("Chờ xác nhận" if c.remittance else "Chưa nộp")]
            for c in selectors.children_dues(unit, month)
        )  # fmt: skip
        data = write_xlsx(
            title,
            ["Đơn vị", "Mã", "Đảng viên phải nộp", "Đã nộp", "Phải thu (đ)", "Đã thu của tháng (đ)",
             "Thu trong tháng (đ)", "Đảng viên còn nợ", "Nộp lên (đ)", "Tình trạng"],
            children,
        )  # fmt: skip
    return xlsx_response(data, f"dang-phi-{month:%Y-%m}-{unit.code}.xlsx")
