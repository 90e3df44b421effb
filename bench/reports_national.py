"""The report centre at national size, on PostgreSQL; appends a section to docs/benchmarks.md.

    .venv/bin/python bench/reports_national.py [MEMBERS]     # default 5,600,000
    (or `make bench BENCH=national`)

Builds its own database (``sotay_bench_national`` on BENCH_PG_URL, dropped at the end): a
central root, 63 provinces, 10 districts each, 14 communes each, cells of 20 members — the tree
is written with COPY, the members and one held meeting per cell with INSERT … SELECT over
generate_series on the server. Then it times the worker's rollup of last month and this month,
and the report pages at the national root, a province and a district (Django test client, as a
central office holder). The other months of a year's trend get copies of last month's rollup
rows, so that a report reads as many rows as it would in production (the read cost depends on
the rows, not on their values). Baseline in the same run: the bare Django view."""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PG = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432")
DB = "sotay_bench_national"
PROVINCES, DISTRICTS, COMMUNES, PER_CELL = 63, 10, 14, 20
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def step(n: int) -> str:
    """The n-th (1-based) four-character step of a treebeard path."""
    out = ""
    for _ in range(4):
        n, r = divmod(n, 36)
        out = ALPHABET[r] + out
    return out


def tree_rows(cells_per_commune: int) -> list[tuple[Any, ...]]:
    """(path, depth, numchild, kind, code, name) of every unit, parents first."""
    rows = [(step(1), 1, PROVINCES, "central", "TW", "Đảng Cộng sản Việt Nam")]
    for p in range(1, PROVINCES + 1):
        pp = step(1) + step(p)
        rows.append((pp, 2, DISTRICTS, "provincial", f"T{p:02d}", f"Đảng bộ tỉnh số {p}"))
        for d in range(1, DISTRICTS + 1):
            dp = pp + step(d)
            rows.append((dp, 3, COMMUNES, "upper_grassroots", f"T{p:02d}H{d:02d}",
                         f"Đảng bộ huyện {d} tỉnh {p}"))  # fmt: skip
            for c in range(1, COMMUNES + 1):
                cp = dp + step(c)
                code = f"T{p:02d}H{d:02d}X{c:02d}"
                rows.append((cp, 4, cells_per_commune, "grassroots", code, f"Đảng bộ xã {code}"))
                for k in range(1, cells_per_commune + 1):
                    rows.append((cp + step(k), 5, 0, "cell", f"{code}C{k:03d}",
                                 f"Chi bộ {k} xã {code}"))  # fmt: skip
    return rows


def create_database() -> None:
    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DB}"')


def drop_database() -> None:
    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB}" WITH (FORCE)')


