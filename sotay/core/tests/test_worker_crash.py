"""Real processes (issue 17, 1 and 2): a task worker SIGKILLed in the middle of a notice's
fan-out, then started again, sends every SMS — none lost, and the one in flight when it died
goes out again with the same idempotency key, so the gateway sends it once; and under
``manage.py serve`` a killed worker is restarted while the web server keeps answering.

The SMS gateway is the one thing stood in for (it is outside the deployment): a small HTTP
server in this test that records each request's Idempotency-Key.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from sotay.core.testing import ROOT, fresh_database, manage

pytestmark = pytest.mark.own_database  # its processes use the configured database
MEMBERS = 300
DB_NAME = f"sotay_crash_{os.getpid()}"

SETUP = f"""
from sotay.orgs.services import org_create
from sotay.members.services import member_create
from sotay.notices.services import notify
p = org_create(parent=None, kind="provincial", code="P", name="Đảng bộ tỉnh")
g = org_create(parent=p, kind="grassroots", code="G", name="Đảng bộ xã")
c = org_create(parent=g, kind="cell", code="C", name="Chi bộ")
ids = [member_create(cell=c, actor=None, status="full", values={{
    "full_name": f"Đảng viên {{i}}", "gender": "male", "phone": f"0913{{i:06d}}",
    "party_card_number": str(70000000 + i)}}).pk for i in range({MEMBERS})]
notify(members=ids, kind="meeting", title="Họp chi bộ tháng này")
"""
STATE = """
import json
from django.db.models import Count
from django_tasks_db.models import DBTaskResult
from sotay.notices.models import Delivery
print(json.dumps({
    "deliveries": dict(Delivery.objects.values_list("status").annotate(n=Count("id"))),
    # The periodic tasks every worker keeps queued (the report centre's refresh, the monthly
    # dues charges) are not ours.
    "tasks": dict(DBTaskResult.objects.exclude(task_path__startswith="sotay.reports.")
                  .exclude(task_path__startswith="sotay.dues.")
                  .values_list("status").annotate(n=Count("id"))),
}))
"""


class Gateway(ThreadingHTTPServer):
    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.keys: list[str] = []
        self.lock = threading.Lock()


class _Handler(BaseHTTPRequestHandler):
    server: Gateway

    def do_POST(self) -> None:  # noqa: N802 — http.server's name
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        key = self.headers["Idempotency-Key"]
        assert body["ref"] == key
        time.sleep(0.01)  # a provider's round trip, so that the kill lands mid fan-out
        with self.server.lock:
            self.server.keys.append(key)
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(json.dumps({"id": f"gw-{key}"}).encode())

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def gateway() -> Iterator[Gateway]:
    server = Gateway()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory, gateway: Gateway) -> Iterator[dict[str, str]]:
    """A fresh database (SQLite file or new PostgreSQL database) migrated for the processes."""
    with fresh_database(
        tmp_path_factory.mktemp("crash"),
        DB_NAME,
        SMS_GATEWAY="http",
        SMS_HTTP_URL=f"http://127.0.0.1:{gateway.server_address[1]}/sms",
        SMS_HTTP_TOKEN="t",
        SOTAY_WORKER_BEAT_SECONDS="0.5",
        SOTAY_WORKER_LEASE_SECONDS="3",
    ) as values:
        yield values


def _worker(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    args = ["worker", "--no-reload", "--no-startup-delay", "--interval", "0.2"]
    return subprocess.Popen(
        [sys.executable, "manage.py", *args, "--worker-id", "crash"],
        cwd=ROOT,
        env=env,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
    )


def _wait(condition: object, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def test_sigkill_mid_fan_out_loses_nothing_and_sends_nothing_twice(
    env: dict[str, str], gateway: Gateway, tmp_path: Path
) -> None:
    manage(env, "shell", "-c", SETUP)
    log = tmp_path / "worker.log"
    first = _worker(env, log)
    _wait(lambda: len(gateway.keys) >= MEMBERS // 5, 60, "the first SMS")
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=10)
    killed_at = len(set(gateway.keys))
    assert 0 < killed_at < MEMBERS, "the kill must land in the middle of the fan-out"
    state = json.loads(manage(env, "shell", "-c", STATE).strip().splitlines()[-1])
    assert state["tasks"].get("RUNNING") == 1  # what django-tasks-db alone leaves forever

    second = _worker(env, log)
    try:
        _wait(lambda: len(set(gateway.keys)) >= MEMBERS, 90, "every SMS after the restart")
        time.sleep(1)  # a late duplicate would show up here
    finally:
        second.terminate()
        second.wait(timeout=15)
    keys = list(gateway.keys)
    assert len(set(keys)) == MEMBERS  # nothing lost
    resent = [k for k in set(keys) if keys.count(k) > 1]
    # At most the one delivery in flight at the kill went out again, with the same key.
    assert len(resent) <= 1, resent
    state = json.loads(manage(env, "shell", "-c", STATE).strip().splitlines()[-1])
    assert state["deliveries"] == {"sent": MEMBERS}, state
    assert "RUNNING" not in state["tasks"] and "READY" not in state["tasks"], state
    print(f"killed after {killed_at} of {MEMBERS}; re-sent with the same key: {len(resent)}")


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rpartition(")")[2].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def _cmdline(pid: int) -> str:
    try:
        return (Path("/proc") / str(pid) / "cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def _worker_pids(serve_pid: int) -> list[int]:
    return [p for p in _children(serve_pid) if "manage.py worker" in _cmdline(p)]


def test_serve_restarts_a_killed_worker_and_the_web_stays_up(
    env: dict[str, str], gateway: Gateway, tmp_path: Path
) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = tmp_path / "serve.log"
    serve = subprocess.Popen(
        [sys.executable, "manage.py", "serve", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}/dang-nhap/"

    def answers() -> bool:
        try:
            return urllib.request.urlopen(url, timeout=2).status == 200  # noqa: S310
        except OSError:
            return False

    try:
        _wait(answers, 60, "the web server")
        _wait(lambda: len(_worker_pids(serve.pid)) == 1, 30, "the worker")
        [old] = _worker_pids(serve.pid)
        os.kill(old, signal.SIGKILL)
        assert answers() and serve.poll() is None
        _wait(lambda: _worker_pids(serve.pid) not in ([], [old]), 30, "a new worker")
        assert answers()
        before = len(gateway.keys)
        manage(
            env,
            "shell",
            "-c",
            "from sotay.members.models import Member; from sotay.notices.services import notify;"
            "notify(members=list(Member.objects.values_list('pk', flat=True)[:3]),"
            " kind='meeting', title='Họp bất thường')",
        )
        _wait(lambda: len(gateway.keys) >= before + 3, 60, "the new worker's SMS")
    finally:
        serve.terminate()
        serve.wait(timeout=30)
    assert "dừng (mã -9)" in log.read_text()
