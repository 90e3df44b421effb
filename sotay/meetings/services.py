"""Every write of the meetings app: scheduling, preparation, comments, attendance, minutes."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from sotay.core.access import ancestor_paths, subtree_q
from sotay.core.drafts import carry_keys, paragraphs, record_decision
from sotay.core.errors import DomainError
from sotay.core.text import clean
from sotay.members.models import Member
from sotay.notices.choices import NotificationKind
from sotay.notices.services import notify, reminder_cancel, reminder_schedule
from sotay.orgs.models import Organization

from .access import require_manage_cell
from .choices import (
    AGENDA_TEMPLATE,
    AbsenceReason,
    AttendanceStatus,
    CheckinMethod,
    MeetingKind,
    MeetingStatus,
    Rating,
)
from .models import (
    Attendance,
    Comment,
    DraftParagraph,
    DraftVersion,
    Meeting,
    MeetingSchedule,
    Minutes,
)


def cell_members(cell: Organization) -> QuerySet[Member]:
    """Who is expected at the cell's meetings: its current members and those temporarily
    active in it."""
    from django.db.models import Q

    return Member.objects.current().filter(Q(cell=cell) | Q(temporary_cell=cell))


def committee_members(unit: Organization) -> QuerySet[Member]:
    """The members of the unit's committee today: its secretary, deputies and committee
    members (elected positions; staff roles are not members of the committee)."""
    from sotay.orgs.models import Position

    holders = Position.objects.active_on(timezone.localdate()).filter(org=unit)
    return Member.objects.current().filter(pk__in=holders.values("member_id"))


def attendees(meeting: Meeting) -> QuerySet[Member]:
    """Who is expected: the committee for a committee meeting, the cell's members otherwise."""
    if meeting.kind == MeetingKind.COMMITTEE:
        return committee_members(meeting.cell)
    return cell_members(meeting.cell)


def _url(meeting: Meeting) -> str:
    return reverse("meetings:detail", args=[meeting.public_id])


def _remind(meeting: Meeting) -> None:
    """Invite (now) and remind the day before and an hour before, through the notices app."""
    members = list(attendees(meeting).filter(has_account=True).values_list("id", flat=True))
    when = timezone.localtime(meeting.starts_at)
    title = f"{meeting.title} — {when:%H:%M %d/%m/%Y}"
    body = meeting.place or meeting.online_link
    now = timezone.now()
    for key, delta in (("day", dt.timedelta(days=1)), ("hour", dt.timedelta(hours=1))):
        run_at = meeting.starts_at - delta
        name = f"meeting:{meeting.pk}:{key}"
        if run_at > now and meeting.status == MeetingStatus.SCHEDULED:
            reminder_schedule(
                key=name,
                run_at=run_at,
                member_ids=members,
                kind=NotificationKind.MEETING,
                title=f"Nhắc lịch: {title}",
                body=body,
                url=_url(meeting),
            )
        else:
            reminder_cancel(key=name)


def _check_time(starts_at: dt.datetime | None) -> dt.datetime:
    if starts_at is None:
        raise DomainError("Hãy chọn ngày giờ sinh hoạt.", field="starts_at")
    if starts_at < timezone.now() - dt.timedelta(days=31):
        raise DomainError(
            "Không lên lịch được cho thời điểm đã qua quá một tháng.", field="starts_at"
        )
    return starts_at


@transaction.atomic
def schedule_set(
    *,
    user: Any,
    cell: Organization,
    day_of_month: int,
    time: dt.time,
    place: str = "",
    online_link: str = "",
) -> MeetingSchedule:
    require_manage_cell(user, cell)
    if cell.kind != "cell":
        raise DomainError("Lịch sinh hoạt thường kỳ đặt cho chi bộ.")
    if not 1 <= day_of_month <= 28:
        raise DomainError("Ngày sinh hoạt hằng tháng phải từ 1 đến 28.", field="day_of_month")
    schedule, _ = MeetingSchedule.objects.update_or_create(
        cell=cell,
        defaults={
            "day_of_month": day_of_month,
            "time": time,
            "place": clean(place)[:200],
            "online_link": online_link,
        },
    )
    return schedule


