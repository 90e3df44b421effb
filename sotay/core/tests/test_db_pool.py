"""Bounded database connections (issue 16.1), PostgreSQL only: the production server with a
pool of 2 connections under 40 concurrent sign-ins (each holds its connection through a
password hash) answers only 401 or 503 with Retry-After — never a 500 — and never holds more
than 2 connections to its database."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path

import pytest

from sotay.core.testing import ROOT, fresh_database

pytestmark = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL"), reason="the pool is for PostgreSQL"
)
DB_NAME = f"sotay_pool_{os.getpid()}"


def _connections(name: str) -> int:
    import psycopg

    base = os.environ["DATABASE_URL"].rpartition("/")[0]
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        row = conn.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = %s", [name]
        ).fetchone()
    return int(row[0]) if row else 0


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
        tmp_path, DB_NAME, SOTAY_DB_POOL_MAX="2", SOTAY_DB_POOL_TIMEOUT="0.5"
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
            peak = 0
            done = threading.Event()

            def watch() -> None:
                nonlocal peak
                while not done.is_set():
                    peak = max(peak, _connections(DB_NAME))
                    time.sleep(0.05)

            watcher = threading.Thread(target=watch)
            watcher.start()
            threads = [
                threading.Thread(target=lambda: results.append(_sign_in(url))) for _ in range(40)
            ]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            done.set()
            watcher.join()
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
    print(f"pool of 2, 40 at once: {dict(codes)}, peak connections {peak}")
