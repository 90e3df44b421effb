"""Writes of the study app: the question bank, programmes, and quiz attempts."""

from __future__ import annotations

import datetime as dt
import random
import secrets
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from sotay.core.access import Capability, ancestor_paths, can
from sotay.core.errors import DomainError
from sotay.core.text import clean
from sotay.members.models import Member
from sotay.orgs.models import Organization

from . import points
from .choices import (
    AttemptStatus,
    Difficulty,
    FeedbackMode,
    PointRule,
    ProgrammeKind,
    ProgrammeStatus,
    QuestionKind,
)
from .models import Attempt, AttemptAnswer, Programme, Question, QuestionCategory, QuestionVersion

GRACE = dt.timedelta(seconds=20)  # network delay allowed after the deadline


def require_study(user: Any, unit: Organization) -> None:
    if not can(user, Capability.CONTENT_PUBLISH, unit):
        raise DomainError("Bạn không có quyền quản lý học tập của đơn vị này.")


def _check_question(
    kind: str, text: str, options: list[dict[str, str]], correct: list[str]
) -> None:
    if kind not in QuestionKind.values:
        raise DomainError("Loại câu hỏi không hợp lệ.", field="kind")
    if not clean(text):
        raise DomainError("Câu hỏi đang trống.", field="text")
    keys = [o["key"] for o in options]
    if (
        len(options) < 2
        or len(set(keys)) != len(keys)
        or any(not clean(o["text"]) for o in options)
    ):
        raise DomainError("Cần ít nhất hai phương án, mỗi phương án có nội dung.", field="options")
    if kind == QuestionKind.TRUE_FALSE and len(options) != 2:
        raise DomainError("Câu Đúng/Sai có đúng hai phương án.", field="options")
    if kind == QuestionKind.ORDERING:
        if sorted(correct) != sorted(keys):
            raise DomainError(
                "Câu sắp xếp: đáp án phải là thứ tự của đủ các phương án.", field="correct"
            )
        return
    if not correct or any(k not in keys for k in correct):
        raise DomainError("Đáp án đúng phải là một (hoặc vài) phương án đã có.", field="correct")
    if kind in (QuestionKind.SINGLE, QuestionKind.TRUE_FALSE) and len(correct) != 1:
        raise DomainError("Câu chọn một đáp án chỉ có một đáp án đúng.", field="correct")


@transaction.atomic
def question_save(
    *,
    user: Any,
    unit: Organization,
    category: str,
    kind: str,
    difficulty: str,
    text: str,
    options: list[dict[str, str]],
    correct: list[str],
    explanation: str = "",
    tags: str = "",
    cited_item: Any = None,
    cited_anchor: str = "",
    question: Question | None = None,
) -> Question:
    """Create a question, or give an existing one a new version (past attempts keep theirs)."""
    require_study(user, unit)
    _check_question(kind, text, options, correct)
    if difficulty not in Difficulty.values:
        raise DomainError("Độ khó không hợp lệ.", field="difficulty")
    if not clean(category):
        raise DomainError("Hãy ghi chủ đề (nhóm) câu hỏi.", field="category")
    group, _ = QuestionCategory.objects.get_or_create(unit=unit, name=clean(category)[:200])
    if question is None:
        question = Question.objects.create(
            unit=unit, category=group, kind=kind, difficulty=difficulty, tags=clean(tags)[:300]
        )
        number = 1
    else:
        question.category, question.kind, question.difficulty = group, kind, difficulty
        question.tags = clean(tags)[:300]
        number = question.versions.count() + 1
    version = QuestionVersion.objects.create(
        question=question,
        number=number,
        text=clean(text),
        options=options,
        correct=correct,
        explanation=(explanation or "").strip(),
        cited_item=cited_item,
        cited_anchor=cited_anchor[:60],
    )
    question.current = version
    question.save()
    return question


