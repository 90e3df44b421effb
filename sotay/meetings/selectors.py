"""Reads of the meetings app: a member's meetings, the draft with its comments, oversight."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Substr
from django.utils import timezone

from sotay.core.access import subtree_q
from sotay.orgs.models import Organization

from .choices import MeetingKind, MeetingStatus
from .models import Comment, Meeting

HELD = (MeetingStatus.CLOSED, MeetingStatus.PUBLISHED)
ADVANCE = dt.timedelta(days=3)  # materials count as "in advance" this long before the meeting


@dataclass
class ParagraphView:
    key: str
    position: int
    text: str
    comments: list[Comment] = field(default_factory=list)


def draft_with_comments(
    meeting: Meeting, member_id: int | None = None
) -> tuple[list[ParagraphView], list[Comment], list[Comment]]:
    """Paragraphs of the current draft with their comments (all, or only one member's), the
    comments on the whole draft, and comments whose paragraph was dropped from the draft."""
    from .services import current_paragraphs

    paragraphs = [ParagraphView(p.key, p.position + 1, p.text) for p in current_paragraphs(meeting)]
    by_key = {p.key: p for p in paragraphs}
    comments = meeting.comments.select_related("member").order_by("created_at")
    if member_id is not None:
        comments = comments.filter(member_id=member_id)
    general: list[Comment] = []
    orphaned: list[Comment] = []
    for c in comments:
        if not c.paragraph_key:
            general.append(c)
        elif c.paragraph_key in by_key:
            by_key[c.paragraph_key].comments.append(c)
        else:
            orphaned.append(c)
    return paragraphs, general, orphaned


def month_start(value: str | None = None) -> dt.date:
    if value:
        try:
            return dt.date.fromisoformat(f"{value}-01")
        except ValueError:
            pass
    return timezone.localdate().replace(day=1)


@dataclass
class OversightRow:
    label: str
    path: str
    public_id: Any
    is_cell: bool
    cells: int = 0
    scheduled: int = 0
    held: int = 0
    in_advance: int = 0
    expected: int = 0
    present: int = 0
    late: int = 0
    starts_at: dt.datetime | None = None
    status: str = ""
    meeting_id: Any = None

    @property
    def attendance(self) -> int:
        return round(100 * self.present / self.expected) if self.expected else 0

    @property
    def held_share(self) -> int:
        return round(100 * self.held / self.cells) if self.cells else 0


def oversight(unit: Organization, month: dt.date) -> list[OversightRow]:
    """For each unit directly below ``unit``: its cells, how many held this month's regular
    meeting, attendance, draft posted in advance, and cells late (date passed, not held, or
    no meeting at all once the month is over). For a grassroots unit the rows are its cells."""
    width = len(unit.path) + 4
    now = timezone.now()
    month_over = (month.replace(day=28) + dt.timedelta(days=4)).replace(
        day=1
    ) <= timezone.localdate()
    children = list(
        Organization.objects.filter(
            path__startswith=unit.path, depth=unit.depth + 1, status="active"
        )
        .only("path", "name", "kind", "public_id")
        .order_by("path")
    )
    rows = {o.path: OversightRow(o.name, o.path, o.public_id, o.kind == "cell") for o in children}
    cells = (
        Organization.objects.filter(subtree_q(unit.path), kind="cell", status="active")
        .exclude(path=unit.path)
        .order_by()  # default orderings would split the groups
        .annotate(unit=Substr("path", 1, width))
        .values("unit")
        .annotate(n=Count("id"))
    )
    for r in cells:
        if r["unit"] in rows:
            rows[r["unit"]].cells = r["n"]
    meetings = Meeting.objects.filter(
        subtree_q(unit.path, "cell_path"), month=month, kind=MeetingKind.REGULAR
    ).exclude(status=MeetingStatus.CANCELLED)
    grouped = (
        meetings.order_by()
        .annotate(unit=Substr("cell_path", 1, width))
        .values("unit")
        .annotate(
            scheduled=Count("id"),
            held=Count("id", filter=Q(status__in=HELD)),
            in_advance=Count("id", filter=Q(draft_posted_at__lte=F("starts_at") - ADVANCE)),
            expected=Sum("expected_count", filter=Q(status__in=HELD)),
            present=Sum("present_count", filter=Q(status__in=HELD)),
            overdue=Count("id", filter=Q(starts_at__lt=now) & ~Q(status__in=HELD)),
        )
    )
    for g in grouped:
        row = rows.get(g["unit"])
        if row is None:
            continue
        row.scheduled, row.held, row.in_advance = g["scheduled"], g["held"], g["in_advance"]
        row.expected, row.present = g["expected"] or 0, g["present"] or 0
        row.late = g["overdue"] + (row.cells - row.scheduled if month_over else 0)
    if any(r.is_cell for r in rows.values()):
        for m in meetings.filter(cell_path__in=[p for p, r in rows.items() if r.is_cell]):
            row = rows[m.cell_path]
            row.starts_at, row.status, row.meeting_id = (
                m.starts_at,
                m.get_status_display(),
                m.public_id,
            )
        for row in rows.values():
            if row.is_cell:
                row.cells = 1
                row.late = (
                    1
                    if (row.starts_at is None and month_over)
                    or (row.starts_at is not None and row.starts_at < now and row.held == 0)
                    else 0
                )
    return list(rows.values())


def attendee(meeting: Meeting, public_id: str) -> Any:
    """A member expected at the meeting, by public id (None if not one of them)."""
    import uuid

    from .services import attendees

    try:
        key = uuid.UUID(str(public_id))
    except ValueError:
        return None
    return attendees(meeting).filter(public_id=key).first()


def roll_call(meeting: Meeting) -> list[tuple[Any, Any]]:
    """Every expected member with their attendance row (or None), by name."""
    from .services import attendees

    rows = {a.member_id: a for a in meeting.attendance.all()}
    members = (
        attendees(meeting).only("id", "public_id", "full_name", "status").order_by("full_name")
    )
    return [(m, rows.get(m.pk)) for m in members]


def material_candidates(meeting: Meeting) -> Any:
    """Published documents and news the cell's members can read, newest first."""
    from sotay.content.models import Item
    from sotay.core.access import ancestor_paths

    return (
        Item.objects.filter(status="published", audience_path__in=ancestor_paths(meeting.cell_path))
        .only("id", "public_id", "title", "number", "published_at", "kind")
        .order_by("-published_at")[:40]
    )


def cells_managed(user: Any) -> Any:
    from sotay.core.access import Capability, scope_q

    return Organization.objects.filter(
        scope_q(user, Capability.MEETINGS_MANAGE), kind="cell", status="active"
    ).order_by("path")


def schedule_of(cell: Organization) -> Any:
    from .models import MeetingSchedule

    return MeetingSchedule.objects.filter(cell=cell).first()


def committee_meetings(unit: Organization, limit: int = 12) -> list[Meeting]:
    """The unit's own committee meetings, newest first."""
    return list(
        Meeting.objects.filter(cell=unit, kind=MeetingKind.COMMITTEE).order_by("-starts_at")[:limit]
    )