def build(members: int, now: dt.datetime) -> dict[str, Any]:
    from django.db import connection
    from django.utils import timezone

    from sotay.core.text import fold
    from sotay.reports.periods import add_months

    cells_per_commune = max(1, round(members / PER_CELL / (PROVINCES * DISTRICTS * COMMUNES)))
    rows = tree_rows(cells_per_commune)
    started = time.perf_counter()
    with connection.cursor() as cursor:
        raw = cursor.connection
        with raw.cursor().copy(
            "COPY orgs_organization (public_id, created_at, updated_at, path, depth, numchild, "
            "kind, code, name, name_folded, address, status) FROM STDIN"
        ) as copy:
            for path, depth, numchild, kind, code, name in rows:
                copy.write_row((uuid.uuid4(), now, now, path, depth, numchild, kind, code, name,
                                fold(name), "", "active"))  # fmt: skip
        tree_s = time.perf_counter() - started
        started = time.perf_counter()
        cursor.execute(
            """
            INSERT INTO members_member (public_id, created_at, updated_at, full_name, other_name,
                gender, birth_date, birth_place, hometown, ethnicity, religion, citizen_id,
                admitted_on, full_member_on, education, theory_level, profession, workplace,
                phone, phone_digest, citizen_digest, email, photo, cell_id, cell_path, status,
                has_account, search_text, share_phone, share_email)
            SELECT gen_random_uuid(), now(), now(), 'Đảng viên ' || g, '',
                CASE WHEN random() < 0.4 THEN 'female' ELSE 'male' END, b, '', '',
                CASE WHEN random() < 0.15 THEN 'Tày' ELSE 'Kinh' END, 'Không', '',
                a, CASE WHEN a < current_date - 365 THEN a + 365 END,
                (ARRAY['12/12', 'Đại học', 'Thạc sĩ', 'Cao đẳng'])[1 + floor(random() * 4)::int],
                (ARRAY['', 'elementary', 'intermediate', 'advanced'])[1 + floor(random() * 4)::int],
                '', '', '', '', '', '', '', c.id, c.path,
                CASE WHEN a < current_date - 365 THEN 'full' ELSE 'probationary' END,
                random() < 0.7, '', false, false
            FROM orgs_organization c
            CROSS JOIN generate_series(1, %s) g
            CROSS JOIN LATERAL (SELECT date '1946-01-01' + floor(random() * 20000)::int AS b) bb
            CROSS JOIN LATERAL (SELECT least(current_date - 30,
                                b + 6935 + floor(random() * 12000)::int) AS a) aa
            WHERE c.kind = 'cell'
            """,
            [PER_CELL],
        )
        members_s = time.perf_counter() - started
        started = time.perf_counter()
        last = add_months(timezone.localdate().replace(day=1), -1)
        cursor.execute(
            """
            INSERT INTO meetings_meeting (public_id, created_at, updated_at, cell_id, cell_path,
                kind, month, title, topic, starts_at, place, online_link, agenda, status,
                draft_posted_at, expected_count, present_count, excused_count, rating)
            SELECT gen_random_uuid(), now(), now(), c.id, c.path, 'regular', %s,
                'Sinh hoạt thường kỳ', '', %s, 'Hội trường', '', '', 'published', %s, 20,
                15 + floor(random() * 6)::int, 0, ''
            FROM orgs_organization c WHERE c.kind = 'cell'
            """,
            [last, aware(last.replace(day=5)), aware(last.replace(day=1))],
        )
        meetings_s = time.perf_counter() - started
        cursor.execute("ANALYZE")
        cursor.execute("SELECT count(*) FROM members_member")
        count = cursor.fetchone()[0]
    return {
        "members": count,
        "units": len(rows),
        "cells": sum(1 for r in rows if r[3] == "cell"),
        "tree_s": tree_s,
        "members_s": members_s,
        "meetings_s": meetings_s,
    }


def aware(day: dt.date) -> dt.datetime:
    from django.utils import timezone

    return timezone.make_aware(dt.datetime.combine(day, dt.time(19)))


def office_client() -> Any:
    from django.test import Client

    from sotay.members.models import Member, User
    from sotay.orgs.models import Organization, StaffRole

    root = Organization.objects.get(depth=1)
    member = Member.objects.order_by("id").first()
    assert member is not None
    StaffRole.objects.create(member=member, org=root, kind="office", started_on=dt.date(2020, 1, 1))
    user = User.objects.create_user("vanphong-tw", "Bench-2026-pass", member=member)
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user, backend="sotay.members.auth.IdentifierBackend")
    session = client.session
    session["sotay_second_factor"] = True
    session.save()
    return client


