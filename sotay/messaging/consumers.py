"""The websocket of messaging: one connection per open app, joined to every conversation of the
member; sends go through the same service as HTTP (so a resent client id is stored once)."""

from __future__ import annotations

from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from sotay.core.errors import DomainError


class ChatConsumer(AsyncJsonWebsocketConsumer):  # type: ignore[misc]
    async def connect(self) -> None:
        user = self.scope.get("user")
        session = self.scope.get("session")
        second_factor = bool(session and session.get("sotay_second_factor"))
        self.member = await database_sync_to_async(_member)(user, second_factor)
        if self.member is None:
            await self.close(code=4401)
            return
        self.groups_joined: set[str] = set()
        for group in await database_sync_to_async(_groups)(self.member):
            await self._join(group)
        await self.accept()

    async def _join(self, group: str) -> None:
        if group not in self.groups_joined:
            await self.channel_layer.group_add(group, self.channel_name)
            self.groups_joined.add(group)

    async def disconnect(self, code: int) -> None:
        for group in getattr(self, "groups_joined", set()):
            await self.channel_layer.group_discard(group, self.channel_name)

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        if not isinstance(content, dict):
            return
        kind = content.get("type")
        if kind == "send":
            reply = await database_sync_to_async(_send)(self.scope["user"], self.member, content)
            await self.send_json(reply)
        elif kind == "read":
            await database_sync_to_async(_read)(self.scope["user"], self.member, content)
        elif kind == "ping":
            await self.send_json({"type": "pong"})

    async def message_new(self, event: dict[str, Any]) -> None:
        await self.send_json({"type": "message", "message": event["message"]})

    async def conversation_join(self, event: dict[str, Any]) -> None:
        from .services import group_name

        await self._join(group_name(event["id"]))


def _member(user: Any, second_factor: bool) -> Any:
    """The signed-in member, unless the session still owes the second factor that the
    account's committee role needs (the HTTP side sends it to the code page)."""
    from sotay.members.accounts import needs_second_factor

    if user is None or not getattr(user, "is_authenticated", False):
        return None
    if not second_factor and needs_second_factor(user):
        return None
    return getattr(user, "member", None)


def _groups(member: Any) -> list[str]:
    from .access import conversations_of
    from .services import ensure_groups, group_name, member_group

    ensure_groups(member)
    ids = list(conversations_of(member).values_list("pk", flat=True))
    return [member_group(member.pk), *(group_name(i) for i in ids)]


def _send(user: Any, member: Any, content: dict[str, Any]) -> dict[str, Any]:
    from django.http import Http404

    from . import services
    from .access import access_conversation

    client_id = str(content.get("client_id", ""))
    try:
        conversation = access_conversation(user, content.get("conversation"))
        message, created = services.send(
            member=member,
            conversation=conversation,
            client_id=client_id,
            body=str(content.get("body", "")),
        )
    except Http404:
        return {
            "type": "error",
            "client_id": client_id,
            "message": "Không tìm thấy cuộc trò chuyện.",
        }
    except DomainError as exc:
        return {"type": "error", "client_id": client_id, "message": exc.message}
    return {"type": "ack", "client_id": client_id, "id": message.pk, "created": created}


def _read(user: Any, member: Any, content: dict[str, Any]) -> None:
    from django.http import Http404

    from . import services
    from .access import access_conversation

    try:
        conversation = access_conversation(user, content.get("conversation"))
        services.mark_read(member=member, conversation=conversation, upto=int(content.get("id", 0)))
    except (Http404, ValueError, TypeError):
        return
