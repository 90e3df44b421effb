"""Measure the Meetings budgets on one database; prints a JSON object.

Dataset: the province demo (≈96,000 members, ≈5,000 cells), with last month's meeting held in
every cell and this month's scheduled or held. Run through bench/run.py.
"""

from __future__ import annotations

import json
import os
import statistics
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

from bench.scenarios import timed  # noqa: E402
from sotay.core.db import analyze  # noqa: E402
from sotay.core.demo.generator import generate  # noqa: E402
from sotay.identity import card  # noqa: E402
from sotay.identity.services import card_check, card_code  # noqa: E402
from sotay.meetings.models import Meeting  # noqa: E402
from sotay.members.accounts import find_user  # noqa: E402
from sotay.orgs.models import Organization  # noqa: E402

SIZE = os.environ.get("BENCH_SIZE", "province")


def micro(fn: Any, n: int) -> dict[str, float]:
    samples = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t) * 1000)
    samples.sort()
    return {"p50": statistics.median(samples), "p95": samples[int(n * 0.95) - 1], "n": n}


def main() -> None:
    result: dict[str, Any] = {"vendor": connection.vendor}
    call_command("migrate", "--noinput", verbosity=0)
    counts = generate(size=SIZE)
    analyze()
    root = Organization.objects.get(code="TN")
    upper = Organization.objects.filter(depth=2).order_by("path").first()
    commune = Organization.objects.filter(kind="grassroots").order_by("path").first()
    assert upper is not None and commune is not None
    result["dataset"] = {
        **counts,
        "cells": Organization.objects.filter(kind="cell").count(),
        "meetings": Meeting.objects.count(),
    }
    province = Client(HTTP_HOST="127.0.0.1")
    province.force_login(find_user("0900000004"), backend="sotay.members.auth.IdentifierBackend")
    result["bare_view"] = timed(province, "/bench/bare/", 300)
    base = "/quan-ly/sinh-hoat/giam-sat/"
    result["oversight_province"] = timed(province, f"{base}{root.public_id}/", 30)
    result["oversight_upper"] = timed(province, f"{base}{upper.public_id}/", 30)
    result["oversight_commune"] = timed(province, f"{base}{commune.public_id}/", 30)
    member = find_user("0900000001").member
    assert member is not None
    code = card_code(member)
    result["card_verify"] = micro(lambda: card.verify(code), 2000)
    result["card_check"] = micro(lambda: card_check(code), 500)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
