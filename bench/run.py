"""Run the benchmarks on SQLite and (if reachable) PostgreSQL; append to docs/benchmarks.md."""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432")


def run(script: str, env_extra: dict[str, str]) -> dict:
    env = {**os.environ, **env_extra}
    env.pop("DATABASE_URL", None) if "SQLITE_PATH" in env_extra else None
    out = subprocess.run(
        [sys.executable, script], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True
    )
    if out.returncode:
        raise SystemExit(f"{script} failed ({env_extra}); its error is printed above")
    return json.loads(out.stdout.strip().splitlines()[-1])


def pg_available() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 5432), 2).close()
        return True
    except OSError:
        return False


def run_everywhere(script: str, sqlite: bool = True) -> list[dict]:
    """The script on a fresh SQLite file, then on a fresh PostgreSQL database if reachable."""
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        if sqlite:
            results.append(
                run(script, {"SQLITE_PATH": f"{tmp}/bench.sqlite3", "SOTAY_VAR_DIR": tmp})
            )
        if pg_available():
            import psycopg

            name = f"sotay_bench_{Path(script).stem}"  # scripts may run side by side
            with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
                conn.execute(f'CREATE DATABASE "{name}"')
            results.append(run(script, {"DATABASE_URL": f"{PG}/{name}", "SOTAY_VAR_DIR": tmp}))
    return results


def main() -> None:
    """`python bench/run.py [foundation] [content] [meetings] [study] [participation]
    [messaging] [assistant] [reports] [dues]` (all when none is named)."""
    from assistant_report import write_assistant
    from content_report import write_content
    from dues_report import write_dues
    from meetings_report import write_meetings
    from messaging_report import write_messaging
    from participation_report import write_participation
    from reports_report import write_reports
    from study_report import write_study

    chosen = sys.argv[1:] or [
        "foundation",
        "content",
        "meetings",
        "study",
        "participation",
        "messaging",
        "assistant",
        "reports",
        "dues",
    ]
    if "foundation" in chosen:
        write(run_everywhere("bench/scenarios.py"))
    if "content" in chosen:
        write_content(run_everywhere("bench/content.py"))
    if "meetings" in chosen:
        write_meetings(run_everywhere("bench/meetings.py"))
    if "study" in chosen:
        write_study(run_everywhere("bench/study.py"))
    if "participation" in chosen:
        write_participation(run_everywhere("bench/participation.py"))
    if "messaging" in chosen:
        # Many server processes writing at once: the production shape, PostgreSQL only.
        write_messaging(run_everywhere("bench/messaging.py", sqlite=False))
    if "assistant" in chosen:
        write_assistant(run_everywhere("bench/assistant.py"))
    if "reports" in chosen:
        write_reports(run_everywhere("bench/reports.py"))
    if "dues" in chosen:
        write_dues(run_everywhere("bench/dues.py"))


def ms(d: dict) -> str:
    return f"{d['p50']:.1f} / {d['p95']:.1f}"


def write(results: list[dict]) -> None:
    path = ROOT / "docs" / "benchmarks.md"
    if not path.exists():
        path.write_text(
            "# Benchmarks\n\nEach run appends a section. Times are server-side (Django test "
            "client in-process, no network), p50 / p95 in milliseconds unless stated.\n"
        )
    cpu = platform.processor() or platform.machine()
    when = f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC"
    data = results[0]["dataset"]
    lines = [
        f"\n## Foundation + Notices — {when} ({os.cpu_count()} cores, {cpu})\n",
        f"Dataset: {data['members']:,} members, {data['orgs']:,} units "
        "(`make demo SIZE=province`).\n",
        "| measure | budget | " + " | ".join(r["vendor"] for r in results) + " |",
        "|---|---|" + "---|" * len(results),
    ]
    rows = [
        ("baseline: bare Django view (p50 / p95 ms)", "—", lambda r: ms(r["bare_view"])),
        ("generate province dataset (s)", "< 180", lambda r: f"{r['generate_s']:.1f}"),
        (
            "member search, province scope (p50 / p95 ms)",
            "p95 < 100",
            lambda r: ms(r["member_search"]),
        ),
        ("tree with counts, province root (p50 / p95 ms)", "< 200", lambda r: ms(r["tree_root"])),
        ("adoption table, province root (p50 / p95 ms)", "—", lambda r: ms(r["adoption_root"])),
        ("import 100,000-row .xlsx: validate (s)", "", lambda r: f"{r['import_validate_s']:.1f}"),
        ("import 100,000-row .xlsx: apply (s)", "", lambda r: f"{r['import_apply_s']:.1f}"),
        (
            "import total (s)",
            "< 120",
            lambda r: f"{r['import_validate_s'] + r['import_apply_s']:.1f}",
        ),
        (
            "notice to the whole province: inbox rows + delivery jobs (s)",
            "< 30",
            lambda r: (
                f"{r['notice_send_s']:.1f} ({r['notice_recipients']:,} inbox, "
                f"{r['notice_deliveries']:,} deliveries)"
            ),
        ),
        (
            "baseline: bulk insert of the same number of inbox rows (s)",
            "—",
            lambda r: f"{r['notification_bulk_baseline_s']:.1f}",
        ),
        ("inbox page, 200 notifications (p50 / p95 ms)", "p95 < 50", lambda r: ms(r["inbox_page"])),
        (
            "baseline: bulk insert of 100,000 bare member rows (s)",
            "—",
            lambda r: f"{r['bulk_insert_baseline_s']:.1f}",
        ),
    ]
    for label, budget, fn in rows:
        lines.append(f"| {label} | {budget} | " + " | ".join(fn(r) for r in results) + " |")
    with path.open("a") as fh:
        fh.write("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
