"""Answer a member's question from the documents only, always citing; decline plainly otherwise."""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from sotay.core.access import ancestor_paths
from sotay.core.text import fold

from . import index as kb
from .text import (
    _WORD,
    DEFAULT_SCHEME,
    accented_tokens,
    expand,
    folded_words,
    tokens,
    typed_with_diacritics,
)

# Measured with `make eval-assistant` (docs/benchmarks.md): below these the best passage shares
# too little with the question to be an answer.
MAX_QUESTION = 500  # characters
MIN_SCORE = 1.5
MIN_COVERAGE = 0.3
_env = os.environ.get
ACCENT_WEIGHT = float(_env("SOTAY_ACCENT_WEIGHT", "0.5"))
DENSE = True
RERANK_DEPTH = 10
RERANK_WEIGHT = float(_env("SOTAY_RERANK_WEIGHT", "10"))
PART_CONTEXT = float(_env("SOTAY_PART_CONTEXT", "0.3"))
ALSO_CITE = float(_env("SOTAY_ALSO_CITE", "0.2"))
COVERAGE_WEIGHT = float(_env("SOTAY_COVERAGE_WEIGHT", "0.05"))
MIN_CONFIDENCE = float(_env("SOTAY_MIN_CONFIDENCE", "0.89"))
MIN_CONFIDENCE_UNACCENTED = float(_env("SOTAY_MIN_CONFIDENCE_UN", "0.78"))
MIN_SCORE_UNACCENTED = float(_env("SOTAY_MIN_SCORE_UN", "5"))
MIN_COVERAGE_UNACCENTED = float(_env("SOTAY_MIN_COVERAGE_UN", "0.6"))
_SENTENCE = re.compile(r"(?<=[.;:])\s+|\n+")


# Words that make a question a party matter; a question with none of them is declined however
# well its everyday words ("tháng", "nhà", "làm") happen to match some article.
PARTY_WORDS = tuple(
    t
    for t in (
        "đảng",
        "chi bộ",
        "chi ủy",
        "cấp ủy",
        "đảng ủy",
        "kết nạp",
        "dự bị",
        "chính thức",
        "kỷ luật",
        "khai trừ",
        "khiển trách",
        "cảnh cáo",
        "cách chức",
        "xóa tên",
        "xoá tên",
        "sinh hoạt",
        "nghị quyết",
        "điều lệ",
        "đại hội",
        "bí thư",
        "kiểm tra",
        "giám sát",
        "thẻ",
        "huy hiệu",
        "hồ sơ",
        "tổ đảng",
        "đoàn thanh niên",
        "tuổi đoàn",
        "nhiệm kỳ",
        "bầu",
        "ứng cử",
        "tập trung dân chủ",
        "phục tùng",
        "khen thưởng",
        "giới thiệu",
        "trung ương",
        "bộ chính trị",
        "ban bí thư",
        "tổng bí thư",
        "ban thường vụ",
        "quân đội",
        "công an",
        "phê bình",
        "chất vấn",
        "biểu quyết",
        "miễn công tác",
        "ra khỏi",
        "khiếu nại",
        "cương lĩnh",
        "tổ chức cơ sở",
        "ủy ban",
        "tài chính",
        "quyền",
        "nhiệm vụ",
    )
)
PARTY_TERMS = frozenset(fold(t) for t in PARTY_WORDS)
# Folded, a one-syllable term collides with everyday words ("thẻ" and "thế" both fold to
# "the": "thời tiết thế nào?" was answered from the Charter); a question typed with diacritics
# is matched on its own letters for those.
_SHORT_TERMS = frozenset(t for t in PARTY_WORDS if " " not in t)
_LONG_TERMS = frozenset(fold(t) for t in PARTY_WORDS if " " in t)
_ACCENTED = re.compile(r"[à-ỹđ]")  # on the lower-cased question


def about_the_party(question: str) -> bool:
    question = unicodedata.normalize("NFC", question).lower()
    folded = " " + " ".join(folded_words(expand(question))) + " "
    if not _ACCENTED.search(question):
        return any(f" {term} " in folded for term in PARTY_TERMS)
    if any(f" {term} " in folded for term in _LONG_TERMS):
        return True
    own = " " + " ".join(_WORD.findall(question)) + " "
    return any(f" {t} " in own for t in _SHORT_TERMS)


