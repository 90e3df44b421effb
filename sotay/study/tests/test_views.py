"""Study pages with the three personas: take a quiz through the forms, console pages."""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from sotay.conftest import Personas, Tree, signed_in
from sotay.study.models import Attempt, Programme, Question

from .test_engine import _row, _xlsx


def test_import_programme_quiz_and_progress(personas: Personas, tree: Tree) -> None:
    board = signed_in(personas.committee)
    bad = board.post(
        "/quan-ly/hoc-tap/",
        {
            "action": "import",
            "unit": tree.g1.pk,
            "file": SimpleUploadedFile("q.xlsx", _xlsx([_row(1), _row(2, ans="Z")])),
        },
    )
    assert "Dòng 3" in bad.content.decode() and not Question.objects.exists()
    ok = board.post(
        "/quan-ly/hoc-tap/",
        {
            "action": "import",
            "unit": tree.g1.pk,
            "file": SimpleUploadedFile("q.xlsx", _xlsx([_row(n) for n in range(12)])),
        },
    )
    assert ok.status_code == 302 and Question.objects.count() == 12
    today = timezone.localdate()
    made = board.post(
        "/quan-ly/hoc-tap/",
        {
            "action": "programme",
            "kind": "resolution",
            "title": "Học Điều lệ",
            "audience": tree.g1.pk,
            "starts_on": today.isoformat(),
            "ends_on": (today + dt.timedelta(days=10)).isoformat(),
            "question_count": 10,
            "time_limit_minutes": 15,
            "max_attempts": 2,
            "pass_percent": 70,
            "feedback": "immediate",
        },
    )
    programme = Programme.objects.get()
    assert made.status_code == 302 and programme.status == "published"

    member = signed_in(personas.member)
    assert "Học Điều lệ" in member.get("/hoc-tap/").content.decode()
    start = member.post(f"/hoc-tap/{programme.public_id}/lam-bai/")
    attempt = Attempt.objects.get()
    assert start.url == f"/hoc-tap/bai-lam/{attempt.public_id}/"
    page = member.get(start.url)
    assert page.status_code == 200 and page.content.decode().count('data-testid="question"') == 10
    first = str(attempt.items[0]["v"])
    assert member.post(f"/hoc-tap/bai-lam/{attempt.public_id}/luu/", {f"q-{first}": "B"}).json()[
        "ok"
    ]
    tampered = member.post(f"/hoc-tap/bai-lam/{attempt.public_id}/luu/", {"q-99999": "B"})
    assert tampered.status_code == 409
    answers = {f"q-{i['v']}": "B" for i in attempt.items}
    member.post(f"/hoc-tap/bai-lam/{attempt.public_id}/", {"token": attempt.token, **answers})
    result = member.get(f"/hoc-tap/bai-lam/{attempt.public_id}/").content.decode()
    assert "Kết quả: 10/10" in result and 'data-testid="feedback"' in result
    replay = member.post(
        f"/hoc-tap/bai-lam/{attempt.public_id}/", {"token": attempt.token, **answers}, follow=True
    )
    assert "lặp lại" in replay.content.decode()
    assert member.get(f"/hoc-tap/{programme.public_id}/chung-nhan.pdf").content.startswith(b"%PDF")

    stats = board.get(f"/quan-ly/hoc-tap/{programme.public_id}/").content.decode()
    assert "Chi bộ thôn Một" in stats and "50%" in stats  # 1 of 2 members in cell 1 passed
    outsider = signed_in(personas.outsider)
    assert outsider.get(f"/hoc-tap/{programme.public_id}/").status_code == 404
    assert outsider.get(f"/hoc-tap/bai-lam/{attempt.public_id}/").status_code == 404
    assert outsider.get(f"/quan-ly/hoc-tap/{programme.public_id}/").status_code == 404
    assert member.get("/hoc-tap/xep-hang/").status_code == 200


