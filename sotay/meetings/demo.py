"""Demo meetings: last month's regular meeting held in every cell (attendance 70–100%), this
month's scheduled or held, and the first cell's full history (draft, comments, minutes)."""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from sotay.orgs.models import Organization

from .choices import AGENDA_TEMPLATE, MeetingKind, MeetingStatus
from .models import Meeting, MeetingSchedule

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
    sizes = dict(
        Member.objects.current()
        .order_by()
        .values("cell_id")
        .annotate(n=Count("id"))
        .values_list("cell_id", "n")
    )
    now = timezone.now()
    rows: list[Meeting] = []
    schedules = []
    for i, cell in enumerate(cells):
        day = rng.choice([3, 5, 10, 15])
        place = rng.choice(PLACES)
        schedules.append(MeetingSchedule(cell=cell, day_of_month=day, place=place))
        size = sizes.get(cell.pk, 0)
        present = round(size * rng.uniform(0.7, 1.0))
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
                present_count=present,
                excused_count=max(0, (size - present) // 2),
            )
        )
        if i == 0:
            continue  # the first cell's meeting this month is left for its secretary to set
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
                present_count=round(size * rng.uniform(0.7, 1.0)) if held else 0,
            )
        )
    MeetingSchedule.objects.bulk_create(schedules, batch_size=2000, ignore_conflicts=True)
    Meeting.objects.bulk_create(rows, batch_size=2000)
    return len(rows)
