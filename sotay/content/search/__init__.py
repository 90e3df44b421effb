"""One search over documents, articles and attachments, Vietnamese-aware, on SQLite (FTS5) and
PostgreSQL (tsvector + GIN) alike. See ``tokens`` for why both index the same folded tokens."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import connection
from django.utils import timezone
from django.utils.safestring import SafeString

from .query import parse_query
from .snippets import highlight, snippet

__all__ = ["Filters", "Hit", "SearchPage", "parse_query", "search"]

PER_PAGE = 10
MAX_PAGE = 50
# News passages ranked per round: the newest this many passages of the index first, widened
# (×8) only while they do not give enough results. Documents are always ranked in full.
NEWS_WINDOW = 2000


@dataclass(frozen=True)
class Filters:
    kind: str = ""
    doc_type: str = ""
    level: str = ""
    year: int | None = None
    legal_status: str = ""
    item_id: int | None = None  # every passage of one item ("more results in this document")


@dataclass
class Hit:
    entry_id: int
    item_id: int
    anchor: str
    label: str
    title: SafeString
    snippet: SafeString
    score: float
    in_item: int = 1  # matching passages in the same item (only the best few are listed)
    more: int = 0  # set by the selector on the hit that offers "all results in this item"
    item: Any = None  # filled by the caller's selector (access-checked Item)
    url: str = ""


@dataclass
class SearchPage:
    query: str
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    page: int = 1
    per_page: int = PER_PAGE
    capped: bool = False  # very common words: older news beyond the window were not counted

    @property
    def pages(self) -> int:
        return max(1, min(MAX_PAGE, -(-self.total // self.per_page)))

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def has_previous(self) -> bool:
        return self.page > 1


def _where(
    audience_paths: list[str] | None, filters: Filters, now: datetime
) -> tuple[str, list[Any]]:
    clauses = ["e.live", "e.published_at <= %s"]
    params: list[Any] = [now]
    if audience_paths is not None:
        if not audience_paths:
            clauses.append("1 = 0")
        else:
            clauses.append(f"e.audience_path IN ({', '.join(['%s'] * len(audience_paths))})")
            params.extend(audience_paths)
    for column in ("doc_type", "level", "legal_status"):
        value = getattr(filters, column)
        if value:
            clauses.append(f"e.{column} = %s")
            params.append(value)
    if filters.year:
        clauses.append("e.year = %s")
        params.append(filters.year)
    if filters.item_id:
        clauses.append("e.item_id = %s")
        params.append(filters.item_id)
    return " AND ".join(clauses), params


# Authority prior: among equally good matches, the Charter comes before the regulations that
# implement it, and those before guidance and news — the order a member asking about a rule
# expects (measured on the demo corpus: "dang vien du bi" then lands on Điều lệ, Điều 5).
AUTHORITY = (
    "(CASE WHEN e.doc_type = 'dieu_le' THEN 1.6 WHEN e.doc_type = 'quy_dinh' THEN 1.15 "
    "WHEN e.kind = 'document' THEN 1.1 ELSE 0.8 END)"
)


LANES = ("document", "article")


def _lane(kind: str, expr: str, where: str, params: list[Any], low_id: int) -> tuple[str, list]:
    """Matching passages of one kind ("document" or "article") with their score, restricted to
    ids >= ``low_id`` — which both FTS5 (rowid range) and PostgreSQL (primary-key range) use to
    touch only those rows, so that a very common word does not rank the whole index."""
    if connection.vendor == "postgresql":
        sql = (
            "SELECT e.id, e.item_id, e.published_at, "  # noqa: S608 - constant fragments
            f"ts_rank(e.tsv, to_tsquery('simple', %s)) * {AUTHORITY} AS score "
            "FROM content_searchentry e WHERE e.kind = %s AND e.id >= %s "
            f"AND e.tsv @@ to_tsquery('simple', %s) AND {where}"
        )
        return sql, [expr, kind, low_id, expr, *params]
    sql = (
        "SELECT e.id, e.item_id, e.published_at, "  # noqa: S608 - constant fragments
        f"-bm25(content_search_fts, 10.0, 4.0, 1.0, 0.0) * {AUTHORITY} AS score "
        "FROM content_search_fts JOIN content_searchentry e ON e.id = content_search_fts.rowid "
        f"WHERE content_search_fts MATCH %s AND content_search_fts.rowid >= %s AND {where}"
    )
    return sql, [f"({expr}) AND kind : {kind}", low_id, *params]


def _page(
    lanes: list[tuple[str, list]], order: str, per_item: int, limit: int, offset: int
) -> list[tuple]:
    """Rank the union of the lanes, keep the best ``per_item`` passages of each item (so one
    long document does not fill the page), count what is kept, return one page of ids."""
    matches = " UNION ALL ".join(
        f"SELECT * FROM ({sql}) l{i}"  # noqa: S608 - lane SQL is built from constants
        for i, (sql, _) in enumerate(lanes)
    )
    params = [p for _, ps in lanes for p in ps]
    ranked = (
        "SELECT m.*, ROW_NUMBER() OVER "  # noqa: S608 - constant fragments
        "(PARTITION BY m.item_id ORDER BY m.score DESC, m.id) AS rn, "
        f"COUNT(*) OVER (PARTITION BY m.item_id) AS in_item FROM ({matches}) m"
    )
    keep = f"rn <= {int(per_item)}" if per_item else "1 = 1"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, item_id, score, in_item, COUNT(*) OVER () AS total FROM ({ranked}) r "  # noqa: S608
            f"WHERE {keep} ORDER BY {order} LIMIT %s OFFSET %s",
            [*params, limit, offset],
        )
        rows = cursor.fetchall()
        if not rows and offset:
            cursor.execute(f"SELECT count(*) FROM ({ranked}) r WHERE {keep}", params)  # noqa: S608
            return [(None, None, 0, 0, cursor.fetchone()[0])]
    return rows


def _max_id() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT max(id) FROM content_searchentry")
        return int(cursor.fetchone()[0] or 0)


def search(
    raw: str,
    *,
    audience_paths: list[str] | None,
    filters: Filters | None = None,
    page: int = 1,
    per_page: int = PER_PAGE,
    newest_first: bool = False,
    per_item: int = 3,
) -> SearchPage:
    """Passages matching ``raw`` among live items addressed to ``audience_paths`` (None: all).

    The caller (a selector) decides the audience from the user; this module knows nothing of
    users, only of where items are addressed.
    """
    filters = filters or Filters()
    parsed = parse_query(raw)
    result = SearchPage(query=raw, page=max(1, min(page, MAX_PAGE)), per_page=per_page)
    if parsed.empty:
        return result
    where, params = _where(audience_paths, filters, timezone.now())
    expr = parsed.tsquery() if connection.vendor == "postgresql" else parsed.fts5()
    if filters.kind and filters.kind not in LANES:
        return result  # an unknown kind matches nothing (it must never reach the MATCH text)
    kinds = [filters.kind] if filters.kind else list(LANES)
    if filters.item_id:
        per_item = 0
    order = "published_at DESC, id" if newest_first else "score DESC, published_at DESC, id"
    offset = (result.page - 1) * per_page
    top = _max_id()
    window = NEWS_WINDOW
    while True:
        # Documents are ranked in full; news only within the newest `window` passages unless
        # the search is inside one item.
        low = 0 if filters.item_id or window >= top else top - window
        lanes = [_lane(k, expr, where, params, 0 if k == "document" else low) for k in kinds]
        rows = _page(lanes, order, per_item, per_page, offset)
        total = rows[0][4] if rows else 0
        if low == 0 or total >= offset + per_page:
            break
        window *= 8
    result.total, result.capped = total, low > 0
    rows = [r for r in rows if r[0] is not None]
    if not rows:
        return result
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, anchor, label, text FROM content_searchentry WHERE id IN ("  # noqa: S608
            + ", ".join(["%s"] * len(rows))
            + ")",
            [r[0] for r in rows],
        )
        texts = {r[0]: r[1:] for r in cursor.fetchall()}
    terms = parsed.highlight_patterns()
    result.hits = [
        Hit(
            entry_id=row[0],
            item_id=row[1],
            anchor=texts[row[0]][0],
            label=texts[row[0]][1],
            title=highlight(texts[row[0]][1], terms),
            snippet=snippet(texts[row[0]][2], terms),
            score=float(row[2] or 0),
            in_item=int(row[3]),
        )
        for row in rows
    ]
    return result
