"""Append the party dues benchmark table to docs/benchmarks.md."""

from __future__ import annotations

from report import append_table, ms


def write_dues(results: list[dict]) -> None:
    data = results[0]["dataset"]
    dataset = (
        f"Dataset: {data['members']:,} members; three months of dues: {data['charges']:,} "
        f"charges, {data['receipts']:,} receipts, {data['remittances']:,} remittances. Pages "
        "through the Django test client as the persona of each level, p50 / p95 ms. No budget "
        "in the issue; the bare view is the baseline.\n"
    )
    rows = [
        ("baseline: bare Django view", "—", lambda r: ms(r["bare_view"])),
        ("dues page, a cell (register, receipts)", "—", lambda r: ms(r["cell"])),
        ("dues page, a commune (its cells)", "—", lambda r: ms(r["commune"])),
        ("dues page, a district", "—", lambda r: ms(r["district"])),
        ("dues page, the province root", "—", lambda r: ms(r["root"])),
        ("export .xlsx, the province root", "—", lambda r: ms(r["root_xlsx"])),
        ("the member's dues page", "—", lambda r: ms(r["member"])),
        ("a receipt PDF", "—", lambda r: ms(r["receipt_pdf"])),
        ("tổ đảng page of a cell", "—", lambda r: ms(r["groups"])),
        ("demo: write three months of dues (s)", "—", lambda r: f"{r['demo_dues_s']:.1f}"),
        ("worker: open a month, nothing to do (s)", "—", lambda r: f"{r['open_noop_s']:.2f}"),
        (
            "worker: open a month for everyone (s)",
            "—",
            lambda r: f"{r['open_month_s']:.1f} ({r['opened']:,} charges)",
        ),
        ("rollup of one month, the dues part (s)", "—", lambda r: f"{r['rollup_dues_s']:.2f}"),
        ("rollup of one month, everything (s)", "—", lambda r: f"{r['rollup_month_s']:.2f}"),
    ]
    append_table("Party dues and tổ đảng", dataset, results, rows)
