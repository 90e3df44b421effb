"""The printable bulletin (A4 PDF) for members without a smartphone, made with fpdf2 and a
Unicode font from Debian (fonts-dejavu-core, installed by `make run`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone
from fpdf import FPDF

from sotay.core.errors import DomainError

from .models import Bulletin

FONT_DIRS = ["/usr/share/fonts/truetype/dejavu"]


def font_dir() -> Path:
    for d in [getattr(settings, "PDF_FONT_DIR", ""), *FONT_DIRS]:
        if d and (Path(d) / "DejaVuSerif.ttf").exists():
            return Path(d)
    raise DomainError(
        "Máy chủ chưa có phông chữ tiếng Việt để in PDF (gói Debian fonts-dejavu-core; "
        "`make run` cài gói này)."
    )


class BulletinPDF(FPDF):
    footer_text = ""

    def footer(self) -> None:
        self.set_y(-14)
        self.set_font("serif", size=9)
        self.cell(0, 8, f"{self.footer_text} — trang {self.page_no()}/{{nb}}", align="C")


def party_document(
    page: str | tuple[float, float], footer: str, margins: tuple[float, float, float]
) -> BulletinPDF:
    """A one-page-at-a-time official paper: the serif faces loaded, page numbers in the
    footer, the first page started."""
    fonts = font_dir()
    doc = BulletinPDF(format=page)
    doc.footer_text = footer
    doc.set_margins(*margins)
    for style, name in (("", "DejaVuSerif.ttf"), ("B", "DejaVuSerif-Bold.ttf"),
                        ("I", "DejaVuSerif-Italic.ttf")):  # fmt: skip
        doc.add_font("serif", style, str(fonts / name))
    doc.alias_nb_pages()
    doc.add_page()
    return doc


def party_heading(doc: BulletinPDF, unit: Any, size: float, line: float) -> float:
    """The usual heading of a party paper: the committee above and the issuing unit on the
    left, "ĐẢNG CỘNG SẢN VIỆT NAM" on the right. Returns half the page width."""
    from sotay.orgs.models import Organization

    above = Organization.objects.get_parent(unit) if unit.depth > 1 else None
    half = doc.epw / 2
    doc.set_font("serif", "B", size)
    heading = f"{above.name.upper()}\n{unit.name.upper()}" if above else unit.name.upper()
    doc.multi_cell(half, line, heading, align="C", new_x="RIGHT", new_y="TOP")
    doc.multi_cell(half, line, "ĐẢNG CỘNG SẢN VIỆT NAM", align="C", new_x="LMARGIN", new_y="NEXT")
    return half


def bulletin_pdf(bulletin: Bulletin) -> bytes:
    fonts = font_dir()
    pdf = BulletinPDF(format="A4")
    pdf.footer_text = bulletin.title
    pdf.set_margins(20, 18, 18)
    pdf.set_auto_page_break(True, margin=18)
    pdf.add_font("serif", "", str(fonts / "DejaVuSerif.ttf"))
    pdf.add_font("serif", "B", str(fonts / "DejaVuSerif-Bold.ttf"))
    pdf.add_font("serif", "I", str(fonts / "DejaVuSerif-Italic.ttf"))
    pdf.alias_nb_pages()
    pdf.add_page()
    width = pdf.epw
    pdf.set_font("serif", "B", 11)
    pdf.multi_cell(width / 2, 6, bulletin.unit.name.upper(), align="C", new_x="RIGHT", new_y="TOP")
    pdf.multi_cell(width / 2, 6, "ĐẢNG CỘNG SẢN VIỆT NAM", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(8)
    pdf.set_font("serif", "B", 17)
    pdf.multi_cell(width, 9, bulletin.get_kind_display().upper(), align="C")
    pdf.set_font("serif", "I", 12)
    pdf.multi_cell(width, 7, f"Tháng {bulletin.issue_month:%m/%Y}", align="C")
    pdf.ln(2)
    pdf.set_font("serif", "B", 13)
    pdf.multi_cell(width, 7, bulletin.title, align="C")
    pdf.ln(4)
    if bulletin.intro:
        pdf.set_font("serif", "I", 12)
        pdf.multi_cell(width, 6.5, bulletin.intro)
        pdf.ln(3)
    for n, entry in enumerate(bulletin.entries.select_related("item", "item__unit"), start=1):
        item = entry.item
        pdf.set_font("serif", "B", 13)
        pdf.multi_cell(width, 7, f"{n}. {item.title}")
        pdf.set_font("serif", "I", 10)
        origin = f"{item.number} · " if item.number else ""
        published = timezone.localtime(item.published_at) if item.published_at else None
        pdf.multi_cell(
            width,
            5.5,
            f"{origin}{item.unit.name}" + (f" · {published:%d/%m/%Y}" if published else ""),
        )
        pdf.ln(1)
        pdf.set_font("serif", "", 12)
        if entry.note:
            pdf.set_font("serif", "B", 12)
            pdf.multi_cell(width, 6.5, entry.note)
            pdf.set_font("serif", "", 12)
        if item.lead:
            pdf.multi_cell(width, 6.5, item.lead)
        if item.kind == "article" and item.body:
            for para in item.body.split("\n"):
                if para.strip():
                    pdf.multi_cell(width, 6.5, para.strip())
        pdf.ln(4)
    pdf.set_font("serif", "I", 9)
    pdf.multi_cell(
        width, 5, f"In từ Sổ tay đảng viên điện tử lúc {timezone.localtime():%H:%M %d/%m/%Y}."
    )
    return bytes(pdf.output())
