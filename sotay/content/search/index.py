"""Keep the search index (``SearchEntry`` rows) in step with items.

An item is indexed as passages: an article as one passage; a document as its header (number,
title, summary) plus one passage per article or numbered item, so that a search lands on
"Điều 5" rather than on a 60-page document; attachments in chunks of a few pages.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import timezone

from ..choices import ItemKind, ItemStatus, SectionKind
from ..models import Attachment, Item, SearchEntry, Section
from .tokens import token_text

# Sections that get their own passage; the text of the others (chương titles, khoản) is
# folded into the nearest indexed ancestor.
INDEXED = {
    SectionKind.PREAMBLE,
    SectionKind.ARTICLE,
    SectionKind.ITEM,
    SectionKind.SUBITEM,
    SectionKind.EXCERPT,
    SectionKind.PART,
}
CHUNK = 3000
MAX_BODY = 60_000


def _year(item: Item) -> int | None:
    if item.issued_on:
        return item.issued_on.year
    return timezone.localtime(item.published_at).year if item.published_at else None


def _common(item: Item) -> dict[str, object]:
    return {
        "item_id": item.pk,
        "kind": item.kind,
        "doc_type": item.doc_type,
        "level": item.level,
        "legal_status": item.legal_status,
        "year": _year(item),
        "audience_path": item.audience_path,
        "published_at": item.published_at,
        "live": item.status == ItemStatus.PUBLISHED,
    }


def _section_entries(item: Item, sections: list[Section]) -> Iterable[SearchEntry]:
    by_id = {s.pk: s for s in sections}
    own: dict[int, list[str]] = {s.pk: [] for s in sections}
    owner: dict[int, int | None] = {}
    for s in sections:
        if s.kind in INDEXED:
            owner[s.pk] = s.pk
        else:
            owner[s.pk] = owner.get(s.parent_id) if s.parent_id else None
        target = owner[s.pk]
        if target is not None and s.text:
            own[target].append(s.text)
    common = _common(item)
    number = token_text(item.number)
    for s in sections:
        if s.kind not in INDEXED:
            continue
        body = "\n".join(own[s.pk])[:MAX_BODY]
        if not body and not s.heading:
            continue
        # A heading with nothing of its own (its text is in sub-items): show their start.
        shown = body or " ".join(c.text for c in sections if c.parent_id == s.pk and c.text)[:600]
        chapter = by_id.get(s.parent_id) if s.parent_id else None
        where = f" · {chapter.label} {chapter.heading}".rstrip() if chapter else ""
        label = (
            f"{s.label}{': ' + s.heading if s.heading and s.kind != SectionKind.EXCERPT else ''}"
        )
        if s.kind == SectionKind.EXCERPT:
            label = s.heading
        yield SearchEntry(
            section_id=s.pk,
            anchor=s.anchor,
            label=(label + where)[:500],
            text=shown,
            number_tokens="",
            title_tokens=token_text(number, s.label, s.heading),
            tokens=token_text(body),
            **common,  # type: ignore[arg-type]
        )


def _attachment_entries(item: Item, attachments: Iterable[Attachment]) -> Iterable[SearchEntry]:
    common = _common(item)
    for a in attachments:
        text = a.text or ""
        for n, start in enumerate(range(0, min(len(text), 20 * CHUNK * 10), CHUNK), start=1):
            chunk = text[start : start + CHUNK]
            yield SearchEntry(
                attachment_id=a.pk,
                anchor=f"tep-{a.pk}",
                label=f"Tệp đính kèm: {a.name}" + (f" (đoạn {n})" if len(text) > CHUNK else ""),
                text=chunk,
                title_tokens=token_text(a.name),
                tokens=token_text(chunk),
                **common,  # type: ignore[arg-type]
            )


def entries_for(item: Item) -> list[SearchEntry]:
    common = _common(item)
    head_text = item.lead if item.kind == ItemKind.DOCUMENT else f"{item.lead}\n{item.body}"
    entries = [
        SearchEntry(
            anchor="",
            label=item.title,
            text=head_text.strip()[:MAX_BODY],
            number_tokens=token_text(item.number),
            title_tokens=token_text(
                item.title, item.get_doc_type_display() if item.doc_type else ""
            ),
            tokens=token_text(head_text[:MAX_BODY], item.issuer),
            **common,  # type: ignore[arg-type]
        )
    ]
    if item.kind == ItemKind.DOCUMENT:
        entries.extend(_section_entries(item, list(item.sections.all())))
    entries.extend(_attachment_entries(item, item.attachments.all()))
    return entries


def reindex(item: Item) -> None:
    """Replace the item's passages (call inside the service's transaction)."""
    SearchEntry.objects.filter(item=item).delete()
    SearchEntry.objects.bulk_create(entries_for(item), batch_size=500)


def refresh_state(item: Item) -> None:
    """Copy the item's state (published, withdrawn, audience...) onto its passages."""
    SearchEntry.objects.filter(item=item).update(
        **{k: v for k, v in _common(item).items() if k != "item_id"}
    )