def _regular_title(month: dt.date) -> str:
    return f"Sinh hoạt chi bộ thường kỳ tháng {month:%m/%Y}"


def _default_title(kind: str, unit: Organization, month: dt.date, topic: str) -> str:
    if kind == MeetingKind.REGULAR:
        return _regular_title(month)
    if kind == MeetingKind.COMMITTEE:
        committee = "chi ủy" if unit.kind == "cell" else "cấp ủy"
        return f"Họp {committee} {unit.name} tháng {month:%m/%Y}"
    return f"Sinh hoạt chuyên đề: {topic}"


@transaction.atomic
def meeting_create(
    *,
    user: Any,
    cell: Organization,
    kind: str,
    starts_at: dt.datetime | None,
    title: str = "",
    topic: str = "",
    place: str = "",
    online_link: str = "",
    set_by: Organization | None = None,
) -> Meeting:
    require_manage_cell(user, cell)
    if kind not in MeetingKind.values:
        raise DomainError("Loại buổi sinh hoạt không hợp lệ.")
    if kind == MeetingKind.COMMITTEE:
        if committee_members(cell).count() < 2:
            raise DomainError(
                f"{cell.name} chưa có cấp ủy (từ 2 cấp ủy viên trở lên) để họp cấp ủy; "
                "hãy ghi chức vụ ở mục Cấp ủy, chức vụ."
            )
    elif cell.kind != "cell":
        raise DomainError("Chỉ chi bộ tổ chức sinh hoạt chi bộ; cấp ủy thì chọn “Họp cấp ủy”.")
    starts_at = _check_time(starts_at)
    if kind == MeetingKind.THEMATIC and not clean(topic):
        raise DomainError("Sinh hoạt chuyên đề cần có chuyên đề.", field="topic")
    month = timezone.localtime(starts_at).date().replace(day=1)
    schedule = MeetingSchedule.objects.filter(cell=cell).first()
    meeting = Meeting(
        cell=cell,
        kind=kind,
        starts_at=starts_at,
        title=clean(title) or _default_title(kind, cell, month, clean(topic)),
        topic=clean(topic)[:300],
        place=clean(place) or (schedule.place if schedule else ""),
        online_link=online_link or (schedule.online_link if schedule else ""),
        agenda=AGENDA_TEMPLATE if kind == MeetingKind.REGULAR else "",
        set_by=set_by,
        created_by=user,
    )
    try:
        with transaction.atomic():
            meeting.save()
    except IntegrityError as exc:
        raise DomainError(
            f"Chi bộ đã có buổi sinh hoạt thường kỳ tháng {month:%m/%Y}; hãy sửa buổi đó.",
            field="starts_at",
        ) from exc
    _remind(meeting)
    if set_by is None and starts_at < timezone.now() + dt.timedelta(days=31):
        when = timezone.localtime(starts_at)
        notify(
            members=attendees(meeting).filter(has_account=True),
            kind=NotificationKind.MEETING,
            title=f"Mời dự {meeting.title}",
            body=f"{when:%H:%M ngày %d/%m/%Y}, {meeting.place or meeting.online_link}",
            url=_url(meeting),
        )
    return meeting


def _next_dates(schedule: MeetingSchedule, months: int) -> list[dt.datetime]:
    today = timezone.localdate()
    out = []
    year, month = today.year, today.month
    for _ in range(months + 1):
        day = dt.date(year, month, schedule.day_of_month)
        when = timezone.make_aware(dt.datetime.combine(day, schedule.time))
        if when > timezone.now():
            out.append(when)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out[:months]


@transaction.atomic
def meetings_plan(*, user: Any, cell: Organization, months: int = 3) -> int:
    """Create the regular meetings of the coming months from the cell's schedule."""
    require_manage_cell(user, cell)
    schedule = MeetingSchedule.objects.filter(cell=cell).first()
    if schedule is None:
        raise DomainError("Hãy đặt lịch sinh hoạt hằng tháng của chi bộ trước.")
    made = 0
    for when in _next_dates(schedule, months):
        month = when.date().replace(day=1)
        if (
            Meeting.objects.filter(cell=cell, kind=MeetingKind.REGULAR, month=month)
            .exclude(status=MeetingStatus.CANCELLED)
            .exists()
        ):
            continue
        meeting_create(user=user, cell=cell, kind=MeetingKind.REGULAR, starts_at=when)
        made += 1
    return made


