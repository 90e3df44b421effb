"""Demo meetings: last month's regular meeting held in every cell (attendance 70–100%, with
each member's roll-call row), this month's scheduled or held; the first cell's regular meeting
of this month is left for its secretary to set (the walkthrough in the README), and it has a
thematic meeting in the coming days so that its members see one ahead."""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from sotay.orgs.models import Organization

from .choices import (
    AGENDA_TEMPLATE,
    AbsenceReason,
    AttendanceStatus,
    CheckinMethod,
    MeetingKind,
    MeetingStatus,
)
from .models import Attendance, Meeting, MeetingSchedule

PLACES = ["Nhà văn hóa thôn", "Hội trường Đảng ủy", "Phòng họp cơ quan", "Nhà văn hóa tổ dân phố"]


def _at(day: dt.date, hour: int = 19, minute: int = 30) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


@transaction.atomic
def generate_meetings(seed: int = 3) -> int:
    from sotay.members.models import Member

    rng = random.Random(seed)
    today = timezone.localdate()
    this_month = today.replace(day=1)
    last_month = (this_month - dt.timedelta(days=1)).replace(day=1)
    cells = list(Organization.objects.filter(kind="cell", status="active").order_by("path"))
    if not cells:
        return 0
    members_of: dict[int, list[int]] = {}
    for member_id, cell_id in (
        Member.objects.current().order_by("id").values_list("id", "cell_id").iterator()
    ):
        members_of.setdefault(cell_id, []).append(member_id)
    now = timezone.now()
    rows: list[Meeting] = []
    schedules = []
    for i, cell in enumerate(cells):
        day = rng.choice([3, 5, 10, 15])
        place = rng.choice(PLACES)
        schedules.append(MeetingSchedule(cell=cell, day_of_month=day, place=place))
        size = len(members_of.get(cell.pk, ()))
        past = _at(last_month.replace(day=day))
        rows.append(
            Meeting(
                cell=cell,
                cell_path=cell.path,
                kind=MeetingKind.REGULAR,
                month=last_month,
                title=f"Sinh hoạt chi bộ thường kỳ tháng {last_month:%m/%Y}",
                starts_at=past,
                place=place,
                agenda=AGENDA_TEMPLATE,
                status=MeetingStatus.PUBLISHED,
                draft_posted_at=past - dt.timedelta(days=rng.choice([1, 4, 7])),
                opened_at=past,
                closed_at=past + dt.timedelta(hours=2),
                published_at=past + dt.timedelta(days=1),
                expected_count=size,
            )
        )
        if i == 0:
            # Its regular meeting of this month is left for the secretary to set; a thematic
            # one is ahead (at least one a quarter).
            ahead = _at(today + dt.timedelta(days=3))
            rows.append(
                Meeting(
                    cell=cell,
                    cell_path=cell.path,
                    kind=MeetingKind.THEMATIC,
                    month=ahead.date().replace(day=1),
                    title="Sinh hoạt chuyên đề: Học tập và làm theo tư tưởng, đạo đức, "
                    "phong cách Hồ Chí Minh",
                    topic="Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
                    starts_at=ahead,
                    place=place,
                    status=MeetingStatus.SCHEDULED,
                )
            )
            continue
        current = _at(this_month.replace(day=day))
        held = current < now and rng.random() < 0.85
        rows.append(
            Meeting(
                cell=cell,
                cell_path=cell.path,
                kind=MeetingKind.REGULAR,
                month=this_month,
                title=f"Sinh hoạt chi bộ thường kỳ tháng {this_month:%m/%Y}",
                starts_at=current,
                place=place,
                agenda=AGENDA_TEMPLATE,
                status=MeetingStatus.PUBLISHED if held else MeetingStatus.SCHEDULED,
                draft_posted_at=current - dt.timedelta(days=rng.choice([1, 4, 7]))
                if rng.random() < 0.8
                else None,
                opened_at=current if held else None,
                closed_at=current + dt.timedelta(hours=2) if held else None,
                expected_count=size if held else 0,
            )
        )
    MeetingSchedule.objects.bulk_create(schedules, batch_size=2000, ignore_conflicts=True)
    Meeting.objects.bulk_create(rows, batch_size=2000)
    _roll_calls(rng, members_of)
    return len(rows) + _committee_meetings(last_month, today)


