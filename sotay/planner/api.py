"""API: calendar entries, events, the feed address, tasks and reports, notes."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status

from sotay.core.errors import DomainError
from sotay.core.views_helpers import AuthedRequest

from . import selectors
from .access import (
    access_assignment,
    access_event,
    access_note,
    direct_subordinates,
    members_by_card,
    task_units,
)
from .services import events, notes, tasks

router = Router(tags=["lịch, nhiệm vụ, ghi chú"])


def _member(request: AuthedRequest) -> Any:
    if request.user.member is None:
        raise DomainError("Tài khoản không gắn với hồ sơ đảng viên.")
    return request.user.member


class EntryOut(Schema):
    uid: str
    kind: str
    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime | None
    all_day: bool
    place: str
    url: str
    unit: str
    lunar: str


class EventIn(Schema):
    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime | None = None
    all_day: bool = False
    place: str = ""
    description: str = ""
    remind_minutes: int = 0
    unit: uuid.UUID | None = None


class EventOut(Schema):
    id: uuid.UUID
    title: str
    starts_at: dt.datetime


@router.get("/calendar", response=list[EntryOut], summary="Lịch của tôi trong một khoảng ngày")
def calendar(request: AuthedRequest, start: dt.date, end: dt.date) -> Any:
    _member(request)
    if end < start or (end - start).days > 100:
        raise DomainError("Khoảng ngày không hợp lệ (tối đa 100 ngày).")
    first, last = selectors.day_bounds(start, end)
    return [
        {**e.__dict__, "lunar": str(selectors.to_lunar(e.day))}
        for e in selectors.entries(request.user, first, last)
    ]


@router.post("/events", response={201: EventOut}, summary="Thêm lịch (cá nhân hoặc của đơn vị)")
def event_add(request: AuthedRequest, payload: EventIn) -> Any:
    _member(request)
    unit = None
    if payload.unit is not None:
        from .access import event_units

        unit = event_units(request.user).filter(public_id=payload.unit).first()
        if unit is None:
            raise DomainError("Bạn không có quyền đưa lịch cho đơn vị này.", field="unit")
    data = payload.dict(exclude={"unit"})
    event = events.event_save(user=request.user, unit=unit, **data)
    return Status(201, {"id": event.public_id, "title": event.title, "starts_at": event.starts_at})


@router.delete("/events/{event_id}", response={204: None}, summary="Xóa lịch")
def event_remove(request: AuthedRequest, event_id: uuid.UUID) -> Any:
    events.event_delete(user=request.user, event=access_event(request.user, event_id, change=True))
    return Status(204, None)


class CalendarFeedOut(Schema):
    url: str


def _feed_url(request: HttpRequest, token: str) -> str:
    return request.build_absolute_uri(f"/lich/ical/{token}.ics")


@router.get("/calendar/feed", response=CalendarFeedOut, summary="Địa chỉ iCalendar riêng")
def feed(request: AuthedRequest) -> Any:
    return {"url": _feed_url(request, events.feed_of(_member(request)).token)}


@router.post("/calendar/feed/revoke", response=CalendarFeedOut, summary="Thu hồi, cấp địa chỉ mới")
def feed_revoke(request: AuthedRequest) -> Any:
    return {"url": _feed_url(request, events.feed_revoke(_member(request)).token)}


class AssignmentOut(Schema):
    id: uuid.UUID
    task: str
    assigned_by: str
    assigned_to: str
    due_at: dt.datetime
    percent: int
    overdue: bool


class ReportIn(Schema):
    percent: int
    text: str = ""


class TaskIn(Schema):
    unit: uuid.UUID
    title: str
    description: str = ""
    due_at: dt.datetime
    units: list[uuid.UUID] = []
    member_cards: list[str] = []


class TaskOut(Schema):
    id: uuid.UUID
    title: str
    assignments: int


def _assignment(a: Any) -> dict[str, Any]:
    return {
        "id": a.public_id,
        "task": a.task.title,
        "assigned_by": a.task.unit.name,
        "assigned_to": a.unit.name if a.unit else a.member.full_name,
        "due_at": a.task.due_at,
        "percent": a.percent,
        "overdue": tasks.is_overdue(a),
    }


@router.get("/assignments", response=list[AssignmentOut], summary="Nhiệm vụ tôi phải báo cáo")
def my_assignments(request: AuthedRequest) -> Any:
    return [_assignment(a) for a in selectors.my_assignments(request.user)]


@router.post(
    "/assignments/{assignment_id}/reports", response={201: AssignmentOut}, summary="Báo cáo tiến độ"
)
def report(request: AuthedRequest, assignment_id: uuid.UUID, payload: ReportIn) -> Any:
    assignment = access_assignment(request.user, assignment_id)
    tasks.report_add(
        user=request.user, assignment=assignment, percent=payload.percent, text=payload.text
    )
    assignment.refresh_from_db()
    return Status(201, _assignment(assignment))


@router.post("/tasks", response={201: TaskOut}, summary="Giao nhiệm vụ (cấp ủy)")
def task_add(request: AuthedRequest, payload: TaskIn) -> Any:
    unit = task_units(request.user).filter(public_id=payload.unit).first()
    if unit is None:
        raise DomainError("Bạn không có quyền giao nhiệm vụ của đơn vị này.", field="unit")
    subordinates = list(direct_subordinates(request.user).filter(public_id__in=payload.units))
    if len(subordinates) != len(set(payload.units)):
        raise DomainError("Có đơn vị nhận không thuộc quyền của bạn.", field="units")
    members, missing = members_by_card(unit, payload.member_cards)
    if missing:
        raise DomainError(
            "Không có đảng viên mang số thẻ: " + ", ".join(missing[:10]), field="member_cards"
        )
    task = tasks.task_create(
        user=request.user,
        unit=unit,
        title=payload.title,
        description=payload.description,
        due_at=payload.due_at,
        members=members,
        units=subordinates,
    )
    return Status(
        201, {"id": task.public_id, "title": task.title, "assignments": task.assignments.count()}
    )


class NoteIn(Schema):
    title: str = ""
    body: str = ""


class NoteOut(Schema):
    id: uuid.UUID
    title: str
    body: str
    updated_at: dt.datetime


def _note(n: Any) -> dict[str, Any]:
    return {"id": n.public_id, "title": n.title, "body": n.body, "updated_at": n.updated_at}


@router.get("/notes", response=list[NoteOut], summary="Ghi chú của tôi (tìm không dấu được)")
def note_list(request: AuthedRequest, q: str = "") -> Any:
    return [_note(n) for n in selectors.notes(request.user, q)[:200]]


@router.post("/notes", response={201: NoteOut}, summary="Ghi chú mới")
def note_add(request: AuthedRequest, payload: NoteIn) -> Any:
    return Status(201, _note(notes.note_save(member=_member(request), **payload.dict())))


@router.put("/notes/{note_id}", response=NoteOut, summary="Sửa ghi chú")
def note_edit(request: AuthedRequest, note_id: uuid.UUID, payload: NoteIn) -> Any:
    note = access_note(request.user, note_id)
    return _note(notes.note_save(member=_member(request), note=note, **payload.dict()))


@router.delete("/notes/{note_id}", response={204: None}, summary="Xóa ghi chú")
def note_remove(request: AuthedRequest, note_id: uuid.UUID) -> Any:
    notes.note_delete(note=access_note(request.user, note_id))
    return Status(204, None)
