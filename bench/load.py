"""Load benchmark: a province's meeting evening against the production server (issue 16).

    make bench BENCH=load                  # the issue's run: 60 s per level
    .venv/bin/python bench/load.py --seconds 20 --levels 5,25,100 --soak 0   # a quicker look

What it does, by itself, from an empty PostgreSQL (BENCH_PG_URL, default the local server):

1. builds the province dataset (`demo --size province`, ≈100,000 members) once in its own
   database ``sotay_bench_load`` and reuses it on later runs;
2. starts the production launcher, ``manage.py serve --web-workers 2`` (uvicorn, DEBUG off, the
   psycopg pool, one task worker), on a free port, with the bench URLconf (a bare view added);
3. signs in distinct members over HTTP (the sign-in rate is measured here), and committee
   members with their authenticator code;
4. per concurrency level replays the member mix (home 20%, feed 20%, article/document 25%,
   next meeting 10%, inbox 10%, search 10%, quiz 5%) and a committee mix (tree, member list,
   oversight), then the two baselines — the cheapest Django view and a static file — at the
   same level, in the same run;
5. samples PostgreSQL connections held and the web workers' RSS each second; a soak at a steady
   concurrency checks that RSS stays flat;
6. appends the figures to docs/benchmarks.md and stops the server.

The load generator is wrk (Debian package, `make bench` installs it), driven by a Lua script:
on two cores the generator takes CPU from the server it measures, and wrk's C event loop costs
a small fraction of what a Python generator (Locust and its gevent) spends per request, so the
figures are the server's. Clients are closed-loop (each sends its next request when the answer
arrives), kept alive, and send ``Accept-Encoding: gzip`` as phones do.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests

from sotay.core.testing import http_sign_in

ROOT = Path(__file__).resolve().parent.parent
PG = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432")
DB_NAME = "sotay_bench_load"
PASSWORD = "Sotay@2026"  # the demo's (sotay.core.demo.generator.DEMO_PASSWORD)
MEMBER_MIX = {
    "home": 20,
    "feed": 20,
    "article": 25,
    "meeting": 10,
    "inbox": 10,
    "search": 10,
    "quiz": 5,
}
COMMITTEE_MIX = {"tree": 40, "members": 35, "oversight": 25}
SEARCH_TERMS = [
    "nghị quyết",
    "đảng viên",
    "chi bộ",
    "sinh hoạt",
    "học tập",
    "điều lệ",
    "kết nạp",
    "đảng phí",
    "kiểm tra",
    "chuyen sinh hoat",
]
UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"

LUA = r"""
local reqs = {}
local threads = {}
local n = 0
setup = function(thread)
  n = n + 1
  thread:set("tid", n)
  table.insert(threads, thread)
end
init = function(args)
  for line in io.lines(args[1]) do
    local path, cookie = line:match("^([^\t]*)\t(.*)$")
    local headers = {["Accept-Encoding"] = "gzip", ["User-Agent"] = "sotay-bench"}
    if cookie ~= "" then headers["Cookie"] = cookie end
    reqs[#reqs + 1] = wrk.format("GET", path, headers)
  end
  math.randomseed(tid * 7919)
  idx = math.random(#reqs)
  ok, redirect, client_error, server_error = 0, 0, 0, 0
end
request = function()
  idx = idx % #reqs + 1
  return reqs[idx]
end
response = function(status, headers, body)
  if status < 300 then ok = ok + 1
  elseif status < 400 then redirect = redirect + 1
  elseif status < 500 then client_error = client_error + 1
  else server_error = server_error + 1 end
end
done = function(summary, latency, requests)
  local c = {ok = 0, redirect = 0, client_error = 0, server_error = 0}
  for _, t in ipairs(threads) do
    for k, _ in pairs(c) do c[k] = c[k] + t:get(k) end
  end
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests": %d, "duration_us": %d, "p50": %d, "p95": %d, "p99": %d, ' ..
    '"ok": %d, "redirect": %d, "client_error": %d, "server_error": %d, ' ..
    '"connect": %d, "read": %d, "write": %d, "timeout": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), c.ok, c.redirect, c.client_error, c.server_error,
    e.connect, e.read, e.write, e.timeout))
