"""Append the Meetings benchmark table to docs/benchmarks.md."""

from __future__ import annotations

import datetime as dt
import os
import platform
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def ms(d: dict) -> str:
    return f"{d['p50']:.2f} / {d['p95']:.2f}"


def write_meetings(results: list[dict]) -> None:
    path = ROOT / "docs" / "benchmarks.md"
    cpu = platform.processor() or platform.machine()
    when = f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC"
    data = results[0]["dataset"]
    lines = [
        f"\n## Meetings — {when} ({os.cpu_count()} cores, {cpu})\n",
        f"Dataset: {data['members']:,} members, {data['cells']:,} cells, {data['meetings']:,} "
        "meetings (last month held everywhere, this month scheduled or held). Server time "
        "through the Django test client, p50 / p95 ms.\n",
        "| measure | budget | " + " | ".join(r["vendor"] for r in results) + " |",
        "|---|---|" + "---|" * len(results),
    ]
    rows = [
        ("baseline: bare Django view", "—", lambda r: ms(r["bare_view"])),
        (
            "oversight, province (all cells, this month)",
            "< 300",
            lambda r: ms(r["oversight_province"]),
        ),
        ("oversight, one district-level unit", "< 300", lambda r: ms(r["oversight_upper"])),
        ("oversight, one commune (its cells)", "< 300", lambda r: ms(r["oversight_commune"])),
        ("card signature check (Ed25519 + Base45)", "< 5", lambda r: ms(r["card_verify"])),
        ("card check incl. revocation lookup", "< 5", lambda r: ms(r["card_check"])),
    ]
    for label, budget, fn in rows:
        lines.append(f"| {label} | {budget} | " + " | ".join(fn(r) for r in results) + " |")
    with path.open("a") as fh:
        fh.write("\n".join(lines) + "\n")
    print("\n".join(lines))
