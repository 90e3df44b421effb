"""The participation API, with the three personas."""

import datetime as dt

from django.utils import timezone

from sotay.conftest import Personas, Tree, signed_in
from sotay.participation.services import consultations, surveys


def test_survey_consultation_and_inquiry_over_the_api(personas: Personas, tree: Tree) -> None:
    now = timezone.now()
    survey = surveys.survey_create(
        user=personas.committee,
        unit=tree.g1,
        audience=tree.g1,
        title="Khảo sát API",
        opens_at=now - dt.timedelta(minutes=1),
        closes_at=now + dt.timedelta(days=1),
        anonymous=True,
    )
    surveys.question_add(user=personas.committee, survey=survey, kind="scale", text="Mức hài lòng")
    surveys.survey_open(user=personas.committee, survey=survey)
    member = signed_in(personas.member)
    listed = member.get("/api/v1/surveys").json()
    assert [s["title"] for s in listed] == ["Khảo sát API"]
    assert signed_in(personas.outsider).get("/api/v1/surveys").json() == []
    url = f"/api/v1/surveys/{survey.public_id}/responses"
    bad = member.post(url, {"answers": {"q1": 9}}, content_type="application/json")
    assert bad.status_code == 400 and "Câu trả lời cho câu 1" in bad.json()["detail"]
    ok = member.post(url, {"answers": {"q1": 4}}, content_type="application/json").json()
    assert ok["receipt"] and not ok["edited"]
    again = member.post(url, {"answers": {"q1": 2}}, content_type="application/json")
    assert again.status_code == 400
    edited = member.post(
        url, {"answers": {"q1": 2}, "receipt": ok["receipt"]}, content_type="application/json"
    )
    assert edited.json()["edited"]
    outsider = signed_in(personas.outsider).post(
        url, {"answers": {"q1": 4}}, content_type="application/json"
    )
    assert outsider.status_code == 404
    results = signed_in(personas.committee).get(f"/api/v1/surveys/{survey.public_id}/results")
    # One anonymous response: counted with the next batch of five, or at closing.
    assert results.json()["responses"] == 0 and results.json()["pending"] == 1
    assert member.get(f"/api/v1/surveys/{survey.public_id}/results").status_code == 404

    consultation = consultations.consultation_create(
        user=personas.committee,
        unit=tree.g1,
        audience=tree.g1,
        title="Dự thảo API",
        closes_at=now + dt.timedelta(days=2),
        text="Điều 1. Một.\nĐiều 2. Hai.",
    )
    detail = member.get(f"/api/v1/consultations/{consultation.public_id}").json()
    key = detail["paragraphs"][1]["key"]
    created = member.post(
        f"/api/v1/consultations/{consultation.public_id}/comments",
        {"text": "Sửa câu chữ", "paragraph_key": key},
        content_type="application/json",
    )
    assert created.status_code == 201
    decision_url = f"/api/v1/consultation-comments/{created.json()['id']}/decision"
    assert (
        member.post(
            decision_url, {"decision": "adopted"}, content_type="application/json"
        ).status_code
        == 404
    )
    decided = signed_in(personas.committee).post(
        decision_url, {"decision": "adopted"}, content_type="application/json"
    )
    assert decided.json()["decision"] == "adopted"

    sent = member.post(
        "/api/v1/inquiries",
        {"to": str(tree.c1.public_id), "kind": "question", "subject": "Hỏi", "body": "Nội dung"},
        content_type="application/json",
    )
    assert sent.status_code == 201
    wrong = member.post(
        "/api/v1/inquiries",
        {"to": str(tree.c3.public_id), "kind": "question", "subject": "Hỏi", "body": "x"},
        content_type="application/json",
    )
    assert wrong.status_code == 400
    queue = signed_in(personas.committee).get("/api/v1/inquiries/queue").json()
    assert [q["subject"] for q in queue] == ["Hỏi"]
    assert signed_in(personas.outsider).get("/api/v1/inquiries/queue").json() == []
    answer = signed_in(personas.committee).post(
        f"/api/v1/inquiries/{sent.json()['id']}/answer",
        {"answer": "Trả lời"},
        content_type="application/json",
    )
    assert answer.json()["status"] == "answered"
    assert member.get("/api/v1/inquiries").json()[0]["answer"] == "Trả lời"
