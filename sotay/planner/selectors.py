"""Reads of the planner: calendar entries (own and unit events, the cell's meetings, task
deadlines) with lunar dates, task progress, notes search, and iCalendar output."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Avg, Count, Q
from django.utils import timezone

from sotay.core.lunar import LunarDate, to_lunar
from sotay.core.text import fold

from .access import assignments_of, events_of, notes_of
from .models import Assignment, Note, Task


@dataclass
class Entry:
    uid: str
    kind: str  # "personal", "unit", "meeting", "task"
    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime | None = None
    all_day: bool = False
    place: str = ""
    description: str = ""
    url: str = ""
    unit: str = ""

    @property
    def day(self) -> dt.date:
        return timezone.localtime(self.starts_at).date()


def entries(user: Any, start: dt.datetime, end: dt.datetime) -> list[Entry]:
    member = user.member
    out: list[Entry] = []
    for e in (
        events_of(member).filter(starts_at__gte=start, starts_at__lt=end).select_related("unit")
    ):
        out.append(
            Entry(
                f"event-{e.public_id}",
                "personal" if e.owner_id else "unit",
                e.title,
                e.starts_at,
                e.ends_at,
                e.all_day,
                e.place,
                e.description,
                f"/lich/su-kien/{e.public_id}/",
                e.unit.name if e.unit else "",
            )
        )

    from sotay.meetings.access import meetings_of_member

    for m in (
        meetings_of_member(user)
        .filter(starts_at__gte=start, starts_at__lt=end)
        .exclude(status="cancelled")
        .select_related("cell")
    ):
        out.append(
            Entry(
                f"meeting-{m.public_id}",
                "meeting",
                m.title,
                m.starts_at,
                m.starts_at + dt.timedelta(hours=2),
                False,
                m.place,
                m.agenda,
                f"/sinh-hoat/{m.public_id}/",
                m.cell.name,
            )
        )
    for a in (
        assignments_of(user)
        .filter(task__due_at__gte=start, task__due_at__lt=end)
        .select_related("task__unit")
    ):
        out.append(
            Entry(
                f"task-{a.public_id}",
                "task",
                f"Hạn nhiệm vụ: {a.task.title}",
                a.task.due_at,
                None,
                False,
                "",
                f"{a.percent}% — {a.task.description[:300]}",
                "/nhiem-vu/",
                a.task.unit.name,
            )
        )
    return sorted(out, key=lambda e: e.starts_at)


@dataclass
class Day:
    date: dt.date
    lunar: LunarDate
    entries: list[Entry] = field(default_factory=list)
    in_month: bool = True

    @property
    def is_today(self) -> bool:
        return self.date == timezone.localdate()


def day_bounds(first: dt.date, last: dt.date) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(first, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    return start, end


def days(user: Any, first: dt.date, last: dt.date, month: int | None = None) -> list[Day]:
    start, end = day_bounds(first, last)
    by_day: dict[dt.date, list[Entry]] = {}
    for e in entries(user, start, end):
        by_day.setdefault(e.day, []).append(e)
    out = []
    d = first
    while d <= last:
        out.append(Day(d, to_lunar(d), by_day.get(d, []), month is None or d.month == month))
        d += dt.timedelta(days=1)
    return out


def month_grid(user: Any, anchor: dt.date) -> list[list[Day]]:
    first = anchor.replace(day=1)
    nxt = (first + dt.timedelta(days=32)).replace(day=1)
    start = first - dt.timedelta(days=first.weekday())
    end = nxt - dt.timedelta(days=1)
    end += dt.timedelta(days=6 - end.weekday())
    flat = days(user, start, end, month=first.month)
    return [flat[i : i + 7] for i in range(0, len(flat), 7)]


def upcoming(user: Any, count: int = 5) -> list[Entry]:
    now = timezone.now()
    return entries(user, now, now + dt.timedelta(days=30))[:count]


# --- tasks -------------------------------------------------------------------------------------


@dataclass
class TaskRow:
    task: Task
    assignments: int
    done: int
    overdue: int
    average: int


def task_rows(tasks: Any, limit: int = 100) -> list[TaskRow]:
    now = timezone.now()
    rows = (
        tasks.select_related("unit")
        .annotate(
            n=Count("assignments"),
            done=Count("assignments", filter=Q(assignments__percent=100)),
            late=Count("assignments", filter=Q(assignments__percent__lt=100, due_at__lt=now)),
            avg=Avg("assignments__percent"),
        )
        .order_by("-created_at")[:limit]
    )
    return [TaskRow(t, t.n, t.done, t.late, round(t.avg or 0)) for t in rows]


def my_assignments(user: Any) -> list[Assignment]:
    return list(
        assignments_of(user)
        .select_related("task__unit", "unit", "member")
        .order_by("done_at", "task__due_at")
    )


# --- notes -------------------------------------------------------------------------------------


def notes(user: Any, query: str = "") -> Any:
    qs = notes_of(user).select_related("item", "meeting")
    for word in fold(query).split()[:8]:
        qs = qs.filter(search_text__contains=word)
    return qs


def notes_about(user: Any, item: Any = None, meeting: Any = None) -> list[Note]:
    qs = notes_of(user)
    if item is not None:
        return list(qs.filter(item=item))
    if meeting is not None:
        return list(qs.filter(meeting=meeting))
    return []


def offline_note_urls(user: Any) -> list[str]:
    ids = notes_of(user).values_list("public_id", flat=True)[:200]
    return ["/so-tay/ghi-chu/", *(f"/so-tay/ghi-chu/{i}/" for i in ids)]


# --- iCalendar ---------------------------------------------------------------------------------


def ical(items: list[Entry], name: str, base_url: str) -> bytes:
    from icalendar import Calendar, Event

    cal = Calendar()
    cal.add("prodid", "-//Sổ tay đảng viên//sotay//VI")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Asia/Ho_Chi_Minh")
    stamp = timezone.now()
    for e in items:
        ev = Event()
        ev.add("uid", f"{e.uid}@sotay")
        ev.add("dtstamp", stamp)
        ev.add("summary", e.title)
        if e.all_day:
            ev.add("dtstart", e.day)
            ev.add("dtend", e.day + dt.timedelta(days=1))
        else:
            ev.add("dtstart", e.starts_at)
            ev.add("dtend", e.ends_at or e.starts_at + dt.timedelta(hours=1))
        if e.place:
            ev.add("location", e.place)
        if e.description or e.unit:
            ev.add("description", "\n".join(x for x in (e.unit, e.description) if x))
        if e.url:
            ev.add("url", base_url.rstrip("/") + e.url)
        cal.add_component(ev)
    return cal.to_ical()


def feed_entries(user: Any) -> list[Entry]:
    now = timezone.now()
    return entries(user, now - dt.timedelta(days=60), now + dt.timedelta(days=365))