@transaction.atomic
def programme_create(
    *,
    user: Any,
    unit: Organization,
    audience: Organization,
    kind: str,
    title: str,
    starts_on: dt.date,
    ends_on: dt.date,
    description: str = "",
    question_count: int = 10,
    time_limit_minutes: int = 15,
    max_attempts: int = 2,
    pass_percent: int = 70,
    feedback: str = FeedbackMode.IMMEDIATE,
    draw_category: QuestionCategory | None = None,
    draw_difficulty: str = "",
    fixed: list[Question] | None = None,
    materials: list[Any] | None = None,
) -> Programme:
    require_study(user, unit)
    if not audience.path.startswith(unit.path):
        raise DomainError(
            "Chỉ giao học tập cho đơn vị mình hoặc đơn vị trực thuộc.", field="audience"
        )
    if kind not in ProgrammeKind.values or not clean(title):
        raise DomainError("Hãy nhập tên và loại chương trình.", field="title")
    if ends_on < starts_on:
        raise DomainError("Ngày kết thúc phải sau ngày bắt đầu.", field="ends_on")
    if not (
        1 <= question_count <= 100
        and 1 <= time_limit_minutes <= 240
        and 1 <= max_attempts <= 10
        and 1 <= pass_percent <= 100
    ):
        raise DomainError("Cấu hình bài kiểm tra không hợp lệ.")
    pool = _pool(unit, draw_category, draw_difficulty) if not fixed else None
    if fixed is None and (pool is None or len(pool) < question_count):
        raise DomainError(
            f"Ngân hàng chỉ có {len(pool or [])} câu phù hợp, chưa đủ {question_count} câu "
            "để rút ngẫu nhiên."
        )
    programme = Programme.objects.create(
        unit=unit,
        audience=audience,
        kind=kind,
        title=clean(title)[:300],
        description=description.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        question_count=len(fixed) if fixed else question_count,
        time_limit_minutes=time_limit_minutes,
        max_attempts=max_attempts,
        pass_percent=pass_percent,
        feedback=feedback,
        draw_category=draw_category,
        draw_difficulty=draw_difficulty,
        created_by=user,
    )
    if fixed:
        programme.fixed_questions.set(fixed)
    if materials:
        allowed = set(ancestor_paths(audience.path))
        for item in materials:
            if item.audience_path not in allowed or item.status != "published":
                raise DomainError(f"“{item.title}” không gửi tới các đảng viên được giao học tập.")
        programme.materials.set(materials)
    return programme


def _pool(unit: Organization, category: QuestionCategory | None, difficulty: str) -> list[Question]:
    qs = Question.objects.filter(
        active=True, current__isnull=False, unit__path__in=ancestor_paths(unit.path)
    )
    if category is not None:
        qs = qs.filter(category=category)
    if difficulty:
        qs = qs.filter(difficulty=difficulty)
    return list(qs.select_related("current"))


REMIND_DAYS_BEFORE_END = 3


@transaction.atomic
def programme_publish(*, user: Any, programme: Programme, announce: bool = True) -> Programme:
    """Give the programme to its audience: each current member of it is told at once, and
    those who have not passed yet are reminded three days before it ends (``announce=False``
    only for the demo loader, which would otherwise fill a province's inboxes)."""
    require_study(user, programme.unit)
    if programme.status != ProgrammeStatus.DRAFT:
        raise DomainError("Chương trình đã được giao.")
    programme.status = ProgrammeStatus.PUBLISHED
    programme.save(update_fields=["status", "updated_at"])
    if announce:
        _announce(programme)
    return programme


def _audience(programme: Programme) -> Any:
    from sotay.core.access import subtree_q

    return Member.objects.current().filter(subtree_q(programme.audience_path, "cell_path"))


def _announce(programme: Programme) -> None:
    from django.urls import reverse

    from sotay.notices.choices import NotificationKind
    from sotay.notices.services import notify

    from .tasks import programme_remind

    notify(
        members=_audience(programme).values_list("pk", flat=True),
        kind=NotificationKind.STUDY,
        title=f"Học tập: {programme.title}",
        body=f"{programme.unit.name} giao học tập từ {programme.starts_on:%d/%m/%Y} "
        f"đến {programme.ends_on:%d/%m/%Y}.",
        url=reverse("study:programme", args=[programme.public_id]),
    )
    remind_on = programme.ends_on - dt.timedelta(days=REMIND_DAYS_BEFORE_END)
    when = timezone.make_aware(dt.datetime.combine(remind_on, dt.time(8)))
    if when > timezone.now():
        pk = programme.pk
        transaction.on_commit(lambda: programme_remind.using(run_after=when).enqueue(pk))


@transaction.atomic
def programme_remind_now(*, programme_id: int, today: dt.date | None = None) -> int:
    """Remind the audience members who have not passed yet (still open programmes only);
    returns how many were reminded."""
    from django.urls import reverse

    from sotay.notices.choices import NotificationKind
    from sotay.notices.services import notify

    today = today or timezone.localdate()
    programme = Programme.objects.filter(pk=programme_id).first()
    if (
        programme is None
        or programme.status != ProgrammeStatus.PUBLISHED
        or not programme.starts_on <= today <= programme.ends_on
    ):
        return 0
    passed = programme.attempts.filter(passed=True).values("member_id")
    left = (programme.ends_on - today).days
    return notify(
        members=_audience(programme).exclude(pk__in=passed).values_list("pk", flat=True),
        kind=NotificationKind.STUDY,
        title=f"Còn {left} ngày để học tập: {programme.title}" if left else
        f"Hôm nay là ngày cuối học tập: {programme.title}",
        body=f"Hạn hoàn thành {programme.ends_on:%d/%m/%Y}.",
        url=reverse("study:programme", args=[programme.public_id]),
    )  # fmt: skip


