"""Who is in a conversation, who may message whom, who moderates — the one door for messaging.

- A cell's group: the cell's current members (and those temporarily attached to it).
- A committee's group: the holders of positions and staff roles at the unit.
- Direct conversations: their two stored participants.
- A member may message another member of the same cell; a committee member may message anyone
  in their subtree (and be answered); anything else only if the province allows it.
- The committee of the conversation's unit (for direct ones: of the sender's cell) moderates.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from sotay.core.access import Capability, ancestor_paths, can, grants, scope_paths
from sotay.members.models import Member

from .models import Conversation, Kind, MessagingPolicy, Participant

MODERATE = Capability.MEETINGS_MANAGE  # the committee that runs the cell moderates its talk


def _key(public_id: Any) -> uuid.UUID:
    try:
        return uuid.UUID(str(public_id))
    except ValueError as exc:
        raise Http404 from exc


def cells_of(member: Member) -> list[int]:
    return [c for c in (member.cell_id, getattr(member, "temporary_cell_id", None)) if c]


def committee_units(member: Member) -> list[int]:
    from sotay.orgs.models import Position, StaffRole

    today = timezone.localdate()
    ids: set[int] = set()
    for model in (Position, StaffRole):
        ids |= set(
            model.objects.active_on(today).filter(member=member).values_list("org_id", flat=True)
        )
    return sorted(ids)


def conversations_of(member: Member) -> QuerySet[Conversation]:
    return Conversation.objects.filter(
        Q(kind=Kind.CELL, unit_id__in=cells_of(member))
        | Q(kind=Kind.COMMITTEE, unit_id__in=committee_units(member))
        | Q(participants__member=member, participants__stored=True)
    ).distinct()


def is_in(member: Member, conversation: Conversation) -> bool:
    if conversation.kind == Kind.CELL:
        return conversation.unit_id in cells_of(member)
    if conversation.kind == Kind.COMMITTEE:
        return conversation.unit_id in committee_units(member)
    return Participant.objects.filter(
        conversation=conversation, member=member, stored=True
    ).exists()


def members_of(conversation: Conversation) -> QuerySet[Member]:
    if conversation.kind == Kind.CELL:
        return Member.objects.current().filter(
            Q(cell_id=conversation.unit_id) | Q(temporary_cell_id=conversation.unit_id)
        )
    if conversation.kind == Kind.COMMITTEE:
        from sotay.orgs.models import Position, StaffRole

        today = timezone.localdate()
        ids = set()
        for model in (Position, StaffRole):
            ids |= set(
                model.objects.active_on(today)
                .filter(org_id=conversation.unit_id)
                .values_list("member_id", flat=True)
            )
        return Member.objects.filter(pk__in=ids)
    return Member.objects.filter(
        pk__in=Participant.objects.filter(conversation=conversation, stored=True).values(
            "member_id"
        )
    )


def access_conversation(user: Any, public_id: Any) -> Conversation:
    member = getattr(user, "member", None)
    found = Conversation.objects.select_related("unit").filter(public_id=_key(public_id)).first()
    if found is None or member is None or not is_in(member, found):
        raise Http404("Không tìm thấy cuộc trò chuyện.")
    return found


def may_message(user: Any, sender: Member, other: Member) -> bool:
    """Whether ``sender`` may start a direct conversation with ``other``."""
    if other.pk == sender.pk:
        return False
    if set(cells_of(sender)) & set(cells_of(other)):
        return True
    if any(other.cell_path.startswith(p) for p in {g.path for g in grants(user)}):
        return True  # a committee member to its subtree
    # ...and a member may answer (write to) the committee members above their cell.
    if {g.org_id for g in _grants_of(other)} & set(_unit_ids(ancestor_paths(sender.cell_path))):
        return True
    policy = MessagingPolicy.objects.filter(province__path=sender.cell_path[:4]).first()
    return bool(policy and policy.allow_any and other.cell_path[:4] == sender.cell_path[:4])


def _grants_of(member: Member) -> list[Any]:
    from sotay.orgs.models import Position, StaffRole

    today = timezone.localdate()
    out: list[Any] = []
    for model in (Position, StaffRole):
        out += list(model.objects.active_on(today).filter(member=member))
    return out


def _unit_ids(paths: list[str]) -> list[int]:
    from sotay.orgs.models import Organization

    return list(Organization.objects.filter(path__in=paths).values_list("pk", flat=True))


def moderates(user: Any, conversation: Conversation, sender: Member | None = None) -> bool:
    if conversation.unit_id is not None:
        return can(user, MODERATE, conversation.unit)
    if sender is not None:
        return any(sender.cell_path.startswith(p) for p in scope_paths(user, MODERATE))
    return False


def find_recipient(user: Any, query: str) -> Member | None:
    """A member by party card number or phone, among those the user may message."""
    from sotay.core.text import normalize_phone

    query = (query or "").strip()
    if not query:
        return None
    phone = normalize_phone(query)
    found = (
        Member.objects.current()
        .filter(Q(party_card_number=query) | (Q(phone=phone) if phone else Q(pk__in=[])))
        .first()
    )
    sender = getattr(user, "member", None)
    if found is None or sender is None or not may_message(user, sender, found):
        return None
    return found


def access_message(user: Any, message_id: Any) -> Any:
    """A message in one of the user's conversations, or one the user moderates."""
    from .models import Message

    try:
        pk = int(message_id)
    except (TypeError, ValueError) as exc:
        raise Http404 from exc
    found = Message.objects.select_related("conversation__unit", "sender").filter(pk=pk).first()
    member = getattr(user, "member", None)
    if found is None:
        raise Http404("Không tìm thấy tin nhắn.")
    if member is not None and is_in(member, found.conversation):
        return found
    if moderates(user, found.conversation, found.sender):
        return found
    raise Http404("Không tìm thấy tin nhắn.")
