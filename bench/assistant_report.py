"""Append the Assistant / listen-aloud benchmark table to docs/benchmarks.md."""

from __future__ import annotations

from report import append_table, ms


def write_assistant(results: list[dict]) -> None:
    r0 = results[0]
    dataset = (
        f"Dataset: {r0['dataset']['members']:,} members and the corpus documents; "
        f"{r0['ask']['n']} questions of the evaluation set; a {r0['words']:,}-word document. "
        "p50 / p95 ms unless stated.\n"
    )
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
    append_table("Assistant and listen-aloud", dataset, results, rows)
