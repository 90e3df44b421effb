"""Append the Participation benchmark table to docs/benchmarks.md."""

from __future__ import annotations

from report import append_table, ms


def write_participation(results: list[dict]) -> None:
    data = results[0]["dataset"]
    dataset = (
        f"Dataset: {data['members']:,} members; a province-wide anonymous survey of 8 questions "
        f"(every type) with {data['responses']:,} responses ({data['tallies']:,} tally rows); a "
        f"draft of 120 articles with {results[0]['comments']:,} comments. p50 / p95 ms unless "
        "stated.\n"
    )
    rows = [
        ("baseline: bare Django view", "—", lambda r: ms(r["bare_view"])),
        ("survey results, whole province (query)", "< 500", lambda r: ms(r["results_query"])),
        ("survey results, one commune (query)", "—", lambda r: ms(r["results_commune_query"])),
        ("survey results page (view, charts)", "< 500", lambda r: ms(r["results_page"])),
        (
            "baseline: results by reading every response, no tallies (s)",
            "—",
            lambda r: f"{r['naive_results_s']:.2f}",
        ),
        (
            "a member answers (service, incl. batch mixing)",
            "—",
            lambda r: ms(r["answer"]) + f" (n={r['answer']['n']})",
        ),
        ("draft view with all comments (baseline)", "—", lambda r: ms(r["draft_view"])),
        (
            "synthesis report DOCX",
            "< 5000",
            lambda r: ms(r["synthesis"]) + f" ({r['synthesis_bytes'] / 1024:.0f} KB)",
        ),
        ("bulk-load the responses and tallies (s)", "—", lambda r: f"{r['fill_s']:.1f}"),
    ]
    append_table("Participation", dataset, results, rows)
