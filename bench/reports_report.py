"""Append the report-centre benchmark table to docs/benchmarks.md."""

from __future__ import annotations

import datetime as dt
import os
import platform
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def ms(d: dict) -> str:
    return f"{d['p50']:.1f} / {d['p95']:.1f}"


def s(d: dict) -> str:
    return f"{d['p50']:.2f} (max {d['max']:.2f})"


def write_reports(results: list[dict]) -> None:
    path = ROOT / "docs" / "benchmarks.md"
    cpu = platform.processor() or platform.machine()
    when = f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC"
    data = results[0]["dataset"]
    lines = [
        f"\n## Report centre — {when} ({os.cpu_count()} cores, {cpu})\n",
        f"Dataset: {data['members']:,} members, {data['units']:,} units ({data['cells']:,} "
        f"cells), the demo's meetings, study, participation and tasks; {data['rollups']:,} "
        "rollup rows after 13 months. Pages through the Django test client as the province "
        "office, p50 / p95 ms; the worker's rollups in seconds. Baseline: the same month's "
        "figures computed from the records, as a report without rollups would on each request.\n",
        "| measure | budget | " + " | ".join(r["vendor"] for r in results) + " |",
        "|---|---|" + "---|" * len(results),
    ]
    rows = [
        ("baseline: bare Django view", "—", lambda r: ms(r["bare_view"])),
        ("baseline: one month's figures from the records (s)", "—", lambda r: s(r["scan_month"])),
        ("worker: rollup of one month, written (s)", "—", lambda r: s(r["refresh_month"])),
        ("worker: 13 months as the demo loads them (s)", "—", lambda r: f"{r['refresh_13_s']:.1f}"),
        ("report, province root, one month", "p95 < 300", lambda r: ms(r["root_month"])),
        ("report, province root, a quarter", "p95 < 300", lambda r: ms(r["root_quarter"])),
        ("report, province root, a year", "p95 < 300", lambda r: ms(r["root_year"])),
        ("report, a district, a quarter", "p95 < 300", lambda r: ms(r["district_quarter"])),
        ("report, a commune, a quarter", "p95 < 300", lambda r: ms(r["commune_quarter"])),
        ("export .xlsx, province root, a quarter", "—", lambda r: ms(r["root_xlsx"])),
        ("export PDF, province root, a quarter", "—", lambda r: ms(r["root_pdf"])),
    ]
    for label, budget, fn in rows:
        lines.append(f"| {label} | {budget} | " + " | ".join(fn(r) for r in results) + " |")
    with path.open("a") as fh:
        fh.write("\n".join(lines) + "\n")
