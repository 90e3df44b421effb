"""Load the public Party texts in ``../shared/corpus`` as structured, published documents.

Each corpus file starts with a header (``title:``, ``source:``, ``completeness:``), a blank line,
then the text. The number, date, type and issuing body are read from the title line; the text
is split into chương/điều/khoản or mục by ``structure.parse_structure``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from sotay.orgs.models import Organization

from .choices import (
    DOC_TYPE_CODES,
    DocLevel,
    DocType,
    ItemKind,
    ItemStatus,
    LegalStatus,
    RelationKind,
)
from .models import Item, ItemRelation
from .search import index
from .services.items import _write_sections

_NUMBER = re.compile(r"(\d{1,5}-[A-ZĐ]{1,6}/[A-ZĐ]{1,12})")
_DATE = re.compile(r"ngày (\d{1,2})/(\d{1,2})/(\d{4})")
_EFFECTIVE = re.compile(r"hiệu lực thi hành từ ngày (\d{1,2})/(\d{1,2})/(\d{4})")
_ISSUER = re.compile(r"của (Ban [^()]+?|Bộ Chính trị|Văn phòng Trung ương Đảng)(?: về| \(|$)")
_TYPE_WORDS = {
    "Điều lệ": DocType.CHARTER,
    "Nghị quyết": DocType.RESOLUTION,
    "Chỉ thị": DocType.DIRECTIVE,
    "Quy định": DocType.REGULATION,
    "Kết luận": DocType.CONCLUSION,
    "Hướng dẫn": DocType.GUIDANCE,
    "Công văn": DocType.OFFICIAL_LETTER,
}


@dataclass
class CorpusDocument:
    path: Path
    title: str
    number: str
    doc_type: str
    issued_on: dt.date | None
    effective_on: dt.date | None
    issuer: str
    partial: bool
    source: str
    text: str


def corpus_dir() -> Path:
    """The first configured corpus folder that exists (see CORPUS_DIRS in settings)."""
    candidates = [Path(p) for p in getattr(settings, "CORPUS_DIRS", [])]
    return next((p for p in candidates if p.is_dir()), candidates[0] if candidates else Path())


def _date(m: re.Match[str] | None) -> dt.date | None:
    if not m:
        return None
    day, month, year = (int(g) for g in m.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def read_document(path: Path) -> CorpusDocument:
    raw = path.read_text(encoding="utf-8")
    header, _, text = raw.partition("\n\n")
    meta = {}
    for line in header.splitlines():
        key, _, value = line.partition(":")
        meta[key.strip()] = value.strip()
    title = meta.get("title", path.stem)
    number_match = _NUMBER.search(title)
    number = number_match.group(1) if number_match else ""
    doc_type = next((t for word, t in _TYPE_WORDS.items() if title.startswith(word)), "")
    if not doc_type and number:
        doc_type = DOC_TYPE_CODES.get(number.split("-")[1].split("/")[0], DocType.OTHER)
    issuer_match = _ISSUER.search(title)
    issuer = issuer_match.group(1).strip() if issuer_match else "Trung ương"
    if doc_type == DocType.CHARTER:
        issuer = "Đại hội đại biểu toàn quốc lần thứ XI của Đảng"
    return CorpusDocument(
        path=path,
        title=title.split(" (")[0] if doc_type == DocType.CHARTER else title,
        number=number,
        doc_type=doc_type or DocType.OTHER,
        issued_on=_date(_DATE.search(title)),
        effective_on=_date(_EFFECTIVE.search(title)),
        issuer=issuer,
        partial=meta.get("completeness", "").startswith("partial"),
        source=f"{meta.get('source', '')[:300]} — {meta.get('completeness', '')[:180]}"[:500],
        text=text.strip(),
    )


def _lead(doc: CorpusDocument) -> str:
    label = DocType(doc.doc_type).label
    parts = [f"{label} {doc.number}".strip()]
    if doc.issued_on:
        parts.append(f"ngày {doc.issued_on:%d/%m/%Y}")
    parts.append(f"của {doc.issuer}.")
    lead = " ".join(parts)
    if doc.partial:
        lead += " Bản trong hệ thống là bản trích các phần đã công bố công khai."
    return lead


@transaction.atomic
def load_corpus(root: Organization, directory: Path | None = None) -> list[Item]:
    """Publish every corpus file once (by number or title) to the whole ``root`` subtree."""
    directory = directory or corpus_dir()
    if not directory.is_dir():
        return []
    items: list[Item] = []
    published = timezone.now() - dt.timedelta(days=30)
    for path in sorted(directory.glob("*.txt")):
        doc = read_document(path)
        existing = Item.objects.filter(kind=ItemKind.DOCUMENT, title=doc.title).first()
        if existing:
            items.append(existing)
            continue
        item = Item(
            kind=ItemKind.DOCUMENT,
            title=doc.title[:400],
            lead=_lead(doc),
            body=doc.text,
            unit=root,
            audience=root,
            status=ItemStatus.PUBLISHED,
            published_at=published,
            doc_type=doc.doc_type,
            number=doc.number,
            issuer=doc.issuer[:200],
            level=DocLevel.CENTRAL,
            issued_on=doc.issued_on,
            effective_on=doc.effective_on,
            legal_status=LegalStatus.IN_FORCE,
            source_note=doc.source,
        )
        item.save()
        _write_sections(item)
        index.reindex(item)
        items.append(item)
    _link(items)
    return items


def _link(items: list[Item]) -> None:
    """The guidance documents implement the Charter; QĐ 294 and HĐ 06 as the corpus says."""
    charter = next((i for i in items if i.doc_type == DocType.CHARTER), None)
    by_number = {i.number: i for i in items if i.number}
    pairs: list[tuple[Any, Any, str]] = []
    if charter:
        for number in ("294-QĐ/TW", "06-HD/TW"):
            if number in by_number:
                pairs.append((by_number[number], charter, RelationKind.IMPLEMENTS))
    if "06-HD/TW" in by_number and "294-QĐ/TW" in by_number:
        pairs.append((by_number["06-HD/TW"], by_number["294-QĐ/TW"], RelationKind.IMPLEMENTS))
    for source, target, kind in pairs:
        ItemRelation.objects.get_or_create(source=source, target=target, kind=kind)
