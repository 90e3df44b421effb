"""API: my programmes, attempts (start, autosave, submit), points and rankings."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from ninja import Router, Schema

from sotay.core.errors import DomainError
from sotay.core.views_helpers import AuthedRequest

from . import points, selectors, services
from .access import access_attempt, access_programme, programmes_visible_to

router = Router(tags=["học tập"])


class ProgrammeOut(Schema):
    id: uuid.UUID
    kind: str
    title: str
    starts_on: dt.date
    ends_on: dt.date
    question_count: int
    time_limit_minutes: int
    max_attempts: int
    passed: bool
    attempts: int


class OptionOut(Schema):
    key: str
    text: str


class QuestionOut(Schema):
    id: int
    kind: str
    text: str
    options: list[OptionOut]
    given: list[str]


class AttemptOut(Schema):
    id: uuid.UUID
    status: str
    deadline: dt.datetime
    token: str
    score: int
    max_score: int
    passed: bool
    questions: list[QuestionOut]


class AnswersIn(Schema):
    answers: dict[str, list[str]]
    token: str = ""


class RankOut(Schema):
    rank: int
    label: str
    points: float


def _attempt(attempt: Any) -> dict[str, Any]:
    return {
        "id": attempt.public_id,
        "status": attempt.status,
        "deadline": attempt.deadline,
        "token": attempt.token if attempt.status == "in_progress" else "",
        "score": attempt.score,
        "max_score": attempt.max_score,
        "passed": attempt.passed,
        "questions": [
            {
                "id": i.version.pk,
                "kind": i.kind,
                "text": i.version.text,
                "options": i.options,
                "given": i.given,
            }
            for i in selectors.paper(attempt)
        ],
    }


def _member(request: AuthedRequest) -> Any:
    if request.user.member is None:
        raise DomainError("Tài khoản không gắn với hồ sơ đảng viên.")
    return request.user.member


@router.get(
    "/study/programmes", response=list[ProgrammeOut], summary="Chương trình học tập của tôi"
)
def programme_list(request: AuthedRequest) -> Any:
    programmes = list(programmes_visible_to(request.user).order_by("-starts_on")[:50])
    started, passed = selectors.my_status(request.user, programmes)
    return [
        {
            "id": p.public_id,
            "kind": p.kind,
            "title": p.title,
            "starts_on": p.starts_on,
            "ends_on": p.ends_on,
            "question_count": p.question_count,
            "time_limit_minutes": p.time_limit_minutes,
            "max_attempts": p.max_attempts,
            "passed": p.pk in passed,
            "attempts": len(selectors.my_attempts(request.user, p)) if p.pk in started else 0,
        }
        for p in programmes
    ]


@router.post(
    "/study/programmes/{programme_id}/attempts",
    response=AttemptOut,
    summary="Bắt đầu hoặc làm tiếp",
)
def attempt_start(request: AuthedRequest, programme_id: uuid.UUID) -> Any:
    programme = access_programme(request.user, programme_id)
    return _attempt(services.attempt_start(member=_member(request), programme=programme))


@router.put(
    "/study/attempts/{attempt_id}", response=AttemptOut, summary="Lưu câu trả lời (tự động)"
)
def attempt_save(request: AuthedRequest, attempt_id: uuid.UUID, payload: AnswersIn) -> Any:
    attempt = access_attempt(request.user, attempt_id)
    return _attempt(
        services.attempt_save(member=_member(request), attempt=attempt, answers=payload.answers)
    )


@router.post("/study/attempts/{attempt_id}/submit", response=AttemptOut, summary="Nộp bài")
def attempt_submit(request: AuthedRequest, attempt_id: uuid.UUID, payload: AnswersIn) -> Any:
    attempt = access_attempt(request.user, attempt_id)
    done = services.attempt_submit(
        member=_member(request), attempt=attempt, token=payload.token, answers=payload.answers
    )
    return _attempt(done)


@router.get("/study/points", response=dict, summary="Điểm của tôi")
def my_points(request: AuthedRequest) -> Any:
    member = _member(request)
    return {
        "year": points.total(member, selectors.period_start("nam")),
        "month": points.total(member, selectors.period_start("thang")),
        "all": points.total(member),
    }


@router.get("/study/rankings", response=list[RankOut], summary="Xếp hạng (theo quy định của tỉnh)")
def rankings(request: AuthedRequest, period: str = "thang") -> Any:
    member = _member(request)
    key = selectors.period_key(period)
    visibility = selectors.ranking_visibility(member)
    if visibility == "units":
        province, _ = selectors.ranking_scopes(member)
        return selectors.unit_ranking(province, key) if province else []
    scope = member.cell_path[:4] if visibility == "public" else member.cell_path
    return selectors.member_ranking(scope, key)
