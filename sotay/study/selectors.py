"""Reads of the study app: my programmes, a quiz paper, results, progress, rankings."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, IntegerField, Max, Q, Sum
from django.db.models.functions import Cast, Substr
from django.utils import timezone

from sotay.core.access import subtree_q
from sotay.members.models import Member
from sotay.orgs.models import Organization

from .choices import AttemptStatus
from .models import Attempt, AttemptAnswer, PointPolicy, PointTotal, Programme, QuestionVersion


@dataclass
class PaperItem:
    version: QuestionVersion
    kind: str
    options: list[dict[str, str]]  # in the order shown to this member
    given: list[str]
    correct: bool = False
    number: int = 0


def paper(attempt: Attempt) -> list[PaperItem]:
    versions = QuestionVersion.objects.select_related("question", "cited_item").in_bulk(
        [i["v"] for i in attempt.items]
    )
    out = []
    for n, item in enumerate(attempt.items, start=1):
        v = versions[item["v"]]
        by_key = {o["key"]: o for o in v.options}
        given = attempt.answers.get(str(v.pk), [])
        right = (
            given == list(v.correct)
            if v.question.kind == "ordering"
            else sorted(given) == sorted(v.correct)
        )
        out.append(
            PaperItem(v, v.question.kind, [by_key[k] for k in item["order"]], given, right, n)
        )
    return out


def my_attempts(user: Any, programme: Programme) -> list[Attempt]:
    member_id = getattr(user, "member_id", None)
    return (
        list(programme.attempts.filter(member_id=member_id).order_by("number")) if member_id else []
    )


@dataclass
class ProgressRow:
    label: str
    path: str
    public_id: Any
    members: int = 0
    started: int = 0
    passed: int = 0

    @property
    def completion(self) -> int:
        return round(100 * self.passed / self.members) if self.members else 0


def progress(programme: Programme, unit: Organization) -> list[ProgressRow]:
    """Per unit directly below ``unit`` (inside the audience): members, started, passed."""
    width = len(unit.path) + 4
    children = Organization.objects.filter(
        path__startswith=unit.path, depth=unit.depth + 1, status="active"
    ).order_by("path")
    rows = {o.path: ProgressRow(o.name, o.path, o.public_id) for o in children}
    for r in (
        Member.objects.current()
        .filter(subtree_q(unit.path, "cell_path"))
        .order_by()
        .annotate(unit=Substr("cell_path", 1, width))
        .values("unit")
        .annotate(n=Count("id"))
    ):
        if r["unit"] in rows:
            rows[r["unit"]].members = r["n"]
    for a in (
        Attempt.objects.filter(subtree_q(unit.path, "cell_path"), programme=programme)
        .order_by()
        .annotate(unit=Substr("cell_path", 1, width))
        .values("unit")
        .annotate(
            started=Count("member", distinct=True),
            passed=Count("member", filter=Q(passed=True), distinct=True),
        )
    ):
        if a["unit"] in rows:
            rows[a["unit"]].started, rows[a["unit"]].passed = a["started"], a["passed"]
    return [r for r in rows.values() if r.members]


def not_started(programme: Programme, cell: Organization) -> list[Member]:
    done = Attempt.objects.filter(programme=programme, cell_path=cell.path).values("member_id")
    return list(
        Member.objects.current()
        .filter(cell_path=cell.path)
        .exclude(id__in=done)
        .order_by("full_name")
    )


def score_distribution(programme: Programme) -> list[tuple[int, int]]:
    best = (
        Attempt.objects.filter(programme=programme)
        .exclude(status=AttemptStatus.IN_PROGRESS)
        .values("member_id")
        .annotate(best=Max("score"))
        .values_list("best", flat=True)
    )
    counts: dict[int, int] = {}
    for score in best:
        counts[score] = counts.get(score, 0) + 1
    return sorted(counts.items())


@dataclass
class ItemStat:
    version: QuestionVersion
    answered: int = 0
    correct: int = 0
    discrimination: float = 0.0

    @property
    def share(self) -> int:
        return round(100 * self.correct / self.answered) if self.answered else 0


def item_statistics(programme: Programme) -> list[ItemStat]:
    """Per question version: share correct and discrimination, hardest first.

    Discrimination is the point-biserial correlation between answering the question right and
    the attempt's score (−1…1; above 0.3 separates strong from weak well, near 0 or below means
    the question should be reviewed) — computed from sums in the database, so a province-wide
    programme costs one aggregate over its answers."""
    rows = (
        AttemptAnswer.objects.filter(programme=programme)
        .order_by()
        .values("version_id")
        .annotate(
            n=Count("id"),
            x=Sum(Cast("correct", IntegerField())),
            y=Sum("attempt_score"),
            yy=Sum(F("attempt_score") * F("attempt_score")),
            xy=Sum(Cast("correct", IntegerField()) * F("attempt_score")),
        )
    )
    stats = list(rows)
    versions = QuestionVersion.objects.in_bulk([r["version_id"] for r in stats])
    out = []
    for r in stats:
        n, x, y, yy, xy = r["n"], r["x"] or 0, r["y"] or 0, r["yy"] or 0, r["xy"] or 0
        spread = (n * x - x * x) * (n * yy - y * y)
        corr = (n * xy - x * y) / math.sqrt(spread) if spread > 0 else 0.0
        out.append(ItemStat(versions[r["version_id"]], n, x, round(corr, 2)))
    return sorted(out, key=lambda s: (s.share, -s.answered))


@dataclass
class RankRow:
    rank: int
    label: str
    points: int
    extra: str = ""


def period_start(period: str) -> dt.date:
    today = timezone.localdate()
    return today.replace(month=1, day=1) if period == "nam" else today.replace(day=1)


def period_key(period: str) -> str:
    """ "nam" → this year ("2026"), anything else → this month ("2026-11")."""
    today = timezone.localdate()
    return f"{today:%Y}" if period == "nam" else f"{today:%Y-%m}"


def member_ranking(scope_path: str, period: str, limit: int = 50) -> list[RankRow]:
    """Top members of a subtree for a period: an indexed top-N over the running totals."""
    # A province or district holds most rows of the period: walk the (period, points) index in
    # order and keep those under the scope (LIKE is not used for the index). A commune or cell
    # holds few: take its range of the (period, cell_path, points) index and sort those.
    scope = (
        Q(cell_path__startswith=scope_path)
        if len(scope_path) <= 8
        else subtree_q(scope_path, "cell_path")
    )
    rows = list(
        PointTotal.objects.filter(scope, period=period)
        .order_by("-points", "member_id")
        .values_list("member_id", "points")[:limit]
    )
    names = dict(Member.objects.filter(id__in=[m for m, _ in rows]).values_list("id", "full_name"))
    return [RankRow(n, names.get(m, "?"), p) for n, (m, p) in enumerate(rows, start=1)]


def unit_ranking(scope: Organization, period: str) -> list[RankRow]:
    """Units directly below ``scope`` by average points per current member, recomputed at most
    every ten minutes (a published standing, not a live counter: it groups every member of the
    scope)."""
    from django.core.cache import cache

    key = f"study:units:{scope.path}:{period}"
    cached: list[RankRow] | None = cache.get(key)
    if cached is None:
        cached = _unit_ranking(scope, period)
        cache.set(key, cached, 600)
    return cached


def _unit_ranking(scope: Organization, period: str) -> list[RankRow]:
    width = len(scope.path) + 4
    points = dict(
        PointTotal.objects.filter(subtree_q(scope.path, "cell_path"), period=period)
        .order_by()
        .annotate(unit=Substr("cell_path", 1, width))
        .values("unit")
        .annotate(s=Sum("points"))
        .values_list("unit", "s")
    )
    members = dict(
        Member.objects.current()
        .filter(subtree_q(scope.path, "cell_path"))
        .order_by()
        .annotate(unit=Substr("cell_path", 1, width))
        .values("unit")
        .annotate(n=Count("id"))
        .values_list("unit", "n")
    )
    names = dict(Organization.objects.filter(path__in=members).values_list("path", "name"))
    averages = sorted(
        ((points.get(p, 0) / n, p) for p, n in members.items() if n), key=lambda t: -t[0]
    )
    return [
        RankRow(i, names.get(p, p), round(avg, 1), f"{members[p]} đảng viên")
        for i, (avg, p) in enumerate(averages, start=1)
    ]


def ranking_visibility(member: Member) -> str:
    policy = PointPolicy.objects.filter(province__path=member.cell_path[:4]).first()
    return policy.visibility if policy else "cell"


def my_status(user: Any, programmes: list[Programme]) -> tuple[set[int], set[int]]:
    """(programmes the member started, programmes they passed)."""
    member_id = getattr(user, "member_id", None)
    started: set[int] = set()
    passed: set[int] = set()
    if member_id:
        for pid, ok in Attempt.objects.filter(
            member_id=member_id, programme__in=programmes
        ).values_list("programme_id", "passed"):
            started.add(pid)
            if ok:
                passed.add(pid)
    return started, passed


def ranking_scopes(member: Member) -> tuple[Organization | None, Organization | None]:
    """The member's province and their grassroots unit (commune), for the unit rankings."""
    cell = Organization.objects.filter(path=member.cell_path).first()
    ancestors = list(Organization.objects.get_ancestors(cell)) if cell else []
    province = ancestors[0] if ancestors else None
    commune = next((o for o in reversed(ancestors) if o.kind == "grassroots"), None)
    return province, commune


