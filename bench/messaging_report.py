"""Append the Messaging benchmark table to docs/benchmarks.md."""

from __future__ import annotations

import datetime as dt
import os
import platform
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def ms(d: dict) -> str:
    return f"{d['p50']:.1f} / {d['p95']:.1f}"


def write_messaging(results: list[dict]) -> None:
    path = ROOT / "docs" / "benchmarks.md"
    cpu = platform.processor() or platform.machine()
    when = f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC"
    data = results[0]["dataset"]
    lines = [
        f"\n## Messaging — {when} ({os.cpu_count()} cores, {cpu})\n",
        f"Dataset: {data['members']:,} members; {data['clients']:,} signed-in websocket clients "
        f"in {data['cells']} cell groups on loopback (the demo's cells have about 19 members, "
        "so some members have a second device); uvicorn with 2 worker processes, Channels "
        "with the Redis pub/sub layer; the clients run in the benchmark process on the same 2 "
        "cores. p50 / p95 ms.\n",
        "| measure | budget | " + " | ".join(r["vendor"] for r in results) + " |",
        "|---|---|" + "---|" * len(results),
    ]

    def fanout(r: dict) -> str:
        f = r["fanout"]
        return f"{ms(f)} ({f['deliveries']:,} of {f['expected']:,} deliveries, {f['sent']} sent)"

    def sustained(r: dict) -> str:
        s = r["sustained"]
        return (
            f"{s['messages_per_s']:.0f} msg/s stored, {s['deliveries_per_s']:,.0f} deliveries/s "
            f"({s['delivered']:,} of {s['expected']:,}); latency {ms(s['latency'])}"
        )

    rows = [
        ("baseline: ping → pong round trip", "—", lambda r: ms(r["ping"])),
        ("connect 1,000 clients (s)", "—", lambda r: f"{r['connect_s']:.1f}"),
        ("fan-out latency, one message per cell every 2 s", "p95 < 200", fanout),
        ("sustained, every cell writing flat out", "report", sustained),
    ]
    for label, budget, fn in rows:
        lines.append(f"| {label} | {budget} | " + " | ".join(fn(r) for r in results) + " |")
    with path.open("a") as fh:
        fh.write("\n".join(lines) + "\n")
    print("\n".join(lines))