@transaction.atomic
def meeting_update(
    *,
    user: Any,
    meeting: Meeting,
    starts_at: dt.datetime | None,
    title: str,
    topic: str = "",
    place: str = "",
    online_link: str = "",
    agenda: str = "",
) -> Meeting:
    require_manage_cell(user, meeting.cell)
    if meeting.status != MeetingStatus.SCHEDULED:
        raise DomainError("Buổi sinh hoạt đã bắt đầu, không sửa lịch được.")
    starts_at = _check_time(starts_at)
    if clean(title) == "":
        raise DomainError("Hãy nhập tên buổi sinh hoạt.", field="title")
    moved = starts_at != meeting.starts_at
    meeting.starts_at, meeting.title, meeting.topic = (
        starts_at,
        clean(title)[:300],
        clean(topic)[:300],
    )
    meeting.place, meeting.online_link, meeting.agenda = (
        clean(place)[:200],
        online_link,
        agenda.strip(),
    )
    try:
        with transaction.atomic():
            meeting.save()
    except IntegrityError as exc:
        raise DomainError(
            "Tháng đó chi bộ đã có buổi sinh hoạt thường kỳ khác.", field="starts_at"
        ) from exc
    if moved:
        _remind(meeting)
    return meeting


@transaction.atomic
def meetings_set_common_date(*, user: Any, unit: Organization, day: dt.date, time: dt.time) -> int:
    """A superior committee sets the date of this month's regular meeting for all its cells
    (creating it where there is none; meetings already held are left alone)."""
    from .access import require_manage_cell as require

    require(user, unit)
    when = timezone.make_aware(dt.datetime.combine(day, time))
    if when < timezone.now():
        raise DomainError("Ngày sinh hoạt chung phải sau thời điểm hiện tại.", field="day")
    month = day.replace(day=1)
    cells = Organization.objects.filter(subtree_q(unit.path), kind="cell", status="active")
    existing = {
        m.cell_id: m
        for m in Meeting.objects.filter(
            subtree_q(unit.path, "cell_path"), kind=MeetingKind.REGULAR, month=month
        ).exclude(status=MeetingStatus.CANCELLED)
    }
    changed = 0
    for cell in cells:
        meeting = existing.get(cell.pk)
        if meeting is None:
            meeting = meeting_create(
                user=user, cell=cell, kind=MeetingKind.REGULAR, starts_at=when, set_by=unit
            )
        elif meeting.status == MeetingStatus.SCHEDULED:
            meeting.starts_at, meeting.set_by = when, unit
            meeting.save(update_fields=["starts_at", "set_by", "month", "cell_path", "updated_at"])
            _remind(meeting)
        else:
            continue
        changed += 1
    return changed


@transaction.atomic
def meeting_set_materials(*, user: Any, meeting: Meeting, items: list[Any]) -> Meeting:
    """Attach published documents and news that the cell's members can read."""
    require_manage_cell(user, meeting.cell)
    allowed = set(ancestor_paths(meeting.cell_path))
    for item in items:
        if item.status != "published" or item.audience_path not in allowed:
            raise DomainError(f"“{item.title}” không gửi tới đảng viên của chi bộ này.")
    meeting.materials.set(items)
    return meeting


