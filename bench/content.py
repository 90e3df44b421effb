"""Measure the Content budgets on one database; prints a JSON object.

Dataset: the province demo (≈96,000 members, 5,400 units) plus generated articles up to
20,000 documents and articles, and reading receipts of a province-wide document by ≈60% of
the members. Run through bench/run.py, which picks the database and writes docs/benchmarks.md.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
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

from bench.scenarios import timed, timed_many  # noqa: E402
from sotay.content.demo import generate_news  # noqa: E402
from sotay.content.models import Item, ReadReceipt  # noqa: E402
from sotay.content.selectors import feed as feed_selector  # noqa: E402
from sotay.core.db import analyze  # noqa: E402
from sotay.core.demo.generator import generate  # noqa: E402
from sotay.members.accounts import find_user  # noqa: E402
from sotay.members.models import Member  # noqa: E402
from sotay.orgs.models import Organization  # noqa: E402

SIZE = os.environ.get("BENCH_SIZE", "province")
TARGET_ITEMS = 20_000 if SIZE == "province" else 2_000
QUERIES = [
    "dang vien du bi",
    "nghị quyết",
    "294-QĐ/TW",
    "294",
    "06-HD/TW",
    "sinh hoat chi bo",
    '"sinh hoạt chi bộ"',
    "đảng phí",
    "ket nap dang vien",
    "chuyen sinh hoat dang",
    "the dang vien",
    "nong thon moi",
    "van nghe",
    "suc khoe nguoi cao tuoi",
    "chuyển đổi số",
    "khen thuong",
    "ky luat",
    "Dai Tu",
    "xoa ten",
    "huy hieu dang",
    "bau cu",
    "dai hoi",
    "kiem tra giam sat",
    "OCOP",
    "tan cuong",
    "mien sinh hoat",
    "tuoi dang",
    "dieu le",
]


def client_for(phone: str) -> Client:
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(find_user(phone), backend="sotay.members.auth.IdentifierBackend")
    return client


def receipts(item: Item, share: float) -> int:
    rng = random.Random(5)
    now = timezone.now()
    rows = [
        ReadReceipt(
            member_id=m,
            item=item,
            cell_path=p,
            opened_at=now,
            finished_at=now if rng.random() < 0.6 else None,
        )
        for m, p in Member.objects.values_list("id", "cell_path").iterator(chunk_size=5000)
        if rng.random() < share
    ]
    ReadReceipt.objects.bulk_create(rows, batch_size=5000, ignore_conflicts=True)
    return len(rows)


def main() -> None:
    result: dict[str, Any] = {"vendor": connection.vendor}
    call_command("migrate", "--noinput", verbosity=0)
    counts = generate(size=SIZE)
    root = Organization.objects.get(code="TN")
    units = [root, *Organization.objects.filter(kind="grassroots").order_by("path")]
    t = time.perf_counter()
    generate_news(units, max(0, TARGET_ITEMS - Item.objects.count()), seed=99)
    result["generate_items_s"] = time.perf_counter() - t
    qd = Item.objects.get(number="294-QĐ/TW")
    ReadReceipt.objects.filter(item=qd).delete()
    result["receipts"] = receipts(qd, 0.6)
    analyze()
    result["dataset"] = {
        **counts,
        "items": Item.objects.count(),
        "sections": qd.sections.count(),
    }
    member = client_for("0900000001")
    province = client_for("0900000004")
    result["bare_view"] = timed(member, "/bench/bare/", 300)
    result["search"] = timed_many(member, [f"/tim-kiem/?q={q}" for q in QUERIES for _ in range(4)])
    result["search_api"] = timed_many(
        member, [f"/api/v1/content/search?q={q}" for q in QUERIES for _ in range(2)]
    )
    result["feed"] = timed(member, "/tin-tuc/", 200)
    cursor = feed_selector(find_user("0900000001")).next_cursor
    result["feed_page2"] = timed(member, f"/tin-tuc/?truoc={cursor}", 100)
    result["feed_api"] = timed(member, "/api/v1/content/feed", 100)
    article = Item.objects.filter(kind="article", image="").order_by("-published_at").first()
    assert article is not None
    result["article_page"] = timed(member, f"/noi-dung/{article.public_id}/", 100)
    for key, item in (
        ("article_bytes", article),
        ("charter_bytes", Item.objects.get(doc_type="dieu_le")),
    ):
        r = member.get(f"/noi-dung/{item.public_id}/", HTTP_ACCEPT_ENCODING="gzip")
        raw = member.get(f"/noi-dung/{item.public_id}/")
        result[key] = {
            "gzip": len(r.content),
            "raw": len(raw.content),
            "encoding": r.get("Content-Encoding", ""),
        }
    result["readership_root"] = timed(province, f"/quan-ly/noi-dung/{qd.public_id}/ai-da-doc/", 30)
    commune = Organization.objects.filter(kind="grassroots").order_by("path").first()
    assert commune is not None
    result["readership_commune"] = timed(
        province, f"/quan-ly/noi-dung/{qd.public_id}/ai-da-doc/?don-vi={commune.path}", 30
    )
    result["when"] = dt.datetime.now(dt.UTC).isoformat()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
