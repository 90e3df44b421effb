"""Minutes (biên bản) and resolution in the usual layout, as PDF (fpdf2) and DOCX (python-docx)."""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.utils import timezone

from .choices import AttendanceStatus
from .models import Meeting, Minutes


@dataclass
class Paper:
    """The text of the document, shared by both formats."""

    left: list[str]
    title: str
    lines: list[tuple[str, str]]  # (style, text): "h" heading, "p" paragraph
    signatures: tuple[str, str, str, str]


def paper(meeting: Meeting) -> Paper:
    minutes: Minutes = meeting.minutes
    cell = meeting.cell
    from sotay.orgs.models import Organization

    parent = Organization.objects.get_parent(cell)
    when = timezone.localtime(meeting.starts_at)
    absent = meeting.attendance.exclude(status=AttendanceStatus.PRESENT).select_related("member")
    excused = [
        f"{a.member.full_name} ({a.get_reason_display().lower()})"
        for a in absent
        if a.status == AttendanceStatus.EXCUSED
    ]
    unexcused = [a.member.full_name for a in absent if a.status == AttendanceStatus.ABSENT]
    lines: list[tuple[str, str]] = [
        (
            "p",
            f"Hôm nay, vào lúc {when:%H giờ %M} ngày {when:%d/%m/%Y}, "
            f"tại {meeting.place or 'trực tuyến'}, "
            f"{cell.name} tiến hành {meeting.title.lower()}.",
        ),
        ("p", f"Chủ trì: đồng chí {minutes.chair}. Thư ký: đồng chí {minutes.secretary}."),
        (
            "p",
            f"Tổng số đảng viên của chi bộ: {meeting.expected_count}; "
            f"có mặt: {meeting.present_count}; "
            f"vắng có lý do: {len(excused)}; vắng không lý do: {len(unexcused)}.",
        ),
    ]
    if excused:
        lines.append(("p", "Vắng có lý do: " + "; ".join(excused) + "."))
    if unexcused:
        lines.append(("p", "Vắng không lý do: " + "; ".join(unexcused) + "."))
    if meeting.topic:
        lines.append(("p", f"Chuyên đề: {meeting.topic}."))
    lines += [("h", "I. NỘI DUNG SINH HOẠT")] + [
        ("p", t) for t in minutes.content.splitlines() if t.strip()
    ]
    if minutes.opinions:
        lines += [("h", "II. Ý KIẾN THẢO LUẬN")] + [
            ("p", t) for t in minutes.opinions.splitlines() if t.strip()
        ]
    lines += [("h", "III. KẾT LUẬN CỦA CHỦ TRÌ")] + [
        ("p", t) for t in minutes.conclusions.splitlines() if t.strip()
    ]
    lines += [
        ("h", "IV. BIỂU QUYẾT THÔNG QUA NGHỊ QUYẾT"),
        (
            "p",
            f"Tán thành: {minutes.votes_for}; không tán thành: {minutes.votes_against}; "
            f"không biểu quyết: {minutes.votes_abstain}.",
        ),
        ("h", "NGHỊ QUYẾT"),
    ] + [("p", t) for t in minutes.resolution.splitlines() if t.strip()]
    if minutes.ended_at:
        lines.append(("p", f"Buổi sinh hoạt kết thúc lúc {minutes.ended_at:%H giờ %M} cùng ngày."))
    return Paper(
        left=[(parent.name if parent else "").upper(), cell.name.upper()],
        title="BIÊN BẢN SINH HOẠT CHI BỘ",
        lines=lines,
        signatures=("THƯ KÝ", minutes.secretary, "CHỦ TRÌ", minutes.chair),
    )


def minutes_pdf(meeting: Meeting) -> bytes:
    from sotay.content.pdf import BulletinPDF, font_dir

    p = paper(meeting)
    fonts = font_dir()
    pdf = BulletinPDF(format="A4")
    pdf.footer_text = p.title.capitalize()
    pdf.set_margins(25, 18, 18)
    pdf.add_font("serif", "", str(fonts / "DejaVuSerif.ttf"))
    pdf.add_font("serif", "B", str(fonts / "DejaVuSerif-Bold.ttf"))
    pdf.add_font("serif", "I", str(fonts / "DejaVuSerif-Italic.ttf"))
    pdf.alias_nb_pages()
    pdf.add_page()
    width = pdf.epw
    pdf.set_font("serif", "B", 10.5)
    pdf.multi_cell(width / 2, 5.5, "\n".join(p.left) + "\n*", align="C", new_x="RIGHT", new_y="TOP")
    pdf.multi_cell(
        width / 2, 5.5, "ĐẢNG CỘNG SẢN VIỆT NAM", align="C", new_x="LMARGIN", new_y="NEXT"
    )
    pdf.ln(10)
    pdf.set_font("serif", "B", 15)
    pdf.multi_cell(width, 8, p.title, align="C")
    pdf.ln(4)
    for style, text in p.lines:
        if style == "h":
            pdf.ln(2)
            pdf.set_font("serif", "B", 12.5)
        else:
            pdf.set_font("serif", "", 12.5)
        pdf.multi_cell(width, 7, text)
    pdf.ln(10)
    pdf.set_font("serif", "B", 12)
    pdf.multi_cell(width / 2, 6, p.signatures[0], align="C", new_x="RIGHT", new_y="TOP")
    pdf.multi_cell(width / 2, 6, p.signatures[2], align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(16)
    pdf.multi_cell(width / 2, 6, p.signatures[1], align="C", new_x="RIGHT", new_y="TOP")
    pdf.multi_cell(width / 2, 6, p.signatures[3], align="C", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def minutes_docx(meeting: Meeting) -> bytes:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    p = paper(meeting)
    document = docx.Document()
    style = document.styles["Normal"]
    style.font.name, style.font.size = "Times New Roman", Pt(13)
    header = document.add_table(rows=1, cols=2)
    left, right = header.rows[0].cells
    left.text = "\n".join(p.left) + "\n*"
    right.text = "ĐẢNG CỘNG SẢN VIỆT NAM"
    for cell in (left, right):
        for para in cell.paragraphs:
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER
            for run in para.runs:
                run.bold = True
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(p.title)
    run.bold, run.font.size = True, Pt(15)
    for kind, text in p.lines:
        para = document.add_paragraph()
        r = para.add_run(text)
        r.bold = kind == "h"
    signs = document.add_table(rows=2, cols=2)
    signs.rows[0].cells[0].text, signs.rows[0].cells[1].text = p.signatures[0], p.signatures[2]
    signs.rows[1].cells[0].text, signs.rows[1].cells[1].text = (
        "\n\n\n" + p.signatures[1],
        "\n\n\n" + p.signatures[3],
    )
    for row in signs.rows:
        for cell in row.cells:
            for para in cell.paragraphs:
                para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
