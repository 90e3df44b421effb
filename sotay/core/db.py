"""Database maintenance helpers that differ per backend."""

from __future__ import annotations

from typing import Any

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


def insert_rows(model: type[Any], fields: list[str], rows: list[tuple[Any, ...]]) -> None:
    """Insert plain value tuples into ``model``'s table with one prepared statement (demo data
    at province scale: the ORM's bulk_create spends most of its time building each row's SQL).
    ``fields`` are model field names; values must already be what the column stores. If
    ``id`` is among them, the table's id sequence is moved past the largest on PostgreSQL."""
    if not rows:
        return
    meta = model._meta
    columns = [meta.get_field(f).column for f in fields]
    table = connection.ops.quote_name(meta.db_table)
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    marks = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"  # noqa: S608 - names from the model
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 5000):
            cursor.executemany(sql, rows[start : start + 5000])
        if "id" in fields and connection.vendor == "postgresql":
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence(%s, 'id'), (SELECT MAX(id) FROM {table}))",  # noqa: S608
                [meta.db_table],
            )