@transaction.atomic
def draft_post(*, user: Any, meeting: Meeting, text: str, note: str = "") -> DraftVersion:
    """Post the draft resolution (or a revision of it) for members to comment on."""
    require_manage_cell(user, meeting.cell)
    if meeting.status not in (MeetingStatus.SCHEDULED, MeetingStatus.OPEN):
        raise DomainError("Buổi sinh hoạt đã kết thúc; không sửa dự thảo được nữa.")
    texts = paragraphs(text)
    if not texts:
        raise DomainError("Dự thảo nghị quyết đang trống.", field="text")
    previous = meeting.drafts.first()
    old = list(previous.paragraphs.all()) if previous else []
    if previous and [p.text for p in old] == texts:
        raise DomainError("Dự thảo chưa thay đổi so với lần trước.", field="text")
    version = DraftVersion.objects.create(
        meeting=meeting,
        number=(previous.number + 1) if previous else 1,
        note=clean(note)[:300],
        author=user,
    )
    DraftParagraph.objects.bulk_create(
        [
            DraftParagraph(version=version, position=i, key=k, text=t)
            for i, (k, t) in enumerate(
                zip(
                    carry_keys([p.key for p in old], [p.text for p in old], texts),
                    texts,
                    strict=True,
                )
            )
        ]
    )
    first = meeting.draft_posted_at is None
    if first:
        meeting.draft_posted_at = timezone.now()
        meeting.save(update_fields=["draft_posted_at", "updated_at"])
    notify(
        members=attendees(meeting).filter(has_account=True),
        kind=NotificationKind.MEETING,
        title=("Dự thảo nghị quyết: " if first else f"Dự thảo sửa lần {version.number}: ")
        + meeting.title,
        body="Mời đồng chí đọc tài liệu và góp ý dự thảo trước buổi sinh hoạt.",
        url=_url(meeting),
    )
    return version


def current_paragraphs(meeting: Meeting) -> list[DraftParagraph]:
    version = meeting.drafts.first()
    return list(version.paragraphs.all()) if version else []


@transaction.atomic
def comment_add(*, member: Member, meeting: Meeting, text: str, paragraph_key: str = "") -> Comment:
    """A member's comment on a paragraph or on the whole draft, before or during the meeting."""
    if not meeting.accepts_comments:
        if meeting.draft_posted_at is None:
            raise DomainError("Chi bộ chưa gửi dự thảo nghị quyết.")
        raise DomainError("Buổi sinh hoạt đã kết thúc, không nhận thêm góp ý.")
    if not attendees(meeting).filter(pk=member.pk).exists():
        who = "cấp ủy viên" if meeting.kind == MeetingKind.COMMITTEE else "đảng viên của chi bộ"
        raise DomainError(f"Chỉ {who} mới góp ý dự thảo này.")
    body = (text or "").strip()
    if not body:
        raise DomainError("Hãy nhập nội dung góp ý.", field="text")
    if len(body) > 3000:
        raise DomainError("Góp ý dài quá 3.000 ký tự; hãy viết gọn lại.", field="text")
    paragraph_text = ""
    if paragraph_key:
        paragraph = next((p for p in current_paragraphs(meeting) if p.key == paragraph_key), None)
        if paragraph is None:
            raise DomainError("Đoạn dự thảo này không còn trong bản hiện hành.")
        paragraph_text = paragraph.text
    return Comment.objects.create(
        meeting=meeting,
        member=member,
        paragraph_key=paragraph_key,
        paragraph_text=paragraph_text,
        text=body,
        during_meeting=meeting.status == MeetingStatus.OPEN,
    )


@transaction.atomic
def comment_decide(*, user: Any, comment: Comment, decision: str, response: str = "") -> Comment:
    require_manage_cell(user, comment.meeting.cell)
    if record_decision(comment, user=user, decision=decision, response=response):
        from sotay.study.choices import PointRule
        from sotay.study.points import award

        award(
            member=comment.member,
            rule=PointRule.COMMENT_ADOPTED,
            source_key=f"comment:{comment.pk}",
            reason=f"Góp ý được tiếp thu: {comment.meeting.title}",
        )
    notify(
        members=[comment.member_id],
        kind=NotificationKind.MEETING,
        title=f"Góp ý của đồng chí: {comment.get_decision_display().lower()}",
        body=comment.response or comment.text[:200],
        url=_url(comment.meeting),
    )
    return comment


@transaction.atomic
def meeting_open(*, user: Any, meeting: Meeting) -> Meeting:
    require_manage_cell(user, meeting.cell)
    if meeting.status != MeetingStatus.SCHEDULED:
        raise DomainError("Buổi sinh hoạt đã bắt đầu hoặc đã kết thúc.")
    meeting.status, meeting.opened_at = MeetingStatus.OPEN, timezone.now()
    meeting.save(update_fields=["status", "opened_at", "updated_at"])
    reminder_cancel(key=f"meeting:{meeting.pk}:day")
    reminder_cancel(key=f"meeting:{meeting.pk}:hour")
    return meeting


