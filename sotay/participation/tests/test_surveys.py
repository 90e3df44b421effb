"""Surveys: show-if logic, one response each, anonymous by construction, results from tallies."""

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone

from sotay.conftest import Personas, Tree, make_member
from sotay.core.errors import DomainError
from sotay.members.models import Member
from sotay.participation import selectors
from sotay.participation.models import (
    Survey,
    SurveyParticipation,
    SurveyResponse,
    SurveyTally,
    SurveyText,
)
from sotay.participation.services import surveys


def _survey(personas: Personas, tree: Tree, *, anonymous: bool = True, **kw: object) -> Survey:
    now = timezone.now()
    survey = surveys.survey_create(
        user=personas.committee,
        unit=tree.g1,
        audience=tree.g1,
        title="Lấy ý kiến về sinh hoạt chi bộ",
        opens_at=now - dt.timedelta(minutes=1),
        closes_at=now + dt.timedelta(days=7),
        anonymous=anonymous,
        **kw,  # type: ignore[arg-type]
    )
    add = surveys.question_add
    add(
        user=personas.committee,
        survey=survey,
        kind="single",
        text="Chi bộ có họp đủ mỗi tháng?",
        options=["Có", "Không"],
    )
    add(
        user=personas.committee,
        survey=survey,
        kind="text",
        text="Vì sao chưa họp đủ?",
        show_if_question="q1",
        show_if_options=["2"],
    )
    add(user=personas.committee, survey=survey, kind="scale", text="Chất lượng sinh hoạt (1–5)")
    add(
        user=personas.committee,
        survey=survey,
        kind="ranking",
        text="Xếp nội dung cần cải thiện",
        options=["Tài liệu", "Thời gian", "Phát biểu"],
    )
    add(
        user=personas.committee,
        survey=survey,
        kind="matrix",
        text="Đánh giá",
        options=["Tốt", "Chưa tốt"],
        rows=["Chuẩn bị", "Điều hành"],
        required=False,
    )
    add(
        user=personas.committee,
        survey=survey,
        kind="multiple",
        text="Đồng chí cần gì thêm?",
        options=["Tài liệu điện tử", "Tập huấn", "Loa"],
        required=False,
    )
    return surveys.survey_open(user=personas.committee, survey=survey)


def _members(tree: Tree, n: int) -> list[Member]:
    return [make_member(tree.c1 if i % 2 else tree.c2, f"Đảng viên {i}") for i in range(n)]


ANSWER = {"q1": "1", "q3": 4, "q4": ["2", "1", "3"], "q5": {"1": "1", "2": "2"}}


def test_show_if_required_and_hidden_answers(personas: Personas, tree: Tree) -> None:
    survey = _survey(personas, tree, anonymous=False)
    member = personas.member.member
    # q2 shows only for "Không" — then it is required.
    with pytest.raises(DomainError, match="Câu 2 là câu bắt buộc"):
        surveys.survey_answer(member=member, survey=survey, answers={**ANSWER, "q1": "2"})
    assert not SurveyResponse.objects.exists() and not SurveyParticipation.objects.exists()
    # For "Có" it is hidden: an answer sent for it anyway is dropped.
    surveys.survey_answer(member=member, survey=survey, answers={**ANSWER, "q2": "lạc đề"})
    assert "q2" not in SurveyResponse.objects.get().answers
    assert not SurveyText.objects.exists()


def test_bad_answers_change_nothing(personas: Personas, tree: Tree) -> None:
    survey = _survey(personas, tree)
    member = personas.member.member
    for bad in (
        {**ANSWER, "q1": "9"},
        {**ANSWER, "q3": 7},
        {**ANSWER, "q4": ["1", "1", "2"]},
        {**ANSWER, "q5": {"9": "1"}},
        {**ANSWER, "q1": "2", "q2": "x" * 2001},
    ):
        with pytest.raises(DomainError):
            surveys.survey_answer(member=member, survey=survey, answers=bad)
    assert not SurveyResponse.objects.exists() and not SurveyTally.objects.exists()