def test_api_programme_attempt_points(personas: Personas, tree: Tree) -> None:
    import json

    from sotay.study import bank, services

    bank.import_questions(
        user=personas.committee,
        unit=tree.g1,
        data=_xlsx([_row(n) for n in range(12)]),
        filename="q.xlsx",
    )
    today = timezone.localdate()
    programme = services.programme_publish(
        user=personas.committee,
        programme=services.programme_create(
            user=personas.committee,
            unit=tree.g1,
            audience=tree.g1,
            kind="resolution",
            title="API",
            starts_on=today,
            ends_on=today + dt.timedelta(days=3),
        ),
    )
    client = signed_in(personas.member)
    listed = client.get("/api/v1/study/programmes").json()
    assert listed[0]["title"] == "API" and not listed[0]["passed"]
    started = client.post(f"/api/v1/study/programmes/{programme.public_id}/attempts").json()
    answers = {str(q["id"]): ["B"] for q in started["questions"]}
    saved = client.put(
        f"/api/v1/study/attempts/{started['id']}",
        json.dumps({"answers": answers}),
        content_type="application/json",
    )
    assert saved.status_code == 200
    done = client.post(
        f"/api/v1/study/attempts/{started['id']}/submit",
        json.dumps({"answers": answers, "token": started["token"]}),
        content_type="application/json",
    ).json()
    assert done["score"] == 10 and done["passed"]
    again = client.post(
        f"/api/v1/study/attempts/{started['id']}/submit",
        json.dumps({"answers": answers, "token": started["token"]}),
        content_type="application/json",
    )
    assert again.status_code == 400 and "lặp lại" in again.json()["detail"]
    assert client.get("/api/v1/study/points").json()["all"] == 20
    assert client.get("/api/v1/study/rankings").json()[0]["points"] == 20
    outsider = signed_in(personas.outsider)
    assert (
        outsider.post(f"/api/v1/study/programmes/{programme.public_id}/attempts").status_code == 404
    )


def test_question_edit_and_evidence_export(personas: Personas, tree: Tree) -> None:
    from sotay.members.spreadsheets import read_rows
    from sotay.study import bank

    bank.import_questions(
        user=personas.committee, unit=tree.g1, data=_xlsx([_row(1)]), filename="q.xlsx"
    )
    question = Question.objects.get()
    board = signed_in(personas.committee)
    assert "Câu hỏi số 1" in board.get("/quan-ly/hoc-tap/cau-hoi/").content.decode()
    url = f"/quan-ly/hoc-tap/cau-hoi/{question.public_id}/"
    form = {
        "category": "Điều lệ Đảng",
        "difficulty": "medium",
        "text": "Thời kỳ dự bị?",
        "opt-A": "6 tháng",
        "opt-B": "12 tháng",
        "correct": "Z",
    }
    bad = board.post(url, form, follow=True)
    assert "Đáp án đúng" in bad.content.decode() and question.versions.count() == 1
    assert board.post(url, form | {"correct": "B"}).status_code == 302
    question.refresh_from_db()
    assert question.versions.count() == 2 and question.current.text == "Thời kỳ dự bị?"
    assert signed_in(personas.member).get(url).status_code == 404
    export = board.get(f"/quan-ly/hoc-tap/minh-chung/{tree.g1.public_id}.xlsx")
    rows = list(read_rows(export.content, "x.xlsx"))
    assert rows[0][0] == "Họ và tên" and len(rows) == 3  # header + the two members of G1


def test_province_sets_point_rules_and_visibility(personas: Personas, tree: Tree) -> None:
    import datetime as _dt

    from sotay.orgs.models import StaffRole
    from sotay.study import points, selectors
    from sotay.study.choices import PointRule

    StaffRole.objects.create(
        member=personas.committee.member,
        org=tree.province,
        kind="propaganda",
        started_on=_dt.date(2020, 1, 1),
    )
    board = signed_in(personas.committee)
    form = {"action": "policy", "visibility": "units"}
    form |= {f"points-{r}": "4" for r in PointRule.values} | {
        f"cap-{r}": "8" for r in PointRule.values
    }
    assert board.post("/quan-ly/hoc-tap/", form).status_code == 302
    member = personas.member.member
    assert selectors.ranking_visibility(member) == "units"
    points.award(member=member, rule=PointRule.SURVEY_ANSWERED, source_key="s1", reason="x")
    assert points.total(member) == 4
    bad = board.post("/quan-ly/hoc-tap/", form | {"points-quiz_score": "abc"}, follow=True)
    assert "số nguyên" in bad.content.decode()
    page = signed_in(personas.member).get("/hoc-tap/xep-hang/").content.decode()
    assert "chỉ công bố xếp hạng đơn vị" in page
