"""Append the Assistant / listen-aloud benchmark table to docs/benchmarks.md."""

from __future__ import annotations

import datetime as dt
import os
import platform
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def ms(d: dict) -> str:
    return f"{d['p50']:.1f} / {d['p95']:.1f}"


def write_assistant(results: list[dict]) -> None:
    path = ROOT / "docs" / "benchmarks.md"
    cpu = platform.processor() or platform.machine()
    when = f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC"
    r0 = results[0]
    lines = [
        f"\n## Assistant and listen-aloud — {when} ({os.cpu_count()} cores, {cpu})\n",
        f"Dataset: {r0['dataset']['members']:,} members and the corpus documents; "
        f"{r0['ask']['n']} questions of the evaluation set; a {r0['words']:,}-word document. "
        "p50 / p95 ms unless stated.\n",
        "| measure | budget | " + " | ".join(r["vendor"] for r in results) + " |",
        "|---|---|" + "---|" * len(results),
    ]
    rows = [
        ("baseline: bare Django view", "—", lambda r: ms(r["bare_view"])),
        ("build the assistant's index (s)", "—", lambda r: f"{r['index_build_s']:.2f}"),
        ("assistant answer (engine)", "p95 < 300", lambda r: ms(r["ask"])),
        ("assistant page with an answer (view)", "—", lambda r: ms(r["ask_page"])),
        (
            "audio of a 10,000-word document (s)",
            "< 30",
            lambda r: f"{r['audio_s']:.1f} ({r['clips']} clips)",
        ),
        (
            "again, text unchanged (s)",
            "cached",
            lambda r: f"{r['regenerate_s']:.2f} ({r['regenerate_made']} made)",
        ),
        ("serve one cached clip (view)", "—", lambda r: ms(r["audio_serve"])),
    ]
    for label, budget, fn in rows:
        lines.append(f"| {label} | {budget} | " + " | ".join(fn(r) for r in results) + " |")
    with path.open("a") as fh:
        fh.write("\n".join(lines) + "\n")
    print("\n".join(lines))
