"""The introduction letter for a transfer of party activity (giấy giới thiệu sinh hoạt đảng),
A4 PDF in the usual layout: the sending committee's heading, the member's particulars, where
they go and until when, the signature block (fpdf2, Debian's DejaVu)."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils import timezone

from sotay.content.pdf import party_document, party_heading

from .choices import TransferKind
from .models import Transfer


def introduction_letter(transfer: Transfer) -> bytes:
    member = transfer.member
    sender = transfer.from_cell
    when = timezone.localtime(transfer.created_at)
    doc = party_document("A4", f"Giấy giới thiệu sinh hoạt đảng — {member.full_name}", (22, 18, 18))
    half = party_heading(doc, sender, 10, 5.5)
    doc.set_font("serif", "", 10)
    doc.multi_cell(half, 6, f"Số: {str(transfer.public_id)[:8].upper()}/GGT", align="C",
                   new_x="RIGHT", new_y="TOP")  # fmt: skip
    doc.set_font("serif", "I", 10)
    doc.multi_cell(half, 6, f"ngày {when:%d} tháng {when:%m} năm {when:%Y}", align="C",
                   new_x="LMARGIN", new_y="NEXT")  # fmt: skip
    doc.ln(10)
    doc.set_font("serif", "B", 15)
    doc.multi_cell(doc.epw, 8, "GIẤY GIỚI THIỆU SINH HOẠT ĐẢNG", align="C")
    doc.set_font("serif", "I", 11)
    doc.multi_cell(doc.epw, 6, f"({transfer.get_kind_display().lower()})", align="C")
    doc.ln(6)
    doc.set_font("serif", "", 12)
    lines = [
        f"Kính gửi: {transfer.to_cell.name}.",
        f"{sender.name} trân trọng giới thiệu đồng chí: {member.full_name}",
        f"Ngày sinh: {member.birth_date:%d/%m/%Y}" if member.birth_date else "Ngày sinh: —",
        "Ngày vào Đảng: "
        + (f"{member.admitted_on:%d/%m/%Y}" if member.admitted_on else "—")
        + ("; ngày chính thức: " + f"{member.full_member_on:%d/%m/%Y}"
           if member.full_member_on else "; đảng viên dự bị"),
        f"Số thẻ đảng viên: {member.party_card_number or '—'}",
        f"Lý do: {transfer.reason}.",
    ]  # fmt: skip
    if transfer.kind == TransferKind.TEMPORARY and transfer.until:
        lines.append(
            f"Đến sinh hoạt đảng tạm thời tại {transfer.to_cell.name} đến hết ngày "
            f"{transfer.until:%d/%m/%Y}; hết thời hạn, đồng chí trở về sinh hoạt tại {sender.name}."
        )
    else:
        lines.append(f"Đến sinh hoạt đảng chính thức tại {transfer.to_cell.name}.")
    lines.append(
        "Đề nghị cấp ủy nơi đến tiếp nhận, quản lý và tạo điều kiện để đồng chí sinh hoạt đảng."
    )
    for line in lines:
        doc.multi_cell(doc.epw, 7, line)
        doc.ln(1)
    doc.ln(10)
    doc.set_font("serif", "B", 11)
    doc.cell(half, 6, "")
    doc.multi_cell(half, 6, f"T/M {sender.name.upper()}", align="C")
    doc.set_font("serif", "I", 10)
    doc.cell(half, 6, "")
    doc.multi_cell(half, 6, "(ký, ghi rõ họ tên, đóng dấu)", align="C")
    return bytes(doc.output())


def letter_response(data: bytes) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="giay-gioi-thieu-sinh-hoat-dang.pdf"'
    return response