@dataclass
class Citation:
    document_number: str
    document_title: str
    article: str
    url: str


@dataclass
class Answer:
    answer: str
    citations: list[Citation] = field(default_factory=list)
    declined: bool = False
    score: float = 0.0
    ranked: list[kb.Passage] = field(default_factory=list)
    quoted: str = ""  # the quotes, when ``answer`` is the optional plain-words rephrasing

    def as_dict(self) -> dict[str, Any]:
        return {
            "answer": self.answer,
            "citations": [c.__dict__ for c in self.citations],
            "declined": self.declined,
            "quoted": self.quoted or self.answer,
            "rephrased": bool(self.quoted),
        }


DECLINE = (
    "Xin lỗi, trong Điều lệ Đảng, các quy định, hướng dẫn và hỏi đáp có trên Sổ tay chưa có nội "
    "dung trả lời câu hỏi này. Đồng chí có thể gửi câu hỏi tới chi ủy để được trả lời."
)


def _visible(passages: list[kb.Passage], paths: list[str] | None) -> list[int]:
    if paths is None:
        return list(range(len(passages)))
    allowed = set(paths)
    return [i for i, p in enumerate(passages) if p.audience_path in allowed]


def paths_for(user: Any) -> list[str] | None:
    """Audience paths a member may read (their units and above); None: everything published."""
    member = getattr(user, "member", None)
    if member is None:
        return None
    return ancestor_paths(member.cell_path)


def _quote(passage: kb.Passage, query: set[str], scheme: str) -> str:
    """The clause (or sentence) of the passage that shares most with the question."""
    pieces = [x.strip() for c in passage.clauses for x in _SENTENCE.split(c) if x.strip()]
    if not pieces:
        return passage.heading
    best = max(pieces, key=lambda x: (len(query & set(tokens(x, scheme=scheme))), -len(x)))
    return best if len(best) <= 600 else best[:600].rsplit(" ", 1)[0] + "…"


_AND = re.compile(r"\s+(?:và|va|cùng với|cung voi)\s+", re.IGNORECASE)


def _rank(
    idx: kb.Index,
    text: str,
    candidates: list[int],
    scheme: str,
    use_dense: bool,
    context: Any = None,
) -> tuple[Any, Any, dict[int, float]]:
    """Lexical scores (folded, plus the accented index for a question typed with diacritics;
    ``context``: scores of a whole question lent to one of its parts), e5 similarity, and the
    reranked score of the best lexical candidates (empty: nothing matches at all)."""
    scores = idx.scores(tokens(text, query=True, scheme=scheme))
    if ACCENT_WEIGHT and typed_with_diacritics(text):
        scores = scores + ACCENT_WEIGHT * idx.accented_scores(accented_tokens(text))
    if context is not None:
        scores = scores + PART_CONTEXT * context
    ranked = sorted(candidates, key=lambda i: scores[i] * idx.passages[i].authority, reverse=True)
    if not ranked or scores[ranked[0]] <= 0:
        return scores, None, {}
    similarity = idx.dense_scores(text) if use_dense else None
    combined = {i: float(scores[i]) * idx.passages[i].authority for i in ranked[:RERANK_DEPTH]}
    top_lexical = max(combined.values())
    for i in combined:
        combined[i] /= top_lexical
        if similarity is not None:  # the reranking stage: e5's similarity to the question
            combined[i] += RERANK_WEIGHT * float(similarity[i])
    return scores, similarity, combined


def _each_part(
    idx: kb.Index, text: str, candidates: list[int], scheme: str, use_dense: bool
) -> list[int]:
    """A question joining two matters ("hình thức kỷ luật và thẩm quyền kỷ luật") gets the best
    passage of each part; each part is ranked like a question, with the whole question's
    lexical scores at a lower weight, which lend it the shared subject."""
    pieces = [p for p in _AND.split(text) if len(folded_words(p)) >= 2]
    if len(pieces) < 2:
        return []
    whole = idx.scores(tokens(text, query=True, scheme=scheme))
    out = []
    for piece in pieces[:3]:
        _, _, combined = _rank(idx, piece, candidates, scheme, use_dense, context=whole)
        if combined:
            out.append(max(combined, key=lambda i: combined[i]))
    return out


