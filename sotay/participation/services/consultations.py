"""Consultations on draft documents: post a draft (DOCX, PDF or text) split into headings and
paragraphs, revise it (comments keep their paragraph), comment, moderate, decide."""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

from django.db import transaction
from django.utils import timezone

from sotay.core.drafts import carry_keys, paragraphs, record_decision
from sotay.core.errors import DomainError
from sotay.core.text import clean
from sotay.members.models import Member
from sotay.notices.choices import NotificationKind
from sotay.notices.services import notify
from sotay.orgs.models import Organization

from ..access import manages
from ..choices import Phase
from ..models import Consultation, DraftComment, DraftParagraph, DraftVersion

MAX_COMMENT = 5000  # characters
HEADING = re.compile(
    r"^(Phần|PHẦN|Chương|CHƯƠNG|Mục|MỤC)\s+[0-9IVXLC]+\b|^[IVXLC]+\.\s|^[A-ZĐ]\.\s"
)
ARTICLE_TITLE = re.compile(r"^Điều\s+\d+[a-z]?\.\s.*[^.;:]$")


def is_heading(text: str) -> bool:
    """A part, chapter or section line, a roman-numbered line, or an article's title alone
    ("Điều 3. Phạm vi điều chỉnh" — not an article written on one line ending with a full stop)."""
    return len(text) < 200 and bool(HEADING.match(text) or ARTICLE_TITLE.match(text))


def _require(user: Any, unit: Organization) -> None:
    if not manages(user, unit):
        raise DomainError("Bạn không có quyền lấy ý kiến ở đơn vị này.")


def split_draft(*, text: str = "", upload: Any = None) -> list[tuple[str, bool]]:
    """(text, is heading) per paragraph, from a DOCX (heading styles), a PDF or plain text."""
    if upload is not None:
        from sotay.content.files import check_size, inspect_document

        check_size(upload.size)
        name = (upload.name or "").lower()
        if name.endswith(".txt"):
            data = upload.read()
            try:
                text = data.decode("utf-8-sig")
            except UnicodeDecodeError as exc:
                raise DomainError("Tệp văn bản phải mã hóa UTF-8.", field="file") from exc
        elif name.endswith(".docx"):
            inspect_document(upload)  # checks it opens, refuses zip bombs
            import docx

            document = docx.Document(io.BytesIO(upload.read()))
            out = []
            for p in document.paragraphs:
                body = clean(p.text)
                if body:
                    style = (p.style.name if p.style is not None else "") or ""
                    out.append(
                        (
                            body,
                            style.lower().startswith(("heading", "title")) or is_heading(body),
                        )
                    )
            if not out:
                raise DomainError("Tệp dự thảo không có nội dung chữ.", field="file")
            return out
        else:
            text = inspect_document(upload).text
    parts = paragraphs(text)
    if not parts:
        raise DomainError("Dự thảo đang trống.", field="text")
    return [(p, is_heading(p)) for p in parts]


def _post_version(
    consultation: Consultation, parts: list[tuple[str, bool]], user: Any, note: str, source: str
) -> DraftVersion:
    previous = consultation.versions.first()
    old = list(previous.paragraphs.all()) if previous else []
    texts = [t for t, _ in parts]
    if previous and [p.text for p in old] == texts:
        raise DomainError("Dự thảo chưa thay đổi so với bản trước.", field="text")
    version = DraftVersion.objects.create(
        consultation=consultation,
        number=(previous.number + 1) if previous else 1,
        note=clean(note)[:300],
        source_name=source[:200],
        author=user,
    )
    keys = carry_keys([p.key for p in old], [p.text for p in old], texts)
    DraftParagraph.objects.bulk_create(
        [
            DraftParagraph(version=version, position=i, key=k, text=t, heading=h)
            for i, (k, (t, h)) in enumerate(zip(keys, parts, strict=True))
        ],
        batch_size=2000,
    )
    return version


def _members(consultation: Consultation) -> Any:
    from sotay.core.access import subtree_q

    return Member.objects.current().filter(
        subtree_q(consultation.audience_path, "cell_path"),
        status__in=["full", "probationary"],
        has_account=True,
    )


@transaction.atomic
def consultation_create(
    *,
    user: Any,
    unit: Organization,
    audience: Organization,
    title: str,
    closes_at: dt.datetime,
    summary: str = "",
    text: str = "",
    upload: Any = None,
) -> Consultation:
    _require(user, unit)
    if not audience.path.startswith(unit.path):
        raise DomainError("Chỉ lấy ý kiến đơn vị mình hoặc đơn vị trực thuộc.", field="audience")
    if not clean(title):
        raise DomainError("Hãy nhập tên dự thảo.", field="title")
    now = timezone.now()
    if closes_at <= now:
        raise DomainError("Hạn góp ý phải ở sau thời điểm hiện tại.", field="closes_at")
    parts = split_draft(text=text, upload=upload)
    consultation = Consultation.objects.create(
        unit=unit,
        audience=audience,
        title=clean(title)[:300],
        summary=(summary or "").strip(),
        opens_at=now,
        closes_at=closes_at,
        created_by=user,
    )
    _post_version(consultation, parts, user, "", getattr(upload, "name", "") or "")
    notify(
        members=_members(consultation),
        kind=NotificationKind.SURVEY,
        title=f"Góp ý dự thảo: {consultation.title}",
        body=f"Hạn góp ý: {timezone.localtime(closes_at):%d/%m/%Y}.",
        url=f"/y-kien/du-thao/{consultation.public_id}/",
    )
    return consultation


