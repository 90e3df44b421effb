"""The assistant's knowledge: every citable unit of the published documents (an article of the
Charter, a numbered item of a regulation, with its clauses) and every published FAQ answer, as
BM25 passages. Built once per process and rebuilt when documents or FAQ entries change."""

from __future__ import annotations

import contextlib
import io
import logging
import math
import threading
from dataclasses import dataclass, field
from typing import Any

from .text import DEFAULT_SCHEME, accented_tokens, tokens

dense_log = logging.getLogger(__name__)
logging.getLogger("bm25s").setLevel(logging.WARNING)  # it logs every index build
# The Charter's preamble (what the Party is, its aims) and the excerpts of partly loaded
# documents (QĐ 366's four rating levels, CT 50, HD 12) are citable too.
CITABLE = ("article", "item", "section", "preamble", "excerpt")
LEAD_WEIGHT = 2  # the lead's words count this many extra times
BM25_K1, BM25_B = 1.5, 0.75
# The lead is also a field of its own (BM25F-like): a short text that says what the unit is
# about ("Đảng viên có quyền:"), scored with little length normalisation and added at this weight.
LEAD_FIELD_WEIGHT, LEAD_K1, LEAD_B = 0.3, 1.2, 0.3


@dataclass
class Passage:
    item_id: int  # 0 for a FAQ entry
    faq_id: int
    audience_path: str
    document_number: str
    document_title: str
    article: str
    url: str
    heading: str
    clauses: list[str] = field(default_factory=list)
    authority: float = 1.0

    @property
    def text(self) -> str:
        return "\n".join(x for x in [self.heading, *self.clauses] if x)

    @property
    def lead(self) -> str:
        """What the unit is about: its heading, or the opening words of an article ("Đảng viên
        có nhiệm vụ", "Thủ tục kết nạp đảng viên") — weighted higher in the index."""
        if self.heading:
            return self.heading
        first = self.clauses[0] if self.clauses else ""
        return first.split("\n")[0][:160]


def document_number(item: Any) -> str:
    if item.doc_type == "dieu_le":
        return "Điều lệ Đảng"
    return item.number or item.title[:60]


def _authority(item: Any) -> float:
    """The Charter outranks regulations, which outrank guidance and local documents, when the
    words fit equally well."""
    return {"dieu_le": 1.25, "quy_dinh": 1.1, "huong_dan": 1.05}.get(item.doc_type, 1.0)


def _passages() -> list[Passage]:
    from sotay.content.models import Item, Section

    items = {
        i.pk: i
        for i in Item.objects.filter(kind="document", status="published").only(
            "id", "title", "number", "doc_type", "audience_path", "public_id"
        )
    }
    out: list[Passage] = []
    current: dict[int, Passage] = {}
    citable_depth: dict[int, int] = {}
    for s in (
        Section.objects.filter(item_id__in=list(items))
        .order_by("item_id", "position")
        .only("id", "item_id", "kind", "depth", "anchor", "number", "heading", "text")
    ):
        item = items[s.item_id]
        if s.kind in CITABLE and (
            s.item_id not in current or s.depth <= citable_depth.get(s.item_id, 99)
        ):
            label, heading = str(s), s.heading  # "Điều 7", "Mục 3"
            if s.kind == "excerpt":  # "Trích Điều 11 Quy định … - Xếp loại chất lượng"
                where, _, heading = s.heading.removeprefix("Trích ").partition(" - ")
                label = where[:1].upper() + where[1:]
            passage = Passage(
                item_id=item.pk,
                faq_id=0,
                audience_path=item.audience_path,
                document_number=document_number(item),
                document_title=item.title,
                article=label,
                url=f"/noi-dung/{item.public_id}/{s.anchor}/",
                heading=heading,
                clauses=[s.text] if s.text else [],
                authority=_authority(item),
            )
            current[s.item_id], citable_depth[s.item_id] = passage, s.depth
            out.append(passage)
        elif s.item_id in current and s.depth > citable_depth[s.item_id] and s.text:
            current[s.item_id].clauses.append(s.text)
        elif s.kind not in CITABLE:
            current.pop(s.item_id, None)  # a new chapter or part: no open article
    return [p for p in out if p.text]


def _faq_passages() -> list[Passage]:
    from sotay.participation.models import Inquiry

    return [
        Passage(
            item_id=0,
            faq_id=i.pk,
            audience_path=i.addressed_to.path,
            document_number="Hỏi đáp",
            document_title=f"Hỏi đáp của {i.unit.name}",
            article="Hỏi đáp thường gặp",
            url=f"/y-kien/hoi-dap/thuong-gap/#hoi-dap-{i.public_id}",
            heading=i.faq_question,
            clauses=[i.answer],
            authority=0.95,
        )
        for i in Inquiry.objects.filter(faq_published_at__isnull=False).select_related(
            "addressed_to", "unit"
        )
    ]


