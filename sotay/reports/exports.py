"""The report as a workbook (one sheet for the unit, one per section for the units below) and
as an A4 PDF in the usual layout of a party committee's report (fpdf2, Debian's DejaVu)."""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterable, Sequence
from typing import Any

from sotay.content.pdf import BulletinPDF, font_dir
from sotay.members.spreadsheets import write_xlsx

from .figures import number
from .selectors import Report


def xlsx(report: Report) -> bytes:
    headers = ["Mục", "Chỉ tiêu", report.period.label, report.previous.label, "Thay đổi"]
    rows = [
        [s.title, line.label, line.value, line.previous, line.change_text]
        for s in report.sections
        for line in s.lines
    ]
    extra: dict[str, tuple[Sequence[str], Iterable[Sequence[Any]]]] = {}
    for s in report.sections:
        head = ["Đơn vị", *[label for _, label, _ in s.headline]]
        body = [[c.org.name, *[c.values[k] for k, _, _ in s.headline]] for c in s.children]
        extra[_sheet(s.title)] = (head, body)
    return write_xlsx(_sheet(report.unit.name) or "Báo cáo", headers, rows, extra)


def _sheet(name: str) -> str:
    """A worksheet name: at most 31 characters, none of : \\ / ? * [ ]."""
    return re.sub(r"[:\\/?*\[\]]", " ", name)[:31].strip()


# fpdf2's font subsetting logs every glyph table through fontTools at INFO.
logging.getLogger("fontTools").setLevel(logging.WARNING)


def pdf(report: Report, now: dt.datetime) -> bytes:
    fonts = font_dir()
    doc = BulletinPDF(format="A4")  # A4 with the page footer
    title = f"Báo cáo tình hình {report.period.label}"
    doc.footer_text = f"{report.unit.name} — {title}"
    doc.set_margins(18, 16, 16)
    doc.set_auto_page_break(True, margin=18)
    for style, name in (("", "DejaVuSerif.ttf"), ("B", "DejaVuSerif-Bold.ttf"),
                        ("I", "DejaVuSerif-Italic.ttf")):  # fmt: skip
        doc.add_font("serif", style, str(fonts / name))
    doc.alias_nb_pages()
    doc.add_page()
    width = doc.epw
    doc.set_font("serif", "B", 11)
    doc.multi_cell(width / 2, 6, report.unit.name.upper(), align="C", new_x="RIGHT", new_y="TOP")
    doc.multi_cell(width / 2, 6, "ĐẢNG CỘNG SẢN VIỆT NAM", align="C", new_x="LMARGIN", new_y="NEXT")
    doc.set_font("serif", "I", 10)
    doc.cell(width / 2, 6, "")
    doc.multi_cell(width / 2, 6, f"ngày {now:%d} tháng {now:%m} năm {now:%Y}", align="C")
    doc.ln(6)
    doc.set_font("serif", "B", 15)
    doc.multi_cell(width, 8, "BÁO CÁO", align="C")
    doc.set_font("serif", "B", 12)
    doc.multi_cell(width, 7, title[0].upper() + title[1:], align="C")
    doc.set_font("serif", "I", 10)
    doc.multi_cell(width, 6, f"(so với {report.previous.label})", align="C")
    doc.ln(4)
    widths = (width * 0.52, width * 0.16, width * 0.16, width * 0.16)
    for index, section in enumerate(report.sections, start=1):
        doc.set_font("serif", "B", 11)
        doc.multi_cell(width, 7, f"{index}. {section.title}")
        doc.set_font("serif", "B", 9)
        for w, text in zip(widths, ("Chỉ tiêu", "Kỳ này", "Kỳ trước", "Thay đổi"), strict=True):
            doc.cell(w, 6, text, border=1, align="C")
        doc.ln()
        doc.set_font("serif", "", 9)
        for line in section.lines:
            cells = (line.label, number(line.value, line.unit), number(line.previous, line.unit),
                     line.change_text)  # fmt: skip
            for i, (w, text) in enumerate(zip(widths, cells, strict=True)):
                doc.cell(w, 6, text, border=1, align="L" if i == 0 else "R")
            doc.ln()
        doc.ln(3)
    if report.children:
        doc.add_page()
        doc.set_font("serif", "B", 11)
        doc.multi_cell(width, 7, "Các đơn vị trực thuộc")
        for section in report.sections:
            doc.set_font("serif", "B", 9)
            doc.multi_cell(width, 6, section.title)
            first = width * 0.36
            rest = (width - first) / max(1, len(section.headline))
            doc.cell(first, 6, "Đơn vị", border=1)
            for _, label, _ in section.headline:
                doc.cell(rest, 6, label[:28], border=1, align="C")
            doc.ln()
            doc.set_font("serif", "", 8)
            for child in section.children:
                doc.cell(first, 5.5, child.org.name[:48], border=1)
                for key, _, unit in section.headline:
                    doc.cell(rest, 5.5, number(child.values[key], unit), border=1, align="R")
                doc.ln()
            doc.ln(2)
    if report.attention:
        doc.set_font("serif", "B", 11)
        doc.multi_cell(width, 7, "Cần chú ý")
        doc.set_font("serif", "", 10)
        for note in report.attention:
            doc.multi_cell(width, 6, f"– {note}")
    return bytes(doc.output())