@transaction.atomic
def consultation_revise(
    *, user: Any, consultation: Consultation, note: str = "", text: str = "", upload: Any = None
) -> DraftVersion:
    """A new version; comments stay on their paragraph when it was kept or edited."""
    _require(user, consultation.unit)
    if consultation.phase == Phase.CLOSED:
        raise DomainError("Đã kết thúc lấy ý kiến; không đăng bản mới được.")
    parts = split_draft(text=text, upload=upload)
    return _post_version(consultation, parts, user, note, getattr(upload, "name", "") or "")


@transaction.atomic
def consultation_close(*, user: Any, consultation: Consultation) -> Consultation:
    _require(user, consultation.unit)
    consultation.phase = Phase.CLOSED
    consultation.closes_at = min(consultation.closes_at, timezone.now())
    consultation.save(update_fields=["phase", "closes_at", "updated_at"])
    return consultation


def accepts_comments(consultation: Consultation) -> bool:
    return consultation.phase == Phase.OPEN and timezone.now() < consultation.closes_at


@transaction.atomic
def comment_add(
    *, member: Member, consultation: Consultation, text: str, paragraph_key: str = ""
) -> DraftComment:
    if not member.cell_path.startswith(consultation.audience_path):
        raise DomainError("Dự thảo này không lấy ý kiến của chi bộ đồng chí.")
    if not accepts_comments(consultation):
        raise DomainError("Đã hết hạn góp ý dự thảo này.")
    body = (text or "").strip()
    if not body:
        raise DomainError("Hãy nhập nội dung góp ý.", field="text")
    if len(body) > MAX_COMMENT:
        raise DomainError(
            f"Góp ý dài {len(body):,} ký tự, quá mức {MAX_COMMENT:,} ký tự; hãy viết gọn lại "
            "hoặc chia thành nhiều góp ý theo từng đoạn.".replace(",", "."),
            field="text",
        )
    version = consultation.versions.first()
    paragraph_text = ""
    if paragraph_key:
        paragraph = version.paragraphs.filter(key=paragraph_key).first() if version else None
        if paragraph is None:
            raise DomainError("Đoạn này không còn trong bản dự thảo hiện hành; hãy tải lại trang.")
        paragraph_text = paragraph.text
    return DraftComment.objects.create(
        consultation=consultation,
        member=member,
        paragraph_key=paragraph_key,
        paragraph_text=paragraph_text,
        version_number=version.number if version else 1,
        text=body,
    )


@transaction.atomic
def comment_hide(*, user: Any, comment: DraftComment, reason: str) -> DraftComment:
    """Hide an abusive comment from other members, with the reason (kept, never deleted)."""
    _require(user, comment.consultation.unit)
    if not clean(reason):
        raise DomainError("Hãy ghi lý do ẩn góp ý.", field="reason")
    comment.hidden_reason, comment.hidden_by = clean(reason)[:300], user
    comment.save(update_fields=["hidden_reason", "hidden_by", "updated_at"])
    notify(
        members=[comment.member_id],
        kind=NotificationKind.SURVEY,
        title="Góp ý của đồng chí đã bị ẩn",
        body=f"Lý do: {comment.hidden_reason}",
        url=f"/y-kien/du-thao/{comment.consultation.public_id}/",
    )
    return comment


@transaction.atomic
def comment_decide(
    *, user: Any, comment: DraftComment, decision: str, response: str = ""
) -> DraftComment:
    """The drafting committee's decision; the member is told, and an adopted comment earns
    points once."""
    _require(user, comment.consultation.unit)
    if record_decision(comment, user=user, decision=decision, response=response):
        from sotay.study.choices import PointRule
        from sotay.study.points import award

        award(
            member=comment.member,
            rule=PointRule.COMMENT_ADOPTED,
            source_key=f"draft-comment:{comment.pk}",
            reason=f"Góp ý được tiếp thu: {comment.consultation.title[:200]}",
        )
    notify(
        members=[comment.member_id],
        kind=NotificationKind.SURVEY,
        title=f"Góp ý dự thảo: {comment.get_decision_display().lower()}",
        body=comment.response or comment.text[:200],
        url=f"/y-kien/du-thao/{comment.consultation.public_id}/",
    )
    return comment
