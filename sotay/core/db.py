"""Database maintenance helpers that differ per backend."""

from __future__ import annotations

from django.db import connection


def analyze() -> None:
    """Refresh the planner's statistics after a bulk load (demo data, large imports).

    SQLite has no autovacuum: without statistics it picks a low-selectivity index (status)
    over a full scan and becomes several times slower on a province-size table.
    """
    statement = "ANALYZE"
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        # VACUUM also sets the visibility map, which lets index-only scans skip the table.
        statement = "VACUUM ANALYZE"
    with connection.cursor() as cursor:
        cursor.execute(statement)
