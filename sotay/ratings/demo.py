"""Demo ratings: last year's decided ratings for every member and cell of the province (within
each commune's 20% cap), and this year's review under way in the persona's cell — some members
have assessed themselves; the persona member has not, so the demo can start there."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict

from django.utils import timezone

from sotay.members.accounts import find_user
from sotay.members.choices import MemberStatus
from sotay.members.models import Member
from sotay.orgs.models import Organization

from .access import decider_of
from .choices import RatingLevel, RatingStatus
from .models import QualityRating
from .selectors import rating_year

STRENGTHS = (
    "Chấp hành tốt chủ trương, nghị quyết; dự sinh hoạt chi bộ đầy đủ; gương mẫu ở khu dân cư."
)
WEAKNESSES = "Có lúc chưa chủ động nghiên cứu tài liệu trước khi họp."


def _level(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.02:
        return RatingLevel.NOT_DONE
    if roll < 0.16:
        return RatingLevel.DONE
    return RatingLevel.GOOD


def generate_ratings(seed: int = 2026) -> dict[str, int]:
    rng = random.Random(seed)
    year = rating_year() - 1
    decided_at = dt.datetime(year + 1, 1, 15, 9, tzinfo=timezone.get_current_timezone())
    points: dict[str, int] = {RatingLevel.EXCELLENT: 93, RatingLevel.GOOD: 82, RatingLevel.DONE: 62}
    points[RatingLevel.NOT_DONE] = 45
    cells = {o.pk: o for o in Organization.objects.filter(kind="cell", status="active")}
    parents = {o.path: o for o in Organization.objects.exclude(kind="cell")}

    def decider_at(cell: Organization) -> Organization:  # access.decider_of without queries
        parent = parents[cell.path[: -Organization.steplen]]
        return parents[parent.path[: -Organization.steplen]] if parent.kind == "partial" else parent

    by_decider: dict[int, list[QualityRating]] = defaultdict(list)
    members = Member.objects.filter(
        status__in=(MemberStatus.FULL, MemberStatus.PROBATIONARY), cell_id__in=list(cells)
    ).values_list("id", "cell_id")
    for member_id, cell_id in members.iterator(chunk_size=5000):
        cell = cells[cell_id]
        decider = decider_at(cell)
        by_decider[decider.pk].append(
            QualityRating(
                year=year,
                member_id=member_id,
                unit=cell,
                unit_path=cell.path,
                decider=decider,
                status=RatingStatus.DECIDED,
                level=_level(rng),
                decided_at=decided_at,
                votes_for=5,
                voters=6,
                strengths=STRENGTHS,
                weaknesses=WEAKNESSES,
            )  # fmt: skip
        )
    rows: list[QualityRating] = []
    for ratings in by_decider.values():
        good = [r for r in ratings if r.level == RatingLevel.GOOD]
        for r in rng.sample(good, len(good) // 6):  # 1 in 6 of "tốt" → "xuất sắc": 20% of the rest
            r.level = RatingLevel.EXCELLENT
        rows += ratings
    for r in rows:
        r.self_points = points[r.level]
        r.self_level = r.proposed_level = r.level
    for cell in cells.values():
        decider = decider_at(cell)
        level = RatingLevel.GOOD if rng.random() < 0.85 else RatingLevel.DONE
        rows.append(
            QualityRating(
                year=year,
                org=cell,
                unit=cell,
                unit_path=cell.path,
                decider=decider,
                status=RatingStatus.DECIDED,
                level=level,
                self_level=level,
                proposed_level=level,
                self_points=points[level],
                decided_at=decided_at,
                strengths="Duy trì sinh hoạt chi bộ thường kỳ đủ 12 kỳ.",
                weaknesses=WEAKNESSES,
            )  # fmt: skip
        )
    QualityRating.objects.bulk_create(rows, batch_size=5000)
    return {"ratings": len(rows), "this_year": _this_year()}


def _this_year() -> int:
    """Three members of the persona's cell have sent their self-assessment for this year."""
    persona = find_user("0900000001")
    if persona is None or persona.member is None or persona.member.cell is None:
        return 0
    cell = persona.member.cell
    decider = decider_of(cell)
    others = Member.objects.filter(cell=cell, status=MemberStatus.FULL).exclude(
        pk=persona.member.pk
    )
    rows = [
        QualityRating(
            year=rating_year(),
            member=m,
            unit=cell,
            unit_path=cell.path,
            decider=decider,
            status=RatingStatus.SELF_ASSESSED,
            self_points=84,
            self_level=RatingLevel.GOOD,
            strengths=STRENGTHS,
            weaknesses=WEAKNESSES,
            self_at=timezone.now(),
        )  # fmt: skip
        for m in others.order_by("id")[2:5]
    ]
    QualityRating.objects.bulk_create(rows)
    return len(rows)
