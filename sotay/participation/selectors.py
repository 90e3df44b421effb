"""Reads of participation: survey results from the tallies, consultation views, inquiry
statistics."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, Sum
from django.db.models.functions import Substr
from django.utils import timezone

from sotay.core.access import subtree_q
from sotay.orgs.models import Organization

from .choices import Decision, InquiryStatus, QuestionType
from .models import (
    Consultation,
    DraftComment,
    DraftParagraph,
    Inquiry,
    Survey,
    SurveyQuestion,
    SurveyResponse,
    SurveyTally,
    SurveyText,
)

ANONYMITY_FLOOR = 5  # an anonymous survey shows a unit's results only from this many responses


@dataclass
class Bar:
    label: str
    count: int
    percent: int


@dataclass
class RowResult:
    label: str
    bars: list[Bar]


@dataclass
class QuestionResult:
    question: SurveyQuestion
    answered: int = 0
    bars: list[Bar] = field(default_factory=list)
    rows: list[RowResult] = field(default_factory=list)
    average: float | None = None
    texts: list[str] = field(default_factory=list)
    more_texts: int = 0


@dataclass
class SurveyResults:
    survey: Survey
    unit: Organization
    responses: int
    hidden: bool  # anonymous and too few responses in this unit to show
    pending: int  # anonymous responses not yet counted (waiting for a batch)
    questions: list[QuestionResult]
    units: list[tuple[Organization, int]]


def _pct(n: int, total: int) -> int:
    return round(100 * n / total) if total else 0


def survey_results(survey: Survey, unit: Organization, texts: int = 20) -> SurveyResults:
    """Results for the part of the audience under ``unit`` — one grouped sum over the tallies."""
    scope = subtree_q(unit.path, "unit_path") if len(unit.path) > len(survey.audience_path) else Q()
    sums: dict[tuple[str, str, str], int] = {
        (q, r, c): n
        for q, r, c, n in SurveyTally.objects.filter(scope, survey=survey)
        .order_by()
        .values_list("question", "row", "choice")
        .annotate(n=Sum("count"))
        .values_list("question", "row", "choice", "n")
    }
    total = sums.get(("_n", "", ""), 0)
    pending = (
        SurveyResponse.objects.filter(survey=survey, fresh=True).count() if survey.anonymous else 0
    )
    # A part of the audience with few responses could be guessed: not shown when anonymous.
    hidden = survey.anonymous and unit.path != survey.audience_path and total < ANONYMITY_FLOOR
    results = []
    for q in survey.questions.all():
        result = QuestionResult(q)
        mine = {(r, c): n for (qq, r, c), n in sums.items() if qq == q.key}
        if q.kind in (QuestionType.SINGLE, QuestionType.MULTIPLE):
            result.answered = sum(mine.values()) if q.kind == QuestionType.SINGLE else total
            base = sum(mine.values()) if q.kind == QuestionType.SINGLE else total
            result.bars = [
                Bar(o["text"], mine.get(("", o["key"]), 0), _pct(mine.get(("", o["key"]), 0), base))
                for o in q.options
            ]
        elif q.kind == QuestionType.SCALE:
            values = range(q.scale_min, q.scale_max + 1)
            counts = {v: mine.get(("", str(v)), 0) for v in values}
            result.answered = sum(counts.values())
            result.bars = [Bar(str(v), n, _pct(n, result.answered)) for v, n in counts.items()]
            if result.answered:
                result.average = round(sum(v * n for v, n in counts.items()) / result.answered, 2)
        elif q.kind == QuestionType.RANKING:
            size = len(q.options)
            for o in q.options:
                places = [mine.get((o["key"], str(p)), 0) for p in range(1, size + 1)]
                n = sum(places)
                result.answered = max(result.answered, n)
                mean = sum(p * c for p, c in enumerate(places, start=1)) / n if n else 0
                # Shown as a bar: the share of first places; the label carries the mean rank.
                result.rows.append(
                    RowResult(
                        f"{o['text']} — thứ hạng trung bình {mean:.2f}".replace(".", ","),
                        [Bar(str(p), c, _pct(c, n)) for p, c in enumerate(places, start=1)],
                    )
                )
            result.rows.sort(key=lambda r: r.label.rsplit(" ", 1)[-1])
        elif q.kind == QuestionType.MATRIX:
            for row in q.rows:
                counts = {o["key"]: mine.get((row["key"], o["key"]), 0) for o in q.options}
                n = sum(counts.values())
                result.answered = max(result.answered, n)
                result.rows.append(
                    RowResult(
                        row["text"],
                        [
                            Bar(o["text"], counts[o["key"]], _pct(counts[o["key"]], n))
                            for o in q.options
                        ],
                    )
                )
        else:
            rows = SurveyText.objects.filter(scope, survey=survey, question=q.key)
            result.answered = rows.count()
            if not hidden:
                result.texts = list(
                    rows.order_by("?" if survey.anonymous else "id").values_list("text", flat=True)[
                        :texts
                    ]
                )
            result.more_texts = max(0, result.answered - len(result.texts))
        results.append(result)
    return SurveyResults(survey, unit, total, hidden, pending, results, _units(survey, unit))


def _units(survey: Survey, unit: Organization) -> list[tuple[Organization, int]]:
    """Responses per unit directly below ``unit`` (drill-down)."""
    children = list(Organization.objects.get_children(unit).filter(status="active"))
    if not children:
        return []
    depth = len(children[0].path)
    counts = dict(
        SurveyTally.objects.filter(subtree_q(unit.path, "unit_path"), survey=survey, question="_n")
        .order_by()
        .annotate(prefix=Substr("unit_path", 1, depth))
        .values("prefix")
        .annotate(n=Sum("count"))
        .values_list("prefix", "n")
    )
    return [(c, counts.get(c.path, 0)) for c in children]


@dataclass
class ParagraphView:
    paragraph: DraftParagraph
    comments: list[DraftComment]

    @property
    def counts(self) -> dict[str, int]:
        out = {d: 0 for d in Decision.values}
        for c in self.comments:
            out[c.decision] += 1
        return out


@dataclass
class DraftView:
    consultation: Consultation
    version: Any
    paragraphs: list[ParagraphView]
    whole: list[DraftComment]  # on the whole draft
    orphans: list[DraftComment]  # on paragraphs no longer in the current version


def draft_view(
    consultation: Consultation, *, with_hidden: bool, member_id: int | None = None
) -> DraftView:
    """The current version with its comments per paragraph. Members see visible comments of
    everyone; the committee also sees hidden ones (with the reason)."""
    version = consultation.versions.first()
    paragraphs = list(version.paragraphs.all()) if version else []
    comments = DraftComment.objects.filter(consultation=consultation).select_related("member")
    if not with_hidden:
        comments = comments.filter(Q(hidden_reason="") | Q(member_id=member_id))
    by_key: dict[str, list[DraftComment]] = {}
    for c in comments:
        by_key.setdefault(c.paragraph_key, []).append(c)
    keys = {p.key for p in paragraphs}
    orphans = [c for k, cs in by_key.items() if k and k not in keys for c in cs]
    return DraftView(
        consultation,
        version,
        [ParagraphView(p, by_key.get(p.key, [])) for p in paragraphs],
        by_key.get("", []),
        orphans,
    )


@dataclass
class InquiryStats:
    unit: Organization
    received: int
    answered: int
    open: int
    overdue: int
    median_hours: float | None


def inquiry_stats(unit: Organization) -> list[InquiryStats]:
    """Volumes, response times and overdue items per unit directly below ``unit`` (and the unit
    itself first), by the unit the inquiries were addressed to."""
    now = timezone.now()
    units = [unit, *Organization.objects.get_children(unit).filter(status="active")]
    rows = list(
        Inquiry.objects.filter(subtree_q(unit.path, "addressed_to__path")).values_list(
            "addressed_to__path", "status", "due_at", "created_at", "answered_at"
        )
    )
    out = []
    for u in units:
        mine = [r for r in rows if (r[0] == u.path if u is unit else r[0].startswith(u.path))]
        hours = [(r[4] - r[3]).total_seconds() / 3600 for r in mine if r[4]]
        out.append(
            InquiryStats(
                u,
                len(mine),
                sum(1 for r in mine if r[1] == InquiryStatus.ANSWERED),
                sum(1 for r in mine if r[1] == InquiryStatus.OPEN),
                sum(1 for r in mine if r[1] == InquiryStatus.OPEN and r[2] < now),
                round(statistics.median(hours), 1) if hours else None,
            )
        )
    return out


def inquiry_counts(queryset: Any) -> dict[str, int]:
    now = timezone.now()
    return queryset.aggregate(
        open=Count("id", filter=Q(status=InquiryStatus.OPEN)),
        overdue=Count("id", filter=Q(status=InquiryStatus.OPEN, due_at__lt=now)),
    )


def answered_surveys(member: Any, surveys: list[Survey]) -> set[int]:
    from .models import SurveyParticipation

    if member is None:
        return set()
    return set(
        SurveyParticipation.objects.filter(
            member=member, survey__in=[s.pk for s in surveys]
        ).values_list("survey_id", flat=True)
    )
