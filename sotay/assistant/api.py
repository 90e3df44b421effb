"""API: ask the assistant."""

from __future__ import annotations

from typing import Any

from ninja import Router, Schema

from sotay.core.errors import DomainError
from sotay.core.views_helpers import AuthedRequest

from .engine import MAX_QUESTION, ask, paths_for

router = Router(tags=["trợ lý"])


class AskIn(Schema):
    question: str


class CitationOut(Schema):
    document_number: str
    document_title: str
    article: str
    url: str


class AnswerOut(Schema):
    answer: str
    citations: list[CitationOut]
    declined: bool


@router.post("/assistant/ask", response=AnswerOut, summary="Hỏi trợ lý Điều lệ, quy định")
def assistant_ask(request: AuthedRequest, payload: AskIn) -> Any:
    """Answers only from the documents the member can read and the published FAQ, always with
    the document number and article; ``declined`` when nothing in them answers."""
    if len(payload.question) > MAX_QUESTION:
        raise DomainError("Câu hỏi dài quá 500 ký tự; hãy hỏi ngắn gọn hơn.", field="question")
    return ask(payload.question, paths=paths_for(request.user)).as_dict()
