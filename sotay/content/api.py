"""API: feed, item (with its structure), search, bookmarks, reading receipts."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.urls import reverse
from ninja import Query, Router, Schema, Status

from sotay.core.views_helpers import AuthedRequest

from . import receipts, selectors, services
from . import search as search_engine
from .access import access_item, bookmarks_of
from .choices import BookmarkKind

router = Router(tags=["tin bài, văn kiện"])


class ItemSummary(Schema):
    id: uuid.UUID
    kind: str
    title: str
    lead: str
    category: str
    unit: str
    published_at: dt.datetime | None
    number: str
    doc_type: str
    level: str
    legal_status: str
    url: str


class SectionOut(Schema):
    anchor: str
    kind: str
    label: str
    heading: str
    depth: int
    text: str
    url: str


class AttachmentOut(Schema):
    id: uuid.UUID
    name: str
    content_type: str
    size: int
    url: str


class ItemOut(ItemSummary):
    body: str
    issuer: str
    issued_on: dt.date | None
    effective_on: dt.date | None
    version: int
    corrected_at: dt.datetime | None
    sections: list[SectionOut]
    attachments: list[AttachmentOut]


class FeedOut(Schema):
    items: list[ItemSummary]
    next_cursor: str


class HitOut(Schema):
    item: ItemSummary
    anchor: str
    label: str
    snippet_html: str
    url: str


class SearchOut(Schema):
    query: str
    total: int
    page: int
    pages: int
    hits: list[HitOut]


class SearchIn(Schema):
    q: str
    kind: str = ""
    doc_type: str = ""
    level: str = ""
    year: int | None = None
    legal_status: str = ""
    within: uuid.UUID | None = None  # only the passages of this item
    page: int = 1


class BookmarkIn(Schema):
    item: uuid.UUID
    kind: str = BookmarkKind.BOOKMARK
    anchor: str = ""
    on: bool = True


class BookmarkOut(Schema):
    item: ItemSummary
    kind: str
    anchor: str
    created_at: dt.datetime


def _summary(item: Any) -> dict[str, Any]:
    return {
        "id": item.public_id,
        "kind": item.kind,
        "title": item.title,
        "lead": item.lead,
        "category": item.category,
        "unit": item.unit.name,
        "published_at": item.published_at,
        "number": item.number,
        "doc_type": item.doc_type,
        "level": item.level,
        "legal_status": item.legal_status,
        "url": reverse("content:item", args=[item.public_id]),
    }


@router.get("/feed", response=FeedOut, summary="Tin bài và văn kiện mới nhất gửi tới tôi")
def feed(request: AuthedRequest, kind: str = "", category: str = "", before: str = "") -> Any:
    page = selectors.feed(request.user, kind=kind, category=category, before=before)
    return {"items": [_summary(i) for i in page.items], "next_cursor": page.next_cursor}


@router.get("/items/{item_id}", response=ItemOut, summary="Một tin bài / văn kiện, kèm cấu trúc")
def item_detail(request: AuthedRequest, item_id: uuid.UUID) -> Any:
    item = access_item(request.user, item_id)
    if request.user.member is not None:
        receipts.opened(member=request.user.member, item=item)
    sections, _ = selectors.reader_sections(item)
    base = reverse("content:item", args=[item.public_id])
    return {
        **_summary(item),
        "body": item.body,
        "issuer": item.issuer,
        "issued_on": item.issued_on,
        "effective_on": item.effective_on,
        "version": item.version,
        "corrected_at": item.corrected_at,
        "sections": [
            {
                "anchor": s.anchor,
                "kind": s.kind,
                "label": s.label,
                "heading": s.heading,
                "depth": s.depth,
                "text": s.text,
                "url": f"{base}#{s.anchor}",
            }
            for s in sections
        ],
        "attachments": [
            {
                "id": a.public_id,
                "name": a.name,
                "content_type": a.content_type,
                "size": a.size,
                "url": reverse("content:attachment", args=[a.public_id]),
            }
            for a in item.attachments.all()
        ],
    }


@router.post("/items/{item_id}/read", response={204: None}, summary="Đã đọc đến hết")
def item_read(request: AuthedRequest, item_id: uuid.UUID) -> Any:
    item = access_item(request.user, item_id)
    if request.user.member is not None:
        services.receipt_finish(member=request.user.member, item=item)
    return Status(204, None)


@router.get("/search", response=SearchOut, summary="Tìm kiếm văn kiện, tin bài, tệp đính kèm")
def search(request: AuthedRequest, params: Query[SearchIn]) -> Any:
    within = access_item(request.user, params.within) if params.within else None
    filters = search_engine.Filters(
        item_id=within.pk if within else None,
        kind=params.kind,
        doc_type=params.doc_type,
        level=params.level,
        year=params.year,
        legal_status=params.legal_status,
    )
    result = selectors.search(request.user, params.q, filters, params.page)
    return {
        "query": result.query,
        "total": result.total,
        "page": result.page,
        "pages": result.pages,
        "hits": [
            {
                "item": _summary(h.item),
                "anchor": h.anchor,
                "label": h.label,
                "snippet_html": str(h.snippet),
                "url": h.url,
            }
            for h in result.hits
        ],
    }


@router.get("/bookmarks", response=list[BookmarkOut], summary="Đã lưu và đọc sau")
def bookmarks(request: AuthedRequest, kind: str = "") -> Any:
    rows = selectors.saved_items(request.user, kind or BookmarkKind.BOOKMARK)
    return [
        {"item": _summary(b.item), "kind": b.kind, "anchor": b.anchor, "created_at": b.created_at}
        for b in rows
    ]


@router.post("/bookmarks", response={200: dict}, summary="Lưu / bỏ lưu (on=false)")
def bookmark_set(request: AuthedRequest, payload: BookmarkIn) -> Any:
    item = access_item(request.user, payload.item)
    saved = services.bookmark_set(
        user=request.user, item=item, kind=payload.kind, anchor=payload.anchor, on=payload.on
    )
    return {"saved": saved, "count": bookmarks_of(request.user).count()}
