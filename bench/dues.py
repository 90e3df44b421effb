"""Measure party dues and the tổ đảng page on one database; prints a JSON object. Run through
bench/run.py (`make bench BENCH=dues`). The issue gives dues no budget: these are the figures a
committee and the worker meet at province size.

Dataset: the province demo (≈96,000 members) with three months of dues (≈290,000 charges,
≈220,000 receipts). Measured: the demo's dues writer; the dues page of a cell, a commune, a
district and the province root; the member's page; a receipt PDF; the tổ đảng page; the
worker's monthly opening (a no-op once opened, and a whole month from scratch); the report
centre's dues part of one month's rollup. Baseline in the same run: the bare Django view."""

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

from collections import Counter, defaultdict  # noqa: E402

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402

from bench.scenarios import timed  # noqa: E402
from sotay.core.db import analyze  # noqa: E402
from sotay.core.demo.generator import generate  # noqa: E402
from sotay.dues import selectors, services  # noqa: E402
from sotay.dues.demo import generate_dues  # noqa: E402
from sotay.dues.models import DuesCharge, DuesPayment, DuesProfile, DuesRemittance  # noqa: E402
from sotay.members.accounts import find_user  # noqa: E402
from sotay.orgs.models import Organization  # noqa: E402
from sotay.reports import rollup  # noqa: E402

SIZE = os.environ.get("BENCH_SIZE", "province")


def client_for(phone: str) -> Client:
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(find_user(phone), backend="sotay.members.auth.IdentifierBackend")
    session = client.session
    session["sotay_second_factor"] = True
    session.save()
    return client


def seconds(fn: Any) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    result: dict[str, Any] = {"vendor": connection.vendor}
    call_command("migrate", "--noinput", verbosity=0)
    counts = generate(size=SIZE)
    # The demo wrote the dues once; time the writer again on a clean slate.
    for model in (DuesCharge, DuesRemittance, DuesPayment, DuesProfile):
        model.objects.all().delete()
    result["demo_dues_s"] = seconds(lambda: generate_dues(2026))
    analyze()
    result["dataset"] = {
        **counts,
        "charges": DuesCharge.objects.count(),
        "receipts": DuesPayment.objects.count(),
        "remittances": DuesRemittance.objects.count(),
    }
    member = find_user("0900000001").member
    cell = member.cell
    commune = Organization.objects.get(path=cell.path[:-4])
    district = Organization.objects.get(path=cell.path[:-8])
    root = Organization.objects.get(depth=1)
    secretary, officer, office = (client_for(p) for p in ("0900000002", "0900000003", "0900000004"))
    result["bare_view"] = timed(office, "/bench/bare/", 300)
    base = "/quan-ly/dang-phi/"
    for key, client, unit in (
        ("cell", secretary, cell), ("commune", officer, commune),
        ("district", office, district), ("root", office, root),
    ):  # fmt: skip
        result[key] = timed(client, f"{base}{unit.public_id}/", 30)
    result["root_xlsx"] = timed(office, f"{base}{root.public_id}/?xuat=xlsx", 10)
    result["member"] = timed(client_for("0900000001"), "/dang-phi/", 30)
    receipt = DuesPayment.objects.filter(cell=cell).order_by("-id").first()
    assert receipt is not None
    result["receipt_pdf"] = timed(secretary, f"/dang-phi/bien-lai/{receipt.public_id}/", 10)
    result["groups"] = timed(secretary, f"/quan-ly/don-vi/{cell.public_id}/to-dang/", 30)
    month = selectors.this_month()
    result["open_noop_s"] = seconds(services.charges_open_everywhere)
    with transaction.atomic():
        DuesCharge.objects.filter(month=month, status="due").delete()
        result["open_month_s"] = seconds(services.charges_open_everywhere)
        result["opened"] = DuesCharge.objects.filter(month=month, status="due").count()
    result["rollup_dues_s"] = seconds(
        lambda: rollup._dues(defaultdict(Counter), month, selectors.next_month(month))
    )
    result["rollup_month_s"] = seconds(lambda: rollup.refresh([month]))
    print(json.dumps(result, default=str))


if __name__ == "__main__":
    main()
