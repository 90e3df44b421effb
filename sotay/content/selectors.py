"""Reads of the content app: feed, reader, search, saved items, readership."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet
from django.db.models.functions import Substr
from django.utils.dateparse import parse_datetime

from sotay.core.access import subtree_q
from sotay.core.cache import for_audience, for_each_audience
from sotay.members.models import Member
from sotay.orgs.models import Organization

from . import search as search_engine
from .access import (
    audience_paths,
    bookmarks_of,
    is_live_for,
    items_for_audience,
    items_visible_to,
)
from .choices import BookmarkKind, ItemKind, SectionKind
from .models import Item, ReadReceipt, Section

FEED_SIZE = 20
TOC_KINDS = {
    SectionKind.PREAMBLE,
    SectionKind.PART,
    SectionKind.CHAPTER,
    SectionKind.ARTICLE,
    SectionKind.ITEM,
    SectionKind.EXCERPT,
}
LIST_FIELDS = (
    "id",
    "public_id",
    "kind",
    "title",
    "lead",
    "category",
    "image",
    "unit__name",
    "published_at",
    "number",
    "doc_type",
    "level",
    "legal_status",
    "issued_on",
    "corrected_at",
)


@dataclass
class FeedPage:
    items: list[Item]
    next_cursor: str


def _cursor(item: Item) -> str:
    assert item.published_at is not None
    return f"{item.published_at.isoformat()}_{item.pk}"


def feed(
    user: Any,
    *,
    kind: str = "",
    category: str = "",
    categories: frozenset[str] | None = None,
    before: str = "",
    size: int = FEED_SIZE,
) -> FeedPage:
    """Newest first, keyset-paged ("Xem thêm" passes the last item's cursor)."""
    paths = audience_paths(user)
    key = [kind, category, sorted(categories or ()), before, size]
    if paths is None:  # operators: every item, not cached
        items = _newest(_feed_rows(None, kind, category, categories, before), size + 1)
    else:
        # Per audience path: every member under a unit shares its newest items (core.cache).
        items = [
            item
            for rows in for_each_audience(
                "feed",
                paths,
                key,
                lambda path: _newest(
                    _feed_rows(path, kind, category, categories, before), size + 1
                ),
            )
            for item in rows
        ]
        items.sort(key=lambda i: (i.published_at, i.pk), reverse=True)
        items = items[: size + 1]
    more = len(items) > size
    items = items[:size]
    return FeedPage(items, _cursor(items[-1]) if more and items else "")


def _feed_rows(
    path: str | None, kind: str, category: str, categories: frozenset[str] | None, before: str
) -> QuerySet[Item]:
    qs = items_for_audience(None if path is None else [path])
    qs = qs.select_related("unit").only(*LIST_FIELDS)
    if kind:
        qs = qs.filter(kind=kind)
    if category:
        qs = qs.filter(category=category)
    elif categories:
        qs = qs.filter(category__in=categories)
    if before:
        stamp, _, pk = before.rpartition("_")
        when = parse_datetime(stamp)
        if when is not None and pk.isdigit():
            qs = qs.filter(published_at__lte=when).exclude(published_at=when, id__gte=int(pk))
    return qs


def _newest(qs: QuerySet[Item], n: int) -> list[Item]:
    """The ``n`` newest items of ``qs`` — for one audience path, an ordered walk of the
    (audience_path, status, published_at) index; ``feed`` merges the paths of a member,
    instead of sorting every visible item (the whole province's news) to keep twenty."""
    return list(qs.order_by("-published_at", "-id")[:n])


def documents(
    user: Any, *, doc_type: str = "", level: str = "", legal_status: str = ""
) -> QuerySet[Item]:
    qs = items_visible_to(user).filter(kind=ItemKind.DOCUMENT).select_related("unit")
    if doc_type:
        qs = qs.filter(doc_type=doc_type)
    if level:
        qs = qs.filter(level=level)
    if legal_status:
        qs = qs.filter(legal_status=legal_status)
    return qs.only(*LIST_FIELDS).order_by("-issued_on", "-published_at")


def reader_sections(item: Item) -> tuple[list[Section], list[Section]]:
    """(all sections in order, table of contents)."""
    sections = list(item.sections.all())
    return sections, [s for s in sections if s.kind in TOC_KINDS]


@dataclass
class ReaderParts:
    """What every reader of one version of an item sees alike (cached per version)."""

    sections: list[Section]
    toc: list[Section]
    attachments: list[Any]
    revisions: list[Any]
    relations: list[tuple[str, Item]]


def reader_parts(item: Item) -> ReaderParts:
    """Sections, table of contents, attachments, revisions and related documents of the item,
    kept in the cache per item version: the Charter's 300 sections are not read and built
    again for every member who opens it. Any write to an item or its parts forgets them."""

    def build() -> ReaderParts:
        sections, toc = reader_sections(item)
        relations: list[tuple[str, Item]] = [
            (f"{rel.get_kind_display()} văn bản", rel.target)
            for rel in item.relations_out.select_related("target")
        ]
        relations += [
            (f"Được {rel.get_kind_display().lower()} bởi", rel.source)
            for rel in item.relations_in.select_related("source")
        ]
        return ReaderParts(
            sections,
            toc,
            list(item.attachments.all()),
            list(item.revisions.all()[:10]),
            relations,
        )

    return for_audience(
        "item", [], [item.pk, item.updated_at, item.corrected_at, item.status], build
    )


def related_readable(parts: ReaderParts, user: Any) -> list[tuple[str, Item]]:
    """The related documents this user may read."""
    return [(label, other) for label, other in parts.relations if is_live_for(user, other)]


def saved_marks(user: Any, item: Item) -> dict[str, set[str]]:
    """{kind: {anchor, ...}} of the user's bookmarks on this item ("" = the whole item)."""
    marks: dict[str, set[str]] = {BookmarkKind.BOOKMARK: set(), BookmarkKind.LATER: set()}
    for kind, anchor in bookmarks_of(user).filter(item=item).values_list("kind", "anchor"):
        marks.setdefault(kind, set()).add(anchor)
    return marks


def saved_items(user: Any, kind: str) -> list[Any]:
    """The user's saved entries that they may still read, newest first."""
    visible_ids = items_visible_to(user).values("id")
    return list(
        bookmarks_of(user)
        .filter(kind=kind, item_id__in=visible_ids)
        .select_related("item", "item__unit")
        .order_by("-created_at")[:200]
    )


def offline_urls(user: Any, latest: int = 20) -> list[str]:
    """What the service worker keeps for reading without a connection."""
    from django.urls import reverse

    saved = list(
        bookmarks_of(user)
        .filter(item_id__in=items_visible_to(user).values("id"))
        .values_list("item__public_id", "anchor")[:200]
    )
    newest = list(
        items_visible_to(user)
        .order_by("-published_at")
        .values_list("public_id", flat=True)[:latest]
    )
    urls = [reverse("content:saved"), reverse("content:feed")]
    for public_id, anchor in saved:
        urls.append(reverse("content:item", args=[public_id]))
        if anchor:
            urls.append(reverse("content:section", args=[public_id, anchor]))
    urls.extend(reverse("content:item", args=[i]) for i in newest)
    from sotay.planner.selectors import offline_note_urls

    urls.extend(offline_note_urls(user))  # private notes are read offline too
    return list(dict.fromkeys(urls))


def search(
    user: Any, raw: str, filters: search_engine.Filters, page: int
) -> search_engine.SearchPage:
    """Search what the user may read; hits carry their (access-checked) item. The same words
    from members of the same audience paths are answered once every few seconds."""
    paths = audience_paths(user)
    if paths is None:
        return _search(paths, raw, filters, page)
    return for_audience(
        "search", paths, [raw, repr(filters), page], lambda: _search(paths, raw, filters, page)
    )


def _search(
    paths: list[str] | None, raw: str, filters: search_engine.Filters, page: int
) -> search_engine.SearchPage:
    result = search_engine.search(raw, audience_paths=paths, filters=filters, page=page)
    ids = {h.item_id for h in result.hits}
    items = items_for_audience(paths).select_related("unit").only(*LIST_FIELDS).in_bulk(ids)
    result.hits = [h for h in result.hits if h.item_id in items]
    seen: set[int] = set()
    for h in result.hits:
        h.item = items[h.item_id]
        h.url = hit_url(h.item.public_id, h.anchor)
        # Under the first hit of an item: "all N results in this document".
        h.more = h.in_item if h.in_item > 3 and h.item_id not in seen and not filters.item_id else 0
        seen.add(h.item_id)
    return result


def hit_url(public_id: Any, anchor: str) -> str:
    """A hit on one article opens that article on its own page; others open the item."""
    from django.urls import reverse

    if anchor and not anchor.startswith("tep-"):
        return reverse("content:section", args=[public_id, anchor])
    return reverse("content:item", args=[public_id]) + (f"#{anchor}" if anchor else "")


@dataclass
class ReadershipRow:
    label: str
    path: str
    is_cell: bool
    members: int
    opened: int
    finished: int

    @property
    def share(self) -> int:
        return round(100 * self.opened / self.members) if self.members else 0


def readership(item: Item, root: str) -> list[ReadershipRow]:
    """Per unit directly below ``root`` (or per member when ``root`` is a cell): members,
    how many opened the item, how many read it to the end."""
    org = Organization.objects.filter(path=root).first()
    if org is None:
        return []
    if org.kind == "cell":
        receipts = {r.member_id: r for r in ReadReceipt.objects.filter(item=item, cell_path=root)}
        return [
            ReadershipRow(
                label=m.full_name,
                path="",
                is_cell=False,
                members=1,
                opened=1 if m.pk in receipts else 0,
                finished=1 if m.pk in receipts and receipts[m.pk].finished_at else 0,
            )
            for m in Member.objects.current().filter(cell_path=root).only("id", "full_name")
        ]
    width = len(root) + 4
    members = dict(
        Member.objects.current()
        .filter(subtree_q(root, "cell_path"))
        .annotate(unit=Substr("cell_path", 1, width))
        .values("unit")
        .annotate(n=Count("id"))
        .values_list("unit", "n")
    )
    reads: dict[str, dict[str, int]] = {
        row["unit"]: {"opened": row["opened"], "finished": row["finished"]}
        for row in ReadReceipt.objects.filter(subtree_q(root, "cell_path"), item=item)
        .annotate(unit=Substr("cell_path", 1, width))
        .values("unit")
        .annotate(opened=Count("id"), finished=Count("finished_at"))
    }
    children = Organization.objects.filter(path__in=set(members) | set(reads)).only(
        "path", "name", "kind"
    )
    rows = [
        ReadershipRow(
            label=o.name,
            path=o.path,
            is_cell=o.kind == "cell",
            members=members.get(o.path, 0),
            opened=reads.get(o.path, {}).get("opened", 0),
            finished=reads.get(o.path, {}).get("finished", 0),
        )
        for o in children
    ]
    return sorted(rows, key=lambda r: r.label)


def document_by_number(user: Any, number: str) -> Item | None:
    """A readable document by its number and symbol (for linking documents)."""
    return items_visible_to(user).filter(kind=ItemKind.DOCUMENT, number=number).first()


def readership_place(root: str, roots: list[str]) -> tuple[Organization | None, list[Organization]]:
    """The unit being looked at, and the breadcrumb from the viewer's top unit down to it."""
    top = next((r for r in roots if root.startswith(r)), root)
    paths = [root[:i] for i in range(len(top), len(root) + 1, 4)]
    crumbs = list(Organization.objects.filter(path__in=paths).order_by("path"))
    return next((o for o in crumbs if o.path == root), None), crumbs