def main() -> None:
    members = int(sys.argv[1]) if len(sys.argv) > 1 else 5_600_000
    create_database()
    os.environ["DATABASE_URL"] = f"{PG}/{DB}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from bench.scenarios import timed
    from sotay.orgs.models import Organization
    from sotay.reports import rollup
    from sotay.reports.models import Rollup
    from sotay.reports.periods import add_months

    try:
        call_command("migrate", "--noinput", verbosity=0)
        result: dict[str, Any] = {"dataset": build(members, timezone.now())}
        this = timezone.localdate().replace(day=1)
        last = add_months(this, -1)
        timings = {}
        for month in (last, this):
            started = time.perf_counter()
            rollup.refresh([month])
            timings[f"{month:%Y-%m}"] = time.perf_counter() - started
        result["refresh_s"] = timings
        with connection.cursor() as cursor:  # the year's other months, as row counts go
            for i in range(2, 14):
                cursor.execute(
                    "INSERT INTO reports_rollup (path, depth, month, values, computed_at) "
                    "SELECT path, depth, %s, values, computed_at FROM reports_rollup "
                    "WHERE month = %s",
                    [add_months(this, -i), last],
                )
            cursor.execute("ANALYZE reports_rollup")
        result["rollups"] = Rollup.objects.count()
        client = office_client()
        result["bare_view"] = timed(client, "/bench/bare/", 200)
        national = Organization.objects.get(depth=1)
        province = Organization.objects.filter(depth=2).order_by("path").first()
        district = Organization.objects.filter(depth=3).order_by("path").first()
        assert province is not None and district is not None
        quarter = f"{last.year}-Q{(last.month - 1) // 3 + 1}"
        for key, unit, period in (
            ("national_month", national, f"{last:%Y-%m}"),
            ("national_quarter", national, quarter),
            ("national_year", national, str(last.year)),
            ("province_quarter", province, quarter),
            ("district_quarter", district, quarter),
        ):
            result[key] = timed(client, f"/quan-ly/bao-cao/{unit.public_id}/?ky={period}", 30)
        result["national_xlsx"] = timed(
            client, f"/quan-ly/bao-cao/{national.public_id}/?ky={quarter}&xuat=xlsx", 10
        )
        result["vendor"] = connection.vendor
    finally:
        from django.db import connections

        connections.close_all()
        drop_database()
    write(result)
    print(json.dumps(result))


def write(r: dict[str, Any]) -> None:
    def ms(d: dict[str, float]) -> str:
        return f"{d['p50']:.1f} / {d['p95']:.1f}"

    data = r["dataset"]
    refresh = ", ".join(f"{m}: {s:.0f} s" for m, s in r["refresh_s"].items())
    when = f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC"
    lines = [
        f"\n## Report centre at national size (PostgreSQL) — {when} ({os.cpu_count()} cores, "
        f"{platform.processor() or platform.machine()})\n",
        f"Dataset (bench/reports_national.py): {data['members']:,} members in {data['units']:,} "
        f"units ({data['cells']:,} cells of {PER_CELL}; 63 provinces × 10 districts × 14 "
        "communes), one held meeting per cell last month; built in "
        f"{data['tree_s']:.0f} s (tree, COPY) + {data['members_s']:.0f} s (members, INSERT … "
        f"SELECT) + {data['meetings_s']:.0f} s (meetings). {r['rollups']:,} rollup rows (13 "
        "months; 11 of them copies of last month's). Pages through the Django test client as a "
        "central office holder, p50 / p95 ms.\n",
        "| measure | budget | postgresql |",
        "|---|---|---|",
        f"| baseline: bare Django view | — | {ms(r['bare_view'])} |",
        f"| worker: rollup of one month, computed and written | — | {refresh} |",
        f"| report, national root, one month | p95 < 300 | {ms(r['national_month'])} |",
        f"| report, national root, a quarter | p95 < 300 | {ms(r['national_quarter'])} |",
        f"| report, national root, a year | p95 < 300 | {ms(r['national_year'])} |",
        f"| report, a province root, a quarter | p95 < 300 | {ms(r['province_quarter'])} |",
        f"| report, a district, a quarter | p95 < 300 | {ms(r['district_quarter'])} |",
        f"| export .xlsx, national root, a quarter | — | {ms(r['national_xlsx'])} |",
    ]
    with (ROOT / "docs" / "benchmarks.md").open("a") as fh:
        fh.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
