"""Measure the assistant and listen-aloud on one database; prints a JSON object.

The province demo (with the corpus documents). Assistant: every question of the evaluation set,
answered as a member of the province (p50/p95), against a bare view as baseline. Audio: a
10,000-word document (the Charter's articles repeated into 150 articles), made by the same code
the task worker runs, then served from the cache through the view. Run through bench/run.py.
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
from django.utils import timezone  # noqa: E402

from bench.scenarios import timed  # noqa: E402
from sotay.assistant.engine import ask, paths_for  # noqa: E402
from sotay.assistant.evaluation import all_questions  # noqa: E402
from sotay.assistant.speech import service  # noqa: E402
from sotay.content.models import Item, Section  # noqa: E402
from sotay.core.demo.generator import generate  # noqa: E402
from sotay.members.accounts import find_user  # noqa: E402
from sotay.orgs.models import Organization  # noqa: E402

SIZE = os.environ.get("BENCH_SIZE", "province")


def summary(samples: list[float]) -> dict[str, float]:
    samples = sorted(samples)
    return {"p50": statistics.median(samples), "p95": samples[max(0, int(len(samples) * 0.95) - 1)]}


def long_document(root: Organization) -> Item:
    charter = Item.objects.get(doc_type="dieu_le")
    texts = [
        s.text
        for s in Section.objects.filter(item=charter).order_by("position")
        if s.text and s.kind in ("article", "clause")
    ]
    item = Item.objects.create(
        kind="document",
        unit=root,
        audience=root,
        title="Văn bản đo: 10.000 từ",
        doc_type="quy_dinh",
        number="999-QĐ/TU",
        status="published",
        published_at=timezone.now(),
    )
    words, n, rows = 0, 0, []
    while words < 10_000:
        text = texts[n % len(texts)]
        n += 1
        words += len(text.split())
        rows.append(
            Section(
                item=item, position=n, kind="article", number=str(n), anchor=f"dieu-{n}", text=text
            )
        )
    Section.objects.bulk_create(rows)
    return item


def main() -> None:
    result: dict[str, Any] = {"vendor": connection.vendor}
    call_command("migrate", "--noinput", verbosity=0)
    counts = generate(size=SIZE)
    result["dataset"] = counts
    member = find_user("0900000001")
    paths = paths_for(member)
    ask("đảng viên dự bị", paths=paths)  # build the index (timed separately below)
    from sotay.assistant import index as kb

    kb._cache.clear()
    t = time.perf_counter()
    kb.current()
    result["index_build_s"] = time.perf_counter() - t
    samples = []
    for question in all_questions():
        t = time.perf_counter()
        ask(question, paths=paths)
        samples.append((time.perf_counter() - t) * 1000)
    result["ask"] = {**summary(samples), "n": len(samples)}
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(member, backend="sotay.members.auth.IdentifierBackend")
    result["bare_view"] = timed(client, "/bench/bare/", 200)
    result["ask_page"] = timed(
        client,
        "/tro-ly/?hoi=t%C3%B4i+gi%C3%A0+y%E1%BA%BFu+c%C3%B3+%C4%91%C6%B0%E1%BB%A3c+mi%E1%BB%85n+sinh+ho%E1%BA%A1t+kh%C3%B4ng",
        50,
    )
    root = Organization.objects.get(code="TN")
    item = long_document(root)
    result["words"] = sum(len(x.split()) for _, _, x in service.units(item))
    t = time.perf_counter()
    result["clips"] = service.generate(item.pk)
    result["audio_s"] = time.perf_counter() - t
    t = time.perf_counter()
    result["regenerate_made"] = service.generate(item.pk)
    result["regenerate_s"] = time.perf_counter() - t
    result["audio_serve"] = timed(client, f"/noi-dung/{item.public_id}/nghe/dieu-7.ogg", 50)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
