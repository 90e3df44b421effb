"""Question bank, attempts and points: reward understanding, count nothing twice."""

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from sotay.conftest import Personas, Tree
from sotay.core.errors import DomainError
from sotay.members.spreadsheets import write_xlsx
from sotay.study import bank, points, services
from sotay.study.choices import AttemptStatus, PointRule
from sotay.study.models import Attempt, PointEntry, Question


def _xlsx(rows: list[list[str]]) -> bytes:
    return write_xlsx("Câu hỏi", bank.COLUMNS, rows)


def _row(n: int, **over: str) -> list[str]:
    base = {
        "cat": "Điều lệ Đảng",
        "kind": "Chọn một đáp án",
        "level": "Dễ",
        "text": f"Câu hỏi số {n}: thời kỳ dự bị là bao lâu?",
        "A": "6 tháng",
        "B": "12 tháng",
        "C": "18 tháng",
        "D": "24 tháng",
        "ans": "B",
        "why": "Điều 5 Điều lệ Đảng.",
    } | over
    return [
        base["cat"],
        base["kind"],
        base["level"],
        base["text"],
        base["A"],
        base["B"],
        base["C"],
        base["D"],
        "",
        "",
        base["ans"],
        base["why"],
        "",
        "",
        "dự bị",
    ]


@pytest.fixture
def bank_of_12(personas: Personas, tree: Tree) -> list[Question]:
    result = bank.import_questions(
        user=personas.committee,
        unit=tree.g1,
        data=_xlsx([_row(n) for n in range(12)]),
        filename="cau-hoi.xlsx",
    )
    assert result.created == 12, result.errors
    return list(Question.objects.all())


def _programme(personas: Personas, tree: Tree, **kw):  # noqa: ANN202, ANN003
    today = timezone.localdate()
    programme = services.programme_create(
        user=personas.committee,
        unit=tree.g1,
        audience=tree.g1,
        kind="resolution",
        title="Học tập Điều lệ Đảng",
        starts_on=today,
        ends_on=today + dt.timedelta(days=30),
        question_count=kw.pop("question_count", 10),
        **kw,
    )
    return services.programme_publish(user=personas.committee, programme=programme)


def test_import_reports_every_bad_row_and_adds_none(personas: Personas, tree: Tree) -> None:
    rows = [
        _row(1),
        _row(2, ans="E"),
        _row(3, kind="Chọn bừa"),
        _row(4, level="Rất khó"),
        _row(5, kind="Chọn một đáp án", ans="A,B"),
    ]
    result = bank.import_questions(
        user=personas.committee, unit=tree.g1, data=_xlsx(rows), filename="x.xlsx"
    )
    assert [e.split(":")[0] for e in result.errors] == ["Dòng 3", "Dòng 4", "Dòng 5", "Dòng 6"]
    assert not Question.objects.exists()
    with pytest.raises(DomainError, match="tiêu đề cột"):
        bank.import_questions(
            user=personas.committee,
            unit=tree.g1,
            data=write_xlsx("x", ["a", "b"], [["1", "2"]]),
            filename="x.xlsx",
        )
    with pytest.raises(DomainError):
        bank.import_questions(
            user=personas.member, unit=tree.g1, data=_xlsx([_row(1)]), filename="x.xlsx"
        )


def test_editing_a_question_keeps_past_results(
    bank_of_12: list[Question], personas: Personas, tree: Tree
) -> None:
    programme = _programme(personas, tree)
    attempt = services.attempt_start(member=personas.member.member, programme=programme)
    answers = {str(i["v"]): ["B"] for i in attempt.items}
    services.attempt_submit(
        member=personas.member.member, attempt=attempt, token=attempt.token, answers=answers
    )
    question = Question.objects.get(current_id=attempt.items[0]["v"])
    services.question_save(
        user=personas.committee,
        unit=tree.g1,
        category="Điều lệ Đảng",
        kind="single",
        difficulty="easy",
        text="Sửa: thời kỳ dự bị?",
        options=question.current.options,
        correct=["A"],
        question=question,
    )
    attempt.refresh_from_db()
    assert attempt.score == 10 and question.versions.count() == 2
    assert attempt.items[0]["v"] != Question.objects.get(pk=question.pk).current_id


