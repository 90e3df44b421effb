"""Measure messaging over real websockets on one database; prints a JSON object.

The province demo; 1,000 signed-in members of 50 cells (20 each) connect to a uvicorn server
(2 worker processes, Channels with the Redis layer on the machine's Redis) over loopback. Then:
- baseline: ping → pong round trips on the same connections (no database, no fan-out);
- fan-out: one member per cell writes every two seconds for 30 s; every message goes through
  the consumer, the database and Redis to the 19 other members of the cell; latency is from the
  send to each receipt (one clock: all clients live in this process);
- sustained: every cell's writer sends as fast as acknowledgements come back, for 20 s; the
  rate at which messages are stored and fully delivered.
Run through bench/run.py.
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/3")

import django  # noqa: E402

django.setup()

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402

from sotay.core.demo.generator import generate  # noqa: E402
from sotay.members.models import User  # noqa: E402

SIZE = os.environ.get("BENCH_SIZE", "province")
CELLS, PER_CELL = (50, 20) if SIZE == "province" else (20, 20)
FANOUT_S, SUSTAIN_S = (30, 20) if SIZE == "province" else (6, 4)


def pct(samples: list[float], p: float) -> float:
    samples = sorted(samples)
    return samples[max(0, int(len(samples) * p) - 1)] if samples else 0.0


def summary(samples: list[float]) -> dict[str, float]:
    return {
        "p50": statistics.median(samples) if samples else 0.0,
        "p95": pct(samples, 0.95),
        "n": len(samples),
    }


def sessions() -> list[list[str]]:
    """PER_CELL connections in each of the CELLS largest cells: every member with an account,
    and — the demo's cells have about 19 members — a second device for some of them."""
    cells = _accounts_for_cells()
    groups = []
    for cell_id in cells:
        users = list(
            User.objects.filter(
                member__cell_id=cell_id, is_active=True, member__status__in=["full", "probationary"]
            ).order_by("pk")
        )
        keys = []
        for n in range(PER_CELL):
            user = users[n % len(users)]
            store = SessionStore()
            store[SESSION_KEY] = str(user.pk)
            store[BACKEND_SESSION_KEY] = "sotay.members.auth.IdentifierBackend"
            store[HASH_SESSION_KEY] = user.get_session_auth_hash()
            store.create()
            keys.append(store.session_key)
        groups.append(keys)
    return groups


