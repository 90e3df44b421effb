"""Synthesis report of a consultation (báo cáo tổng hợp ý kiến) as DOCX: per paragraph of the
current draft, the counts by decision, then each comment with its decision and answer."""

from __future__ import annotations

import io

from django.utils import timezone

from .choices import Decision
from .models import Consultation
from .selectors import draft_view

LABELS = dict(Decision.choices)


def synthesis_docx(consultation: Consultation) -> bytes:
    import docx
    from docx.shared import Pt

    view = draft_view(consultation, with_hidden=True)
    document = docx.Document()
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"  # type: ignore[attr-defined]
    style.font.size = Pt(13)  # type: ignore[attr-defined]
    document.add_heading(f"Tổng hợp ý kiến góp ý: {consultation.title}", level=1)
    total = sum(len(p.comments) for p in view.paragraphs) + len(view.whole) + len(view.orphans)
    document.add_paragraph(
        f"{consultation.unit.name} · bản dự thảo lần {view.version.number if view.version else 1}"
        f" · {total} góp ý · lập lúc {timezone.localtime():%H:%M ngày %d/%m/%Y}"
    )

    def section(title: str, comments: list, quote: str = "") -> None:  # type: ignore[type-arg]
        counts = {d: 0 for d in Decision.values}
        for c in comments:
            counts[c.decision] += 1
        document.add_heading(title, level=2)
        if quote:
            document.add_paragraph(quote, style="Quote")
        document.add_paragraph(
            f"{len(comments)} góp ý — "
            + ", ".join(f"{LABELS[d].lower()}: {n}" for d, n in counts.items() if n)
            if comments
            else "Không có góp ý."
        )
        for c in comments:
            line = document.add_paragraph(style="List Number")
            line.add_run(f"{c.member.full_name}: ").bold = True
            line.add_run(c.text)
            line.add_run(f" — {LABELS[c.decision]}")
            if c.response:
                line.add_run(f". Giải trình: {c.response}").italic = True
            if c.hidden:
                line.add_run(f" (đã ẩn: {c.hidden_reason})").italic = True

    section("Góp ý chung về cả dự thảo", view.whole)
    for n, p in enumerate(view.paragraphs, start=1):
        if p.paragraph.heading and not p.comments:
            continue
        section(f"Đoạn {n}", p.comments, p.paragraph.text)
    if view.orphans:
        section("Góp ý về những đoạn đã bỏ trong bản hiện hành", view.orphans)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
