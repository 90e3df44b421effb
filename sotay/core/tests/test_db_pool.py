"""Bounded database connections (issue 16.1), PostgreSQL only: the production server with a
pool of 2 connections under 120 concurrent sign-ins (each holds its connection through a
password hash) answers only 401 or 503 with Retry-After — never a 500 — and never holds more
than 2 connections to its database."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from sotay.core.testing import ROOT, fresh_database, http_sign_in

pytestmark = [
    pytest.mark.own_database,
    pytest.mark.skipif(not os.environ.get("DATABASE_URL"), reason="the pool is for PostgreSQL"),
]
DB_NAME = f"sotay_pool_{os.getpid()}"


def _connections(name: str) -> int:
    import psycopg

    base = os.environ["DATABASE_URL"].rpartition("/")[0]
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        row = conn.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = %s", [name]
        ).fetchone()
    return int(row[0]) if row else 0


def _at_once_watching(name: str, work: Any, n: int) -> int:
    """Run ``work`` in ``n`` threads at once; the most connections to database ``name`` seen
    meanwhile."""
    peak = 0
    done = threading.Event()

    def watch() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _connections(name))
            time.sleep(0.05)

    watcher = threading.Thread(target=watch)
    watcher.start()
    threads = [threading.Thread(target=work) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    done.set()
    watcher.join()
    return peak


def _sign_in(url: str) -> tuple[int, str, str]:
    body = json.dumps({"identifier": "0900000001", "password": "sai-mat-khau"}).encode()
    request = urllib.request.Request(  # noqa: S310 — our own server on 127.0.0.1
        url, data=body, headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:  # noqa: S310
            return answer.status, "", answer.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Retry-After", ""), exc.read().decode()


def test_over_capacity_requests_wait_or_get_503_never_500(tmp_path: Path) -> None:
    with fresh_database(
        tmp_path, DB_NAME, SOTAY_DB_POOL_MAX="2", SOTAY_DB_POOL_TIMEOUT="0.2"
    ) as env:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        log = (tmp_path / "web.log").open("wb")
        web = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "uvicorn", "sotay.asgi:application", "--port", str(port)],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        url = f"http://127.0.0.1:{port}/api/v1/auth/token"
        try:
            for _ in range(100):
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/dang-nhap/", timeout=1)  # noqa: S310
                    break
                except OSError:
                    time.sleep(0.2)
            results: list[tuple[int, str, str]] = []
            peak = _at_once_watching(DB_NAME, lambda: results.append(_sign_in(url)), 120)
            after = _sign_in(url)  # the storm is over: served again
        finally:
            web.terminate()
            web.wait(timeout=15)
            log.close()
    codes = Counter(code for code, _retry, _body in results)
    assert set(codes) <= {401, 503}, (codes, (tmp_path / "web.log").read_text()[-3000:])
    assert codes[503] > 0, codes  # the bound was reached
    busy = [(retry, body) for code, retry, body in results if code == 503]
    assert all(retry == "5" and "quá tải" in json.loads(body)["detail"] for retry, body in busy)
    assert peak <= 2, peak
    assert after[0] == 401
    print(f"pool of 2, 120 at once: {dict(codes)}, peak connections {peak}")


def _as_postgres(argv: list[str]) -> list[str]:
    """PgBouncer refuses to run as root."""
    return ["runuser", "-u", "postgres", "--", *argv] if os.geteuid() == 0 else argv


def test_through_a_real_pgbouncer_in_transaction_mode(tmp_path: Path) -> None:
    """The demo is loaded and the production server (2 web workers) serves 30 members signing
    in and reading at once through PgBouncer (Debian package, transaction mode, 3 server
    connections): every answer is right and PostgreSQL never sees more than 3 connections."""
    import shutil

    import requests

    pgbouncer = shutil.which("pgbouncer") or "/usr/sbin/pgbouncer"
    if not Path(pgbouncer).exists():
        pytest.fail("Debian's pgbouncer is missing: run `make test` (it installs it).")
    name = f"sotay_pgb_{os.getpid()}"
    folder = Path(tempfile.mkdtemp(prefix="sotay-pgbouncer-"))
    folder.chmod(0o755)
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        bouncer_port = s.getsockname()[1]
    server = os.environ["DATABASE_URL"].rpartition("/")[0].rpartition("@")[2]
    host, _, pg_port = server.partition(":")
    (folder / "pgbouncer.ini").write_text(
        "[databases]\n"
        f"{name} = host={host} port={pg_port or 5432} dbname={name} user=postgres\n"
        "[pgbouncer]\n"
        f"listen_addr = 127.0.0.1\nlisten_port = {bouncer_port}\nunix_socket_dir =\n"
        "auth_type = any\npool_mode = transaction\ndefault_pool_size = 3\n"
        "max_client_conn = 500\nreserve_pool_size = 0\n"
        f"logfile = {folder}/pgbouncer.log\npidfile = {folder}/pgbouncer.pid\n"
    )
    bouncer = subprocess.Popen(  # noqa: S603 — its log is the logfile above
        _as_postgres([pgbouncer, str(folder / "pgbouncer.ini")]),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        with fresh_database(tmp_path, name, SOTAY_PGBOUNCER="1", SOTAY_DB_POOL_MAX="4") as env:
            env["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:{bouncer_port}/{name}"
            from sotay.core.testing import manage

            manage(env, "demo", "--size", "tiny")  # bulk inserts, transactions: all through it
            with socket.socket() as s:
                s.bind(("127.0.0.1", 0))
                port = s.getsockname()[1]
            log = (tmp_path / "web.log").open("wb")
            web = subprocess.Popen(  # noqa: S603
                [sys.executable, "manage.py", "serve", "--port", str(port)]
                + ["--web-workers", "2", "--workers", "1"],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
            base = f"http://127.0.0.1:{port}"
            outcomes: list[str] = []

            def member_visit() -> None:
                s, r = http_sign_in(base, "0900000001")
                pages = [r] + [
                    s.get(f"{base}{p}", timeout=60) for p in ("/tin-tuc/", "/thong-bao/")
                ]
                ok = all(p.status_code == 200 for p in pages) and "unread" in pages[0].text
                outcomes.append("ok" if ok else f"{[p.status_code for p in pages]}")

            try:
                for _ in range(150):
                    try:
                        if requests.get(f"{base}/dang-nhap/", timeout=1).ok:
                            break
                    except requests.RequestException:
                        time.sleep(0.2)
                peak = _at_once_watching(name, member_visit, 30)
            finally:
                web.terminate()
                web.wait(timeout=15)
                log.close()
            assert outcomes == ["ok"] * 30, (outcomes, (tmp_path / "web.log").read_text()[-3000:])
            assert 0 < peak <= 3, peak
            print(
                f"through PgBouncer: 30 members at once, all pages right, peak {peak} connections"
            )
    finally:
        bouncer.terminate()
        bouncer.wait(timeout=15)
        shutil.rmtree(folder, ignore_errors=True)