def _is_open(programme: Programme) -> bool:
    today = timezone.localdate()
    return (
        programme.status == ProgrammeStatus.PUBLISHED
        and programme.starts_on <= today <= programme.ends_on
    )


@transaction.atomic
def attempt_start(*, member: Member, programme: Programme) -> Attempt:
    """Start (or resume) the member's attempt: questions drawn, shuffled, and fixed now."""
    if not _is_open(programme):
        raise DomainError("Chương trình chưa mở hoặc đã hết hạn làm bài.")
    if member.cell_path[: len(programme.audience_path)] != programme.audience_path:
        raise DomainError("Chương trình này không giao cho chi bộ của đồng chí.")
    running = (
        programme.attempts.select_for_update()
        .filter(member=member, status=AttemptStatus.IN_PROGRESS)
        .first()
    )
    if running is not None:
        if running.deadline + GRACE >= timezone.now():
            return running  # resume after a lost connection
        _finish(running, member, expired=True)
    done = programme.attempts.filter(member=member).count()
    if done >= programme.max_attempts:
        raise DomainError(f"Đồng chí đã làm đủ {programme.max_attempts} lần cho phép.")
    questions = list(programme.fixed_questions.select_related("current")) or random.sample(
        _pool(programme.unit, programme.draw_category, programme.draw_difficulty),
        programme.question_count,
    )
    rng = random.SystemRandom()
    rng.shuffle(questions)
    items = []
    for q in questions:
        assert q.current is not None
        order = [o["key"] for o in q.current.options]
        if q.kind != QuestionKind.TRUE_FALSE:
            rng.shuffle(order)
        items.append({"v": q.current_id, "order": order})
    now = timezone.now()
    try:
        return Attempt.objects.create(
            programme=programme,
            member=member,
            cell_path=member.cell_path,
            number=done + 1,
            items=items,
            started_at=now,
            deadline=now + dt.timedelta(minutes=programme.time_limit_minutes),
            max_score=len(items),
            token=secrets.token_hex(16),
        )
    except IntegrityError as exc:
        raise DomainError("Bài làm đã được mở ở một máy khác; hãy tải lại trang.") from exc


def _clean_answers(attempt: Attempt, answers: dict[str, list[str]]) -> dict[str, list[str]]:
    allowed = {str(i["v"]): set(i["order"]) for i in attempt.items}
    out: dict[str, list[str]] = {}
    for vid, keys in answers.items():
        if (
            vid not in allowed
            or not isinstance(keys, list)
            or any(k not in allowed[vid] for k in keys)
        ):
            raise DomainError("Bài làm có câu hỏi hoặc phương án không thuộc đề của đồng chí.")
        out[vid] = [str(k) for k in keys]
    return out


def attempt_save(*, member: Member, attempt: Attempt, answers: dict[str, list[str]]) -> Attempt:
    """Keep the answers given so far (autosave), so a lost connection loses nothing."""
    with transaction.atomic():
        attempt = _locked(attempt)
        if attempt.member_id != member.pk or attempt.status != AttemptStatus.IN_PROGRESS:
            raise DomainError("Bài làm này đã nộp hoặc đã kết thúc.")
        late = timezone.now() > attempt.deadline + GRACE
        if late:
            _finish(attempt, member, expired=True)  # committed before the message below
        else:
            attempt.answers = {**attempt.answers, **_clean_answers(attempt, answers)}
            attempt.save(update_fields=["answers", "updated_at"])
    if late:
        raise DomainError("Đã hết giờ làm bài; các câu đã trả lời trước đó được chấm.")
    return attempt


def _locked(attempt: Attempt) -> Attempt:
    return Attempt.objects.select_for_update().select_related("programme").get(pk=attempt.pk)


def is_correct(kind: str, correct: list[str], given: list[str]) -> bool:
    if kind == QuestionKind.ORDERING:
        return given == list(correct)
    return sorted(given) == sorted(correct)