def evidence(unit: Organization) -> list[tuple[Any, ...]]:
    """For every current member below ``unit``: programmes assigned to them this year, passed,
    and points this year — the study part of the annual quality rating."""
    year_start = period_start("nam")
    members = list(
        Member.objects.current()
        .filter(subtree_q(unit.path, "cell_path"))
        .select_related("cell")
        .only("id", "full_name", "party_card_number", "cell_path", "cell__name")
        .order_by("cell_path", "full_name")[:20000]
    )
    programmes = list(
        Programme.objects.filter(status__in=["published", "closed"], ends_on__gte=year_start).only(
            "id", "audience_path"
        )
    )
    passed: dict[int, int] = {}
    for member_id, n in (
        Attempt.objects.filter(member__in=members, passed=True, programme__in=programmes)
        .order_by()
        .values("member_id")
        .annotate(n=Count("programme", distinct=True))
        .values_list("member_id", "n")
    ):
        passed[member_id] = n
    year_points = dict(
        PointTotal.objects.filter(member__in=members, period=period_key("nam")).values_list(
            "member_id", "points"
        )
    )
    rows = []
    for m in members:
        assigned = sum(1 for p in programmes if m.cell_path.startswith(p.audience_path))
        rows.append(
            (
                m.full_name,
                m.party_card_number or "",
                m.cell.name if m.cell else "",
                assigned,
                passed.get(m.pk, 0),
                year_points.get(m.pk, 0),
            )
        )
    return rows


def policy_of(province: Organization) -> PointPolicy | None:
    return PointPolicy.objects.filter(province=province).first()
