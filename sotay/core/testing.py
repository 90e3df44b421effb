"""Helpers for tests that start real processes on a database of their own."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


def postgres_admin(sql: str) -> None:
    """Run one statement (CREATE/DROP DATABASE) on the server of ``DATABASE_URL``."""
    import psycopg

    base = os.environ["DATABASE_URL"].rpartition("/")[0]
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(sql)


def manage(env: dict[str, str], *args: str) -> str:
    """Run a management command in a process of its own; its output."""
    done = subprocess.run(  # noqa: S603 — our own manage.py, arguments from tests
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, f"manage.py {args[0]} failed:\n{done.stderr[-3000:]}"
    return done.stdout


@contextmanager
def fresh_database(tmp: Path, name: str, **extra: str) -> Iterator[dict[str, str]]:
    """The environment of processes on a new, migrated database: a SQLite file, or a new
    PostgreSQL database on the server of ``DATABASE_URL`` (dropped afterwards)."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "sotay.settings",
        "SOTAY_VAR_DIR": str(tmp),
        "LOG_LEVEL": "WARNING",
        **extra,
    }
    url = os.environ.get("DATABASE_URL", "")
    if url:
        postgres_admin(f'DROP DATABASE IF EXISTS "{name}"')
        postgres_admin(f'CREATE DATABASE "{name}"')
        env["DATABASE_URL"] = f"{url.rpartition('/')[0]}/{name}"
    else:
        env.pop("DATABASE_URL", None)
        env["SQLITE_PATH"] = str(tmp / f"{name}.sqlite3")
    manage(env, "migrate", "--noinput", "-v0")
    try:
        yield env
    finally:
        if url:
            postgres_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def http_sign_in(
    base: str,
    identifier: str,
    password: str = "Sotay@2026",  # noqa: S107 — the demo's shared password
    *,
    follow: bool = True,
) -> tuple[Any, Any]:
    """Sign in through the real sign-in form of a served app (``requests``): the session and
    the answer to the form (a redirect when ``follow`` is off)."""
    import requests

    session = requests.Session()
    session.get(f"{base}/dang-nhap/", timeout=60)
    answer = session.post(
        f"{base}/dang-nhap/",
        data={
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
            "identifier": identifier,
            "password": password,
        },
        timeout=60,
        allow_redirects=follow,
    )
    return session, answer
