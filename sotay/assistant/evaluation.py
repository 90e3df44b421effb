"""The assistant's evaluation sets and scorer (``make eval-assistant``).

Questions are written the way members ask — with and without diacritics, colloquially, some
needing two articles — each with the articles that answer it, and questions outside party
matters that must be declined. Two parts, in ``eval/``: ``tuning.tsv`` (thresholds and weights
are chosen on it) and ``held_out.tsv`` (written before the engine was tuned and never looked at
while tuning; its figures are the honest ones). Metrics: top-1 and top-3 accuracy, MRR, answers
that need several articles, decline precision and recall, p95 latency, answers without a
citation."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

EVAL_DIR = Path(__file__).with_name("eval")
PARTS = ("tuning", "held_out")

DOCUMENTS = {
    "C": "Điều lệ Đảng",
    "294": "294-QĐ/TW",
    "06": "06-HD/TW",
    "366": "366-QĐ/TW",
    "338": "338-QĐ/TW",
    "12": "12-HD/BTCTW",
    "50": "50-CT/TW",
    "37": "37-HD/BTGDVTW",
    "19370": "19370-CV/VPTW",
}
# A bare number after these keys is an article of the Charter or an item of the regulation.
NUMBERED = {"C": "Điều", "294": "Mục", "06": "Mục"}


@dataclass(frozen=True)
class Wanted:
    """One acceptable source: a document and the opening words of its article label."""

    document: str
    article: str  # "" = any part of the document

    def matches(self, document: str, article: str) -> bool:
        if document != self.document:
            return False
        if not self.article:
            return True
        if not article.startswith(self.article):
            return False
        rest = article[len(self.article) :]
        return not rest or not rest[0].isdigit()


@dataclass
class Question:
    text: str
    any_of: list[Wanted] = field(default_factory=list)  # one of them answers
    all_of: list[Wanted] = field(default_factory=list)  # each must be cited
    out_of_scope: bool = False


def _wanted(spec: str) -> Wanted:
    key, _, article = spec.strip().partition(" ")
    if key not in DOCUMENTS:
        raise ValueError(f"unknown document key {key!r} in {spec!r}")
    if key in NUMBERED and article.isdigit():
        article = f"{NUMBERED[key]} {article}"
    return Wanted(DOCUMENTS[key], article.strip())


def parse(text: str) -> list[Question]:
    out = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        question, sep, answers = line.partition("\t")
        if not sep:
            raise ValueError(f"line {number}: question<TAB>answers expected")
        answers = answers.strip()
        if answers == "-":
            out.append(Question(question.strip(), out_of_scope=True))
        elif "&" in answers:
            out.append(Question(question.strip(), all_of=[_wanted(a) for a in answers.split("&")]))
        else:
            out.append(Question(question.strip(), any_of=[_wanted(a) for a in answers.split("|")]))
    return out


def load(part: str) -> list[Question]:
    return parse((EVAL_DIR / f"{part}.tsv").read_text(encoding="utf-8"))


@dataclass
class Result:
    part: str
    top1: float
    top3: float
    mrr: float
    several: float  # questions that need several articles: share with all of them cited
    decline_precision: float
    decline_recall: float
    p95_ms: float
    uncited: int
    questions: int
    in_scope: int
    out_of_scope: int
    misses: list[tuple[str, list[str]]]


def _rank(question: Question, answer: Any) -> int | None:
    """1-based rank of the first acceptable source, None when declined or not found. A question
    needing several articles counts only when all of them are cited (rank 1 then)."""
    if answer.declined:
        return None
    if question.all_of:
        cited = [(c.document_number, c.article) for c in answer.citations]
        ok = all(any(w.matches(d, a) for d, a in cited) for w in question.all_of)
        return 1 if ok else None
    found = [(p.document_number, p.article) for p in answer.ranked]
    return next(
        (i + 1 for i, (d, a) in enumerate(found) if any(w.matches(d, a) for w in question.any_of)),
        None,
    )


def evaluate(scheme: str | None = None, ask: Any = None, part: str = "tuning") -> Result:
    from .engine import ask as default_ask
    from .text import DEFAULT_SCHEME

    ask = ask or default_ask
    scheme = scheme or DEFAULT_SCHEME
    questions = load(part)
    from . import index as kb

    ask("đảng viên dự bị", scheme=scheme)  # build the index before timing
    kb.current(scheme).prepare_dense()  # and the passage vectors (a server does it in a thread)
    times, ranks, misses, uncited, several = [], [], [], 0, []
    declined_in, declined_out = 0, 0
    for q in questions:
        t = time.perf_counter()
        answer = ask(q.text, scheme=scheme)
        times.append((time.perf_counter() - t) * 1000)
        if not answer.declined and not answer.citations:
            uncited += 1
        if q.out_of_scope:
            declined_out += answer.declined
            if not answer.declined:
                misses.append((q.text, ["(trả lời câu ngoài phạm vi)"]))
            continue
        declined_in += answer.declined
        rank = _rank(q, answer)
        ranks.append(rank)
        if q.all_of:
            several.append(rank == 1)
        if rank != 1:
            shown = answer.citations if q.all_of else answer.ranked[:3]
            misses.append(
                (
                    q.text,
                    ["(từ chối)"]
                    if answer.declined
                    else [f"{getattr(p, 'document_number', '')} {p.article}" for p in shown],
                )
            )
    n = len(ranks)
    out = len(questions) - n
    total_declined = declined_in + declined_out
    times.sort()
    return Result(
        part=part,
        top1=sum(1 for r in ranks if r == 1) / n,
        top3=sum(1 for r in ranks if r and r <= 3) / n,
        mrr=sum(1 / r for r in ranks if r) / n,
        several=sum(several) / len(several) if several else 1.0,
        decline_precision=declined_out / total_declined if total_declined else 1.0,
        decline_recall=declined_out / out if out else 1.0,
        p95_ms=times[max(0, int(len(times) * 0.95) - 1)],
        uncited=uncited,
        questions=len(questions),
        in_scope=n,
        out_of_scope=out,
        misses=misses,
    )


_SPACE = re.compile(r"\s+")


def all_questions() -> list[str]:
    """Every question of both parts (the latency benchmark asks them all)."""
    return [_SPACE.sub(" ", q.text) for part in PARTS for q in load(part)]
