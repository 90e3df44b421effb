"""Messaging: who may write to whom, one message per client id, the cell group following the
roster, hostile input and files, reports and hiding — and the real websocket consumer."""

import datetime as dt
import os
import uuid

import pytest
from asgiref.sync import async_to_sync
from asgiref.testing import ApplicationCommunicator
from django.core.files.uploadedfile import SimpleUploadedFile

from sotay.conftest import Personas, Tree, make_member, make_user, signed_in
from sotay.core.errors import DomainError
from sotay.messaging import selectors, services
from sotay.messaging.models import Conversation, Message


def _cell_group(member) -> Conversation:  # noqa: ANN001
    services.ensure_groups(member)
    return Conversation.objects.get(kind="cell", unit_id=member.cell_id)


def test_cell_group_follows_the_roster(personas: Personas, tree: Tree) -> None:
    """A transfer through the members app moves the member between cell groups by itself."""
    from sotay.members.services import transfer_accept, transfer_send
    from sotay.messaging.access import is_in

    group = _cell_group(personas.member.member)
    newcomer = make_member(tree.c1, "Sắp chuyển đi")
    assert is_in(newcomer, group) and not is_in(personas.outsider.member, group)
    transfer = transfer_send(
        member=newcomer,
        to_cell=tree.c2,
        kind="official",
        reason="Chuyển nơi ở",
        actor=personas.committee,
    )
    transfer_accept(transfer=transfer, actor=personas.committee)
    newcomer.refresh_from_db()
    assert not is_in(newcomer, group)
    assert is_in(newcomer, _cell_group(newcomer))


def test_send_once_per_client_id_and_unread(personas: Personas, tree: Tree) -> None:
    sender = personas.member.member
    other = make_member(tree.c1, "Người nhận")
    group = _cell_group(sender)
    key = uuid.uuid4()
    first, created = services.send(
        member=sender, conversation=group, client_id=key, body="Chào chi bộ"
    )
    again, created_again = services.send(
        member=sender, conversation=group, client_id=key, body="Chào chi bộ"
    )
    assert created and not created_again and first.pk == again.pk
    assert Message.objects.count() == 1
    row = next(r for r in selectors.inbox(other) if r.conversation == group)
    assert row.unread == 1
    home = signed_in(personas.committee).get("/").content.decode()  # same cell: the home tile
    assert 'data-testid="unread-messages" aria-label="1 tin chưa đọc"' in home
    services.mark_read(member=other, conversation=group)
    assert next(r for r in selectors.inbox(other) if r.conversation == group).unread == 0


def test_scope_forged_ids_and_bad_input(personas: Personas, tree: Tree) -> None:
    member = personas.member.member
    with pytest.raises(DomainError, match="chỉ nhắn riêng"):
        services.direct(user=personas.member, other=personas.outsider.member)
    outsider_group = _cell_group(personas.outsider.member)
    with pytest.raises(DomainError, match="không ở trong"):
        services.send(member=member, conversation=outsider_group, client_id=uuid.uuid4(), body="x")
    group = _cell_group(member)
    with pytest.raises(DomainError, match="dài quá"):
        services.send(member=member, conversation=group, client_id=uuid.uuid4(), body="x" * 5000)
    big = SimpleUploadedFile("anh.png", b"\x89PNG\r\n\x1a\n" + b"0" * (11 * 1024 * 1024))
    with pytest.raises(DomainError, match="quá lớn"):
        services.send(member=member, conversation=group, client_id=uuid.uuid4(), upload=big)
    exe = SimpleUploadedFile("virus.png", b"MZ\x90\x00" + b"0" * 100)
    with pytest.raises(DomainError, match="Chỉ gửi được ảnh"):
        services.send(member=member, conversation=group, client_id=uuid.uuid4(), upload=exe)
    assert not Message.objects.exists()
    client = signed_in(personas.member)
    assert client.get(f"/tin-nhan/{outsider_group.public_id}/").status_code == 404
    assert client.get(f"/tin-nhan/{uuid.uuid4()}/").status_code == 404
    forged = client.post(
        f"/tin-nhan/{outsider_group.public_id}/gui/", {"client_id": str(uuid.uuid4()), "body": "x"}
    )
    assert forged.status_code == 404 and not Message.objects.exists()
    client.post(
        f"/tin-nhan/{group.public_id}/gui/",
        {"client_id": str(uuid.uuid4()), "body": "<script>alert(1)</script>"},
    )
    page = client.get(f"/tin-nhan/{group.public_id}/").content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


def test_committee_writes_to_its_subtree_and_is_answered(personas: Personas, tree: Tree) -> None:
    conversation = services.direct(user=personas.committee, other=personas.member.member)
    assert services.direct(user=personas.member, other=personas.committee.member) == conversation
    with pytest.raises(DomainError):
        services.direct(user=personas.outsider, other=personas.member.member)