class Index:
    def __init__(self, passages: list[Passage], scheme: str = DEFAULT_SCHEME) -> None:
        import bm25s

        self.passages, self.scheme = passages, scheme
        corpus = [
            (tokens(p.text, scheme=scheme) + LEAD_WEIGHT * tokens(p.lead, scheme=scheme)) or ["_"]
            for p in passages
        ]
        self.vocabulary = {t for doc in corpus for t in doc}
        self.bm25 = bm25s.BM25(k1=BM25_K1, b=BM25_B)
        leads = [tokens(p.lead, scheme=scheme) or ["_"] for p in passages]
        self.lead_vocabulary = {t for doc in leads for t in doc}
        self.lead_bm25 = bm25s.BM25(k1=LEAD_K1, b=LEAD_B)
        # The same passages with their diacritics, for questions typed with them.
        accented = [
            (accented_tokens(p.text) + LEAD_WEIGHT * accented_tokens(p.lead)) or ["_"]
            for p in passages
        ]
        self.accented_vocabulary = {t for doc in accented for t in doc}
        self.accented_sets = [set(doc) for doc in accented]
        self.accented_df: dict[str, int] = {}
        for words in self.accented_sets:
            for w in words:
                self.accented_df[w] = self.accented_df.get(w, 0) + 1
        self.accented_bm25 = bm25s.BM25(k1=BM25_K1, b=BM25_B)
        if passages:  # bm25s cannot index nothing (a new deployment before any document)
            with contextlib.redirect_stdout(io.StringIO()):  # bm25s prints a progress line
                self.bm25.index(corpus, show_progress=False)
                self.lead_bm25.index(leads, show_progress=False)
                self.accented_bm25.index(accented, show_progress=False)

        self.vectors: Any = None
        self._dense_lock = threading.Lock()
        self._dense_started = False

    def _dense_texts(self) -> list[str]:
        return [p.text[:2000] for p in self.passages]

    def prepare_dense(self) -> bool:
        """Compute (or load from var/) the passage vectors now; False without the model."""
        from . import dense

        with self._dense_lock:
            if self.vectors is None and dense.available():
                try:
                    self.vectors = dense.passage_vectors(self._dense_texts())
                except Exception:  # noqa: BLE001 - fall back to lexical only
                    dense_log.exception("dense vectors unavailable; lexical only")
        return self.vectors is not None

    def dense_scores(self, question: str, wait: bool = False) -> Any:
        """Cosine similarity of the question to every passage, or None without the vectors.
        A request never waits for ~130 passages to be embedded (tens of seconds on two cores):
        vectors kept in var/ are loaded, otherwise they are computed in a background thread
        and questions are answered lexically until then (``wait`` = compute now)."""
        from . import dense

        if self.vectors is None:
            if wait:
                self.prepare_dense()
            elif dense.available():
                cached = dense.cached_vectors(self._dense_texts())
                if cached is not None:
                    self.vectors = cached
                elif not self._dense_started:
                    self._dense_started = True
                    threading.Thread(target=self.prepare_dense, daemon=True).start()
        if self.vectors is None:
            return None
        return self.vectors @ dense.query_vector(question)

    def accented_coverage(self, words: set[str], passage: int) -> float:
        """Share of the question's words, weighted by rarity (a word no document uses weighs
        most), that the passage contains."""
        n = len(self.passages)
        weight = {w: math.log(1 + n / (self.accented_df.get(w, 0) + 0.5)) for w in words}
        total = sum(weight.values())
        if not total:
            return 0.0
        return sum(v for w, v in weight.items() if w in self.accented_sets[passage]) / total

    def accented_scores(self, query_tokens: list[str]) -> Any:
        import numpy as np

        known = [t for t in query_tokens if t in self.accented_vocabulary]
        if not known:
            return np.zeros(len(self.passages))
        return self.accented_bm25.get_scores(known)

    def scores(self, query_tokens: list[str]) -> Any:
        import numpy as np

        known = [t for t in query_tokens if t in self.vocabulary]
        if not known:
            return np.zeros(len(self.passages))
        scores = self.bm25.get_scores(known)
        in_leads = [t for t in known if t in self.lead_vocabulary]
        if in_leads and LEAD_FIELD_WEIGHT:
            scores = scores + LEAD_FIELD_WEIGHT * self.lead_bm25.get_scores(in_leads)
        return scores


def _version() -> tuple[Any, ...]:
    from django.db.models import Count, Max

    from sotay.content.models import Item
    from sotay.participation.models import Inquiry

    docs = Item.objects.filter(kind="document", status="published").aggregate(
        n=Count("id"), t=Max("updated_at")
    )
    faq = Inquiry.objects.filter(faq_published_at__isnull=False).aggregate(
        n=Count("id"), t=Max("updated_at")
    )
    return (docs["n"], docs["t"], faq["n"], faq["t"])


_lock = threading.Lock()
_cache: dict[str, tuple[tuple[Any, ...], Index]] = {}


def current(scheme: str = DEFAULT_SCHEME) -> Index:
    version = _version()
    with _lock:
        cached = _cache.get(scheme)
        if cached is None or cached[0] != version:
            cached = (version, Index(_passages() + _faq_passages(), scheme))
            _cache[scheme] = cached
        return cached[1]
