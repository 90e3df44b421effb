"""Append the Content benchmark table to docs/benchmarks.md."""

from __future__ import annotations

import datetime as dt
import os
import platform
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def ms(d: dict) -> str:
    return f"{d['p50']:.1f} / {d['p95']:.1f}"


def kb(d: dict) -> str:
    return f"{d['gzip'] / 1024:.1f} KB ({d['raw'] / 1024:.0f} KB raw, {d['encoding'] or 'none'})"


def write_content(results: list[dict]) -> None:
    path = ROOT / "docs" / "benchmarks.md"
    cpu = platform.processor() or platform.machine()
    when = f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC"
    data = results[0]["dataset"]
    lines = [
        f"\n## Content — {when} ({os.cpu_count()} cores, {cpu})\n",
        f"Dataset: {data['members']:,} members, {data['orgs']:,} units, {data['items']:,} "
        f"documents and articles; {results[0]['receipts']:,} reading receipts of QĐ 294 "
        f"({data['sections']} sections), read province-wide. Server time through the Django "
        "test client (full middleware, templates), p50 / p95 ms.\n",
        "| measure | budget | " + " | ".join(r["vendor"] for r in results) + " |",
        "|---|---|" + "---|" * len(results),
    ]
    rows = [
        ("baseline: bare Django view", "—", lambda r: ms(r["bare_view"])),
        ("search page, 28 queries × 4 (member)", "p95 < 50", lambda r: ms(r["search"])),
        ("search API, 28 queries × 2", "p95 < 50", lambda r: ms(r["search_api"])),
        ("feed page (member)", "p95 < 50", lambda r: ms(r["feed"])),
        ("feed page 2 (keyset cursor)", "p95 < 50", lambda r: ms(r["feed_page2"])),
        ("feed API", "p95 < 50", lambda r: ms(r["feed_api"])),
        ("article page (render)", "—", lambda r: ms(r["article_page"])),
        ("article page transfer, no images", "< 60 KB", lambda r: kb(r["article_bytes"])),
        ("the whole Charter on one page", "—", lambda r: kb(r["charter_bytes"])),
        ("who has read QĐ 294, province root", "< 300", lambda r: ms(r["readership_root"])),
        ("who has read QĐ 294, one commune", "—", lambda r: ms(r["readership_commune"])),
        ("generate articles up to 20,000 items (s)", "—", lambda r: f"{r['generate_items_s']:.1f}"),
    ]
    for label, budget, fn in rows:
        lines.append(f"| {label} | {budget} | " + " | ".join(fn(r) for r in results) + " |")
    with path.open("a") as fh:
        fh.write("\n".join(lines) + "\n")
    print("\n".join(lines))