def _finish(attempt: Attempt, member: Member, *, expired: bool = False) -> Attempt:
    keys = {
        vid: (kind, correct)
        for vid, kind, correct in QuestionVersion.objects.filter(
            pk__in=[i["v"] for i in attempt.items]
        ).values_list("id", "question__kind", "correct")
    }
    marks = {
        i["v"]: is_correct(*keys[i["v"]], attempt.answers.get(str(i["v"]), []))
        for i in attempt.items
    }
    score = sum(marks.values())
    programme = attempt.programme
    attempt.score, attempt.submitted_at = score, timezone.now()
    attempt.status = AttemptStatus.EXPIRED if expired else AttemptStatus.SUBMITTED
    attempt.passed = (
        attempt.max_score > 0 and 100 * score >= programme.pass_percent * attempt.max_score
    )
    attempt.save(update_fields=["score", "submitted_at", "status", "passed", "updated_at"])
    AttemptAnswer.objects.bulk_create(
        [
            AttemptAnswer(
                attempt=attempt,
                programme_id=attempt.programme_id,
                version_id=vid,
                correct=ok,
                attempt_score=score,
            )
            for vid, ok in marks.items()
        ]
    )
    if attempt.passed:
        rules = points.rules_for(member)
        # Points for understanding, once per programme: the quiz score of the first pass,
        # and finishing the programme.
        points.award_many(
            member=member,
            awards=[
                points.Award(
                    PointRule.QUIZ_SCORE,
                    f"quiz:{programme.pk}:{member.pk}",
                    f"Bài kiểm tra “{programme.title}”: {score}/{attempt.max_score}",
                    score / attempt.max_score,
                ),
                points.Award(
                    PointRule.PROGRAMME_DONE,
                    f"programme:{programme.pk}:{member.pk}",
                    f"Hoàn thành “{programme.title}”",
                ),
            ],
            rules=rules,
        )
    return attempt


def attempt_submit(
    *, member: Member, attempt: Attempt, token: str, answers: dict[str, list[str]]
) -> Attempt:
    """Hand in: once (the token), within the time (plus a small grace), only the attempt's own
    questions and options. A late hand-in still closes the attempt with what was saved in time
    (committed), then says why the late answers did not count."""
    with transaction.atomic():
        attempt = _locked(attempt)
        if attempt.member_id != member.pk:
            raise DomainError("Đây không phải bài làm của đồng chí.")
        replay = attempt.status != AttemptStatus.IN_PROGRESS
        if replay or not secrets.compare_digest((token or "").encode(), attempt.token.encode()):
            raise DomainError("Bài làm này đã được nộp; lần nộp lặp lại không được tính.")
        answers = _clean_answers(attempt, answers)
        late = timezone.now() > attempt.deadline + GRACE
        if not late:
            attempt.answers = {**attempt.answers, **answers}
        _finish(attempt, member, expired=late)
    if late:
        raise DomainError("Đã hết giờ làm bài: các câu trả lời gửi sau giờ không được tính.")
    return attempt


def feedback_visible(attempt: Attempt) -> bool:
    programme = attempt.programme
    if attempt.status == AttemptStatus.IN_PROGRESS:
        return False
    return programme.feedback == FeedbackMode.IMMEDIATE or timezone.localdate() > programme.ends_on


@transaction.atomic
def policy_set(
    *, user: Any, province: Organization, visibility: str, rules: dict[str, dict[str, int]]
) -> Any:
    """A province's point rules (points, daily cap per rule) and ranking visibility."""
    from .choices import PointRule, RankingVisibility
    from .models import PointPolicy

    if province.depth != 1 or not can(user, Capability.CONTENT_PUBLISH, province):
        raise DomainError("Chỉ cấp tỉnh quy định cách tính điểm và xếp hạng.")
    if visibility not in RankingVisibility.values:
        raise DomainError("Hãy chọn phạm vi công bố xếp hạng.")
    clean_rules: dict[str, dict[str, int]] = {}
    for rule, values in rules.items():
        if rule not in PointRule.values:
            raise DomainError("Quy tắc tính điểm không hợp lệ.")
        pts, cap = int(values.get("points", 0)), int(values.get("daily_cap", 0))
        if not (0 <= pts <= 100 and 0 <= cap <= 1000):
            raise DomainError("Điểm mỗi lần từ 0 đến 100, giới hạn mỗi ngày từ 0 đến 1.000.")
        clean_rules[rule] = {"points": pts, "daily_cap": cap}
    policy, _ = PointPolicy.objects.update_or_create(
        province=province, defaults={"visibility": visibility, "rules": clean_rules}
    )
    return policy
