"""Reads for the yearly rating: which year is being rated, whom a cell rates, the evidence
shown beside each member (meetings, study, tasks), and the counts under the 20% cap."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from sotay.core.access import subtree_q
from sotay.members.choices import MemberStatus
from sotay.members.models import Member
from sotay.orgs.models import Organization

from .choices import DEFAULT_EXCELLENT_PERCENT, RatingLevel, RatingStatus
from .models import ExcellentCap, QualityRating, RatingComment


def rating_year(today: dt.date | None = None) -> int:
    """The year being rated: the review is held at the year's end (from October) and
    finished early the next year, so until September the previous year is still open."""
    today = today or timezone.localdate()
    return today.year if today.month >= 10 else today.year - 1


def members_to_rate(cell: Organization) -> QuerySet[Member]:
    """The cell's own members in activity (probationary ones included). Members exempt from
    activity are listed but not required — see docs/ratings.md."""
    return (
        Member.objects.filter(cell=cell, status__in=(MemberStatus.PROBATIONARY, MemberStatus.FULL))
        .select_related("temporary_cell")
        .order_by("full_name")
    )


@dataclass
class Evidence:
    meetings_held: int = 0
    meetings_present: int = 0
    programmes_passed: int = 0
    tasks_due: int = 0
    tasks_on_time: int = 0
    tasks_not_done: int = 0


def evidence_for(members: list[Member], year: int) -> dict[int, Evidence]:
    """What the year's records say of each member: regular meetings of their cell held and
    attended, study programmes passed, tasks due and done on time — three grouped queries."""
    from sotay.meetings.choices import AttendanceStatus, MeetingKind
    from sotay.meetings.models import Attendance, Meeting
    from sotay.meetings.selectors import HELD
    from sotay.planner.models import Assignment
    from sotay.study.models import Attempt

    start, end = dt.date(year, 1, 1), dt.date(year + 1, 1, 1)
    aware = [timezone.make_aware(dt.datetime.combine(d, dt.time())) for d in (start, end)]
    result = {m.pk: Evidence() for m in members}
    cells = {m.cell_id for m in members}
    held = dict(
        Meeting.objects.filter(
            cell_id__in=cells,
            kind=MeetingKind.REGULAR,
            status__in=HELD,
            month__gte=start,
            month__lt=end,
        )
        .order_by()
        .values("cell_id")
        .annotate(n=Count("id"))
        .values_list("cell_id", "n")
    )
    for m in members:
        result[m.pk].meetings_held = held.get(m.cell_id, 0)
    for member_id, n in (
        Attendance.objects.filter(
            member__in=members,
            status=AttendanceStatus.PRESENT,
            meeting__kind=MeetingKind.REGULAR,
            meeting__month__gte=start,
            meeting__month__lt=end,
        )
        .order_by()
        .values("member_id")
        .annotate(n=Count("id"))
        .values_list("member_id", "n")
    ):
        result[member_id].meetings_present = n
    for member_id, n in (
        Attempt.objects.filter(
            member__in=members, passed=True, submitted_at__gte=aware[0], submitted_at__lt=aware[1]
        )
        .order_by()
        .values("member_id")
        .annotate(n=Count("programme", distinct=True))
        .values_list("member_id", "n")
    ):
        result[member_id].programmes_passed = n
    now = timezone.now()
    for row in (
        Assignment.objects.filter(
            member__in=members, task__due_at__gte=aware[0], task__due_at__lt=min(aware[1], now)
        )
        .order_by()
        .values("member_id")
        .annotate(
            due=Count("id"),
            on_time=Count("id", filter=Q(done_at__lte=F("task__due_at"))),
            not_done=Count("id", filter=Q(done_at__isnull=True)),
        )
    ):
        ev = result[row["member_id"]]
        ev.tasks_due, ev.tasks_on_time, ev.tasks_not_done = (
            row["due"],
            row["on_time"],
            row["not_done"],
        )
    return result


def cap_percent(decider: Organization, year: int) -> int:
    cap = ExcellentCap.objects.filter(unit=decider, year=year).first()
    return cap.percent if cap else DEFAULT_EXCELLENT_PERCENT


def decided_counts(decider: Organization, year: int, *, members: bool) -> Counter[str]:
    """Levels decided so far by ``decider`` for ``year``, members or organisations."""
    rows = (
        QualityRating.objects.filter(
            decider=decider, year=year, status=RatingStatus.DECIDED, member__isnull=not members
        )
        .order_by()
        .values("level")
        .annotate(n=Count("id"))
    )
    return Counter({r["level"]: r["n"] for r in rows})


def excellent_allowed(good: int, percent: int) -> int:
    """Most "xuất sắc" allowed beside ``good`` "tốt" ratings (Điều 11 (1))."""
    return good * percent // 100


def level_totals(unit: Organization, year: int) -> dict[str, Counter[str]]:
    """Decided levels below ``unit`` (itself included) for ``year``: members and organisations."""
    decided = QualityRating.objects.filter(
        subtree_q(unit.path, "unit_path"), year=year, status=RatingStatus.DECIDED
    ).order_by()
    totals: dict[str, Counter[str]] = {}
    for key, members in (("members", True), ("orgs", False)):
        rows = decided.filter(member__isnull=not members).values("level").annotate(n=Count("id"))
        totals[key] = Counter({r["level"]: r["n"] for r in rows})
    return totals


def results_below(unit: Organization, year: int) -> QuerySet[QualityRating]:
    """Every rating of ``year`` at or below ``unit``, in tree order."""
    return (
        QualityRating.objects.filter(subtree_q(unit.path, "unit_path"), year=year)
        .select_related("unit", "member", "org")
        .order_by("unit_path", "org_id", "member__full_name")
    )


def comments_for(members: list[Member], year: int) -> dict[int, list[RatingComment]]:
    result: dict[int, list[RatingComment]] = {m.pk: [] for m in members}
    for c in RatingComment.objects.filter(member__in=members, year=year).select_related(
        "from_unit"
    ):
        result[c.member_id].append(c)
    return result


def comments_asked_of(unit: Organization) -> QuerySet[RatingComment]:
    """Comments other cells ask of ``unit`` (its members living or temporarily active here)."""
    return (
        RatingComment.objects.filter(from_unit=unit)
        .select_related("member", "asked_by_unit")
        .order_by("given_at", "-created_at")
    )


LEVEL_LABELS = dict(RatingLevel.choices)


def rating_of_member(member: Member, year: int) -> QualityRating | None:
    return QualityRating.objects.filter(member=member, year=year).first()


def rating_of_org(org: Organization, year: int) -> QualityRating | None:
    return QualityRating.objects.filter(org=org, year=year).first()


def decided_history(member: Member, *, before_year: int, limit: int = 5) -> list[QualityRating]:
    """The member's decided ratings of earlier years, newest first."""
    return list(
        QualityRating.objects.filter(
            member=member, status=RatingStatus.DECIDED, year__lt=before_year
        ).order_by("-year")[:limit]
    )


def ratings_by_member(members: list[Member], year: int) -> dict[int, QualityRating]:
    return {r.member_id: r for r in QualityRating.objects.filter(member__in=members, year=year)}  # type: ignore[misc]


def ratings_by_org(orgs: list[Organization], year: int) -> dict[int, QualityRating]:
    return {r.org_id: r for r in QualityRating.objects.filter(org__in=orgs, year=year)}  # type: ignore[misc]


def member_in_cell_by_card(cell: Organization, card: str) -> Member | None:
    return Member.objects.filter(cell=cell, party_card_number=card.strip()).first()