def test_attempt_resume_cheating_and_points(
    bank_of_12: list[Question], personas: Personas, tree: Tree
) -> None:
    member = personas.member.member
    programme = _programme(personas, tree, max_attempts=1)
    attempt = services.attempt_start(member=member, programme=programme)
    assert len(attempt.items) == 10 and attempt.deadline > timezone.now()
    first, second = (str(i["v"]) for i in attempt.items[:2])
    services.attempt_save(member=member, attempt=attempt, answers={first: ["B"]})
    # The connection drops: starting again resumes the same attempt with the saved answer.
    again = services.attempt_start(member=member, programme=programme)
    assert again.pk == attempt.pk and again.answers[first] == ["B"]
    with pytest.raises(DomainError, match="không thuộc đề"):
        services.attempt_submit(
            member=member, attempt=again, token=again.token, answers={"999999": ["A"]}
        )
    with pytest.raises(DomainError, match="không thuộc đề"):
        services.attempt_save(member=member, attempt=again, answers={second: ["Z"]})
    answers = {str(i["v"]): ["B"] for i in again.items}
    done = services.attempt_submit(member=member, attempt=again, token=again.token, answers=answers)
    assert done.status == AttemptStatus.SUBMITTED and done.score == 10 and done.passed
    with pytest.raises(DomainError, match="lặp lại"):
        services.attempt_submit(member=member, attempt=done, token=again.token, answers=answers)
    with pytest.raises(DomainError, match="đủ 1 lần"):
        services.attempt_start(member=member, programme=programme)
    assert points.total(member) == 20  # quiz 10 + programme 10, once
    assert PointEntry.objects.filter(member=member).count() == 2


def test_answers_after_the_time_limit_do_not_count(
    bank_of_12: list[Question], personas: Personas, tree: Tree
) -> None:
    member = personas.member.member
    programme = _programme(personas, tree)
    attempt = services.attempt_start(member=member, programme=programme)
    first = str(attempt.items[0]["v"])
    services.attempt_save(member=member, attempt=attempt, answers={first: ["B"]})
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - dt.timedelta(minutes=5))
    answers = {str(i["v"]): ["B"] for i in attempt.items}
    with pytest.raises(DomainError, match="hết giờ"):
        services.attempt_submit(
            member=member, attempt=attempt, token=attempt.token, answers=answers
        )
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.EXPIRED and attempt.score == 1 and not attempt.passed
    assert points.total(member) == 0


def test_outsider_cannot_start_and_points_have_daily_caps(
    bank_of_12: list[Question], personas: Personas, tree: Tree
) -> None:
    programme = _programme(personas, tree)
    with pytest.raises(DomainError, match="không giao"):
        services.attempt_start(member=personas.outsider.member, programme=programme)
    member = personas.member.member
    for n in range(5):
        points.award(
            member=member, rule=PointRule.COMMENT_ADOPTED, source_key=f"c:{n}", reason="Góp ý"
        )
    assert points.total(member) == 9  # 3 points each, capped at 9 a day
    assert (
        points.award(member=member, rule=PointRule.COMMENT_ADOPTED, source_key="c:0", reason="x")
        is None
    )
    with pytest.raises(DomainError, match="chưa đủ"):
        _programme(personas, tree, question_count=50)


def test_rankings_from_running_totals(personas: Personas, tree: Tree) -> None:
    from sotay.study import selectors
    from sotay.study.models import PointTotal

    a, b, c = personas.member.member, personas.committee.member, personas.outsider.member
    for n in range(3):
        points.award(
            member=a, rule=PointRule.SURVEY_ANSWERED, source_key=f"s:a:{n}", reason="Khảo sát"
        )
    points.award(member=b, rule=PointRule.MEETING_ATTENDED, source_key="m:b", reason="Dự họp")
    points.award(member=c, rule=PointRule.QUIZ_SCORE, source_key="q:c", reason="Bài kiểm tra")
    key = selectors.period_key("thang")
    province = selectors.member_ranking(tree.province.path, key)
    assert [(r.label, r.points) for r in province] == [
        (c.full_name, 10),
        (a.full_name, 6),
        (b.full_name, 5),
    ]
    assert [r.label for r in selectors.member_ranking(tree.c1.path, key)] == [
        a.full_name,
        b.full_name,
    ]
    units = selectors.unit_ranking(tree.province, selectors.period_key("nam"))
    assert [r.label for r in units] == ["Đảng bộ huyện B", "Đảng bộ huyện A"]  # 10/1 vs 11/2
    before = sorted(PointTotal.objects.values_list("member_id", "period", "points"))
    assert points.rebuild_totals() == len(before)
    assert sorted(PointTotal.objects.values_list("member_id", "period", "points")) == before


