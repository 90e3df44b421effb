"""Append the Messaging benchmark table to docs/benchmarks.md."""

from __future__ import annotations

from report import append_table, ms


def write_messaging(results: list[dict]) -> None:
    data = results[0]["dataset"]
    dataset = (
        f"Dataset: {data['members']:,} members; {data['clients']:,} signed-in websocket clients "
        f"in {data['cells']} cell groups on loopback (the demo's cells have about 19 members, "
        "so some members have a second device); uvicorn with 2 worker processes, Channels "
        "with the Redis pub/sub layer; the clients run in the benchmark process on the same 2 "
        "cores. p50 / p95 ms.\n"
    )

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
    append_table("Messaging", dataset, results, rows)
