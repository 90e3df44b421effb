"""Synthesis report of a consultation (báo cáo tổng hợp ý kiến) as DOCX: per paragraph of the
current draft, the counts by decision, then each comment with its decision and answer.

Paragraphs are appended as WordprocessingML elements built with lxml: python-docx's
``add_paragraph(style=...)`` looks the style up by name on every call, which made 5,000 comments
take about ten seconds; building the same elements directly takes a fraction of a second."""

from __future__ import annotations

import io
import re
from typing import Any

from django.utils import timezone

from .choices import Decision
from .models import Consultation, DraftComment
from .selectors import draft_view

LABELS = dict(Decision.choices)
XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


class _Writer:
    def __init__(self) -> None:
        import docx
        from docx.oxml.ns import qn
        from docx.shared import Pt

        self.document = docx.Document()
        normal: Any = self.document.styles["Normal"]
        normal.font.name = "Times New Roman"
        normal.font.size = Pt(13)
        self.styles = {
            name: self.document.styles[name].style_id
            for name in ("Heading 1", "Heading 2", "Quote", "List Number")
        }
        self.q = {k: qn(f"w:{k}") for k in ("p", "pPr", "pStyle", "val", "r", "rPr", "b", "i", "t")}
        self.end = self.document.element.body[-1]  # sectPr: paragraphs go before it

    def add(self, runs: list[tuple[str, bool, bool]], style: str = "") -> None:
        from lxml import etree

        q = self.q
        p = etree.Element(q["p"])
        if style:
            props = etree.SubElement(p, q["pPr"])
            etree.SubElement(props, q["pStyle"]).set(q["val"], self.styles[style])
        for text, bold, italic in runs:
            run = etree.SubElement(p, q["r"])
            if bold or italic:
                rpr = etree.SubElement(run, q["rPr"])
                if bold:
                    etree.SubElement(rpr, q["b"])
                if italic:
                    etree.SubElement(rpr, q["i"])
            t = etree.SubElement(run, q["t"])
            t.text = XML_UNSAFE.sub("", text)
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        self.end.addprevious(p)

    def bytes(self) -> bytes:
        out = io.BytesIO()
        self.document.save(out)
        return out.getvalue()


def synthesis_docx(consultation: Consultation) -> bytes:
    view = draft_view(consultation, with_hidden=True)
    w = _Writer()
    w.add([(f"Tổng hợp ý kiến góp ý: {consultation.title}", False, False)], "Heading 1")
    total = sum(len(p.comments) for p in view.paragraphs) + len(view.whole) + len(view.orphans)
    number = view.version.number if view.version else 1
    w.add(
        [
            (
                f"{consultation.unit.name} · bản dự thảo lần {number} · {total} góp ý · lập lúc "
                f"{timezone.localtime():%H:%M ngày %d/%m/%Y}",
                False,
                False,
            )
        ]
    )

    def section(title: str, comments: list[DraftComment], quote: str = "") -> None:
        counts = {d: 0 for d in Decision.values}
        for c in comments:
            counts[c.decision] += 1
        w.add([(title, False, False)], "Heading 2")
        if quote:
            w.add([(quote, False, False)], "Quote")
        summary = (
            f"{len(comments)} góp ý — "
            + ", ".join(f"{LABELS[d].lower()}: {n}" for d, n in counts.items() if n)
            if comments
            else "Không có góp ý."
        )
        w.add([(summary, False, False)])
        for c in comments:
            runs = [(f"{c.member.full_name}: ", True, False), (c.text, False, False)]
            runs.append((f" — {LABELS[c.decision]}", False, False))
            if c.response:
                runs.append((f". Giải trình: {c.response}", False, True))
            if c.hidden:
                runs.append((f" (đã ẩn: {c.hidden_reason})", False, True))
            w.add(runs, "List Number")

    section("Góp ý chung về cả dự thảo", view.whole)
    for n, p in enumerate(view.paragraphs, start=1):
        if p.paragraph.heading and not p.comments:
            continue
        section(f"Đoạn {n}", p.comments, p.paragraph.text)
    if view.orphans:
        section("Góp ý về những đoạn đã bỏ trong bản hiện hành", view.orphans)
    return w.bytes()
