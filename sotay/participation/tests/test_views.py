"""Pages of participation, the three personas, and bad input through the browser forms."""

import datetime as dt

from django.utils import timezone

from sotay.conftest import Personas, Tree, signed_in
from sotay.participation.models import DraftComment, Inquiry, SurveyResponse
from sotay.participation.services import consultations, surveys


def _open_survey(personas: Personas, tree: Tree, anonymous: bool = True):  # noqa: ANN202
    now = timezone.now()
    survey = surveys.survey_create(
        user=personas.committee,
        unit=tree.g1,
        audience=tree.g1,
        title="Ý kiến về tài liệu sinh hoạt",
        opens_at=now - dt.timedelta(minutes=1),
        closes_at=now + dt.timedelta(days=3),
        anonymous=anonymous,
    )
    surveys.question_add(
        user=personas.committee,
        survey=survey,
        kind="single",
        text="Tài liệu có dễ đọc?",
        options=["Dễ đọc", "Khó đọc"],
    )
    surveys.question_add(
        user=personas.committee,
        survey=survey,
        kind="text",
        text="Khó ở đâu?",
        show_if_question="q1",
        show_if_options=["2"],
    )
    return surveys.survey_open(user=personas.committee, survey=survey)


def test_three_personas_on_a_survey(personas: Personas, tree: Tree) -> None:
    survey = _open_survey(personas, tree)
    url = f"/y-kien/khao-sat/{survey.public_id}/"
    member = signed_in(personas.member)
    assert member.get(url).status_code == 200
    response = member.post(url, {"q1": "2", "q2": "Chữ nhỏ"})
    assert response.status_code == 302 and f"sotay_ks_{survey.public_id.hex}" in response.cookies
    again = member.get(url)
    assert "Chữ nhỏ" in again.content.decode()  # this device holds the receipt
    assert signed_in(personas.outsider).get(url).status_code == 404
    console = signed_in(personas.committee).get(f"/quan-ly/y-kien/khao-sat/{survey.public_id}/")
    assert console.status_code == 200
    assert (
        signed_in(personas.member).get(f"/quan-ly/y-kien/khao-sat/{survey.public_id}/").status_code
        == 404
    )
    assert (
        signed_in(personas.outsider)
        .get(f"/quan-ly/y-kien/khao-sat/{survey.public_id}/")
        .status_code
        == 404
    )
    export = signed_in(personas.committee).get(f"/quan-ly/y-kien/khao-sat/{survey.public_id}.xlsx")
    assert export.status_code == 200


def test_second_answer_from_another_device_is_refused(personas: Personas, tree: Tree) -> None:
    survey = _open_survey(personas, tree)
    url = f"/y-kien/khao-sat/{survey.public_id}/"
    signed_in(personas.member).post(url, {"q1": "1"})
    other_device = signed_in(personas.member)
    page = other_device.get(url).content.decode()
    assert "đã trả lời" in page
    response = other_device.post(url, {"q1": "2", "q2": "Đổi ý"})
    assert response.status_code == 400 and "đã trả lời" in response.content.decode()
    assert SurveyResponse.objects.count() == 1


def test_hostile_comment_renders_inert(personas: Personas, tree: Tree) -> None:
    consultation = consultations.consultation_create(
        user=personas.committee,
        unit=tree.g1,
        audience=tree.g1,
        title="Dự thảo Quy chế",
        closes_at=timezone.now() + dt.timedelta(days=3),
        text="Điều 1. Nội dung.",
    )
    url = f"/y-kien/du-thao/{consultation.public_id}/"
    client = signed_in(personas.member)
    client.post(url, {"text": '<script>alert("x")</script><img src=x onerror=alert(1)>'})
    page = client.get(url).content.decode()
    assert "<script>alert" not in page and "&lt;script&gt;alert" in page
    assert "<img src=x" not in page
    assert signed_in(personas.outsider).get(url).status_code == 404
    console = signed_in(personas.committee).get(
        f"/quan-ly/y-kien/du-thao/{consultation.public_id}/"
    )
    assert "&lt;script&gt;" in console.content.decode()
    docx = signed_in(personas.committee).get(
        f"/quan-ly/y-kien/du-thao/{consultation.public_id}/tong-hop.docx"
    )
    assert docx.status_code == 200 and docx.content[:2] == b"PK"


def test_ten_megabyte_comment_is_refused_whole(personas: Personas, tree: Tree) -> None:
    consultation = consultations.consultation_create(
        user=personas.committee,
        unit=tree.g1,
        audience=tree.g1,
        title="Dự thảo",
        closes_at=timezone.now() + dt.timedelta(days=3),
        text="Điều 1. Nội dung.",
    )
    client = signed_in(personas.member)
    response = client.post(
        f"/y-kien/du-thao/{consultation.public_id}/", {"text": "x" * (10 * 1024 * 1024)}
    )
    assert response.status_code == 400
    assert "quá lớn" in response.content.decode()
    response = client.post(
        f"/y-kien/du-thao/{consultation.public_id}/", {"text": "x" * 6000}, follow=True
    )
    assert "quá mức 5.000 ký tự" in response.content.decode()
    assert not DraftComment.objects.exists()


def test_inquiry_pages(personas: Personas, tree: Tree) -> None:
    client = signed_in(personas.member)
    response = client.post(
        "/y-kien/hoi-dap/",
        {"to": tree.c1.pk, "kind": "question", "subject": "Đảng phí", "body": "Mức đóng?"},
    )
    assert response.status_code == 302
    inquiry = Inquiry.objects.get()
    assert client.get(f"/y-kien/hoi-dap/{inquiry.public_id}/").status_code == 200
    assert (
        signed_in(personas.outsider).get(f"/y-kien/hoi-dap/{inquiry.public_id}/").status_code == 404
    )
    bad = client.post(
        "/y-kien/hoi-dap/", {"to": tree.c3.pk, "kind": "question", "subject": "x", "body": "y"}
    )
    assert bad.status_code == 400 and Inquiry.objects.count() == 1
    committee = signed_in(personas.committee)
    page = committee.get(f"/quan-ly/y-kien/hoi-dap/{inquiry.public_id}/")
    assert page.status_code == 200
    committee.post(
        f"/quan-ly/y-kien/hoi-dap/{inquiry.public_id}/",
        {"action": "answer", "answer": "Theo Quy định."},
    )
    inquiry.refresh_from_db()
    assert inquiry.status == "answered"
    assert committee.get("/quan-ly/y-kien/").status_code == 200
    assert committee.get(f"/quan-ly/y-kien/thong-ke/{tree.g1.public_id}/").status_code == 200
    assert signed_in(personas.member).get("/quan-ly/y-kien/").status_code == 403
    assert client.get("/y-kien/").status_code == 200
    assert client.get("/y-kien/hoi-dap/thuong-gap/").status_code == 200
