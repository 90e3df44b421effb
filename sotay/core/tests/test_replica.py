"""Read replicas for real: a PostgreSQL primary and a streaming replica made by pg_basebackup,
both started by this test on their own ports, and the production server in front of them.

Replay on the replica is paused to tell the two apart: a member's page shows the replica's
(older) state, their own comment lands on the primary and is on their next page at once (the
pin), and reaches the replica when replay resumes.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sotay.core.testing import ROOT, http_sign_in

pytestmark = [
    pytest.mark.own_database,
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="PostgreSQL run only (make test-postgres): it starts clusters of its own",
    ),
]
PASSWORD = "Sotay@2026"
UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"


def _bindir() -> Path:
    return Path(subprocess.check_output(["pg_config", "--bindir"], text=True).strip())


def _as_postgres(argv: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *argv] if os.geteuid() == 0 else argv


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _sql(port: int, sql: str, db: str = "postgres") -> str:
    out = subprocess.run(
        [str(_bindir() / "psql"), "-h", "127.0.0.1", "-p", str(port), "-U", "postgres"]
        + ["-d", db, "-Atqc", sql],
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout.strip()


class Cluster:
    def __init__(self, folder: Path, name: str, port: int) -> None:
        self.data, self.port, self.log = folder / name, port, folder / f"{name}.log"

    def configure(self, **settings: str) -> None:
        with (self.data / "postgresql.conf").open("a") as fh:
            for key, value in settings.items():
                fh.write(f"{key} = {value}\n")

    def pg_ctl(self, *args: str) -> None:
        argv = [str(_bindir() / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), *args]
        subprocess.run(_as_postgres(argv), check=True, capture_output=True)


@pytest.fixture(scope="module")
def clusters() -> Iterator[tuple[Cluster, Cluster]]:
    if shutil.which("runuser") is None and os.geteuid() == 0:
        pytest.fail("runuser is missing (util-linux)")
    folder = Path(tempfile.mkdtemp(prefix="sotay-replica-"))
    folder.chmod(0o755)
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    primary = Cluster(folder, "primary", _free_port())
    replica = Cluster(folder, "replica", _free_port())
    common = {
        "listen_addresses": "'127.0.0.1'",
        "unix_socket_directories": f"'{folder}'",
        "fsync": "off",
        "shared_buffers": "'32MB'",
        "max_connections": "60",
    }
    subprocess.run(
        _as_postgres(
            [str(_bindir() / "initdb"), "-D", str(primary.data), "-U", "postgres"]
            + ["--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8"]
        ),
        check=True,
        capture_output=True,
    )
    primary.configure(port=str(primary.port), wal_level="replica", max_wal_senders="4", **common)
    try:
        primary.pg_ctl("-w", "start")
        subprocess.run(  # the replica: a base backup that follows the primary (-R)
            _as_postgres(
                [str(_bindir() / "pg_basebackup"), "-h", "127.0.0.1", "-p", str(primary.port)]
                + ["-U", "postgres", "-D", str(replica.data), "-R", "-X", "stream", "-c", "fast"]
            ),
            check=True,
            capture_output=True,
        )
        replica.configure(port=str(replica.port), hot_standby="on", **common)
        replica.pg_ctl("-w", "start")
        assert _sql(replica.port, "SELECT pg_is_in_recovery()") == "t"
        yield primary, replica
    finally:
        for cluster in (replica, primary):
            with contextlib.suppress(subprocess.CalledProcessError):
                cluster.pg_ctl("-m", "immediate", "stop")
        shutil.rmtree(folder, ignore_errors=True)


def _caught_up(primary: Cluster, replica: Cluster) -> None:
    target = _sql(primary.port, "SELECT pg_current_wal_lsn()")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        done = _sql(replica.port, f"SELECT pg_last_wal_replay_lsn() >= '{target}'::pg_lsn")
        if done == "t":
            return
        time.sleep(0.2)
    raise AssertionError("the replica did not catch up within 30 s")


@pytest.fixture(scope="module")
def served(clusters: tuple[Cluster, Cluster]) -> Iterator[tuple[str, Cluster, Cluster]]:
    primary, replica = clusters
    _sql(primary.port, "CREATE DATABASE sotay")
    var = Path(tempfile.mkdtemp(prefix="sotay-replica-var-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "sotay.settings",
        "DEBUG": "0",
        "SOTAY_VAR_DIR": str(var),
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{primary.port}/sotay",
        "DATABASE_REPLICA_URLS": f"postgres://postgres@127.0.0.1:{replica.port}/sotay",
        "SOTAY_REPLICA_PIN_SECONDS": "4",
    }
    env.pop("REDIS_URL", None)
    for args in (["migrate", "-v0"], ["demo", "--size", "tiny"]):
        subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True
        )
    port = _free_port()
    log = (var / "server.log").open("w")
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, "manage.py", "serve", "--port", str(port), "--workers", "0"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    import requests

    deadline = time.monotonic() + 60
    while True:
        try:
            if requests.get(f"{base}/dang-nhap/", timeout=2).ok:
                break
        except requests.RequestException:
            pass
        assert time.monotonic() < deadline, (var / "server.log").read_text()[-3000:]
        time.sleep(0.3)
    try:
        yield base, primary, replica
    finally:
        server.terminate()
        server.wait(15)
        log.close()
        shutil.rmtree(var, ignore_errors=True)


def _sign_in(base: str, phone: str) -> Any:
    session, answer = http_sign_in(base, phone, PASSWORD)
    assert answer.ok and "/dang-nhap/" not in answer.url, answer.text[:500]
    return session


def test_member_pages_read_the_replica_and_a_member_sees_their_own_comment_at_once(
    served: tuple[str, Cluster, Cluster],
) -> None:
    base, primary, replica = served
    member = _sign_in(base, "0900000001")
    hub = member.get(f"{base}/y-kien/", timeout=30).text
    draft_url = base + re.findall(rf"/y-kien/du-thao/{UUID}/", hub)[0]
    draft_id = draft_url.rstrip("/").rsplit("/", 1)[1]
    time.sleep(4.5)  # the sign-in (a POST) pinned the member to the primary for 4 s
    _caught_up(primary, replica)
    _sql(replica.port, "SELECT pg_wal_replay_pause()")
    try:
        # A change on the primary that the paused replica does not have.
        _sql(
            primary.port,
            "UPDATE participation_consultation SET title = 'Tên mới trên bản chính' "  # noqa: S608
            f"WHERE public_id = '{draft_id}'",
            db="sotay",
        )
        page = member.get(draft_url, timeout=30).text
        assert "Tên mới trên bản chính" not in page  # read from the replica
        # The member comments: the write goes to the primary (the replica is read-only, a
        # write sent there would fail), and the page after it is read there too.
        r = member.post(
            draft_url,
            data={"csrfmiddlewaretoken": member.cookies["csrftoken"], "text": "Góp ý qua bản sao"},
            timeout=30,
        )
        assert r.ok and "Đã gửi góp ý" in r.text
        assert "Góp ý qua bản sao" in r.text and "Tên mới trên bản chính" in r.text
        count = "SELECT count(*) FROM participation_draftcomment WHERE text = 'Góp ý qua bản sao'"
        assert _sql(primary.port, count, db="sotay") == "1"
        assert _sql(replica.port, count, db="sotay") == "0"
        time.sleep(4.5)  # the pin is over: the replica (still paused) answers again
        assert "Góp ý qua bản sao" not in member.get(draft_url, timeout=30).text
    finally:
        _sql(replica.port, "SELECT pg_wal_replay_resume()")
    _caught_up(primary, replica)
    page = member.get(draft_url, timeout=30).text
    assert "Góp ý qua bản sao" in page and "Tên mới trên bản chính" in page
