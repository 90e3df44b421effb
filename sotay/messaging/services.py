"""Writes of messaging: the groups, direct conversations, sending (once per client id), read
markers, reports and hiding. Every new or hidden message is broadcast after commit."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from sotay.core.cache import bump, forget_viewer
from sotay.core.errors import DomainError
from sotay.core.text import clean
from sotay.members.models import Member
from sotay.orgs.models import Organization

from .access import cells_of, committee_units, is_in, may_message, moderates
from .models import Conversation, Kind, Message, MessageReport, Participant

MAX_BODY = 4000


def group_name(conversation_id: int) -> str:
    return f"conv-{conversation_id}"


def member_group(member_id: int) -> str:
    return f"member-{member_id}"


def broadcast(group: str, event: dict[str, Any]) -> None:
    """Send to a channel-layer group (after commit; a missing layer is not an error)."""
    from asgiref.sync import async_to_sync
    from channels.layers import get_channel_layer

    layer = get_channel_layer()
    if layer is not None:
        async_to_sync(layer.group_send)(group, event)


def payload(message: Message, conversation: Conversation | None = None) -> dict[str, Any]:
    conv = conversation or message.conversation
    hidden = bool(message.hidden_reason)
    return {
        "id": message.pk,
        "conversation": str(conv.public_id),
        "client_id": str(message.client_id),
        "sender": message.sender.full_name,
        "sender_id": str(message.sender.public_id),
        "body": "" if hidden else message.body,
        "hidden": hidden,
        "hidden_reason": message.hidden_reason,
        "attachment": attachment_url(message) if message.attachment and not hidden else "",
        "attachment_name": message.attachment_name if not hidden else "",
        "attachment_type": message.attachment_type if not hidden else "",
        "created_at": timezone.localtime(message.created_at).isoformat(),
    }


def attachment_url(message: Message) -> str:
    """The access-checked address of a message's file (never the storage's own URL)."""
    return reverse("messaging:attachment", args=[message.pk])


def ensure_groups(member: Member) -> None:
    """The member's cell group(s) and committee group(s) exist."""
    for unit_id in cells_of(member):
        _group(Kind.CELL, unit_id)
    for unit_id in committee_units(member):
        _group(Kind.COMMITTEE, unit_id)


def _group(kind: str, unit_id: int) -> Conversation:
    found = Conversation.objects.filter(kind=kind, unit_id=unit_id).first()
    if found is not None:
        return found
    unit = Organization.objects.get(pk=unit_id)
    title = unit.name if kind == Kind.CELL else f"Cấp ủy {unit.name}"
    try:
        with transaction.atomic():
            return Conversation.objects.create(kind=kind, unit=unit, title=title)
    except IntegrityError:
        return Conversation.objects.get(kind=kind, unit_id=unit_id)


@transaction.atomic
def direct(*, user: Any, other: Member) -> Conversation:
    """The one direct conversation between the user and ``other`` (made on first use)."""
    sender: Member | None = getattr(user, "member", None)
    if sender is None:
        raise DomainError("Tài khoản không gắn với hồ sơ đảng viên.")
    if not may_message(user, sender, other):
        raise DomainError(
            "Đồng chí chỉ nhắn riêng được cho đảng viên cùng chi bộ; cấp ủy nhắn được cho đảng "
            "viên trong đơn vị mình phụ trách."
        )
    low, high = sorted((sender.pk, other.pk))
    key = f"{low}-{high}"
    found = Conversation.objects.filter(kind=Kind.DIRECT, direct_key=key).first()
    if found is not None:
        return found
    conversation = Conversation.objects.create(kind=Kind.DIRECT, direct_key=key, created_by=user)
    Participant.objects.bulk_create(
        [Participant(conversation=conversation, member=m) for m in (sender, other)]
    )
    pk, people = conversation.pk, [sender.pk, other.pk]

    def tell() -> None:  # both members' open connections join the new conversation
        for mid in people:
            broadcast(member_group(mid), {"type": "conversation.join", "id": pk})

    transaction.on_commit(tell)
    return conversation


