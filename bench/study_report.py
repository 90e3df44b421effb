"""Append the Study benchmark table to docs/benchmarks.md."""

from __future__ import annotations

import datetime as dt
import os
import platform
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def ms(d: dict) -> str:
    return f"{d['p50']:.1f} / {d['p95']:.1f}"


def write_study(results: list[dict]) -> None:
    path = ROOT / "docs" / "benchmarks.md"
    cpu = platform.processor() or platform.machine()
    when = f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC"
    data = results[0]["dataset"]
    lines = [
        f"\n## Study — {when} ({os.cpu_count()} cores, {cpu})\n",
        f"Dataset: {data['members']:,} members, {data['entries']:,} point entries this year, a "
        "province-wide programme with a 10-question quiz. p50 / p95 ms.\n",
        "| measure | budget | " + " | ".join(r["vendor"] for r in results) + " |",
        "|---|---|" + "---|" * len(results),
    ]

    def concurrent(r: dict) -> str:
        c = r.get("concurrent")
        if not c:
            return "—"
        return (
            f"{c['submissions']} at once: {c['errors']} errors, {c['counted']} counted, "
            f"{c['wall_s']:.1f} s"
        )

    rows = [
        ("baseline: bare Django view", "—", lambda r: ms(r["bare_view"])),
        (
            "province ranking of members, this year (query)",
            "< 200",
            lambda r: ms(r["ranking_province_query"]),
        ),
        (
            "ranking of units by average, this year (uncached query)",
            "—",
            lambda r: ms(r["ranking_units_query"]),
        ),
        (
            "rankings page, year (province members + units + commune)",
            "< 200",
            lambda r: ms(r["ranking_page"]),
        ),
        ("rankings page, month", "< 200", lambda r: ms(r["ranking_page_month"])),
        ("quiz submit (view, 200 members in turn)", "p95 < 50", lambda r: ms(r["submit"])),
        ("200 members submitting at once (50 workers)", "no errors", concurrent),
        (
            "hardest questions of a province-wide programme (answers in brackets)",
            "—",
            lambda r: f"{ms(r['item_statistics'])} ({r['item_statistics']['answers']:,})",
        ),
        ("insert 1M ledger rows (s)", "—", lambda r: f"{r['ledger_insert_s']:.1f}"),
        (
            "rebuild running totals from the ledger (s)",
            "—",
            lambda r: f"{r['rebuild_totals_s']:.1f}",
        ),
    ]
    for label, budget, fn in rows:
        lines.append(f"| {label} | {budget} | " + " | ".join(fn(r) for r in results) + " |")
    with path.open("a") as fh:
        fh.write("\n".join(lines) + "\n")
    print("\n".join(lines))
