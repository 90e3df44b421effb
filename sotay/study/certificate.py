"""A certificate (giấy chứng nhận) for a passed programme, as a one-page PDF."""

from __future__ import annotations

from django.utils import timezone

from .models import Attempt


def certificate_pdf(attempt: Attempt) -> bytes:
    from sotay.content.pdf import BulletinPDF, font_dir

    fonts = font_dir()
    pdf = BulletinPDF(orientation="L", format="A4")
    pdf.footer_text = "Sổ tay đảng viên điện tử"
    pdf.add_font("serif", "", str(fonts / "DejaVuSerif.ttf"))
    pdf.add_font("serif", "B", str(fonts / "DejaVuSerif-Bold.ttf"))
    pdf.add_font("serif", "I", str(fonts / "DejaVuSerif-Italic.ttf"))
    pdf.alias_nb_pages()
    pdf.add_page()
    pdf.set_draw_color(179, 18, 15)
    pdf.set_line_width(1.2)
    pdf.rect(10, 10, pdf.w - 20, pdf.h - 20)
    programme, member = attempt.programme, attempt.member
    width = pdf.epw
    pdf.set_y(28)
    pdf.set_font("serif", "B", 13)
    pdf.multi_cell(width, 7, programme.unit.name.upper(), align="C")
    pdf.ln(8)
    pdf.set_font("serif", "B", 26)
    pdf.set_text_color(179, 18, 15)
    pdf.multi_cell(width, 13, "GIẤY CHỨNG NHẬN", align="C")
    pdf.set_text_color(0, 0, 0)
    pdf.ln(4)
    pdf.set_font("serif", "", 15)
    pdf.multi_cell(width, 9, "Chứng nhận đồng chí", align="C")
    pdf.set_font("serif", "B", 20)
    pdf.multi_cell(width, 11, member.full_name, align="C")
    pdf.set_font("serif", "", 13)
    pdf.multi_cell(width, 8, f"Số thẻ đảng viên {member.party_card_number or '—'}", align="C")
    pdf.ln(3)
    pdf.set_font("serif", "", 15)
    pdf.multi_cell(width, 9, "đã hoàn thành chương trình", align="C")
    pdf.set_font("serif", "B", 16)
    pdf.multi_cell(width, 9, programme.title, align="C")
    pdf.set_font("serif", "I", 13)
    done = timezone.localtime(attempt.submitted_at or timezone.now())
    pdf.multi_cell(
        width,
        9,
        f"Kết quả: {attempt.score}/{attempt.max_score} câu đúng — ngày {done:%d/%m/%Y}",
        align="C",
    )
    return bytes(pdf.output())