def check_file(upload: Any) -> str:
    """The type of an attached image or document, within the size limit; else a clear refusal."""
    from sotay.content.files import IMAGE_SIGNATURES, check_size, inspect_document

    limit = int(getattr(settings, "SOTAY_MESSAGE_MAX_MB", 10)) * 1024 * 1024
    check_size(upload.size, limit)
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for signature, kind in IMAGE_SIGNATURES.items():
        if head.startswith(signature):
            return kind
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head.startswith((b"%PDF-", b"PK")):
        return inspect_document(upload).content_type
    raise DomainError("Chỉ gửi được ảnh (JPEG, PNG, WebP) hoặc tệp PDF, DOCX.", field="file")


def send(
    *,
    member: Member,
    conversation: Conversation,
    client_id: Any,
    body: str = "",
    upload: Any = None,
) -> tuple[Message, bool]:
    """Store and broadcast a message; the same ``client_id`` again returns the stored one
    (a device resending after a lost connection) — (message, created)."""
    try:
        key = uuid.UUID(str(client_id))
    except ValueError as exc:
        raise DomainError("Mã tin nhắn không hợp lệ.") from exc
    existing = Message.objects.filter(sender=member, client_id=key).first()
    if existing is not None:
        if existing.conversation_id != conversation.pk:
            raise DomainError("Mã tin nhắn đã dùng cho cuộc trò chuyện khác.")
        return existing, False
    if not is_in(member, conversation):
        raise DomainError("Đồng chí không ở trong cuộc trò chuyện này.")
    text = (body or "").strip()
    if len(text) > MAX_BODY:
        raise DomainError(
            f"Tin nhắn dài quá {MAX_BODY:,} ký tự; hãy chia thành nhiều tin.".replace(",", "."),
            field="body",
        )
    kind = check_file(upload) if upload is not None else ""
    if not text and upload is None:
        raise DomainError("Tin nhắn đang trống.", field="body")
    try:
        with transaction.atomic():
            message = Message.objects.create(
                conversation=conversation,
                sender=member,
                client_id=key,
                body=text,
                attachment=upload or "",
                attachment_name=(getattr(upload, "name", "") or "")[:200],
                attachment_type=kind,
            )
            Conversation.objects.filter(pk=conversation.pk).update(
                last_message_at=message.created_at
            )
            _read_upto(member, conversation, message.pk)
            bump("messages")  # the unread badges of the conversation's members
            event = {"type": "message.new", "message": payload(message, conversation)}
            group = group_name(conversation.pk)
            transaction.on_commit(lambda: broadcast(group, event))
    except IntegrityError:  # the same client id at the same moment from a second connection
        return Message.objects.get(sender=member, client_id=key), False
    return message, True


def _read_upto(member: Member, conversation: Conversation, message_id: int) -> None:
    forget_viewer(member.pk)
    stored = conversation.kind == Kind.DIRECT
    marker, _ = Participant.objects.get_or_create(
        conversation=conversation, member=member, defaults={"stored": stored}
    )
    if message_id > marker.last_read_id:
        Participant.objects.filter(pk=marker.pk, last_read_id__lt=message_id).update(
            last_read_id=message_id
        )


def mark_read(*, member: Member, conversation: Conversation, upto: int | None = None) -> None:
    if upto is None:
        upto = conversation.messages.aggregate(m=Max("id"))["m"] or 0
    _read_upto(member, conversation, upto)


@transaction.atomic
def report(*, member: Member, message: Message, reason: str) -> MessageReport:
    if not is_in(member, message.conversation):
        raise DomainError("Không tìm thấy tin nhắn.")
    if not clean(reason):
        raise DomainError("Hãy ghi lý do báo cáo.", field="reason")
    found, _ = MessageReport.objects.get_or_create(
        message=message, reporter=member, defaults={"reason": clean(reason)[:300]}
    )
    return found


@transaction.atomic
def hide(*, user: Any, message: Message, reason: str) -> Message:
    if not moderates(user, message.conversation, message.sender):
        raise DomainError("Đồng chí không có quyền ẩn tin nhắn này.")
    if not clean(reason):
        raise DomainError("Hãy ghi lý do ẩn tin nhắn.", field="reason")
    message.hidden_reason, message.hidden_by = clean(reason)[:300], user
    message.save(update_fields=["hidden_reason", "hidden_by"])
    MessageReport.objects.filter(message=message).update(handled=True)
    event = {"type": "message.new", "message": payload(message)}
    group = group_name(message.conversation_id)
    transaction.on_commit(lambda: broadcast(group, event))
    return message
