"""API: a member's own yearly rating (read, self-assess) and a committee's list of a unit's
ratings — the same services and the same door as the pages."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from ninja import Router, Schema

from sotay.core.errors import DomainError
from sotay.core.views_helpers import AuthedRequest

from . import selectors, services
from .access import access_rating_unit
from .models import QualityRating

router = Router(tags=["đánh giá, xếp loại"])


class EvidenceOut(Schema):
    meetings_held: int
    meetings_present: int
    programmes_passed: int
    tasks_due: int
    tasks_on_time: int
    tasks_not_done: int


class RatingOut(Schema):
    id: uuid.UUID
    year: int
    subject: str
    unit: str
    status: str
    self_points: int | None
    self_level: str
    strengths: str
    weaknesses: str
    remedies: str
    proposed_level: str
    votes_for: int | None
    voters: int | None
    level: str
    decided_at: dt.datetime | None


class MyRatingOut(Schema):
    year: int
    evidence: EvidenceOut
    rating: RatingOut | None


class SelfAssessmentIn(Schema):
    points: int
    level: str
    strengths: str
    weaknesses: str
    remedies: str = ""


def _out(r: QualityRating) -> dict[str, Any]:
    return {
        "id": r.public_id, "year": r.year, "subject": r.subject_name, "unit": r.unit.name,
        "status": r.status, "self_points": r.self_points, "self_level": r.self_level,
        "strengths": r.strengths, "weaknesses": r.weaknesses, "remedies": r.remedies,
        "proposed_level": r.proposed_level, "votes_for": r.votes_for, "voters": r.voters,
        "level": r.level, "decided_at": r.decided_at,
    }  # fmt: skip


def _member(request: AuthedRequest) -> Any:
    member = request.user.member
    if member is None or member.cell is None:
        raise DomainError("Tài khoản không gắn với đảng viên đang sinh hoạt.")
    return member


@router.get("/me/rating", response=MyRatingOut)
def my_rating(request: AuthedRequest) -> Any:
    member = _member(request)
    year = selectors.rating_year()
    rating = (
        QualityRating.objects.select_related("unit", "member")
        .filter(member=member, year=year)
        .first()
    )
    evidence = selectors.evidence_for([member], year)[member.pk]
    return {"year": year, "evidence": vars(evidence), "rating": _out(rating) if rating else None}


@router.put("/me/rating", response=RatingOut)
def self_assess(request: AuthedRequest, data: SelfAssessmentIn) -> Any:
    rating = services.rating_self_assess(
        member=_member(request), actor=request.user, year=selectors.rating_year(), **data.dict()
    )
    return _out(rating)


@router.get("/units/{unit_id}/ratings", response=list[RatingOut])
def unit_ratings(request: AuthedRequest, unit_id: uuid.UUID, year: int | None = None) -> Any:
    """Every rating of the year at or below the unit (at most 5,000; use the .xlsx export of
    the page for a whole province)."""
    unit = access_rating_unit(request.user, unit_id, "review")
    rows = selectors.results_below(unit, year or selectors.rating_year())[:5000]
    return [_out(r) for r in rows]
