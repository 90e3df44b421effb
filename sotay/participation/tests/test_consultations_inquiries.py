"""Consultations keep comments on their paragraph across versions; inquiries escalate when
overdue, are answered, and become FAQ entries only with consent."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from sotay.conftest import Personas, Tree
from sotay.core.errors import DomainError
from sotay.notices.models import Notification
from sotay.participation import selectors
from sotay.participation.models import DraftComment, Inquiry
from sotay.participation.services import consultations, inquiries
from sotay.participation.synthesis import synthesis_docx

DRAFT = """Chương I. Những quy định chung
Điều 1. Chi bộ họp thường lệ mỗi tháng một lần vào ngày 5.
Điều 2. Đảng viên tham gia đầy đủ, đúng giờ.
Điều 3. Tài liệu gửi trước ba ngày trên Sổ tay đảng viên."""


def _consultation(personas: Personas, tree: Tree, **kw: object):  # noqa: ANN202
    return consultations.consultation_create(
        user=personas.committee,
        unit=tree.g1,
        audience=tree.g1,
        title="Dự thảo Quy chế làm việc",
        closes_at=timezone.now() + dt.timedelta(days=10),
        **({"text": DRAFT} | kw),  # type: ignore[arg-type]
    )


def test_comments_keep_their_paragraph_across_versions(personas: Personas, tree: Tree) -> None:
    consultation = _consultation(personas, tree)
    view = selectors.draft_view(consultation, with_hidden=True)
    assert view.paragraphs[0].paragraph.heading and not view.paragraphs[1].paragraph.heading
    article2 = view.paragraphs[2].paragraph
    comment = consultations.comment_add(
        member=personas.member.member,
        consultation=consultation,
        text="Nên quy định cả việc xin vắng.",
        paragraph_key=article2.key,
    )
    revised = DRAFT.replace("đầy đủ, đúng giờ.", "đầy đủ, đúng giờ; vắng phải báo cáo.")
    revised = revised.replace(
        "Chương I.", "Chương I.\nĐiều mở đầu. Quy chế này áp dụng cho chi bộ."
    )
    consultations.consultation_revise(
        user=personas.committee, consultation=consultation, text=revised, note="Tiếp thu góp ý"
    )
    view = selectors.draft_view(consultation, with_hidden=True)
    moved = next(p for p in view.paragraphs if comment in p.comments)
    assert moved.paragraph.key == article2.key and "vắng phải báo cáo" in moved.paragraph.text
    assert DraftComment.objects.get().paragraph_text == article2.text  # as the member saw it


def test_docx_headings_and_bad_files(personas: Personas, tree: Tree) -> None:
    import docx

    document = docx.Document()
    document.add_heading("Phần mở đầu", level=1)
    document.add_paragraph("Nội dung thứ nhất.")
    buffer = io.BytesIO()
    document.save(buffer)
    upload = SimpleUploadedFile("du-thao.docx", buffer.getvalue())
    consultation = _consultation(personas, tree, text="", upload=upload)
    paragraphs = selectors.draft_view(consultation, with_hidden=True).paragraphs
    assert [(p.paragraph.text, p.paragraph.heading) for p in paragraphs] == [
        ("Phần mở đầu", True),
        ("Nội dung thứ nhất.", False),
    ]
    with pytest.raises(DomainError, match="DOCX"):
        _consultation(
            personas, tree, text="", upload=SimpleUploadedFile("x.docx", b"PK\x03\x04 no")
        )


def test_hostile_huge_and_out_of_scope_comments(personas: Personas, tree: Tree) -> None:
    consultation = _consultation(personas, tree)
    with pytest.raises(DomainError, match="quá mức 5.000 ký tự"):
        consultations.comment_add(
            member=personas.member.member, consultation=consultation, text="x" * 10_000_000
        )
    with pytest.raises(DomainError, match="không lấy ý kiến"):
        consultations.comment_add(
            member=personas.outsider.member, consultation=consultation, text="Góp ý"
        )
    assert not DraftComment.objects.exists()
    hostile = consultations.comment_add(
        member=personas.member.member,
        consultation=consultation,
        text="<script>alert(1)</script> <b>đậm</b>",
    )
    consultations.comment_hide(
        user=personas.committee, comment=hostile, reason="Nội dung không phù hợp"
    )
    members_view = selectors.draft_view(consultation, with_hidden=False, member_id=None)
    assert not members_view.whole
    with pytest.raises(DomainError):
        consultations.comment_hide(user=personas.outsider, comment=hostile, reason="x")


def test_decisions_notify_and_synthesis(personas: Personas, tree: Tree) -> None:
    consultation = _consultation(personas, tree)
    key = selectors.draft_view(consultation, with_hidden=True).paragraphs[1].paragraph.key
    comment = consultations.comment_add(
        member=personas.member.member,
        consultation=consultation,
        text="Đề nghị ngày 10.",
        paragraph_key=key,
    )
    with pytest.raises(DomainError, match="giải trình"):
        consultations.comment_decide(
            user=personas.committee, comment=comment, decision="not_adopted"
        )
    consultations.comment_decide(user=personas.committee, comment=comment, decision="adopted")
    consultations.comment_add(  # a control character pasted from a word processor
        member=personas.member.member, consultation=consultation, text="Dòng một\x0bdòng hai"
    )
    assert Notification.objects.filter(
        member=personas.member.member, title__contains="tiếp thu"
    ).exists()
    data = synthesis_docx(consultation)
    import docx

    text = "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
    assert "Đề nghị ngày 10." in text and "Tiếp thu" in text and "Dòng mộtdòng hai" in text


def test_inquiry_escalates_then_answered_and_published(personas: Personas, tree: Tree) -> None:
    member = personas.member.member
    inquiry = inquiries.inquiry_send(
        member=member,
        to=tree.c1,
        kind="question",
        subject="Miễn sinh hoạt",
        body="Tôi 80 tuổi, sức yếu, có được miễn sinh hoạt không?",
        public_consent=True,
    )
    with pytest.raises(DomainError, match="chi bộ của đồng chí"):
        inquiries.inquiry_send(member=member, to=tree.c3, kind="question", subject="x", body="y")
    assert not inquiries.escalate(inquiry.pk)  # not yet due
    later = timezone.now() + dt.timedelta(days=8)
    assert inquiries.escalate_overdue(later) == 1
    inquiry.refresh_from_db()
    assert inquiry.unit == tree.g1 and inquiry.escalations == 1 and inquiry.due_at > later
    assert Notification.objects.filter(member=member, title__contains="chuyển lên").exists()
    with pytest.raises(DomainError):
        inquiries.inquiry_answer(user=personas.outsider, inquiry=inquiry, answer="Không.")
    inquiries.inquiry_answer(
        user=personas.committee, inquiry=inquiry, answer="Có, theo Điều 7 Điều lệ Đảng."
    )
    inquiries.inquiry_publish(
        user=personas.committee, inquiry=inquiry, question="Đảng viên tuổi cao có được miễn?"
    )
    from sotay.participation.access import faq_visible_to

    assert list(faq_visible_to(personas.member)) == [Inquiry.objects.get()]
    assert not faq_visible_to(personas.outsider).exists()
    stats = selectors.inquiry_stats(tree.u1)
    assert [(s.unit.code, s.received, s.answered) for s in stats][:2] == [
        ("U1", 0, 0),
        ("G1", 1, 1),
    ]


def test_faq_needs_consent(personas: Personas, tree: Tree) -> None:
    inquiry = inquiries.inquiry_send(
        member=personas.member.member, to=tree.g1, kind="report", subject="Đường", body="Hỏng"
    )
    inquiries.inquiry_answer(user=personas.committee, inquiry=inquiry, answer="Đã báo xã.")
    with pytest.raises(DomainError, match="không đồng ý"):
        inquiries.inquiry_publish(user=personas.committee, inquiry=inquiry)
