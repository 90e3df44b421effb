"""API: a member's meetings, the materials and draft with their comments, and the card."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.urls import reverse
from ninja import Router, Schema, Status

from sotay.core.errors import DomainError
from sotay.core.views_helpers import AuthedRequest

from . import selectors, services
from .access import access_meeting, is_member_of, meetings_of_member

router = Router(tags=["sinh hoạt chi bộ"])


class MeetingOut(Schema):
    id: uuid.UUID
    kind: str
    title: str
    topic: str
    starts_at: dt.datetime
    place: str
    online_link: str
    status: str
    draft_posted: bool
    url: str


class MeetingCommentOut(Schema):
    id: uuid.UUID
    paragraph_key: str
    text: str
    during_meeting: bool
    decision: str
    response: str
    created_at: dt.datetime


class MeetingParagraphOut(Schema):
    key: str
    position: int
    text: str
    my_comments: list[MeetingCommentOut]


class MaterialOut(Schema):
    id: uuid.UUID
    title: str
    number: str
    url: str


class MeetingDetailOut(MeetingOut):
    agenda: str
    materials: list[MaterialOut]
    paragraphs: list[MeetingParagraphOut]
    my_general_comments: list[MeetingCommentOut]
    resolution: str


class MeetingCommentIn(Schema):
    text: str
    paragraph_key: str = ""


class CardOut(Schema):
    code: str
    card_number: str
    full_name: str
    cell: str
    public_key_url: str


def _meeting(m: Any) -> dict[str, Any]:
    return {
        "id": m.public_id,
        "kind": m.kind,
        "title": m.title,
        "topic": m.topic,
        "starts_at": m.starts_at,
        "place": m.place,
        "online_link": m.online_link,
        "status": m.status,
        "draft_posted": m.draft_posted_at is not None,
        "url": reverse("meetings:detail", args=[m.public_id]),
    }


def _comment(c: Any) -> dict[str, Any]:
    return {
        "id": c.public_id,
        "paragraph_key": c.paragraph_key,
        "text": c.text,
        "during_meeting": c.during_meeting,
        "decision": c.decision,
        "response": c.response,
        "created_at": c.created_at,
    }


@router.get("/meetings", response=list[MeetingOut], summary="Các buổi sinh hoạt của chi bộ tôi")
def meeting_list(request: AuthedRequest) -> Any:
    return [_meeting(m) for m in meetings_of_member(request.user).order_by("-starts_at")[:24]]


@router.get(
    "/meetings/{meeting_id}", response=MeetingDetailOut, summary="Tài liệu, dự thảo, góp ý của tôi"
)
def meeting_detail(request: AuthedRequest, meeting_id: uuid.UUID) -> Any:
    meeting = access_meeting(request.user, meeting_id)
    member = request.user.member
    paragraphs, general, _ = selectors.draft_with_comments(meeting, member.pk if member else -1)
    minutes = getattr(meeting, "minutes", None) if meeting.status == "published" else None
    return {
        **_meeting(meeting),
        "agenda": meeting.agenda,
        "materials": [
            {
                "id": i.public_id,
                "title": i.title,
                "number": i.number,
                "url": reverse("content:item", args=[i.public_id]),
            }
            for i in meeting.materials.filter(status="published")
        ],
        "paragraphs": [
            {
                "key": p.key,
                "position": p.position,
                "text": p.text,
                "my_comments": [_comment(c) for c in p.comments],
            }
            for p in paragraphs
        ],
        "my_general_comments": [_comment(c) for c in general],
        "resolution": minutes.resolution if minutes else "",
    }


@router.post(
    "/meetings/{meeting_id}/comments", response={201: MeetingCommentOut}, summary="Góp ý dự thảo"
)
def comment_add(request: AuthedRequest, meeting_id: uuid.UUID, payload: MeetingCommentIn) -> Any:
    meeting = access_meeting(request.user, meeting_id)
    member = request.user.member
    if member is None or not is_member_of(request.user, meeting):
        raise DomainError("Chỉ đảng viên của chi bộ mới góp ý dự thảo này.")
    comment = services.comment_add(
        member=member, meeting=meeting, text=payload.text, paragraph_key=payload.paragraph_key
    )
    return Status(201, _comment(comment))


@router.get("/card", response=CardOut, summary="Thẻ đảng viên điện tử (mã QR đã ký)")
def my_card(request: AuthedRequest) -> Any:
    from sotay.identity.services import card_code

    member = request.user.member
    if member is None:
        raise DomainError("Tài khoản không gắn với hồ sơ đảng viên.")
    return {
        "code": card_code(member),
        "card_number": member.party_card_number or "",
        "full_name": member.full_name,
        "cell": member.cell.name if member.cell else "",
        "public_key_url": reverse("identity:public_key"),
    }