def _check_expected(meeting: Meeting, member: Member) -> None:
    if not attendees(meeting).filter(pk=member.pk).exists():
        if meeting.kind == MeetingKind.COMMITTEE:
            raise DomainError(
                f"Đồng chí {member.full_name} không phải cấp ủy viên của {meeting.cell.name}."
            )
        raise DomainError(f"Đồng chí {member.full_name} không sinh hoạt ở chi bộ này.")


def _check_in(meeting: Meeting, member: Member, method: str, user: Any) -> Attendance:
    if meeting.status != MeetingStatus.OPEN:
        raise DomainError("Buổi sinh hoạt chưa bắt đầu hoặc đã kết thúc; chưa điểm danh được.")
    _check_expected(meeting, member)
    existing = Attendance.objects.filter(meeting=meeting, member=member).first()
    if existing is not None and existing.status == AttendanceStatus.PRESENT:
        raise DomainError(
            f"Đồng chí {member.full_name} đã điểm danh lúc "
            f"{timezone.localtime(existing.checked_at):%H:%M}."
        )
    if existing is not None:
        existing.delete()  # was marked absent, then arrived
    return Attendance.objects.create(
        meeting=meeting,
        member=member,
        status=AttendanceStatus.PRESENT,
        method=method,
        checked_by=user,
    )


@transaction.atomic
def checkin_card(*, user: Any, meeting: Meeting, code: str) -> Attendance:
    """Check a member in by their electronic card (scanned QR text)."""
    from sotay.identity.services import card_check

    require_manage_cell(user, meeting.cell)
    printed = "".join(code.split())
    if printed.isdigit():
        # The number printed on the paper card, typed by the secretary: the member must be
        # one of this cell's (their QR code is the proof when a phone is shown instead).
        member = attendees(meeting).filter(party_card_number=printed).first()
        if member is None:
            raise DomainError(
                f"Không có đảng viên nào của chi bộ mang số thẻ {printed}. "
                "Hãy kiểm tra lại số in trên thẻ."
            )
        return _check_in(meeting, member, CheckinMethod.MANUAL, user)
    return _check_in(meeting, card_check(code), CheckinMethod.CARD, user)


@transaction.atomic
def checkin_manual(*, user: Any, meeting: Meeting, member: Member) -> Attendance:
    """The secretary ticks a member (no smartphone, forgot the phone...)."""
    require_manage_cell(user, meeting.cell)
    return _check_in(meeting, member, CheckinMethod.MANUAL, user)


@transaction.atomic
def absence_record(
    *, user: Any, meeting: Meeting, member: Member, reason: str, note: str = ""
) -> Attendance:
    require_manage_cell(user, meeting.cell)
    if meeting.status not in (MeetingStatus.SCHEDULED, MeetingStatus.OPEN):
        raise DomainError("Buổi sinh hoạt đã kết thúc.")
    _check_expected(meeting, member)
    if reason not in AbsenceReason.values:
        raise DomainError("Hãy chọn lý do vắng mặt.", field="reason")
    attendance, _ = Attendance.objects.update_or_create(
        meeting=meeting,
        member=member,
        defaults={
            "status": AttendanceStatus.EXCUSED,
            "reason": reason,
            "note": clean(note)[:200],
            "method": "",
            "checked_by": user,
        },
    )
    return attendance