def test_report_and_hide(personas: Personas, tree: Tree) -> None:
    secretary = make_member(tree.c1, "Bí thư C1")
    from sotay.orgs.models import Position

    Position.objects.create(
        member=secretary, org=tree.c1, kind="secretary", started_on=dt.date(2020, 1, 1)
    )
    secretary_user = make_user(secretary)
    author = make_member(tree.c1, "Người viết bậy")
    group = _cell_group(author)
    message, _ = services.send(
        member=author, conversation=group, client_id=uuid.uuid4(), body="Lời lẽ xúc phạm"
    )
    services.report(member=personas.member.member, message=message, reason="Xúc phạm")
    assert [r.message for r in selectors.open_reports(secretary_user)] == [message]
    assert selectors.open_reports(personas.outsider) == []
    with pytest.raises(DomainError):
        services.hide(user=personas.member, message=message, reason="x")
    services.hide(user=secretary_user, message=message, reason="Xúc phạm đồng chí khác")
    page = signed_in(personas.member).get(f"/tin-nhan/{group.public_id}/").content.decode()
    assert "Lời lẽ xúc phạm" not in page and "Xúc phạm đồng chí khác" in page


REDIS = {
    "default": {
        "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
        "CONFIG": {"hosts": [os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")]},
    }
}
MEMORY = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}


@pytest.mark.parametrize("layers", [MEMORY, REDIS], ids=["in-memory", "redis"])
@pytest.mark.django_db(transaction=True)
def test_websocket_delivers_to_the_cell_and_dedupes(
    personas: Personas, tree: Tree, layers: dict, settings: object
) -> None:
    """The consumer through the ASGI app with sign-in, on the embedded layer and on Redis (the
    production layer, on the machine's Redis)."""
    from sotay.asgi import application

    settings.CHANNEL_LAYERS = layers  # type: ignore[attr-defined]

    other_member = make_member(tree.c1, "Đồng chí nghe")
    other = make_user(other_member)
    group = _cell_group(personas.member.member)
    headers_a, headers_b = _headers(personas.member), _headers(other)

    async def scenario() -> tuple[dict, dict, dict]:
        a = WebsocketCommunicator(application, "/ws/tin-nhan/", headers=headers_a)
        b = WebsocketCommunicator(application, "/ws/tin-nhan/", headers=headers_b)
        assert (await a.connect())[0] and (await b.connect())[0]
        key = str(uuid.uuid4())
        send = {
            "type": "send",
            "conversation": str(group.public_id),
            "client_id": key,
            "body": "Họp lúc 8 giờ",
        }
        await a.send_json_to(send)
        ack = await a.receive_json_from(timeout=5)
        got = await b.receive_json_from(timeout=5)
        await a.send_json_to(send)  # a resend after a lost connection
        second = await _first_of(a, "ack")
        await a.disconnect()
        await b.disconnect()
        return ack, got, second

    ack, got, second = async_to_sync(scenario)()
    assert ack["type"] in ("ack", "message")
    assert got["type"] == "message" and got["message"]["body"] == "Họp lúc 8 giờ"
    assert second["created"] is False
    assert Message.objects.count() == 1


class WebsocketCommunicator(ApplicationCommunicator):  # type: ignore[misc]
    """A websocket client for the ASGI app in-process (channels.testing's own one imports
    daphne, which this project does not use)."""

    def __init__(self, app, path: str, headers: list[tuple[bytes, bytes]]) -> None:  # noqa: ANN001
        scope = {
            "type": "websocket",
            "path": path,
            "raw_path": path.encode(),
            "query_string": b"",
            "headers": headers,
            "subprotocols": [],
            "client": ("127.0.0.1", 50000),
            "server": ("127.0.0.1", 80),
        }
        super().__init__(app, scope)

    async def connect(self, timeout: float = 5) -> tuple[bool, object]:
        await self.send_input({"type": "websocket.connect"})
        response = await self.receive_output(timeout)
        return response["type"] == "websocket.accept", response

    async def send_json_to(self, data: dict) -> None:
        import json

        await self.send_input({"type": "websocket.receive", "text": json.dumps(data)})

    async def receive_json_from(self, timeout: float = 5) -> dict:
        import json

        response = await self.receive_output(timeout)
        return json.loads(response["text"])

    async def disconnect(self, code: int = 1000, timeout: float = 5) -> None:
        await self.send_input({"type": "websocket.disconnect", "code": code})
        await self.wait(timeout)


async def _first_of(communicator, kind: str) -> dict:  # noqa: ANN001
    for _ in range(5):
        data = await communicator.receive_json_from(timeout=5)
        if data["type"] == kind:
            return data
    raise AssertionError(kind)


def _headers(user) -> list[tuple[bytes, bytes]]:  # noqa: ANN001
    client = signed_in(user)
    cookie = client.cookies["sessionid"].value
    return [
        (b"cookie", f"sessionid={cookie}".encode()),
        (b"origin", b"http://127.0.0.1"),
        (b"host", b"127.0.0.1"),
    ]


def test_unsigned_websocket_is_refused(db: object) -> None:
    from sotay.asgi import application

    async def scenario() -> bool:
        ws = WebsocketCommunicator(
            application, "/ws/tin-nhan/", headers=[(b"origin", b"http://127.0.0.1")]
        )
        connected, _ = await ws.connect()
        await ws.disconnect()
        return connected

    assert async_to_sync(scenario)() is False
