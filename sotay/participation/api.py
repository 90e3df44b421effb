"""API: surveys (questions, answering, results), consultations (paragraphs, comments,
decisions), and inquiries (send, list, answer, FAQ)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from ninja import Router, Schema, Status

from sotay.core.errors import DomainError
from sotay.core.views_helpers import AuthedRequest

from . import selectors
from .access import (
    access_comment,
    access_consultation,
    access_inquiry,
    access_survey,
    consultations_visible_to,
    faq_visible_to,
    in_audience,
    inquiries_manageable_by,
    inquiries_of,
    inquiry_targets,
    surveys_visible_to,
)
from .services import consultations, inquiries, surveys

router = Router(tags=["ý kiến, hỏi đáp"])


def _member(request: AuthedRequest) -> Any:
    if request.user.member is None:
        raise DomainError("Tài khoản không gắn với hồ sơ đảng viên.")
    return request.user.member


class SurveyOut(Schema):
    id: uuid.UUID
    title: str
    anonymous: bool
    opens_at: dt.datetime
    closes_at: dt.datetime
    phase: str
    answered: bool


class ChoiceOut(Schema):
    key: str
    text: str


class SurveyQuestionOut(Schema):
    key: str
    position: int
    kind: str
    text: str
    required: bool
    options: list[ChoiceOut]
    rows: list[ChoiceOut]
    scale_min: int
    scale_max: int
    show_if: dict[str, Any]


class SurveyDetailOut(SurveyOut):
    intro: str
    questions: list[SurveyQuestionOut]


class AnswerIn(Schema):
    answers: dict[str, Any]
    receipt: str = ""


class SurveyAnswerOut(Schema):
    edited: bool
    receipt: str  # anonymous surveys: keep it on the device to edit the answer later


def _survey(s: Any, answered: set[int]) -> dict[str, Any]:
    return {
        "id": s.public_id,
        "title": s.title,
        "anonymous": s.anonymous,
        "opens_at": s.opens_at,
        "closes_at": s.closes_at,
        "phase": s.phase,
        "answered": s.pk in answered,
    }


@router.get("/surveys", response=list[SurveyOut], summary="Khảo sát gửi tới tôi")
def survey_list(request: AuthedRequest) -> Any:
    member = _member(request)
    found = [s for s in surveys_visible_to(request.user)[:50] if in_audience(member, s)]
    answered = selectors.answered_surveys(member, found)
    return [_survey(s, answered) for s in found]


@router.get("/surveys/{survey_id}", response=SurveyDetailOut, summary="Một khảo sát")
def survey_detail(request: AuthedRequest, survey_id: uuid.UUID) -> Any:
    survey = access_survey(request.user, survey_id)
    answered = selectors.answered_surveys(request.user.member, [survey])
    return {
        **_survey(survey, answered),
        "intro": survey.intro,
        "questions": list(survey.questions.all()),
    }


@router.post(
    "/surveys/{survey_id}/responses",
    response=SurveyAnswerOut,
    summary="Trả lời (hoặc sửa câu trả lời) khảo sát",
)
def survey_answer(request: AuthedRequest, survey_id: uuid.UUID, payload: AnswerIn) -> Any:
    survey = access_survey(request.user, survey_id)
    done = surveys.survey_answer(
        member=_member(request), survey=survey, answers=payload.answers, receipt=payload.receipt
    )
    return {"edited": done.edited, "receipt": done.receipt}


class BarOut(Schema):
    label: str
    count: int
    percent: int


class RowOut(Schema):
    label: str
    bars: list[BarOut]


class QuestionResultOut(Schema):
    key: str
    text: str
    kind: str
    answered: int
    bars: list[BarOut]
    rows: list[RowOut]
    average: float | None
    texts: list[str]


class ResultsOut(Schema):
    responses: int
    hidden: bool
    pending: int
    questions: list[QuestionResultOut]


@router.get("/surveys/{survey_id}/results", response=ResultsOut, summary="Kết quả (cấp ủy)")
def survey_results(request: AuthedRequest, survey_id: uuid.UUID) -> Any:
    survey = access_survey(request.user, survey_id, manage=True)
    r = selectors.survey_results(survey, survey.audience)
    return {
        "responses": r.responses,
        "hidden": r.hidden,
        "pending": r.pending,
        "questions": [
            {
                "key": q.question.key,
                "text": q.question.text,
                "kind": q.question.kind,
                "answered": q.answered,
                "bars": q.bars,
                "rows": q.rows,
                "average": q.average,
                "texts": q.texts,
            }
            for q in ([] if r.hidden else r.questions)
        ],
    }


class ConsultationOut(Schema):
    id: uuid.UUID
    title: str
    summary: str
    closes_at: dt.datetime
    phase: str


class ConsultationCommentOut(Schema):
    id: uuid.UUID
    author: str
    text: str
    paragraph_key: str
    decision: str
    response: str
    hidden: bool


class ConsultationParagraphOut(Schema):
    key: str
    heading: bool
    text: str
    comments: list[ConsultationCommentOut]


class DraftOut(ConsultationOut):
    version: int
    paragraphs: list[ConsultationParagraphOut]
    general: list[ConsultationCommentOut]


class ConsultationCommentIn(Schema):
    text: str
    paragraph_key: str = ""


class DecisionIn(Schema):
    decision: str
    response: str = ""


def _comment(c: Any) -> dict[str, Any]:
    return {
        "id": c.public_id,
        "author": c.member.full_name,
        "text": "" if c.hidden else c.text,
        "paragraph_key": c.paragraph_key,
        "decision": c.decision,
        "response": c.response,
        "hidden": c.hidden,
    }


@router.get("/consultations", response=list[ConsultationOut], summary="Dự thảo lấy ý kiến")
def consultation_list(request: AuthedRequest) -> Any:
    return [
        {
            "id": c.public_id,  # the public id, never the integer key
            "title": c.title,
            "summary": c.summary,
            "closes_at": c.closes_at,
            "phase": c.phase,
        }
        for c in consultations_visible_to(request.user)[:50]
    ]


@router.get("/consultations/{consultation_id}", response=DraftOut, summary="Dự thảo và góp ý")
def consultation_detail(request: AuthedRequest, consultation_id: uuid.UUID) -> Any:
    consultation = access_consultation(request.user, consultation_id)
    member = request.user.member
    view = selectors.draft_view(
        consultation, with_hidden=False, member_id=member.pk if member else None
    )
    return {
        "id": consultation.public_id,
        "title": consultation.title,
        "summary": consultation.summary,
        "closes_at": consultation.closes_at,
        "phase": consultation.phase,
        "version": view.version.number if view.version else 0,
        "paragraphs": [
            {
                "key": p.paragraph.key,
                "heading": p.paragraph.heading,
                "text": p.paragraph.text,
                "comments": [_comment(c) for c in p.comments],
            }
            for p in view.paragraphs
        ],
        "general": [_comment(c) for c in view.whole],
    }


@router.post(
    "/consultations/{consultation_id}/comments",
    response={201: ConsultationCommentOut},
    summary="Góp ý",
)
def comment_add(
    request: AuthedRequest, consultation_id: uuid.UUID, payload: ConsultationCommentIn
) -> Any:
    consultation = access_consultation(request.user, consultation_id)
    comment = consultations.comment_add(
        member=_member(request),
        consultation=consultation,
        text=payload.text,
        paragraph_key=payload.paragraph_key,
    )
    return Status(201, _comment(comment))


@router.post(
    "/consultation-comments/{comment_id}/decision",
    response=ConsultationCommentOut,
    summary="Tiếp thu / giải trình / không tiếp thu (cấp ủy)",
)
def comment_decide(request: AuthedRequest, comment_id: uuid.UUID, payload: DecisionIn) -> Any:
    comment = access_comment(request.user, comment_id)
    return _comment(
        consultations.comment_decide(
            user=request.user,
            comment=comment,
            decision=payload.decision,
            response=payload.response,
        )
    )


class InquiryIn(Schema):
    to: uuid.UUID
    kind: str
    subject: str
    body: str
    public_consent: bool = False


class InquiryOut(Schema):
    id: uuid.UUID
    kind: str
    subject: str
    body: str
    addressed_to: str
    handled_by: str
    status: str
    due_at: dt.datetime
    escalations: int
    answer: str
    answered_at: dt.datetime | None


class AnswerTextIn(Schema):
    answer: str


class FaqOut(Schema):
    question: str
    answer: str
    unit: str
    published_at: dt.datetime


def _inquiry(i: Any) -> dict[str, Any]:
    return {
        "id": i.public_id,
        "kind": i.kind,
        "subject": i.subject,
        "body": i.body,
        "addressed_to": i.addressed_to.name,
        "handled_by": i.unit.name,
        "status": i.status,
        "due_at": i.due_at,
        "escalations": i.escalations,
        "answer": i.answer,
        "answered_at": i.answered_at,
    }


@router.get("/inquiries", response=list[InquiryOut], summary="Câu hỏi tôi đã gửi")
def inquiry_list(request: AuthedRequest) -> Any:
    return [
        _inquiry(i) for i in inquiries_of(request.user).select_related("unit", "addressed_to")[:100]
    ]


@router.get("/inquiries/queue", response=list[InquiryOut], summary="Câu hỏi chờ cấp ủy trả lời")
def inquiry_queue(request: AuthedRequest) -> Any:
    queue = inquiries_manageable_by(request.user).filter(status="open").order_by("due_at")
    return [_inquiry(i) for i in queue.select_related("unit", "addressed_to")[:200]]


@router.post("/inquiries", response={201: InquiryOut}, summary="Gửi câu hỏi, phản ánh, kiến nghị")
def inquiry_send(request: AuthedRequest, payload: InquiryIn) -> Any:
    member = _member(request)
    to = inquiry_targets(member).filter(public_id=payload.to).first()
    if to is None:
        raise DomainError("Chỉ gửi tới chi bộ của đồng chí hoặc cấp ủy cấp trên.", field="to")
    inquiry = inquiries.inquiry_send(
        member=member,
        to=to,
        kind=payload.kind,
        subject=payload.subject,
        body=payload.body,
        public_consent=payload.public_consent,
    )
    return Status(201, _inquiry(inquiry))


@router.post("/inquiries/{inquiry_id}/answer", response=InquiryOut, summary="Trả lời (cấp ủy)")
def inquiry_answer(request: AuthedRequest, inquiry_id: uuid.UUID, payload: AnswerTextIn) -> Any:
    inquiry = access_inquiry(request.user, inquiry_id, manage=True)
    return _inquiry(
        inquiries.inquiry_answer(user=request.user, inquiry=inquiry, answer=payload.answer)
    )


@router.get("/faq", response=list[FaqOut], summary="Hỏi đáp thường gặp")
def faq(request: AuthedRequest) -> Any:
    return [
        {
            "question": e.faq_question,
            "answer": e.answer,
            "unit": e.unit.name,
            "published_at": e.faq_published_at,
        }
        for e in faq_visible_to(request.user).select_related("unit")[:200]
    ]
