"""Measure the Study budgets on one database; prints a JSON object.

Dataset: the province demo plus one million point entries over this year, and a province-wide
programme with a 10-question quiz. Run through bench/run.py.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import random
import statistics
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import close_old_connections, connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.scenarios import timed  # noqa: E402
from sotay.core.db import analyze  # noqa: E402
from sotay.core.demo.generator import generate  # noqa: E402
from sotay.members.accounts import find_user  # noqa: E402
from sotay.members.models import Member, User  # noqa: E402
from sotay.orgs.models import Organization  # noqa: E402
from sotay.study import points, selectors, services  # noqa: E402
from sotay.study.models import Attempt, PointEntry, PointPolicy  # noqa: E402

SIZE = os.environ.get("BENCH_SIZE", "province")
ENTRIES = 1_000_000 if SIZE == "province" else 50_000
RULES = ["programme_done", "quiz_score", "meeting_attended", "comment_adopted", "survey_answered"]


def ledger(members: list[tuple[int, str]]) -> float:
    rng = random.Random(1)
    start = timezone.localdate().replace(month=1, day=1)
    days = (timezone.localdate() - start).days + 1
    t = time.perf_counter()
    batch = []
    for i in range(ENTRIES):
        member_id, cell_path = members[rng.randrange(len(members))]
        batch.append(
            PointEntry(
                member_id=member_id,
                cell_path=cell_path,
                rule=RULES[i % 5],
                points=rng.randint(2, 10),
                reason="Dữ liệu đo",
                source_key=f"bench:{i}",
                day=start + dt.timedelta(days=rng.randrange(days)),
            )
        )
        if len(batch) == 20_000:
            PointEntry.objects.bulk_create(batch)
            batch = []
    PointEntry.objects.bulk_create(batch)
    return time.perf_counter() - t


def main() -> None:
    result: dict[str, Any] = {"vendor": connection.vendor}
    call_command("migrate", "--noinput", verbosity=0)
    counts = generate(size=SIZE)
    root = Organization.objects.get(code="TN")
    members = list(Member.objects.values_list("id", "cell_path"))
    result["ledger_insert_s"] = ledger(members)
    t = time.perf_counter()
    result["totals"] = points.rebuild_totals()
    result["rebuild_totals_s"] = time.perf_counter() - t
    analyze()
    result["dataset"] = {**counts, "entries": PointEntry.objects.count()}
    PointPolicy.objects.update_or_create(province=root, defaults={"visibility": "public"})
    staff = find_user("0900000004")
    for n in range(40):
        services.question_save(
            user=staff,
            unit=root,
            category="Điều lệ Đảng",
            kind="single",
            difficulty="easy",
            text=f"Câu hỏi đo số {n}",
            options=[{"key": k, "text": f"Phương án {k}"} for k in "ABCD"],
            correct=["B"],
        )
    today = timezone.localdate()
    programme = services.programme_publish(
        user=staff,
        programme=services.programme_create(
            user=staff,
            unit=root,
            audience=root,
            kind="resolution",
            title="Học tập đo",
            starts_on=today,
            ends_on=today + dt.timedelta(days=30),
            max_attempts=3,
        ),
    )
    member_client = Client(HTTP_HOST="127.0.0.1")
    member_client.force_login(
        find_user("0900000001"), backend="sotay.members.auth.IdentifierBackend"
    )
    result["bare_view"] = timed(member_client, "/bench/bare/", 300)
    year = selectors.period_key("nam")

    def ranking_province() -> None:
        selectors.member_ranking(root.path, year)

    result["ranking_province_query"] = micro(ranking_province, 50)
    # The standings of units are cached for ten minutes; measure the computation itself.
    result["ranking_units_query"] = micro(lambda: selectors._unit_ranking(root, year), 20)
    result["ranking_page"] = timed(member_client, "/hoc-tap/xep-hang/?ky=nam", 30)
    result["ranking_page_month"] = timed(member_client, "/hoc-tap/xep-hang/", 30)

    # Quiz submit through the view, 200 members one after another.
    users = list(
        User.objects.filter(
            member__isnull=False, member__status__in=["full", "probationary"]
        ).select_related("member")[:400]
    )
    sequential, parallel = users[:200], users[200:400]
    samples = []
    # One client, as one application server: Django loads the middleware once per handler
    # (WhiteNoise scans the static files then), so a new Client per member would time the
    # server's start-up, not the hand-in.
    client = Client(HTTP_HOST="127.0.0.1")
    client.get("/bench/bare/")
    for user in sequential:
        client.force_login(user, backend="sotay.members.auth.IdentifierBackend")
        attempt = services.attempt_start(member=user.member, programme=programme)
        data = {"token": attempt.token, **{f"q-{i['v']}": "B" for i in attempt.items}}
        t = time.perf_counter()
        response = client.post(f"/hoc-tap/bai-lam/{attempt.public_id}/", data)
        samples.append((time.perf_counter() - t) * 1000)
        assert response.status_code == 302
    samples.sort()
    result["submit"] = {
        "p50": statistics.median(samples),
        "p95": samples[int(len(samples) * 0.95) - 1],
    }
    # 200 members hand in at the same moment (a barrier), through 50 concurrent workers as an
    # application server would run them.
    attempts = [(u, services.attempt_start(member=u.member, programme=programme)) for u in parallel]
    barrier = threading.Barrier(50)
    errors: list[str] = []

    def hand_in(pair: tuple[Any, Attempt]) -> None:
        user, attempt = pair
        try:
            with contextlib.suppress(threading.BrokenBarrierError):
                barrier.wait(timeout=5)
            services.attempt_submit(
                member=user.member,
                attempt=attempt,
                token=attempt.token,
                answers={str(i["v"]): ["B"] for i in attempt.items},
            )
        except Exception as exc:  # noqa: BLE001 - every failure is counted and reported
            errors.append(f"{type(exc).__name__}: {exc}")
        finally:
            close_old_connections()
            connection.close()

    t = time.perf_counter()
    if connection.vendor == "postgresql":
        with ThreadPoolExecutor(max_workers=50) as pool:
            list(pool.map(hand_in, attempts))
        result["concurrent"] = {
            "submissions": len(attempts),
            "errors": len(errors),
            "first_errors": errors[:3],
            "wall_s": time.perf_counter() - t,
            "counted": Attempt.objects.filter(
                pk__in=[a.pk for _, a in attempts], status="submitted"
            ).count(),
        }
    result["item_statistics"] = item_statistics_at_scale(programme)
    print(json.dumps(result))


def item_statistics_at_scale(programme: Any) -> dict[str, Any]:
    """Hardest questions of a programme the whole province has taken: one finished attempt per
    member (10 answers each) added in bulk, then the aggregate timed."""
    from sotay.study.models import AttemptAnswer, QuestionVersion

    versions = list(QuestionVersion.objects.values_list("id", flat=True)[:40])
    taken = set(Attempt.objects.filter(programme=programme).values_list("member_id", flat=True))
    rng = random.Random(7)
    now = timezone.now()
    members = [(m, c) for m, c in Member.objects.values_list("id", "cell_path") if m not in taken]
    for start in range(0, len(members), 5000):
        chunk = members[start : start + 5000]
        attempts = Attempt.objects.bulk_create(
            [
                Attempt(
                    programme=programme,
                    member_id=m,
                    cell_path=c,
                    number=1,
                    items=[],
                    started_at=now,
                    deadline=now,
                    submitted_at=now,
                    status="submitted",
                    score=rng.randint(3, 10),
                    max_score=10,
                    token="x",
                )
                for m, c in chunk
            ]
        )
        if not attempts[0].pk:  # SQLite before returning ids: look them up
            attempts = list(
                Attempt.objects.filter(
                    programme=programme, token="x", member_id__in=[m for m, _ in chunk]
                )
            )
        AttemptAnswer.objects.bulk_create(
            [
                AttemptAnswer(
                    attempt_id=a.pk,
                    programme=programme,
                    version_id=v,
                    correct=rng.random() < a.score / 10,
                    attempt_score=a.score,
                )
                for a in attempts
                for v in rng.sample(versions, 10)
            ],
            batch_size=5000,
        )
    analyze()
    return {
        "answers": AttemptAnswer.objects.filter(programme=programme).count(),
        **micro(lambda: selectors.item_statistics(programme), 10),
    }


def micro(fn: Any, n: int) -> dict[str, float]:
    fn()
    samples = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t) * 1000)
    samples.sort()
    return {"p50": statistics.median(samples), "p95": samples[int(n * 0.95) - 1]}


if __name__ == "__main__":
    main()
