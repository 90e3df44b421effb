"""API: conversations with unread counts, history pages, sending (idempotent by client id),
starting a direct conversation. Realtime delivery is the websocket at /ws/tin-nhan/."""

from __future__ import annotations

import uuid
from typing import Any

from ninja import Router, Schema, Status

from sotay.core.errors import DomainError
from sotay.core.views_helpers import AuthedRequest

from . import selectors, services
from .access import access_conversation, find_recipient

router = Router(tags=["tin nhắn"])


def _member(request: AuthedRequest) -> Any:
    if request.user.member is None:
        raise DomainError("Tài khoản không gắn với hồ sơ đảng viên.")
    return request.user.member


class ConversationOut(Schema):
    id: uuid.UUID
    kind: str
    title: str
    unread: int
    last_message: str


class MessageOut(Schema):
    id: int
    conversation: str
    client_id: str
    sender: str
    sender_id: str
    body: str
    hidden: bool
    hidden_reason: str
    attachment: str
    attachment_name: str
    attachment_type: str
    created_at: str


class MessageIn(Schema):
    client_id: uuid.UUID
    body: str


class DirectIn(Schema):
    who: str  # party card number or phone


@router.get("/conversations", response=list[ConversationOut], summary="Cuộc trò chuyện của tôi")
def conversation_list(request: AuthedRequest) -> Any:
    member = _member(request)
    services.ensure_groups(member)
    return [
        {
            "id": r.conversation.public_id,
            "kind": r.conversation.kind,
            "title": r.title,
            "unread": r.unread,
            "last_message": (r.last.body[:100] if r.last and not r.last.hidden_reason else ""),
        }
        for r in selectors.inbox(member)
    ]


@router.get(
    "/conversations/{conversation_id}/messages",
    response=list[MessageOut],
    summary="Tin nhắn (mới nhất, cũ hơn ``before``, hoặc mới hơn ``after``)",
)
def messages(
    request: AuthedRequest,
    conversation_id: uuid.UUID,
    before: int | None = None,
    after: int | None = None,
) -> Any:
    conversation = access_conversation(request.user, conversation_id)
    rows = selectors.history(conversation, before=before, after=after)
    return [services.payload(m, conversation) for m in rows]


@router.post(
    "/conversations/{conversation_id}/messages",
    response={201: MessageOut, 200: MessageOut},
    summary="Gửi tin nhắn (gửi lại cùng client_id không tạo bản sao)",
)
def send(request: AuthedRequest, conversation_id: uuid.UUID, payload: MessageIn) -> Any:
    conversation = access_conversation(request.user, conversation_id)
    message, created = services.send(
        member=_member(request),
        conversation=conversation,
        client_id=payload.client_id,
        body=payload.body,
    )
    return Status(201 if created else 200, services.payload(message, conversation))


@router.post("/conversations/direct", response={201: ConversationOut}, summary="Nhắn riêng")
def direct(request: AuthedRequest, payload: DirectIn) -> Any:
    member = _member(request)
    other = find_recipient(request.user, payload.who)
    if other is None:
        raise DomainError("Không tìm thấy đảng viên này trong phạm vi được nhắn tin.", field="who")
    conversation = services.direct(user=request.user, other=other)
    return Status(
        201,
        {
            "id": conversation.public_id,
            "kind": conversation.kind,
            "title": selectors.title_for(conversation, member),
            "unread": 0,
            "last_message": "",
        },
    )