def test_award_many_is_capped_and_counts_once(personas: Personas) -> None:
    from sotay.study.models import PointTotal

    member = personas.member.member
    awards = [points.Award(PointRule.COMMENT_ADOPTED, f"c:{n}", "Góp ý") for n in range(5)]
    assert points.award_many(member=member, awards=awards) == 9  # 3 each, 9 a day
    assert points.award_many(member=member, awards=awards) == 0  # the same events again
    assert points.total(member) == 9
    assert set(PointTotal.objects.filter(member=member).values_list("points", flat=True)) == {9}


def test_item_statistics_share_and_discrimination(
    personas: Personas, tree: Tree, bank_of_12: list[Question]
) -> None:
    """Strong members answer the hard question right, weak ones wrong: it discriminates (> 0);
    every member gets the easy question right: it cannot (0)."""
    from sotay.conftest import make_member
    from sotay.study import selectors

    programme = _programme(personas, tree, question_count=12, max_attempts=1)
    members = [make_member(tree.c1, f"Đảng viên {n}") for n in range(6)]
    questions = sorted(bank_of_12, key=lambda q: q.pk)
    hard, easy = questions[0].current_id, questions[1].current_id
    for n, member in enumerate(members):
        attempt = services.attempt_start(member=member, programme=programme)
        right = 2 + 2 * n  # 2, 4, ... 12 questions right; the best three get the hard one
        answers: dict[str, list[str]] = {}
        others = [i["v"] for i in attempt.items if i["v"] not in (hard, easy)]
        for vid in others[: right - 2]:
            answers[str(vid)] = ["B"]
        answers[str(easy)] = ["B"]
        answers[str(hard)] = ["B"] if n >= 3 else ["A"]
        services.attempt_submit(
            member=member, attempt=attempt, token=attempt.token, answers=answers
        )
    stats = {s.version.pk: s for s in selectors.item_statistics(programme)}
    assert stats[hard].answered == 6 and stats[hard].share == 50
    assert stats[hard].discrimination > 0.5
    assert stats[easy].share == 100 and stats[easy].discrimination == 0.0
    hardest = selectors.item_statistics(programme)[0]
    assert hardest.share <= stats[hard].share


def test_publishing_tells_the_audience_and_reminds_who_has_not_passed(
    bank_of_12: list[Question],
    personas: Personas,
    tree: Tree,
    django_capture_on_commit_callbacks: Any,
) -> None:
    from django_tasks_db.models import DBTaskResult

    from sotay.members.models import Member
    from sotay.notices.models import Notification
    from sotay.study.tasks import programme_remind

    with django_capture_on_commit_callbacks(execute=True):
        programme = _programme(personas, tree)
    told = set(Notification.objects.filter(kind="study").values_list("member_id", flat=True))
    in_g1 = set(
        Member.objects.filter(cell_path__startswith=tree.g1.path).values_list("pk", flat=True)
    )
    assert told == in_g1 and personas.outsider.member_id not in told
    queued = DBTaskResult.objects.get(task_path=programme_remind.module_path)
    reminder_day = programme.ends_on - dt.timedelta(days=services.REMIND_DAYS_BEFORE_END)
    assert timezone.localtime(queued.run_after).date() == reminder_day
    # One member has passed: only the others are reminded, in their inbox.
    Attempt.objects.create(
        programme=programme, member=personas.member.member, cell_path=tree.c1.path, number=1,
        items=[], started_at=timezone.now(), deadline=timezone.now(), passed=True,
        status="submitted", submitted_at=timezone.now(),
    )  # fmt: skip
    assert services.programme_remind_now(programme_id=programme.pk, today=reminder_day) == len(
        in_g1 - {personas.member.member_id}
    )
    latest = Notification.objects.filter(member=personas.committee.member).order_by("-id").first()
    assert latest is not None and latest.title.startswith("Còn 3 ngày")
    after = programme.ends_on + dt.timedelta(days=1)
    assert services.programme_remind_now(programme_id=programme.pk, today=after) == 0
