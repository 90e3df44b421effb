"""Members' questions, reports and petitions: routed to the committee they choose, assigned,
answered within the province's deadline or escalated to the committee above; with the member's
consent an answer becomes a public FAQ entry for the unit's members."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from sotay.core.access import ancestor_paths, holders
from sotay.core.errors import DomainError
from sotay.core.text import clean
from sotay.members.models import Member
from sotay.notices.choices import NotificationKind
from sotay.notices.services import notify
from sotay.orgs.models import Organization

from ..access import MANAGE, manages
from ..choices import InquiryEventKind, InquiryKind, InquiryStatus
from ..models import Inquiry, InquiryEvent, ParticipationPolicy

MAX_BODY = 5000
DEFAULT_ANSWER_DAYS = 7


def answer_days(unit_path: str) -> int:
    policy = ParticipationPolicy.objects.filter(province__path=unit_path[:4]).first()
    return policy.answer_days if policy else DEFAULT_ANSWER_DAYS


def committee_members(unit: Organization) -> list[int]:
    """Members who answer for a unit: its committee positions and staff roles."""
    return holders(unit, MANAGE)


def _schedule_escalation(inquiry: Inquiry) -> None:
    from ..tasks import escalate_if_overdue

    pk, when = inquiry.pk, inquiry.due_at
    transaction.on_commit(lambda: escalate_if_overdue.using(run_after=when).enqueue(pk))


def _event(inquiry: Inquiry, kind: str, actor: Any = None, note: str = "") -> None:
    InquiryEvent.objects.create(inquiry=inquiry, kind=kind, actor=actor, note=note[:300])


def _url(inquiry: Inquiry, console: bool = False) -> str:
    return f"/{'quan-ly/' if console else ''}y-kien/hoi-dap/{inquiry.public_id}/"


@transaction.atomic
def inquiry_send(
    *,
    member: Member,
    to: Organization,
    kind: str,
    subject: str,
    body: str,
    public_consent: bool = False,
) -> Inquiry:
    """To the member's cell or any committee above it."""
    if to.path not in ancestor_paths(member.cell_path):
        raise DomainError(
            "Chỉ gửi tới chi bộ của đồng chí hoặc cấp ủy cấp trên của chi bộ.", field="to"
        )
    if kind not in InquiryKind.values:
        raise DomainError("Hãy chọn: hỏi, phản ánh hay kiến nghị.", field="kind")
    if not clean(subject):
        raise DomainError("Hãy ghi tiêu đề.", field="subject")
    text = (body or "").strip()
    if not text:
        raise DomainError("Hãy ghi nội dung.", field="body")
    if len(text) > MAX_BODY:
        raise DomainError(
            f"Nội dung dài quá {MAX_BODY:,} ký tự; hãy viết gọn lại.".replace(",", "."),
            field="body",
        )
    days = answer_days(to.path)
    inquiry = Inquiry.objects.create(
        member=member,
        kind=kind,
        subject=clean(subject)[:200],
        body=text,
        addressed_to=to,
        unit=to,
        due_at=timezone.now() + dt.timedelta(days=days),
        public_consent=public_consent,
    )
    _event(inquiry, InquiryEventKind.SENT, member.user if hasattr(member, "user") else None)
    notify(
        members=committee_members(to),
        kind=NotificationKind.ANSWER,
        title=f"{inquiry.get_kind_display()} mới: {inquiry.subject}",
        body=f"Của đồng chí {member.full_name}; hạn trả lời {days} ngày.",
        url=_url(inquiry, console=True),
    )
    _schedule_escalation(inquiry)
    return inquiry


def _require(user: Any, inquiry: Inquiry) -> None:
    if not (manages(user, inquiry.unit) or manages(user, inquiry.addressed_to)):
        raise DomainError("Bạn không có quyền xử lý câu hỏi này.")


@transaction.atomic
def inquiry_assign(*, user: Any, inquiry: Inquiry, assignee: Any) -> Inquiry:
    _require(user, inquiry)
    if inquiry.status != InquiryStatus.OPEN:
        raise DomainError("Câu hỏi đã được trả lời.")
    if assignee is None or not manages(assignee, inquiry.unit):
        raise DomainError(
            "Người được giao phải là cấp ủy viên hoặc cán bộ của đơn vị đang xử lý.",
            field="assignee",
        )
    inquiry.assignee = assignee
    inquiry.save(update_fields=["assignee", "updated_at"])
    name = assignee.member.full_name if getattr(assignee, "member", None) else str(assignee)
    _event(inquiry, InquiryEventKind.ASSIGNED, user, name)
    if assignee.member_id:
        notify(
            members=[assignee.member_id],
            kind=NotificationKind.ANSWER,
            title=f"Được giao trả lời: {inquiry.subject}",
            body=f"Hạn: {timezone.localtime(inquiry.due_at):%d/%m/%Y}.",
            url=_url(inquiry, console=True),
        )
    return inquiry