@transaction.atomic
def meeting_close(*, user: Any, meeting: Meeting) -> Meeting:
    """End the meeting: whoever was neither checked in nor excused is absent without reason."""
    require_manage_cell(user, meeting.cell)
    if meeting.status != MeetingStatus.OPEN:
        raise DomainError("Chỉ kết thúc được buổi sinh hoạt đang diễn ra.")
    expected = list(attendees(meeting).values_list("id", flat=True))
    marked = set(Attendance.objects.filter(meeting=meeting).values_list("member_id", flat=True))
    Attendance.objects.bulk_create(
        [
            Attendance(
                meeting=meeting, member_id=m, status=AttendanceStatus.ABSENT, checked_by=user
            )
            for m in expected
            if m not in marked
        ]
    )
    counts = Attendance.objects.filter(meeting=meeting)
    meeting.status, meeting.closed_at = MeetingStatus.CLOSED, timezone.now()
    meeting.expected_count = len(expected)
    meeting.present_count = counts.filter(status=AttendanceStatus.PRESENT).count()
    meeting.excused_count = counts.filter(status=AttendanceStatus.EXCUSED).count()
    meeting.save(
        update_fields=[
            "status",
            "closed_at",
            "expected_count",
            "present_count",
            "excused_count",
            "updated_at",
        ]
    )
    from sotay.study.choices import PointRule
    from sotay.study.points import award

    for attendance in counts.filter(status=AttendanceStatus.PRESENT).select_related("member"):
        award(
            member=attendance.member,
            rule=PointRule.MEETING_ATTENDED,
            source_key=f"meeting:{meeting.pk}:{attendance.member_id}",
            reason=f"Dự {meeting.title}",
        )
    return meeting


MINUTES_FIELDS = ("chair", "secretary", "content", "opinions", "conclusions", "resolution")


@transaction.atomic
def minutes_save(*, user: Any, meeting: Meeting, **fields: Any) -> Minutes:
    require_manage_cell(user, meeting.cell)
    if meeting.status not in (MeetingStatus.CLOSED,):
        raise DomainError("Ghi biên bản sau khi kết thúc buổi sinh hoạt và trước khi công bố.")
    data = {k: (fields.get(k) or "").strip() for k in MINUTES_FIELDS}
    for required, label in (
        ("chair", "chủ trì"),
        ("secretary", "thư ký"),
        ("content", "nội dung"),
        ("conclusions", "kết luận"),
        ("resolution", "nghị quyết"),
    ):
        if not data[required]:
            raise DomainError(f"Hãy ghi {label}.", field=required)
    votes = [int(fields.get(k) or 0) for k in ("votes_for", "votes_against", "votes_abstain")]
    if any(v < 0 for v in votes) or sum(votes) > meeting.present_count:
        raise DomainError(
            f"Tổng số biểu quyết ({sum(votes)}) vượt số đảng viên có mặt "
            f"({meeting.present_count}).",
            field="votes_for",
        )
    minutes, _ = Minutes.objects.update_or_create(
        meeting=meeting,
        defaults={
            **data,
            "votes_for": votes[0],
            "votes_against": votes[1],
            "votes_abstain": votes[2],
            "ended_at": fields.get("ended_at"),
            "recorded_by": user,
        },
    )
    return minutes


@transaction.atomic
def meeting_publish(*, user: Any, meeting: Meeting) -> Meeting:
    require_manage_cell(user, meeting.cell)
    if meeting.status != MeetingStatus.CLOSED:
        raise DomainError("Chỉ công bố sau khi buổi sinh hoạt kết thúc.")
    if not Minutes.objects.filter(meeting=meeting).exists():
        raise DomainError("Hãy ghi biên bản và nghị quyết trước khi công bố.")
    meeting.status, meeting.published_at = MeetingStatus.PUBLISHED, timezone.now()
    meeting.save(update_fields=["status", "published_at", "updated_at"])
    notify(
        members=attendees(meeting).filter(has_account=True),
        kind=NotificationKind.MEETING,
        title=f"Nghị quyết {meeting.title}",
        body="Chi bộ đã công bố biên bản và nghị quyết.",
        url=_url(meeting),
    )
    return meeting


@transaction.atomic
def meeting_rate(*, user: Any, meeting: Meeting, rating: str) -> Meeting:
    require_manage_cell(user, meeting.cell)
    if rating not in Rating.values:
        raise DomainError("Hãy chọn mức đánh giá.")
    if meeting.status not in (MeetingStatus.CLOSED, MeetingStatus.PUBLISHED):
        raise DomainError("Đánh giá sau khi buổi sinh hoạt kết thúc.")
    meeting.rating = rating
    meeting.save(update_fields=["rating", "updated_at"])
    return meeting
