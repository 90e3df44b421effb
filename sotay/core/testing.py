"""Helpers for tests that start real processes on a database of their own."""

from __future__ import annotations

import os


def postgres_admin(sql: str) -> None:
    """Run one statement (CREATE/DROP DATABASE) on the server of ``DATABASE_URL``."""
    import psycopg

    base = os.environ["DATABASE_URL"].rpartition("/")[0]
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(sql)