@transaction.atomic
def inquiry_answer(*, user: Any, inquiry: Inquiry, answer: str) -> Inquiry:
    inquiry = (
        Inquiry.objects.select_for_update()
        .select_related("unit", "addressed_to")
        .get(pk=inquiry.pk)
    )
    _require(user, inquiry)
    if inquiry.status != InquiryStatus.OPEN:
        raise DomainError("Câu hỏi đã được trả lời.")
    text = (answer or "").strip()
    if not text:
        raise DomainError("Hãy ghi nội dung trả lời.", field="answer")
    if len(text) > MAX_BODY:
        raise DomainError("Trả lời dài quá 5.000 ký tự.", field="answer")
    inquiry.status, inquiry.answer = InquiryStatus.ANSWERED, text
    inquiry.answered_at, inquiry.answered_by = timezone.now(), user
    inquiry.save(update_fields=["status", "answer", "answered_at", "answered_by", "updated_at"])
    late = inquiry.answered_at > inquiry.due_at or inquiry.escalations
    _event(inquiry, InquiryEventKind.ANSWERED, user, "trả lời muộn" if late else "")
    notify(
        members=[inquiry.member_id],
        kind=NotificationKind.ANSWER,
        title=f"Đã có trả lời: {inquiry.subject}",
        body=text[:200],
        url=_url(inquiry),
    )
    return inquiry


@transaction.atomic
def inquiry_publish(*, user: Any, inquiry: Inquiry, question: str = "") -> Inquiry:
    """Make an answered question a FAQ entry for the members under the unit it was sent to —
    only with the member's consent, and worded without personal details."""
    inquiry = (
        Inquiry.objects.select_for_update()
        .select_related("unit", "addressed_to")
        .get(pk=inquiry.pk)
    )
    _require(user, inquiry)
    if inquiry.status != InquiryStatus.ANSWERED:
        raise DomainError("Chỉ đưa câu đã trả lời vào hỏi đáp thường gặp.")
    if not inquiry.public_consent:
        raise DomainError("Đảng viên không đồng ý công khai câu hỏi này.")
    inquiry.faq_question = clean(question) or inquiry.body
    inquiry.faq_published_at = timezone.now()
    inquiry.save(update_fields=["faq_question", "faq_published_at", "updated_at"])
    _event(inquiry, InquiryEventKind.PUBLISHED, user)
    return inquiry


@transaction.atomic
def escalate(inquiry_id: int, now: dt.datetime | None = None) -> bool:
    """Move an unanswered, overdue inquiry to the committee above, with a new deadline; tell the
    member and both committees. False if nothing was due (answered, not yet due, or at the top).
    """
    now = now or timezone.now()
    inquiry = (
        Inquiry.objects.select_for_update().select_related("unit").filter(pk=inquiry_id).first()
    )
    if inquiry is None or inquiry.status != InquiryStatus.OPEN or inquiry.due_at > now:
        return False
    parent = Organization.objects.get_parent(inquiry.unit)
    if parent is None:
        return False
    stuck = inquiry.unit
    inquiry.unit, inquiry.assignee = parent, None
    inquiry.escalations += 1
    inquiry.due_at = now + dt.timedelta(days=answer_days(parent.path))
    inquiry.save(
        update_fields=["unit", "unit_path", "assignee", "escalations", "due_at", "updated_at"]
    )
    _event(inquiry, InquiryEventKind.ESCALATED, None, f"{stuck.name} → {parent.name}")
    notify(
        members=committee_members(parent),
        kind=NotificationKind.ANSWER,
        title=f"Quá hạn, chuyển lên: {inquiry.subject}",
        body=f"{stuck.name} chưa trả lời đúng hạn.",
        url=_url(inquiry, console=True),
        urgent=True,
    )
    notify(
        members=[inquiry.member_id],
        kind=NotificationKind.ANSWER,
        title=f"Câu hỏi đã được chuyển lên {parent.name}",
        body=f"{stuck.name} chưa trả lời đúng hạn; {parent.name} sẽ trả lời.",
        url=_url(inquiry),
    )
    _schedule_escalation(inquiry)
    return True


def escalate_overdue(now: dt.datetime | None = None) -> int:
    """Every overdue inquiry (a sweep, in case a scheduled task was lost)."""
    now = now or timezone.now()
    ids = list(
        Inquiry.objects.filter(status=InquiryStatus.OPEN, due_at__lte=now).values_list(
            "pk", flat=True
        )
    )
    return sum(1 for pk in ids if escalate(pk, now))


@transaction.atomic
def policy_set(*, user: Any, province: Organization, answer_days: int) -> ParticipationPolicy:
    if province.depth != 1 or not manages(user, province):
        raise DomainError("Chỉ cấp tỉnh quy định thời hạn trả lời.")
    if not 1 <= answer_days <= 60:
        raise DomainError("Thời hạn trả lời từ 1 đến 60 ngày.", field="answer_days")
    policy, _ = ParticipationPolicy.objects.update_or_create(
        province=province, defaults={"answer_days": answer_days}
    )
    return policy
