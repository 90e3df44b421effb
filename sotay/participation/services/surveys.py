"""Surveys: build, open, answer (once, editable until closing; anonymous by construction),
and keep the running tallies the results are read from."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections import Counter
from dataclasses import dataclass
from typing import Any, TypeGuard

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from sotay.core.errors import DomainError
from sotay.core.text import clean
from sotay.members.models import Member
from sotay.notices.choices import NotificationKind
from sotay.notices.services import notify
from sotay.orgs.models import Organization

from ..access import in_audience, manages
from ..choices import AudienceRole, AudienceStatus, Phase, QuestionType
from ..models import (
    Survey,
    SurveyParticipation,
    SurveyQuestion,
    SurveyResponse,
    SurveyTally,
    SurveyText,
)

MAX_TEXT = 2000  # characters of a free-text answer
MAX_OPTIONS = 20
COUNT = "_n"  # the tally row that counts responses


def _require(user: Any, unit: Organization) -> None:
    if not manages(user, unit):
        raise DomainError("Bạn không có quyền lấy ý kiến ở đơn vị này.")


@transaction.atomic
def survey_create(
    *,
    user: Any,
    unit: Organization,
    audience: Organization,
    title: str,
    opens_at: dt.datetime,
    closes_at: dt.datetime,
    intro: str = "",
    anonymous: bool = False,
    audience_role: str = "",
    audience_status: str = "",
) -> Survey:
    _require(user, unit)
    if not audience.path.startswith(unit.path):
        raise DomainError("Chỉ khảo sát đơn vị mình hoặc đơn vị trực thuộc.", field="audience")
    if not clean(title):
        raise DomainError("Hãy nhập tên khảo sát.", field="title")
    if closes_at <= opens_at:
        raise DomainError("Thời điểm kết thúc phải sau thời điểm bắt đầu.", field="closes_at")
    if audience_role not in AudienceRole.values or audience_status not in AudienceStatus.values:
        raise DomainError("Đối tượng khảo sát không hợp lệ.", field="audience_role")
    return Survey.objects.create(
        unit=unit,
        audience=audience,
        title=clean(title)[:300],
        intro=(intro or "").strip(),
        anonymous=anonymous,
        audience_role=audience_role,
        audience_status=audience_status,
        opens_at=opens_at,
        closes_at=closes_at,
        created_by=user,
    )


def _choices(lines: list[str], what: str) -> list[dict[str, str]]:
    texts = [clean(t)[:200] for t in lines if clean(t)]
    if len(texts) > MAX_OPTIONS:
        raise DomainError(f"Tối đa {MAX_OPTIONS} {what}.", field="options")
    if len(set(texts)) != len(texts):
        raise DomainError(f"Có {what} trùng nhau.", field="options")
    return [{"key": str(i + 1), "text": t} for i, t in enumerate(texts)]


@transaction.atomic
def question_add(
    *,
    user: Any,
    survey: Survey,
    kind: str,
    text: str,
    options: list[str] | None = None,
    rows: list[str] | None = None,
    required: bool = True,
    scale_min: int = 1,
    scale_max: int = 5,
    show_if_question: str = "",
    show_if_options: list[str] | None = None,
    help_text: str = "",
) -> SurveyQuestion:
    """Add a question while the survey is being drafted."""
    _require(user, survey.unit)
    if survey.phase != Phase.DRAFT:
        raise DomainError("Khảo sát đã mở; không thêm câu hỏi được nữa.")
    if kind not in QuestionType.values:
        raise DomainError("Loại câu hỏi không hợp lệ.", field="kind")
    if not clean(text):
        raise DomainError("Câu hỏi đang trống.", field="text")
    opts = _choices(options or [], "phương án")
    matrix_rows = _choices(rows or [], "dòng")
    if kind in (
        QuestionType.SINGLE,
        QuestionType.MULTIPLE,
        QuestionType.RANKING,
        QuestionType.MATRIX,
    ):
        if len(opts) < 2:
            raise DomainError(
                "Cần ít nhất hai phương án (mỗi dòng một phương án).", field="options"
            )
    else:
        opts = []
    if kind == QuestionType.MATRIX and not matrix_rows:
        raise DomainError("Câu dạng bảng cần ít nhất một dòng.", field="rows")
    if kind != QuestionType.MATRIX:
        matrix_rows = []
    if kind == QuestionType.SCALE and not (0 <= scale_min < scale_max <= 10):
        raise DomainError("Thang điểm từ 0 đến 10, điểm thấp nhỏ hơn điểm cao.", field="scale_max")
    existing = list(survey.questions.all())
    show_if: dict[str, Any] = {}
    if show_if_question:
        source = next((q for q in existing if q.key == show_if_question), None)
        if source is None or source.kind not in (QuestionType.SINGLE, QuestionType.MULTIPLE):
            raise DomainError(
                "Điều kiện hiện: chọn một câu chọn một/chọn nhiều đứng trước.", field="show_if"
            )
        wanted = [k for k in (show_if_options or []) if k in {o["key"] for o in source.options}]
        if not wanted:
            raise DomainError("Điều kiện hiện: chọn ít nhất một phương án.", field="show_if")
        show_if = {"q": source.key, "any": wanted}
    return SurveyQuestion.objects.create(
        survey=survey,
        key=f"q{len(existing) + 1}",
        position=len(existing) + 1,
        kind=kind,
        text=clean(text)[:500],
        help_text=clean(help_text)[:300],
        required=required,
        options=opts,
        rows=matrix_rows,
        scale_min=scale_min,
        scale_max=scale_max,
        show_if=show_if,
    )


@transaction.atomic
def question_remove(*, user: Any, question: SurveyQuestion) -> None:
    survey = question.survey
    _require(user, survey.unit)
    if survey.phase != Phase.DRAFT:
        raise DomainError("Khảo sát đã mở; không bớt câu hỏi được nữa.")
    if survey.questions.filter(show_if__q=question.key).exists():
        raise DomainError("Câu khác đang phụ thuộc câu này (điều kiện hiện); hãy xóa câu đó trước.")
    question.delete()


def _audience_members(survey: Survey) -> Any:
    from sotay.core.access import subtree_q

    qs = Member.objects.current().filter(subtree_q(survey.audience_path, "cell_path"))
    if survey.audience_status:
        qs = qs.filter(status=survey.audience_status)
    else:
        qs = qs.filter(status__in=["full", "probationary"])
    if survey.audience_role == AudienceRole.SECRETARIES:
        qs = qs.filter(
            positions__kind="secretary",
            positions__org__kind="cell",
            positions__ended_on__isnull=True,
        )
    elif survey.audience_role == AudienceRole.COMMITTEE:
        qs = qs.filter(positions__ended_on__isnull=True)
    return qs.distinct()


@transaction.atomic
def survey_open(*, user: Any, survey: Survey) -> Survey:
    _require(user, survey.unit)
    if survey.phase != Phase.DRAFT:
        raise DomainError("Khảo sát đã mở hoặc đã kết thúc.")
    if not survey.questions.exists():
        raise DomainError("Khảo sát chưa có câu hỏi nào.")
    if survey.closes_at <= timezone.now():
        raise DomainError("Thời điểm kết thúc đã qua; hãy sửa thời gian.")
    survey.phase = Phase.OPEN
    survey.save(update_fields=["phase", "updated_at"])
    from ..tasks import close_survey_when_due

    pk, when = survey.pk, survey.closes_at
    transaction.on_commit(lambda: close_survey_when_due.using(run_after=when).enqueue(pk))
    notify(
        members=_audience_members(survey).filter(has_account=True),
        kind=NotificationKind.SURVEY,
        title=f"Khảo sát: {survey.title}",
        body=("Khảo sát ẩn danh. " if survey.anonymous else "")
        + f"Hạn trả lời: {timezone.localtime(survey.closes_at):%H:%M ngày %d/%m/%Y}.",
        url=f"/y-kien/khao-sat/{survey.public_id}/",
    )
    return survey


@transaction.atomic
def survey_close(*, user: Any, survey: Survey) -> Survey:
    _require(user, survey.unit)
    if survey.phase != Phase.OPEN:
        raise DomainError("Khảo sát chưa mở hoặc đã kết thúc.")
    survey.phase = Phase.CLOSED
    survey.closes_at = min(survey.closes_at, timezone.now())
    survey.save(update_fields=["phase", "closes_at", "updated_at"])
    mix(survey, final=True)
    return survey


def accepts_answers(survey: Survey) -> bool:
    now = timezone.now()
    return survey.phase == Phase.OPEN and survey.opens_at <= now < survey.closes_at


def visible(question: SurveyQuestion, answers: dict[str, Any]) -> bool:
    rule = question.show_if or {}
    if not rule:
        return True
    given = answers.get(rule["q"])
    chosen = set(given if isinstance(given, list) else [given] if given else [])
    return bool(chosen & set(rule["any"]))


def _check(questions: list[SurveyQuestion], raw: dict[str, Any]) -> dict[str, Any]:
    """Answers as stored: {key: "1"} single, ["1","3"] multiple, 4 scale, ["3","1","2"] ranking
    (keys, first = best), "text" text, {"row": "col"} matrix. Hidden questions are dropped."""
    out: dict[str, Any] = {}
    for q in questions:
        if not visible(q, out):
            continue
        value = raw.get(q.key)
        keys = {o["key"] for o in q.options}
        empty = value in (None, "", [], {})
        if empty:
            if q.required:
                raise DomainError(
                    f"Câu {q.position} là câu bắt buộc: “{q.text[:80]}”.", field=q.key
                )
            continue
        bad = DomainError(f"Câu trả lời cho câu {q.position} không hợp lệ.", field=q.key)
        if q.kind == QuestionType.SINGLE:
            if not isinstance(value, str) or value not in keys:
                raise bad
            out[q.key] = value
        elif q.kind == QuestionType.MULTIPLE:
            if not _strings(value) or not set(value) <= keys or len(set(value)) != len(value):
                raise bad
            out[q.key] = sorted(value, key=int)
        elif q.kind == QuestionType.SCALE:
            try:
                number = int(str(value))
            except (TypeError, ValueError) as exc:
                raise bad from exc
            if not q.scale_min <= number <= q.scale_max:
                raise bad
            out[q.key] = number
        elif q.kind == QuestionType.RANKING:
            if not _strings(value) or sorted(value) != sorted(keys):
                raise DomainError(
                    f"Câu {q.position}: hãy xếp thứ tự đủ {len(keys)} phương án, mỗi số một lần.",
                    field=q.key,
                )
            out[q.key] = list(value)
        elif q.kind == QuestionType.MATRIX:
            rows = {r["key"] for r in q.rows}
            if (
                not isinstance(value, dict)
                or not _strings(list(value.values()))
                or not set(value) <= rows
                or not set(value.values()) <= keys
            ):
                raise bad
            if q.required and set(value) != rows:
                raise DomainError(f"Câu {q.position}: hãy trả lời đủ các dòng.", field=q.key)
            out[q.key] = dict(value)
        else:
            text = str(value).strip()
            if len(text) > MAX_TEXT:
                raise DomainError(
                    f"Câu {q.position}: trả lời dài quá {MAX_TEXT:,} ký tự.".replace(",", "."),
                    field=q.key,
                )
            out[q.key] = text
    return out


def _ticks(
    questions: list[SurveyQuestion], answers: dict[str, Any]
) -> Counter[tuple[str, str, str]]:
    ticks: Counter[tuple[str, str, str]] = Counter({(COUNT, "", ""): 1})
    kinds = {q.key: q.kind for q in questions}
    for key, value in answers.items():
        kind = kinds.get(key)
        if kind == QuestionType.SINGLE:
            ticks[(key, "", value)] += 1
        elif kind == QuestionType.MULTIPLE:
            for v in value:
                ticks[(key, "", v)] += 1
        elif kind == QuestionType.SCALE:
            ticks[(key, "", str(value))] += 1
        elif kind == QuestionType.RANKING:
            for position, option in enumerate(value, start=1):
                ticks[(key, option, str(position))] += 1
        elif kind == QuestionType.MATRIX:
            for row, col in value.items():
                ticks[(key, row, col)] += 1
    return ticks


def _apply(survey: Survey, unit_path: str, ticks: Counter[tuple[str, str, str]], sign: int) -> None:
    for (question, row, choice), n in ticks.items():
        lookup = {
            "survey": survey,
            "question": question,
            "row": row,
            "choice": choice,
            "unit_path": unit_path,
        }
        if SurveyTally.objects.filter(**lookup).update(count=F("count") + sign * n):
            continue
        try:
            with transaction.atomic():
                SurveyTally.objects.create(**lookup, count=sign * n)
        except IntegrityError:
            SurveyTally.objects.filter(**lookup).update(count=F("count") + sign * n)


def _texts(
    survey: Survey,
    response: SurveyResponse,
    questions: list[SurveyQuestion],
    answers: dict[str, Any],
) -> None:
    response.texts.all().delete()
    SurveyText.objects.bulk_create(
        [
            SurveyText(
                response=response,
                survey=survey,
                question=q.key,
                unit_path=response.unit_path,
                text=answers[q.key],
            )
            for q in questions
            if q.kind == QuestionType.TEXT and answers.get(q.key)
        ]
    )


def receipt_hash(receipt: str) -> str:
    return hashlib.sha256(f"sotay-survey-receipt:{receipt}".encode()).hexdigest()


@dataclass
class Answered:
    receipt: str  # for an anonymous survey: what the member's device keeps to edit later
    edited: bool


def reporting_unit(member: Member, survey: Survey) -> str:
    """Named: the member's cell. Anonymous: the commune-level unit (depth 3) or the survey's own
    unit if that is lower — never finer than the unit the survey was addressed to."""
    if not survey.anonymous:
        return member.cell_path
    return max(member.cell_path[:12], survey.audience_path, key=len)


MIX_BATCH = 5  # anonymous responses are counted in groups of at least this many


def mix(survey: Survey, *, final: bool = False) -> int:
    """Re-write the fresh anonymous responses of a survey (and their free-text answers) in a
    shuffled order with new random keys, all in one transaction, and only then add them to the
    tallies. Afterwards neither row ids, row positions nor transaction ids tell which of the
    batch's members gave which response. Runs when a batch is full, and at closing (``final``)
    for the rest. Returns the number mixed."""
    fresh = list(SurveyResponse.objects.select_for_update().filter(survey=survey, fresh=True))
    if not fresh or (len(fresh) < MIX_BATCH and not final):
        return 0
    questions = list(survey.questions.all())
    texts: dict[Any, list[SurveyText]] = {}
    for t in SurveyText.objects.filter(response__in=fresh):
        texts.setdefault(t.response_id, []).append(t)
    SurveyResponse.objects.filter(pk__in=[r.pk for r in fresh]).delete()  # texts cascade
    secrets.SystemRandom().shuffle(fresh)
    batch, new_texts = [], []
    for old in fresh:
        row = SurveyResponse(
            survey=survey,
            unit_path=old.unit_path,
            receipt_hash=old.receipt_hash,
            answers=old.answers,
            fresh=False,
        )
        batch.append(row)
        new_texts += [
            SurveyText(
                response=row, survey=survey, question=t.question, unit_path=t.unit_path, text=t.text
            )
            for t in texts.get(old.pk, [])
        ]
    SurveyResponse.objects.bulk_create(batch)
    SurveyText.objects.bulk_create(new_texts)
    total: Counter[tuple[str, str, str, str]] = Counter()
    for row in batch:
        for (q, r, c), n in _ticks(questions, row.answers).items():
            total[(q, r, c, row.unit_path)] += n
    by_unit: dict[str, Counter[tuple[str, str, str]]] = {}
    for (q, r, c, unit), n in total.items():
        by_unit.setdefault(unit, Counter())[(q, r, c)] += n
    for unit, ticks in by_unit.items():
        _apply(survey, unit, ticks, +1)
    return len(batch)


def survey_answer(
    *, member: Member, survey: Survey, answers: dict[str, Any], receipt: str = ""
) -> Answered:
    """A member's response: once; editable until closing (anonymous: with the receipt)."""
    if not in_audience(member, survey):
        raise DomainError("Khảo sát này không dành cho đồng chí.")
    if not accepts_answers(survey):
        raise DomainError(
            "Khảo sát chưa mở."
            if timezone.now() < survey.opens_at or survey.phase == Phase.DRAFT
            else "Khảo sát đã kết thúc, không nhận thêm trả lời."
        )
    questions = list(survey.questions.all())
    checked = _check(questions, answers)
    unit_path = reporting_unit(member, survey)
    with transaction.atomic():
        if survey.anonymous:  # one mixer at a time; named answers need no survey-wide lock
            Survey.objects.select_for_update().filter(pk=survey.pk).values_list("pk").first()
        already = SurveyParticipation.objects.filter(survey=survey, member=member).exists()
        previous: SurveyResponse | None = None
        if already:
            if survey.anonymous:
                previous = (
                    SurveyResponse.objects.filter(
                        survey=survey, receipt_hash=receipt_hash(receipt)
                    ).first()
                    if receipt
                    else None
                )
                if previous is None:
                    raise DomainError(
                        "Đồng chí đã trả lời khảo sát này. Khảo sát ẩn danh chỉ sửa được trên "
                        "thiết bị đã gửi (có mã biên nhận)."
                    )
            else:
                previous = SurveyResponse.objects.filter(survey=survey, member=member).first()
        if previous is not None:
            if not previous.fresh:
                _apply(survey, previous.unit_path, _ticks(questions, previous.answers), -1)
            previous.answers, previous.unit_path = checked, unit_path
            previous.fresh = survey.anonymous
            previous.save(update_fields=["answers", "unit_path", "fresh"])
            response, new_receipt = previous, receipt
        else:
            new_receipt = secrets.token_urlsafe(18) if survey.anonymous else ""
            try:
                with transaction.atomic():
                    SurveyParticipation.objects.create(survey=survey, member=member)
            except IntegrityError as exc:  # the same member, twice at the same moment
                raise DomainError("Đồng chí đã trả lời khảo sát này.") from exc
            response = SurveyResponse.objects.create(
                survey=survey,
                unit_path=unit_path,
                member=None if survey.anonymous else member,
                receipt_hash=receipt_hash(new_receipt) if survey.anonymous else "",
                answers=checked,
                fresh=survey.anonymous,
            )
            Survey.objects.filter(pk=survey.pk).update(responses=F("responses") + 1)
        _texts(survey, response, questions, checked)
        if survey.anonymous:
            mix(survey)
        else:
            _apply(survey, unit_path, _ticks(questions, checked), +1)
        if not already:
            from sotay.study.choices import PointRule
            from sotay.study.points import award

            award(
                member=member,
                rule=PointRule.SURVEY_ANSWERED,
                source_key=f"survey:{survey.pk}:{member.pk}",
                reason=f"Trả lời khảo sát “{survey.title[:200]}”",
            )
    return Answered(new_receipt, already)


def my_answers(member: Member, survey: Survey, receipt: str = "") -> dict[str, Any] | None:
    """The member's current answers (anonymous: only with the receipt), or None."""
    if survey.anonymous:
        if not receipt:
            return None
        row = SurveyResponse.objects.filter(
            survey=survey, receipt_hash=receipt_hash(receipt)
        ).first()
    else:
        row = SurveyResponse.objects.filter(survey=survey, member=member).first()
    return row.answers if row else None


def has_answered(member: Member, survey: Survey) -> bool:
    return SurveyParticipation.objects.filter(survey=survey, member=member).exists()


def close_due(survey_id: int) -> bool:
    """At the closing time: close the survey and count the last anonymous responses."""
    with transaction.atomic():
        survey = Survey.objects.select_for_update().filter(pk=survey_id).first()
        if survey is None or survey.phase != Phase.OPEN or survey.closes_at > timezone.now():
            return False
        survey.phase = Phase.CLOSED
        survey.save(update_fields=["phase", "updated_at"])
        mix(survey, final=True)
    return True


def _strings(value: Any) -> TypeGuard[list[str]]:
    """A list of option keys as sent by the form or the API (never lists or objects inside)."""
    return isinstance(value, list) and all(isinstance(v, str) for v in value)
