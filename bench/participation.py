"""Measure the Participation budgets on one database; prints a JSON object.

Dataset: the province demo; a province-wide survey (8 questions of every type) with 100,000
responses whose running tallies are built exactly as answering builds them; a draft of 120
paragraphs with 5,000 comments. Baselines in the same run: a bare view, results computed by
reading every response (what the tallies avoid), and the draft view without the DOCX.
Run through bench/run.py.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import statistics
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.scenarios import timed  # noqa: E402
from sotay.core.db import analyze  # noqa: E402
from sotay.core.demo.generator import generate  # noqa: E402
from sotay.members.accounts import find_user  # noqa: E402
from sotay.members.models import Member  # noqa: E402
from sotay.orgs.models import Organization  # noqa: E402
from sotay.participation import selectors  # noqa: E402
from sotay.participation.models import (  # noqa: E402
    DraftComment,
    SurveyParticipation,
    SurveyResponse,
    SurveyTally,
)
from sotay.participation.services import consultations, surveys  # noqa: E402
from sotay.participation.services.surveys import _ticks  # noqa: E402
from sotay.participation.synthesis import synthesis_docx  # noqa: E402

SIZE = os.environ.get("BENCH_SIZE", "province")
RESPONSES = 100_000 if SIZE == "province" else 5_000
COMMENTS = 5_000 if SIZE == "province" else 500


def micro(fn: Any, n: int) -> dict[str, float]:
    fn()
    samples = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t) * 1000)
    samples.sort()
    return {"p50": statistics.median(samples), "p95": samples[max(0, int(n * 0.95) - 1)]}


def build_survey(staff: Any, root: Organization) -> Any:
    now = timezone.now()
    survey = surveys.survey_create(
        user=staff,
        unit=root,
        audience=root,
        title="Khảo sát đo",
        opens_at=now - dt.timedelta(days=1),
        closes_at=now + dt.timedelta(days=30),
        anonymous=True,
    )
    add = surveys.question_add
    add(user=staff, survey=survey, kind="single", text="Một", options=["A", "B", "C", "D"])
    add(
        user=staff,
        survey=survey,
        kind="text",
        text="Vì sao",
        show_if_question="q1",
        show_if_options=["4"],
    )
    add(user=staff, survey=survey, kind="multiple", text="Nhiều", options=list("ABCDE"))
    add(user=staff, survey=survey, kind="scale", text="Thang", scale_min=1, scale_max=5)
    add(user=staff, survey=survey, kind="ranking", text="Xếp", options=["X", "Y", "Z", "W"])
    add(
        user=staff,
        survey=survey,
        kind="matrix",
        text="Bảng",
        options=["Tốt", "Đạt", "Chưa"],
        rows=["R1", "R2", "R3", "R4"],
    )
    add(user=staff, survey=survey, kind="single", text="Hai", options=["Có", "Không"])
    add(user=staff, survey=survey, kind="scale", text="Thang 10", scale_min=0, scale_max=10)
    return surveys.survey_open(user=staff, survey=survey)


def fill_responses(survey: Any, members: list[tuple[int, str]], rng: random.Random) -> float:
    """RESPONSES anonymous responses (more than the province has members, so some members are
    counted twice — reading the results does not care), their participation marks, and the
    tallies answering would have kept, in bulk."""
    questions = list(survey.questions.all())
    t = time.perf_counter()
    tallies: Counter[tuple[str, str, str, str]] = Counter()
    for start in range(0, RESPONSES, 10_000):
        rows = []
        for i in range(start, min(start + 10_000, RESPONSES)):
            cell_path = members[i % len(members)][1]
            unit_path = cell_path[:12]
            q1 = rng.choice("1234")
            answers: dict[str, Any] = {
                "q1": q1,
                "q3": rng.sample("12345", rng.randint(1, 3)),
                "q4": rng.randint(1, 5),
                "q5": rng.sample("1234", 4),
                "q6": {r: rng.choice("123") for r in "1234"},
                "q7": rng.choice("12"),
                "q8": rng.randint(0, 10),
            }
            if q1 == "4":
                answers["q2"] = "Ý kiến khác"
            rows.append(SurveyResponse(survey=survey, unit_path=unit_path, answers=answers))
            for (q, r, c), n in _ticks(questions, answers).items():
                tallies[(q, r, c, unit_path)] += n
        SurveyResponse.objects.bulk_create(rows, batch_size=5000)
    SurveyParticipation.objects.bulk_create(
        [SurveyParticipation(survey=survey, member_id=m) for m, _ in members], batch_size=5000
    )
    SurveyTally.objects.bulk_create(
        [
            SurveyTally(survey=survey, question=q, row=r, choice=c, unit_path=u, count=n)
            for (q, r, c, u), n in tallies.items()
        ],
        batch_size=5000,
    )
    survey.responses = RESPONSES
    survey.save(update_fields=["responses"])
    return time.perf_counter() - t


def naive_results(survey: Any) -> int:
    """Baseline: count every answer by reading all responses (no tallies)."""
    counts: Counter[tuple[str, str]] = Counter()
    for answers in (
        SurveyResponse.objects.filter(survey=survey)
        .values_list("answers", flat=True)
        .iterator(chunk_size=5000)
    ):
        for key, value in answers.items():
            if isinstance(value, list):
                for v in value:
                    counts[(key, str(v))] += 1
            elif isinstance(value, dict):
                for r, v in value.items():
                    counts[(key, f"{r}:{v}")] += 1
            else:
                counts[(key, str(value))] += 1
    return len(counts)


def build_draft(staff: Any, root: Organization, members: list[tuple[int, str]]) -> Any:
    text = "\n".join(
        f"Điều {n}. Nội dung điều {n} của dự thảo, quy định về việc thứ {n}." for n in range(1, 121)
    )
    consultation = consultations.consultation_create(
        user=staff,
        unit=root,
        audience=root,
        title="Dự thảo đo",
        closes_at=timezone.now() + dt.timedelta(days=30),
        text=text,
    )
    version = consultation.versions.first()
    paragraphs = list(version.paragraphs.all())
    rng = random.Random(3)
    DraftComment.objects.bulk_create(
        [
            DraftComment(
                consultation=consultation,
                member_id=members[i % len(members)][0],
                paragraph_key=rng.choice(paragraphs).key if i % 10 else "",
                text=f"Góp ý số {i}: đề nghị sửa câu chữ cho rõ hơn, bổ sung trách nhiệm.",
                decision=rng.choice(["pending", "adopted", "answered", "not_adopted"]),
                response="Đã tiếp thu một phần." if i % 3 == 0 else "",
            )
            for i in range(COMMENTS)
        ],
        batch_size=2000,
    )
    return consultation


def main() -> None:
    result: dict[str, Any] = {"vendor": connection.vendor}
    call_command("migrate", "--noinput", verbosity=0)
    counts = generate(size=SIZE)
    root = Organization.objects.get(code="TN")
    staff = find_user("0900000004")
    everyone = list(
        Member.objects.current()
        .filter(status__in=["full", "probationary"])
        .order_by("pk")
        .values_list("id", "cell_path")
    )
    members, reserved = everyone[:-200], everyone[-200:]  # the reserved answer live below
    survey = build_survey(staff, root)
    result["fill_s"] = fill_responses(survey, members, random.Random(5))
    analyze()
    result["dataset"] = {
        **counts,
        "responses": SurveyResponse.objects.filter(survey=survey).count(),
        "tallies": SurveyTally.objects.filter(survey=survey).count(),
    }
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(staff, backend="sotay.members.auth.IdentifierBackend")
    result["bare_view"] = timed(client, "/bench/bare/", 200)
    result["results_query"] = micro(lambda: selectors.survey_results(survey, root), 20)
    commune = Organization.objects.filter(depth=3).order_by("path").first()
    assert commune is not None
    result["results_commune_query"] = micro(lambda: selectors.survey_results(survey, commune), 20)
    result["results_page"] = timed(client, f"/quan-ly/y-kien/khao-sat/{survey.public_id}/", 20)
    t = time.perf_counter()
    naive_results(survey)
    result["naive_results_s"] = time.perf_counter() - t
    # Members answering the big survey live (service: checks, participation, and every
    # fifth answer a shuffled batch of five added to the tallies).
    late = Member.objects.filter(pk__in=[m for m, _ in reserved])
    answer = {
        "q1": "1",
        "q3": ["1"],
        "q4": 3,
        "q5": ["1", "2", "3", "4"],
        "q6": {r: "1" for r in "1234"},
        "q7": "1",
        "q8": 5,
    }
    samples = []
    for m in late:
        t = time.perf_counter()
        surveys.survey_answer(member=m, survey=survey, answers=answer)
        samples.append((time.perf_counter() - t) * 1000)
    samples.sort()
    result["answer"] = {
        "p50": statistics.median(samples) if samples else 0,
        "p95": samples[max(0, int(len(samples) * 0.95) - 1)] if samples else 0,
        "n": len(samples),
    }
    consultation = build_draft(staff, root, members)
    result["comments"] = DraftComment.objects.filter(consultation=consultation).count()
    result["draft_view"] = micro(lambda: selectors.draft_view(consultation, with_hidden=True), 5)
    sizes = []

    def docx() -> None:
        sizes.append(len(synthesis_docx(consultation)))

    result["synthesis"] = micro(docx, 3)
    result["synthesis_bytes"] = sizes[-1]
    print(json.dumps(result))


if __name__ == "__main__":
    main()