def test_once_each_outside_scope_and_after_closing(personas: Personas, tree: Tree) -> None:
    survey = _survey(personas, tree)
    member = personas.member.member
    first = surveys.survey_answer(member=member, survey=survey, answers=ANSWER)
    with pytest.raises(DomainError, match="đã trả lời"):
        surveys.survey_answer(member=member, survey=survey, answers=ANSWER)
    # The receipt kept by the member's device edits the same response.
    again = surveys.survey_answer(
        member=member, survey=survey, answers={**ANSWER, "q3": 2}, receipt=first.receipt
    )
    assert again.edited and SurveyResponse.objects.filter(survey=survey).count() == 1
    with pytest.raises(DomainError, match="không dành cho"):
        surveys.survey_answer(member=personas.outsider.member, survey=survey, answers=ANSWER)
    surveys.survey_close(user=personas.committee, survey=survey)
    late = make_member(tree.c1, "Đến muộn")
    with pytest.raises(DomainError, match="đã kết thúc"):
        surveys.survey_answer(member=late, survey=survey, answers=ANSWER)
    assert SurveyResponse.objects.filter(survey=survey).count() == 1


def test_anonymous_by_construction(personas: Personas, tree: Tree) -> None:
    """No column of a response row holds or implies the member; the rows are re-written in a
    shuffled batch so row ids / positions do not follow the order of answering either."""
    survey = _survey(personas, tree)
    members = _members(tree, 6)
    for i, m in enumerate(members):
        surveys.survey_answer(
            member=m, survey=survey, answers={**ANSWER, "q1": "2", "q2": f"Ý kiến riêng {i}"}
        )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {SurveyResponse._meta.db_table}")
        columns = [c[0] for c in cursor.description]
        rows = cursor.fetchall()
    assert len(rows) == 6
    assert set(columns) == {
        "id",
        "survey_id",
        "unit_path",
        "member_id",
        "receipt_hash",
        "answers",
        "fresh",
    }
    identifying = set()
    for m in members:
        identifying |= {str(m.pk), m.cell_path, m.full_name, m.party_card_number, str(m.public_id)}
        identifying.add(str(m.user.pk) if hasattr(m, "user") else "")
    identifying.discard("")
    for row in rows:
        values = dict(zip(columns, row, strict=True))
        assert values["member_id"] is None
        assert values["unit_path"] == tree.g1.path  # the commune, never the cell
        for v in values.values():
            assert not any(str(v) == ident for ident in identifying)
    # Text answers keep no order of answering either: their ids were re-issued in the shuffle.
    texts = list(SurveyText.objects.order_by("id").values_list("text", flat=True))
    assert sorted(texts) == sorted(f"Ý kiến riêng {i}" for i in range(6))
    # Five were mixed and counted; the sixth waits for the next batch (or the closing).
    result = selectors.survey_results(survey, tree.g1)
    assert result.responses == 5 and result.pending == 1
    surveys.survey_close(user=personas.committee, survey=survey)
    result = selectors.survey_results(survey, tree.g1)
    assert result.responses == 6 and result.pending == 0
    # Stored at the commune, never the cell: a cell's own results cannot be asked for.
    assert selectors.survey_results(survey, tree.c1).hidden
    assert SurveyParticipation.objects.filter(survey=survey).count() == 6


def test_results_per_unit_and_floor(personas: Personas, tree: Tree) -> None:
    survey = _survey(personas, tree, anonymous=False)
    members = _members(tree, 4)
    answers = [
        {**ANSWER, "q1": "1", "q3": 5, "q6": ["1", "2"]},
        {**ANSWER, "q1": "1", "q3": 3, "q6": ["1"]},
        {**ANSWER, "q1": "2", "q2": "Vắng bí thư", "q3": 2},
        {**ANSWER, "q1": "1", "q3": 4, "q4": ["1", "2", "3"]},
    ]
    for m, a in zip(members, answers, strict=True):
        surveys.survey_answer(member=m, survey=survey, answers=a)
    result = selectors.survey_results(survey, tree.g1)
    q1, q2, q3, q4, q5, q6 = result.questions
    assert result.responses == 4
    assert [(b.count, b.percent) for b in q1.bars] == [(3, 75), (1, 25)]
    assert q2.texts == ["Vắng bí thư"]
    assert q3.average == 3.5
    assert q6.bars[0].count == 2 and q6.bars[1].count == 1
    assert q5.rows[0].bars[0].count == 4
    assert dict((u.code, n) for u, n in result.units) == {"C1": 2, "C2": 2}
    cell = selectors.survey_results(survey, tree.c1)
    assert cell.responses == 2 and not cell.hidden