def _confident(
    idx: kb.Index,
    text: str,
    query: list[str],
    best: int,
    accented: bool,
    similarity: Any,
    candidates: list[int],
    scheme: str,
) -> bool:
    """Whether the documents answer the question at all, from how well they match it: the
    share of the question's words (weighted by rarity, words the documents never use weighing
    most) found in the best passage, and, with the dense model, how close the closest passage
    is in meaning. Without the model (no AVX2), the lexical test plus the party-word list."""
    passage = idx.passages[best]
    if accented:
        words = {w for w in accented_tokens(text) if "_" not in w}
        coverage = idx.accented_coverage(words, best)
    else:
        words = {t for t in query if "_" not in t}
        coverage = len(words & set(tokens(passage.text, scheme=scheme))) / max(1, len(words))
    if similarity is None:
        return (
            about_the_party(text) and float(idx.scores(query)[best]) >= MIN_SCORE
            and coverage >= MIN_COVERAGE
        )  # fmt: skip
    closest = max(float(similarity[i]) for i in candidates)
    if accented:
        return closest + COVERAGE_WEIGHT * coverage >= MIN_CONFIDENCE
    # e5 reads unaccented Vietnamese poorly: there the lexical match decides, the model only
    # vetoes what is far from every passage.
    lexical = float(idx.scores(query)[best])
    return (
        lexical >= MIN_SCORE_UNACCENTED and coverage >= MIN_COVERAGE_UNACCENTED
        and closest >= MIN_CONFIDENCE_UNACCENTED
    )  # fmt: skip


def ask(
    question: str,
    *,
    paths: list[str] | None = None,
    scheme: str = DEFAULT_SCHEME,
    top: int = 5,
    hybrid: bool | None = None,
) -> Answer:
    text = (question or "").strip()
    if len(folded_words(text)) < 2:
        return Answer(
            "Đồng chí hãy hỏi rõ hơn, ví dụ: “đảng viên dự bị bao lâu thì chính thức?”",
            declined=True,
        )
    idx = kb.current(scheme)
    query = tokens(text, query=True, scheme=scheme)
    accented = typed_with_diacritics(text)
    candidates = _visible(idx.passages, paths)
    use_dense = DENSE if hybrid is None else hybrid
    scores, similarity, combined = _rank(idx, text, candidates, scheme, use_dense)
    if not combined:
        return Answer(DECLINE, declined=True)
    ranked = sorted(combined, key=lambda i: combined[i], reverse=True)[:top]
    best = idx.passages[ranked[0]]
    score = float(scores[ranked[0]])
    confident = _confident(idx, text, query, ranked[0], accented, similarity, candidates, scheme)
    if not confident:
        return Answer(DECLINE, declined=True, score=score, ranked=[idx.passages[i] for i in ranked])
    chosen = [best]
    # "quyền và nhiệm vụ": the best passage of each part too
    for i in _each_part(idx, text, candidates, scheme, use_dense):
        if idx.passages[i] not in chosen and len(chosen) < 3:
            chosen.append(idx.passages[i])
    floor = combined[ranked[0]] - ALSO_CITE * (1 + (RERANK_WEIGHT if similarity is not None else 0))
    for i in ranked[1:4]:  # other articles that answer nearly as well (at most two more)
        if len(chosen) < 3 and combined[i] >= floor and idx.passages[i] not in chosen:
            chosen.append(idx.passages[i])
    qset = set(query)
    parts = []
    for p in chosen:
        where = f"{p.article}" + (f" ({p.heading})" if p.heading and p.item_id else "")
        source = p.document_number if p.document_number != "Hỏi đáp" else p.document_title
        parts.append(f"Theo {where}, {source}: “{_quote(p, qset, scheme)}”")
    return Answer(
        "\n\n".join(parts),
        [Citation(p.document_number, p.document_title, p.article, p.url) for p in chosen],
        False,
        score,
        [idx.passages[i] for i in ranked],
    )


def respond(question: str, *, paths: list[str] | None = None) -> Answer:
    """What members get: the cited answer, rephrased in plain words only when the operator
    configured an endpoint (``rephrase``) and the rewrite stays faithful to the quotes."""
    from . import rephrase

    found = ask(question, paths=paths)
    if found.declined or not rephrase.configured():
        return found
    plain = rephrase.rephrase(question, found.answer)
    if plain is not None:
        found.quoted, found.answer = found.answer, plain
    return found
