"""Shared writer of the benchmark tables appended to docs/benchmarks.md."""

from __future__ import annotations

import datetime as dt
import os
import platform
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

Row = tuple[str, str, Callable[[dict], str]]


def ms(d: dict) -> str:
    return f"{d['p50']:.1f} / {d['p95']:.1f}"


def append_table(title: str, dataset: str, results: list[dict], rows: list[Row]) -> None:
    """A "## title — when (machine)" section: the dataset line, then one row per measure with a
    column per database."""
    cpu = platform.processor() or platform.machine()
    when = f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC"
    lines = [
        f"\n## {title} — {when} ({os.cpu_count()} cores, {cpu})\n",
        dataset.rstrip("\n") + "\n",
        "| measure | budget | " + " | ".join(r["vendor"] for r in results) + " |",
        "|---|---|" + "---|" * len(results),
    ]
    for label, budget, fn in rows:
        lines.append(f"| {label} | {budget} | " + " | ".join(fn(r) for r in results) + " |")
    with (ROOT / "docs" / "benchmarks.md").open("a") as fh:
        fh.write("\n".join(lines) + "\n")
    print("\n".join(lines))