end
"""


@dataclass
class Persona:
    identifier: str
    totp_secret: str = ""
    cookie: str = ""
    urls: dict[str, list[str]] = field(default_factory=dict)


# -- the dataset -------------------------------------------------------------------------


def admin_sql(sql: str) -> list[tuple[Any, ...]]:
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        cur = conn.execute(sql)
        return cur.fetchall() if cur.description else []


def ensure_dataset(env: dict[str, str], rebuild: bool) -> float:
    """The province dataset in its own database; seconds spent building it (0 when reused)."""
    subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env
    )
    exists = admin_sql(f"SELECT 1 FROM pg_database WHERE datname = '{DB_NAME}'")  # noqa: S608
    manage = [sys.executable, "manage.py"]
    if exists and not rebuild:
        import psycopg

        with psycopg.connect(env["DATABASE_URL"]) as conn:
            try:
                (count,) = conn.execute("SELECT count(*) FROM members_member").fetchone() or (0,)
            except psycopg.Error:
                count = 0
        if count >= 90_000:
            subprocess.run([*manage, "migrate", "-v0"], cwd=ROOT, env=env, check=True)  # noqa: S603
            return 0.0
    admin_sql(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
    admin_sql(f'CREATE DATABASE "{DB_NAME}"')
    started = time.monotonic()
    subprocess.run([*manage, "migrate", "-v0"], cwd=ROOT, env=env, check=True)  # noqa: S603
    subprocess.run([*manage, "demo", "--size", "province"], cwd=ROOT, env=env, check=True)  # noqa: S603
    return time.monotonic() - started


def choose_personas(env: dict[str, str], members: int, committee: int) -> dict[str, Any]:
    """Distinct members without a committee role, and cell secretaries given an authenticator
    (a bench set-up step, as each would enrol their own), through the ORM."""
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    import pyotp
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.utils import timezone

    from sotay.members.models import Member
    from sotay.orgs.models import Position, StaffRole

    user_model = get_user_model()
    with_role = set(Position.objects.values_list("member_id", flat=True)) | set(
        StaffRole.objects.values_list("member_id", flat=True)
    )
    rng = random.Random(2026)
    candidates = list(
        user_model.objects.filter(member__isnull=False, totp_secret="")
        .exclude(member__phone__startswith="090000000")
        .values_list("member_id", "member__party_card_number")
    )
    plain = [card for mid, card in candidates if mid not in with_role]
    chosen_members = [Persona(card) for card in rng.sample(plain, members)]
    secretaries = list(
        Position.objects.filter(ended_on__isnull=True, member__user__isnull=False)
        .exclude(member__phone__startswith="090000000")
        .values_list("member_id", "member__party_card_number")
    )
    chosen_committee: list[Persona] = []
    for member_id, card in rng.sample(secretaries, committee):
        secret = pyotp.random_base32()
        user_model.objects.filter(member_id=member_id).update(
            totp_secret=secret, totp_confirmed_at=timezone.now()
        )
        chosen_committee.append(Persona(card, secret))
    # The commune and province personas of the demo oversee the larger units.
    from sotay.core.demo.generator import PERSONAS

    for persona in PERSONAS:
        if persona.key in ("commune", "province"):
            chosen_committee.append(Persona(persona.phone, persona.totp_secret or ""))
    dataset = {
        "members": Member.objects.count(),
        "accounts": user_model.objects.count(),
    }
    connection.close()
    return {"members": chosen_members, "committee": chosen_committee, "dataset": dataset}


# -- the server --------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(env: dict[str, str], port: int, web_workers: int) -> subprocess.Popen[bytes]:
    argv = [sys.executable, "manage.py", "serve", "--port", str(port)]
    argv += ["--web-workers", str(web_workers), "--workers", "1"]
    server = subprocess.Popen(argv, cwd=ROOT, env=env)  # noqa: S603
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if requests.get(f"http://127.0.0.1:{port}/bench/bare/", timeout=2).ok:
                return server
        except requests.RequestException:
            pass
        time.sleep(0.5)
    server.terminate()
    raise SystemExit("the server did not answer within 120 s")


def descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def web_workers_rss(server_pid: int) -> list[float]:
    """RSS in MB of each uvicorn web worker (the serve launcher's grandchildren via uvicorn)."""
    sizes = []
    for pid in descendants(server_pid):
        try:
            cmd = (Path("/proc") / str(pid) / "cmdline").read_bytes()
            status = (Path("/proc") / str(pid) / "status").read_text()
        except OSError:
            continue
        # uvicorn's workers are spawned processes (not the resource tracker beside them)
        if b"spawn_main" in cmd:
            kb = int(re.search(r"VmRSS:\s+(\d+)", status).group(1))  # type: ignore[union-attr]
            sizes.append(kb / 1024)
    return sizes


def connections_held() -> int:
    rows = admin_sql(
        "SELECT count(*) FROM pg_stat_activity "  # noqa: S608
        f"WHERE datname = '{DB_NAME}' AND backend_type = 'client backend'"
    )
    return int(rows[0][0])


# -- signing in and finding each persona's pages ---------------------------------------


def sign_in(base: str, persona: Persona) -> float:
    import pyotp

    started = time.monotonic()
    s, r = http_sign_in(base, persona.identifier, PASSWORD)
    token = s.cookies["csrftoken"]
    if "/dang-nhap/xac-thuc/" in r.url:
        r = s.post(
            r.url,
            data={"csrfmiddlewaretoken": token, "code": pyotp.TOTP(persona.totp_secret).now()},
            timeout=60,
        )
    if "sessionid" not in s.cookies or "/dang-nhap/" in r.url:
        raise SystemExit(f"sign-in failed for {persona.identifier}: {r.status_code} {r.url}")
    elapsed = time.monotonic() - started
    persona.cookie = f"sessionid={s.cookies['sessionid']}"
    persona.urls = harvest(s, base, persona)
    return elapsed


def links(s: requests.Session, base: str, page: str, pattern: str) -> list[str]:
    html = s.get(f"{base}{page}", timeout=60).text
    return sorted(set(re.findall(pattern, html)))


def harvest(s: requests.Session, base: str, persona: Persona) -> dict[str, list[str]]:
    """The pages this persona can open, found by following their own links."""
    if persona.totp_secret:
        console = s.get(f"{base}/quan-ly/", timeout=60)  # a cell's secretary lands on the cell
        units = sorted(set(re.findall(rf"/quan-ly/don-vi/{UUID}/", console.text)))
        return {
            "tree": [requests.compat.urlparse(console.url).path, *units],
            "members": [f"{u}dang-vien/" for u in units],
            "oversight": [f"{u}ket-qua-su-dung/" for u in units],
        }
    items = links(s, base, "/tin-tuc/", rf"/noi-dung/{UUID}/")
    items += links(s, base, "/van-kien/", rf"/noi-dung/{UUID}/")
    meetings = links(s, base, "/sinh-hoat/", rf"/sinh-hoat/{UUID}/")
    quizzes = links(s, base, "/hoc-tap/", rf"/hoc-tap/{UUID}/")
    return {
        "home": ["/"],
        "feed": ["/tin-tuc/"],
        "article": items or ["/tin-tuc/"],
        "meeting": meetings[:1] or ["/sinh-hoat/"],
        "inbox": ["/thong-bao/"],
        "search": ["/tim-kiem/?" + requests.compat.urlencode({"q": term}) for term in SEARCH_TERMS],
        "quiz": quizzes[:2] or ["/hoc-tap/"],
    }


def sign_in_all(base: str, personas: list[Persona]) -> dict[str, float]:
    started = time.monotonic()
    with ThreadPoolExecutor(8) as pool:
        times = sorted(pool.map(lambda p: sign_in(base, p), personas))
    wall = time.monotonic() - started
    # Each sign-in above also harvests 4 pages; the rate counts whole sign-ins, page loads
    # included, so it is a floor.
    return {"count": len(times), "per_s": len(times) / wall, "p50_s": times[len(times) // 2]}


def sign_in_rate(base: str, personas: list[Persona], seconds: float = 20) -> dict[str, float]:
    """Sign-ins alone (form + password, no page loads), 8 at a time, for ``seconds``."""
    stop = time.monotonic() + seconds
    done: list[float] = []

    def loop(start: int) -> None:
        i = start
        while time.monotonic() < stop:
            p = personas[i % len(personas)]
            t = time.monotonic()
            _s, r = http_sign_in(base, p.identifier, PASSWORD, follow=False)
            if r.status_code == 302:
                done.append(time.monotonic() - t)
            i += 8

    started = time.monotonic()
    threads = [threading.Thread(target=loop, args=(k,)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    done.sort()
    wall = time.monotonic() - started
    return {"per_s": len(done) / wall, "p50_s": done[len(done) // 2] if done else 0.0}


# -- load ---------------------------------------------------------------------------------


def request_file(
    folder: Path, name: str, personas: list[Persona], mix: dict[str, int], n: int = 6000
) -> Path:
    rng = random.Random(name)
    kinds, weights = list(mix), list(mix.values())
    lines = []
    for _ in range(n):
        p = rng.choice(personas)
        kind = rng.choices(kinds, weights)[0]
        lines.append(f"{rng.choice(p.urls[kind])}\t{p.cookie}")
    path = folder / f"{name}.tsv"
    path.write_text("\n".join(lines) + "\n")
    return path


def fixed_file(folder: Path, name: str, url: str) -> Path:
    path = folder / f"{name}.tsv"
    path.write_text(f"{url}\t\n")
    return path


def run_level(
    base: str, folder: Path, requests_path: Path, clients: int, seconds: int, server_pid: int
) -> dict[str, Any]:
    script = folder / "mix.lua"
    script.write_text(LUA)
    samples: list[tuple[int, float]] = []
    stop = threading.Event()

    def sample() -> None:
        while not stop.wait(1.0):
            samples.append((connections_held(), sum(web_workers_rss(server_pid))))

    sampler = threading.Thread(target=sample)
    sampler.start()
    argv = ["wrk", "-t", str(min(2, clients)), "-c", str(clients), "-d", f"{seconds}s"]
    argv += ["--timeout", "10s", "-s", str(script), base, "--", str(requests_path)]
    out = subprocess.run(argv, capture_output=True, text=True, check=True)  # noqa: S603
    stop.set()
    sampler.join()
    line = next(x for x in out.stdout.splitlines() if x.startswith("WRKJSON "))
    r = json.loads(line.removeprefix("WRKJSON "))
    errors = r["redirect"] + r["client_error"] + r["server_error"]
    errors += r["connect"] + r["read"] + r["write"] + r["timeout"]
    return {
        "clients": clients,
        "rps": r["requests"] / (r["duration_us"] / 1e6),
        "p50": r["p50"] / 1000,
        "p95": r["p95"] / 1000,
        "p99": r["p99"] / 1000,
        "requests": r["requests"],
        "errors": errors,
        "server_errors": r["server_error"],
        "detail": r,
        "connections_max": max((c for c, _ in samples), default=0),
        "rss_mb": samples[-1][1] if samples else 0.0,
    }


def soak(
    base: str, folder: Path, requests_path: Path, clients: int, seconds: int, server_pid: int
) -> dict[str, Any]:
    """A steady load for ``seconds``: web workers' RSS after the first minute and at the end."""
    rss: list[tuple[float, float]] = []
    stop = threading.Event()
    started = time.monotonic()

    def sample() -> None:
        while not stop.wait(5.0):
            rss.append((time.monotonic() - started, sum(web_workers_rss(server_pid))))

    sampler = threading.Thread(target=sample)
    sampler.start()
    result = run_level(base, folder, requests_path, clients, seconds, server_pid)
    stop.set()
    sampler.join()
    warm = [m for t, m in rss if t >= min(60, seconds / 3)]
    first, last = (warm[0], warm[-1]) if warm else (0.0, 0.0)
    result.update(
        seconds=seconds,
        rss_first_mb=first,
        rss_last_mb=last,
        rss_change=(last - first) / first if first else 0.0,
        rss_min_mb=min(warm, default=0.0),
        rss_max_mb=max(warm, default=0.0),
    )
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=60, help="per level")
    parser.add_argument("--levels", default="5,10,25,50,100")
    parser.add_argument("--committee-levels", default="5,10,25")
    parser.add_argument("--members", type=int, default=200)
    parser.add_argument("--committee", type=int, default=20, help="cell secretaries")
    parser.add_argument("--web-workers", type=int, default=2)
    parser.add_argument("--soak", type=int, default=600, help="seconds at a steady load; 0: none")
    parser.add_argument("--soak-clients", type=int, default=25)
    parser.add_argument("--rebuild", action="store_true", help="build the dataset again")
    parser.add_argument(
        "--redis",
        default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/5"),
        help="Redis for cache, sessions and channels, as in production ('' for none); "
        "this database is emptied first",
    )
    parser.add_argument("--note", default="", help="a line to print under the table")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: run `make bench BENCH=load` (it installs Debian's wrk)")
    levels = [int(x) for x in args.levels.split(",") if x]
    committee_levels = [int(x) for x in args.committee_levels.split(",") if x]
    tmp = Path(tempfile.mkdtemp(prefix="sotay-load-"))
    env = {
        **os.environ,
        "DATABASE_URL": f"{PG}/{DB_NAME}",
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DEBUG": "0",
        # The keys that encrypt phones and the session secret live with the dataset: kept.
        "SOTAY_VAR_DIR": str(ROOT / "var" / "bench-load"),
        "PYTHONPATH": str(ROOT),
    }
    env.pop("SQLITE_PATH", None)
    env.pop("REDIS_URL", None)
    if args.redis:
        import redis

        redis.Redis.from_url(args.redis).flushdb()  # nothing cached from an earlier dataset
        env["REDIS_URL"] = args.redis
    build_s = ensure_dataset(env, args.rebuild)
    chosen = choose_personas(env, args.members, args.committee)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_server(env, port, args.web_workers)
    result: dict[str, Any] = {"dataset": chosen["dataset"], "build_s": build_s}
    try:
        result["connections_idle"] = connections_held()
        result["sign_in_members"] = sign_in_all(base, chosen["members"])
        result["sign_in_committee"] = sign_in_all(base, chosen["committee"])
        result["sign_in_rate"] = sign_in_rate(base, chosen["members"])
        member_file = request_file(tmp, "members", chosen["members"], MEMBER_MIX)
        committee_file = request_file(tmp, "committee", chosen["committee"], COMMITTEE_MIX)
        bare_file = fixed_file(tmp, "bare", "/bench/bare/")
        static_file = fixed_file(tmp, "static", "/static/css/sotay.css")
        baseline_s = max(10, args.seconds // 3)
        # Warm-up, not measured: the caches start empty (a server that has just started).
        run_level(base, tmp, member_file, 10, max(10, args.seconds // 3), server.pid)
        run_level(base, tmp, committee_file, 5, max(5, args.seconds // 6), server.pid)
        result["levels"] = []
        for clients in levels:
            row = {
                "member": run_level(base, tmp, member_file, clients, args.seconds, server.pid),
                "bare": run_level(base, tmp, bare_file, clients, baseline_s, server.pid),
                "static": run_level(base, tmp, static_file, clients, baseline_s, server.pid),
            }
            print(json.dumps({k: _short(v) for k, v in row.items()}), flush=True)
            result["levels"].append(row)
        result["committee"] = []
        for clients in committee_levels:
            row = run_level(base, tmp, committee_file, clients, args.seconds, server.pid)
            print(json.dumps({"committee": _short(row)}), flush=True)
            result["committee"].append(row)
        if args.soak:
            result["soak"] = soak(base, tmp, member_file, args.soak_clients, args.soak, server.pid)
        result["connections_after"] = connections_held()
        result["rss_after_mb"] = web_workers_rss(server.pid)
    finally:
        server.terminate()
        server.wait(30)
    result["args"] = vars(args)
    write(result)


def _short(r: dict[str, Any]) -> dict[str, Any]:
    return {k: round(v, 1) if isinstance(v, float) else v for k, v in r.items() if k != "detail"}


def write(r: dict[str, Any]) -> None:
    when = f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC"
    cpu = platform.processor() or platform.machine()
    a = r["args"]
    # one pool per process: each web worker and the task worker
    bound = int(os.environ.get("SOTAY_DB_POOL_MAX", 8)) * (a["web_workers"] + 1)
    lines = [
        f"\n## Serving under load — {when} ({os.cpu_count()} cores, {cpu}, PostgreSQL)\n",
        f"`bench/load.py`: {r['dataset']['members']:,} members, "
        f"{a['web_workers']} uvicorn workers + 1 task worker (`manage.py serve`), DEBUG off, "
        f"wrk closed-loop clients, {a['seconds']} s per level, {a['members']} distinct members "
        f"and {a['committee'] + 2} committee members signed in over HTTP. Connection bound: "
        f"{bound} (pool × processes). Cache: {'Redis' if a['redis'] else 'local memory'}. "
        "Baselines in the same run: the bare Django view "
        "(anonymous, the whole middleware stack) and a static file (WhiteNoise). Measured after "
        "a warm-up of both mixes (caches filled).\n",
        "| clients | member mix req/s | p50 / p95 / p99 ms | errors | bare view req/s | "
        "mix ÷ bare | static req/s | PG connections max | web RSS MB |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for row in r["levels"]:
        m, b, s = row["member"], row["bare"], row["static"]
        lines.append(
            f"| {m['clients']} | {m['rps']:.0f} | {m['p50']:.0f} / {m['p95']:.0f} / "
            f"{m['p99']:.0f} | {m['errors']} of {m['requests']:,} | {b['rps']:.0f} "
            f"(p95 {b['p95']:.0f}) | {m['rps'] / b['rps']:.0%} | {s['rps']:.0f} | "
            f"{max(m['connections_max'], b['connections_max'])} | {m['rss_mb']:.0f} |"
        )
    lines += [
        "",
        "| clients | committee mix req/s | p50 / p95 / p99 ms | errors | PG connections max |",
        "|---|---|---|---|---|",
    ]
    for c in r["committee"]:
        lines.append(
            f"| {c['clients']} | {c['rps']:.0f} | {c['p50']:.0f} / {c['p95']:.0f} / "
            f"{c['p99']:.0f} | {c['errors']} of {c['requests']:,} | {c['connections_max']} |"
        )
    si, sr = r["sign_in_members"], r["sign_in_rate"]
    lines.append(
        f"\nSign-in (form + password hash, 8 at a time, during nothing else): "
        f"{sr['per_s']:.1f}/s, p50 {sr['p50_s'] * 1000:.0f} ms; the {si['count']} members' "
        f"first sign-ins with their page discovery: {si['per_s']:.1f}/s."
    )
    if "soak" in r:
        k = r["soak"]
        lines.append(
            f"Soak: {k['clients']} clients for {k['seconds']} s, {k['rps']:.0f} req/s, "
            f"p95 {k['p95']:.0f} ms, {k['errors']} errors; web RSS after warm-up "
            f"{k['rss_first_mb']:.0f} MB → {k['rss_last_mb']:.0f} MB at the end "
            f"({k['rss_change']:+.1%}; min {k['rss_min_mb']:.0f}, max {k['rss_max_mb']:.0f})."
        )
    lines.append(
        f"Connections: {r['connections_idle']} idle before, {r['connections_after']} after the "
        f"load; web workers' RSS after: {', '.join(f'{x:.0f}' for x in r['rss_after_mb'])} MB."
    )
    if a["note"]:
        lines.append(f"\n_{a['note']}_")
    text = "\n".join(lines) + "\n"
    with (ROOT / "docs" / "benchmarks.md").open("a") as fh:
        fh.write(text)
    (ROOT / "var").mkdir(exist_ok=True)
    (ROOT / "var" / "bench-load.json").write_text(json.dumps(r, indent=1, default=str))
    print(text)


if __name__ == "__main__":
    main()
