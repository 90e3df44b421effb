"""Measure the report centre on one database; prints a JSON object. Run through bench/run.py
(`make bench BENCH=reports`).

Dataset: the province demo (≈96,000 members, ≈5,000 cells) with its meetings, study,
participation and planner data. Measured: the worker's rollup of one month and of the 13 months
the demo loads; the report page (month, quarter, year; province, district, commune) and its
exports through the Django test client. Baselines in the same run: the bare Django view, and
the same month's figures computed straight from the records (what a report without rollups
would do on every request)."""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.scenarios import timed  # noqa: E402
from sotay.core.db import analyze  # noqa: E402
from sotay.core.demo.generator import generate  # noqa: E402
from sotay.members.accounts import find_user  # noqa: E402
from sotay.orgs.models import Organization  # noqa: E402
from sotay.reports import rollup  # noqa: E402
from sotay.reports.models import Rollup  # noqa: E402
from sotay.reports.periods import add_months  # noqa: E402

SIZE = os.environ.get("BENCH_SIZE", "province")


def seconds(fn: Any, n: int = 3) -> dict[str, float]:
    samples = []
    for _ in range(n):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    samples.sort()
    return {"p50": samples[len(samples) // 2], "max": samples[-1], "n": n}


def main() -> None:
    result: dict[str, Any] = {"vendor": connection.vendor}
    call_command("migrate", "--noinput", verbosity=0)
    counts = generate(size=SIZE)
    analyze()
    this = timezone.localdate().replace(day=1)
    last = add_months(this, -1)
    start = time.perf_counter()
    rows = rollup.refresh([add_months(this, -i) for i in range(12, -1, -1)])
    result["refresh_13_s"] = time.perf_counter() - start
    result["rollup_rows"] = rows
    result["refresh_month"] = seconds(lambda: rollup.refresh([last]))
    result["scan_month"] = seconds(lambda: rollup.month_counts(last))
    result["dataset"] = {
        **counts,
        "units": Organization.objects.count(),
        "cells": Organization.objects.filter(kind="cell").count(),
        "rollups": Rollup.objects.count(),
    }
    root = Organization.objects.get(depth=1, code="TN")
    district = Organization.objects.filter(depth=2).order_by("path").first()
    commune = Organization.objects.filter(kind="grassroots").order_by("path").first()
    assert district is not None and commune is not None
    office = Client(HTTP_HOST="127.0.0.1")
    office.force_login(find_user("0900000004"), backend="sotay.members.auth.IdentifierBackend")
    session = office.session
    session["sotay_second_factor"] = True
    session.save()
    result["bare_view"] = timed(office, "/bench/bare/", 300)
    base = "/quan-ly/bao-cao/"
    quarter = f"{last.year}-Q{(last.month - 1) // 3 + 1}"
    for key, unit, period in (
        ("root_month", root, f"{last:%Y-%m}"),
        ("root_quarter", root, quarter),
        ("root_year", root, str(last.year)),
        ("district_quarter", district, quarter),
        ("commune_quarter", commune, quarter),
    ):
        url = f"{base}{unit.public_id}/?ky={period}"
        assert office.get(url).status_code == 200, url
        result[key] = timed(office, url, 30)
    result["root_xlsx"] = timed(office, f"{base}{root.public_id}/?ky={quarter}&xuat=xlsx", 10)
    result["root_pdf"] = timed(office, f"{base}{root.public_id}/?ky={quarter}&xuat=pdf", 10)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
