"""The receipt for party dues (biên lai thu đảng phí), A5 PDF: the cell and the committee
above, the receipt number, the member, the months paid, the amount in figures and in words
(num2words' Vietnamese), who collected it (fpdf2, Debian's DejaVu)."""

from __future__ import annotations

from num2words import num2words

from sotay.content.pdf import party_document, party_heading

from .models import DuesPayment


def amount_in_words(amount: int) -> str:
    words = num2words(amount, lang="vi")
    return f"{words[:1].upper()}{words[1:]} đồng"


def _money(n: int) -> str:
    return f"{n:,}".replace(",", ".") + " đồng"


def receipt_pdf(payment: DuesPayment) -> bytes:
    cell = payment.cell
    doc = party_document((148, 210), f"Biên lai thu đảng phí số {payment.receipt_no}", (14, 12, 14))
    half = party_heading(doc, cell, 9, 5)
    doc.ln(6)
    doc.set_font("serif", "B", 14)
    doc.multi_cell(doc.epw, 7, "BIÊN LAI THU ĐẢNG PHÍ", align="C")
    doc.set_font("serif", "", 10)
    doc.multi_cell(doc.epw, 6, f"Số: {payment.receipt_no}", align="C")
    if payment.voided_at:
        doc.set_font("serif", "B", 12)
        doc.multi_cell(doc.epw, 8, f"ĐÃ HỦY — {payment.void_reason}", align="C")
    doc.ln(4)
    doc.set_font("serif", "", 11)
    months = payment.months_label or "—"
    member = payment.member
    lines = [
        f"Họ và tên đảng viên: {member.full_name}",
        f"Số thẻ đảng viên: {member.party_card_number or '—'}",
        f"Sinh hoạt tại: {cell.name}",
        f"Nộp đảng phí các tháng: {months}",
        f"Số tiền: {_money(payment.amount)}",
        f"Bằng chữ: {amount_in_words(payment.amount)}.",
    ]
    for line in lines:
        doc.multi_cell(doc.epw, 6.5, line)
        doc.ln(0.5)
    doc.ln(6)
    doc.set_font("serif", "I", 10)
    doc.cell(half, 6, "")
    day = payment.paid_on
    doc.multi_cell(half, 6, f"Ngày {day:%d} tháng {day:%m} năm {day:%Y}", align="C")
    doc.set_font("serif", "B", 10)
    doc.cell(half, 6, "Người nộp", align="C")
    doc.multi_cell(half, 6, "Người thu", align="C")
    doc.ln(14)
    doc.set_font("serif", "", 10)
    collector = payment.collected_by.member if payment.collected_by else None
    doc.cell(half, 6, member.full_name, align="C")
    doc.multi_cell(half, 6, collector.full_name if collector else "", align="C")
    return bytes(doc.output())