def _committee_meetings(last_month: dt.date, today: dt.date) -> int:
    """Cells with a chi ủy (two or more committee positions) met last month, all present,
    and meet again next week."""
    from django.db.models import Count

    from sotay.orgs.models import Position

    made = 0
    seats = (
        Position.objects.active_on(today)
        .filter(org__kind="cell")
        .values("org_id")
        .annotate(n=Count("id"))
        .filter(n__gte=2)
    )
    for row in seats:
        cell = Organization.objects.get(pk=row["org_id"])
        members = list(
            Position.objects.active_on(today).filter(org=cell).values_list("member_id", flat=True)
        )
        title = f"Họp chi ủy {cell.name} tháng"
        held = Meeting.objects.create(
            cell=cell, kind=MeetingKind.COMMITTEE, starts_at=_at(last_month.replace(day=1), 8),
            title=f"{title} {last_month:%m/%Y}", place="Phòng họp chi bộ",
            status=MeetingStatus.CLOSED, opened_at=_at(last_month.replace(day=1), 8),
            closed_at=_at(last_month.replace(day=1), 10), expected_count=len(members),
            present_count=len(members),
        )  # fmt: skip
        Attendance.objects.bulk_create(
            Attendance(meeting=held, member_id=m, status=AttendanceStatus.PRESENT,
                       method=CheckinMethod.MANUAL)
            for m in members
        )  # fmt: skip
        # Taken when the meeting opened (auto_now_add wrote the time of the demo).
        Attendance.objects.filter(meeting=held).update(checked_at=held.opened_at)
        upcoming = today + dt.timedelta(days=7)
        Meeting.objects.create(
            cell=cell, kind=MeetingKind.COMMITTEE, starts_at=_at(upcoming, 8),
            title=f"{title} {upcoming:%m/%Y}", place="Phòng họp chi bộ",
        )  # fmt: skip
        made += 2
    return made


def _roll_calls(rng: random.Random, members_of: dict[int, list[int]]) -> None:
    """Every held meeting gets each member's roll-call row (70–100% present, about half of
    the others excused with a reason), and its counts are those of the rows."""
    held = Meeting.objects.filter(opened_at__isnull=False).values_list("pk", "cell_id")
    reasons = [AbsenceReason.ILL, AbsenceReason.WORK, AbsenceReason.FAMILY, AbsenceReason.EXEMPT]
    rows: list[Attendance] = []
    counts: dict[int, tuple[int, int]] = {}
    for meeting_id, cell_id in held.iterator():
        ids = list(members_of.get(cell_id, ()))
        rng.shuffle(ids)
        present = round(len(ids) * rng.uniform(0.7, 1.0))
        excused = (len(ids) - present + 1) // 2
        counts[meeting_id] = (present, excused)
        for n, member_id in enumerate(ids):
            if n < present:
                rows.append(
                    Attendance(
                        meeting_id=meeting_id,
                        member_id=member_id,
                        status=AttendanceStatus.PRESENT,
                        method=rng.choice([CheckinMethod.CARD, CheckinMethod.MANUAL]),
                    )
                )
            else:
                rows.append(
                    Attendance(
                        meeting_id=meeting_id,
                        member_id=member_id,
                        status=AttendanceStatus.EXCUSED
                        if n < present + excused
                        else AttendanceStatus.ABSENT,
                        reason=rng.choice(reasons) if n < present + excused else "",
                    )
                )
    Attendance.objects.bulk_create(rows, batch_size=5000)
    # The rows were written now; they were taken when each meeting opened.
    Attendance.objects.update(
        checked_at=Subquery(Meeting.objects.filter(pk=OuterRef("meeting_id")).values("opened_at"))
    )
    by_counts: dict[tuple[int, int], list[int]] = {}
    for meeting_id, pair in counts.items():
        by_counts.setdefault(pair, []).append(meeting_id)
    for (present, excused), ids in by_counts.items():
        Meeting.objects.filter(pk__in=ids).update(present_count=present, excused_count=excused)
