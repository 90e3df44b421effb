"""Reads of messaging: my conversations with unread counts, history pages, reports to handle."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max, Q

from sotay.core.cache import for_viewer
from sotay.members.models import Member

from .access import conversations_of, members_of
from .models import Conversation, Kind, Message, MessageReport, Participant

PAGE = 30


@dataclass
class InboxRow:
    conversation: Conversation
    title: str
    last: Message | None
    unread: int


def inbox(member: Member) -> list[InboxRow]:
    """The member's conversations, newest first, with the last message and the unread count —
    a fixed handful of queries however many conversations there are."""
    conversations = list(conversations_of(member).order_by("-last_message_at", "-id"))
    ids = [c.pk for c in conversations]
    markers = dict(
        Participant.objects.filter(member=member, conversation_id__in=ids).values_list(
            "conversation_id", "last_read_id"
        )
    )
    newest = dict(
        Message.objects.filter(conversation_id__in=ids)
        .order_by()
        .values("conversation_id")
        .annotate(m=Max("id"))
        .values_list("conversation_id", "m")
    )
    last = Message.objects.select_related("sender").in_bulk(list(newest.values()))
    unread_q = Q(pk__in=[])
    for c in ids:
        unread_q |= Q(conversation_id=c, id__gt=markers.get(c, 0))
    unread = dict(
        Message.objects.filter(unread_q)
        .exclude(sender=member)
        .order_by()
        .values("conversation_id")
        .annotate(n=Count("id"))
        .values_list("conversation_id", "n")
    )
    others = {
        p.conversation_id: p.member.full_name
        for p in Participant.objects.filter(
            conversation_id__in=[c.pk for c in conversations if c.kind == Kind.DIRECT]
        )
        .exclude(member=member)
        .select_related("member")
    }
    return [
        InboxRow(
            c,
            others.get(c.pk, "Tin nhắn riêng")
            if c.kind == Kind.DIRECT
            else c.title or c.get_kind_display(),
            last.get(newest.get(c.pk, 0)),
            unread.get(c.pk, 0),
        )
        for c in conversations
    ]


def unread_total(member: Member) -> int:
    """Unread messages for the badge; cached until a message is posted anywhere or the member
    reads one (core.cache)."""
    return for_viewer("messages", member.pk, [], lambda: sum(r.unread for r in inbox(member)))


def title_for(conversation: Conversation, member: Member) -> str:
    if conversation.kind == Kind.DIRECT:
        other = (
            Participant.objects.filter(conversation=conversation)
            .exclude(member=member)
            .select_related("member")
            .first()
        )
        return other.member.full_name if other else "Tin nhắn riêng"
    return conversation.title or conversation.get_kind_display()


def history(
    conversation: Conversation, before: int | None = None, after: int | None = None
) -> list[Message]:
    """A page of messages, oldest first: the newest page, older than ``before``, or everything
    newer than ``after`` (what a device missed while offline)."""
    qs = conversation.messages.select_related("sender")
    if after is not None:
        return list(qs.filter(id__gt=after).order_by("id")[:500])
    if before is not None:
        qs = qs.filter(id__lt=before)
    return list(reversed(qs.order_by("-id")[:PAGE]))


def people(conversation: Conversation) -> int:
    return members_of(conversation).count()


def open_reports(user: Any) -> list[MessageReport]:
    """Reports on messages the user may hide (their units' groups and members)."""
    from sotay.core.access import scope_paths

    from .access import MODERATE

    paths = scope_paths(user, MODERATE)
    if not paths:
        return []
    q = Q()
    for p in paths:
        q |= Q(message__conversation__unit__path__startswith=p) | Q(
            message__conversation__unit__isnull=True, message__sender__cell_path__startswith=p
        )
    return list(
        MessageReport.objects.filter(q, handled=False)
        .select_related("message__sender", "message__conversation", "reporter")
        .order_by("-created_at")[:100]
    )