def _accounts_for_cells() -> list[int]:
    """The CELLS largest cells, with an account for each of their current members."""
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from sotay.members.models import Member

    current = Member.objects.current().filter(status__in=["full", "probationary"])
    largest = list(
        current.order_by()
        .values("cell_id")
        .annotate(n=Count("id"))
        .order_by("-n", "cell_id")
        .values_list("cell_id", flat=True)[:CELLS]
    )
    missing = current.filter(cell_id__in=largest, user__isnull=True)
    password, now = make_password(None), timezone.now()
    User.objects.bulk_create(
        [
            User(username=f"dv{m.party_card_number}", member=m, password=password, activated_at=now)
            for m in missing
        ],
        batch_size=2000,
    )
    return largest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings"}
    proc = subprocess.Popen(  # noqa: S603 - fixed argv
        [
            sys.executable,
            "-m",
            "uvicorn",
            "sotay.asgi:application",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            "2",
            "--no-access-log",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    for _ in range(150):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/dang-nhap/", timeout=1)  # noqa: S310
            return proc
        except OSError:
            time.sleep(0.2)
    proc.terminate()
    raise RuntimeError("server did not start")


class Client:
    def __init__(self, ws: Any, cell: int) -> None:
        self.ws, self.cell = ws, cell
        self.latencies: list[float] = []
        self.pongs: asyncio.Queue[float] = asyncio.Queue()
        self.acks: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self.received = 0

    async def listen(self, sent_at: dict[str, float]) -> None:
        async for raw in self.ws:
            data = json.loads(raw)
            now = time.perf_counter()
            if data["type"] == "pong":
                await self.pongs.put(now)
            elif data["type"] == "ack":
                await self.acks.put(data)
            elif data["type"] == "message":
                key = data["message"]["client_id"]
                if key in sent_at and data["message"]["sender_id"] != self.me:
                    self.latencies.append((now - sent_at[key]) * 1000)
                    self.received += 1

    me = ""


async def run_clients(
    port: int, groups: list[list[str]], conversations: list[str], me_by_key: dict[str, str]
) -> dict[str, Any]:
    import websockets

    result: dict[str, Any] = {}
    clients: list[list[Client]] = []
    sent_at: dict[str, float] = {}
    t = time.perf_counter()
    for cell, keys in enumerate(groups):
        row = []
        for key in keys:
            ws = await websockets.connect(
                f"ws://127.0.0.1:{port}/ws/tin-nhan/",
                additional_headers={"Cookie": f"sessionid={key}", "Origin": "http://127.0.0.1"},
                max_queue=None,
            )
            client = Client(ws, cell)
            client.me = me_by_key[key]  # a writer ignores the echo of its own messages
            row.append(client)
        clients.append(row)
    result["connect_s"] = time.perf_counter() - t
    everyone = [c for row in clients for c in row]
    listeners = [asyncio.create_task(c.listen(sent_at)) for c in everyone]
    await asyncio.sleep(1)

    # Baseline: ping/pong round trips.
    rtts = []
    for c in everyone[:: max(1, len(everyone) // 200)]:
        start = time.perf_counter()
        await c.ws.send(json.dumps({"type": "ping"}))
        rtts.append((await c.pongs.get() - start) * 1000)
    result["ping"] = summary(rtts)

    async def send(cell: int) -> None:
        writer = clients[cell][0]
        key = str(uuid.uuid4())
        sent_at[key] = time.perf_counter()
        await writer.ws.send(
            json.dumps(
                {
                    "type": "send",
                    "conversation": conversations[cell],
                    "client_id": key,
                    "body": f"Đo độ trễ {key[:8]}",
                }
            )
        )
        await writer.acks.get()

    # Fan-out at a steady pace.
    async def steady(cell: int) -> int:
        count = 0
        end = time.perf_counter() + FANOUT_S
        await asyncio.sleep(cell * 2.0 / len(clients))  # spread the cells over the 2 s
        while time.perf_counter() < end:
            start = time.perf_counter()
            await send(cell)
            count += 1
            await asyncio.sleep(max(0.0, 2.0 - (time.perf_counter() - start)))
        return count

    sent_by = await asyncio.gather(*(steady(i) for i in range(len(clients))))
    sent = sum(sent_by)
    await asyncio.sleep(2)
    latencies = [x for c in everyone for x in c.latencies]
    expected = sum(
        sent_by[cell] * sum(1 for c in clients[cell] if c.me != clients[cell][0].me)
        for cell in range(len(clients))
    )
    result["fanout"] = {
        **summary(latencies),
        "sent": sent,
        "deliveries": len(latencies),
        "expected": expected,
    }
    for c in everyone:
        c.latencies, c.received = [], 0

    # Sustained: as fast as acknowledgements allow.
    async def flat_out(cell: int) -> int:
        count = 0
        end = time.perf_counter() + SUSTAIN_S
        while time.perf_counter() < end:
            await send(cell)
            count += 1
        return count

    t = time.perf_counter()
    sent_by = await asyncio.gather(*(flat_out(i) for i in range(len(clients))))
    sent = sum(sent_by)
    elapsed = time.perf_counter() - t
    await asyncio.sleep(3)
    delivered = sum(c.received for c in everyone)
    latencies = [x for c in everyone for x in c.latencies]
    result["sustained"] = {
        "messages_per_s": sent / elapsed,
        "deliveries_per_s": delivered / elapsed,
        "sent": sent,
        "delivered": delivered,
        "expected": sum(
            sent_by[cell] * sum(1 for c in clients[cell] if c.me != clients[cell][0].me)
            for cell in range(len(clients))
        ),
        "latency": summary(latencies),
    }
    for c in everyone:
        await c.ws.close()
    for task in listeners:
        task.cancel()
    return result


def main() -> None:
    result: dict[str, Any] = {"vendor": connection.vendor}
    call_command("migrate", "--noinput", verbosity=0)
    counts = generate(size=SIZE)
    groups = sessions()
    from sotay.members.models import Member
    from sotay.messaging import services
    from sotay.messaging.models import Conversation

    conversations = []
    me_by_key: dict[str, str] = {}
    for keys in groups:
        user = User.objects.get(pk=SessionStore(session_key=keys[0])[SESSION_KEY])
        member = Member.objects.get(pk=user.member_id)
        services.ensure_groups(member)
        conversations.append(
            str(Conversation.objects.get(kind="cell", unit_id=member.cell_id).public_id)
        )
        for key in keys:
            u = User.objects.select_related("member").get(
                pk=SessionStore(session_key=key)[SESSION_KEY]
            )
            me_by_key[key] = str(u.member.public_id)  # type: ignore[union-attr]
    result["dataset"] = {**counts, "clients": sum(len(g) for g in groups), "cells": len(groups)}
    connection.close()
    port = free_port()
    server = start_server(port)
    try:
        result.update(asyncio.run(run_clients(port, groups, conversations, me_by_key)))
    finally:
        server.terminate()
        server.wait(timeout=20)
    from sotay.messaging.models import Message

    result["stored"] = Message.objects.count()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
