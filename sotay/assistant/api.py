"""API: ask the assistant."""

from __future__ import annotations

from typing import Any

from ninja import File, Router, Schema
from ninja.files import UploadedFile

from sotay.core.errors import DomainError
from sotay.core.views_helpers import AuthedRequest

from .engine import MAX_QUESTION, paths_for, respond

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
    quoted: str
    rephrased: bool


@router.post("/assistant/ask", response=AnswerOut, summary="Hỏi trợ lý Điều lệ, quy định")
def assistant_ask(request: AuthedRequest, payload: AskIn) -> Any:
    """Answers only from the documents the member can read and the published FAQ, always with
    the document number and article; ``declined`` when nothing in them answers."""
    if len(payload.question) > MAX_QUESTION:
        raise DomainError("Câu hỏi dài quá 500 ký tự; hãy hỏi ngắn gọn hơn.", field="question")
    return respond(payload.question, paths=paths_for(request.user)).as_dict()


class TranscriptOut(Schema):
    text: str


@router.post("/speech/transcribe", response=TranscriptOut, summary="Nhận giọng nói (máy chủ)")
def speech_transcribe(request: AuthedRequest, audio: UploadedFile = File(...)) -> Any:  # noqa: B008
    """Text of a short recording (field ``audio``: WebM/Opus, Ogg, WAV, MP4; at most 2 MB) for
    phones whose browser cannot recognise speech. Off unless the operator set a model
    (``SOTAY_STT_MODEL_DIR``); the recording is not stored."""
    from .speech import recognition

    if audio.size is not None and audio.size > recognition.MAX_BYTES:
        raise DomainError("Đoạn ghi âm quá lớn (tối đa 2 MB); hãy nói ngắn gọn hơn.", field="audio")
    return {"text": recognition.transcribe(audio.read())}
