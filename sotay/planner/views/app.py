"""Members: the calendar (month, week, day with lunar dates), events and their .ics, the private
iCalendar feed, tasks to report on, and notes."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from sotay.core.errors import DomainError
from sotay.core.files import private_file_response
from sotay.core.views_helpers import AuthedRequest

from .. import selectors
from ..access import (
    access_assignment,
    access_event,
    access_note,
    access_task,
    can_report,
    event_units,
    feed_user,
)
from ..forms import EventForm, NoteForm, ReportForm
from ..services import events, notes, tasks

VIEWS = {"thang": "month", "tuan": "week", "ngay": "day"}
WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"]
# The month grid's column heads as Vietnamese calendars print them (the full name is read aloud).
WEEKDAY_HEADS = list(zip(["T2", "T3", "T4", "T5", "T6", "T7", "CN"], WEEKDAYS, strict=True))


def _member(request: AuthedRequest):  # noqa: ANN202
    if request.user.member is None:
        raise PermissionDenied("Tài khoản không gắn với hồ sơ đảng viên.")
    return request.user.member


def _day(value: str | None) -> dt.date:
    try:
        return dt.date.fromisoformat(value) if value else timezone.localdate()
    except ValueError:
        return timezone.localdate()


@login_required
def calendar(request: AuthedRequest) -> HttpResponse:
    _member(request)
    view = VIEWS.get(request.GET.get("xem", "thang"), "month")
    day = _day(request.GET.get("ngay"))
    context: dict[str, object] = {
        "view": view,
        "day": day,
        "weekdays": WEEKDAYS,
        "weekday_heads": WEEKDAY_HEADS,
    }
    if view == "month":
        context["weeks"] = selectors.month_grid(request.user, day)
        first = day.replace(day=1)
        context["prev"] = (first - dt.timedelta(days=1)).replace(day=1)
        context["next"] = (first + dt.timedelta(days=32)).replace(day=1)
    elif view == "week":
        start = day - dt.timedelta(days=day.weekday())
        context["days"] = selectors.days(request.user, start, start + dt.timedelta(days=6))
        context["prev"], context["next"] = (
            start - dt.timedelta(days=7),
            start + dt.timedelta(days=7),
        )
    else:
        context["days"] = selectors.days(request.user, day, day)
        context["prev"], context["next"] = day - dt.timedelta(days=1), day + dt.timedelta(days=1)
    return render(request, "planner/calendar.html", context)


@login_required
def event_form(request: AuthedRequest, public_id: str | None = None) -> HttpResponse:
    _member(request)
    event = access_event(request.user, public_id, change=True) if public_id else None
    units = event_units(request.user)
    initial = {}
    if event is not None:
        initial = {
            "title": event.title,
            "starts_at": timezone.localtime(event.starts_at),
            "ends_at": timezone.localtime(event.ends_at) if event.ends_at else None,
            "all_day": event.all_day,
            "place": event.place,
            "description": event.description,
            "remind_minutes": event.remind_minutes,
            "unit": event.unit,
        }
    elif request.GET.get("ngay"):
        start = dt.datetime.combine(_day(request.GET["ngay"]), dt.time(8, 0))
        initial = {"starts_at": start}
    form = EventForm(request.POST or None, units=units, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = events.event_save(
                user=request.user,
                title=data["title"],
                starts_at=data["starts_at"],
                ends_at=data.get("ends_at"),
                all_day=data["all_day"],
                place=data["place"],
                description=data["description"],
                remind_minutes=data.get("remind_minutes") or 0,
                unit=data.get("unit"),
                event=event,
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, "Đã lưu sự kiện.")
            return redirect("planner:event", saved.public_id)
    return render(
        request,
        "planner/event_form.html",
        {"form": form, "event": event},
        status=400 if form.errors else 200,
    )


@login_required
def event_detail(request: AuthedRequest, public_id: str) -> HttpResponse:
    event = access_event(request.user, public_id)
    day = timezone.localtime(event.starts_at).date()
    return render(
        request,
        "planner/event.html",
        {
            "event": event,
            "lunar": selectors.to_lunar(day),
            "can_change": event.owner_id == getattr(request.user.member, "pk", None)
            or (event.unit_id and event_units(request.user).filter(pk=event.unit_id).exists()),
        },
    )


@login_required
@require_POST
def event_delete(request: AuthedRequest, public_id: str) -> HttpResponse:
    event = access_event(request.user, public_id, change=True)
    try:
        events.event_delete(user=request.user, event=event)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("planner:event", event.public_id)
    messages.success(request, "Đã xóa sự kiện.")
    return redirect("planner:calendar")


def _ics(body: bytes, name: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def event_ics(request: AuthedRequest, public_id: str) -> HttpResponse:
    event = access_event(request.user, public_id)
    entry = selectors.Entry(
        f"event-{event.public_id}",
        "personal" if event.owner_id else "unit",
        event.title,
        event.starts_at,
        event.ends_at,
        event.all_day,
        event.place,
        event.description,
        f"/lich/su-kien/{event.public_id}/",
        event.unit.name if event.unit else "",
    )
    body = selectors.ical([entry], event.title, request.build_absolute_uri("/"))
    return _ics(body, f"su-kien-{event.public_id.hex[:8]}.ics")


@login_required
def feed_page(request: AuthedRequest) -> HttpResponse:
    member = _member(request)
    if request.method == "POST":
        events.feed_revoke(member)
        messages.success(
            request, "Đã đổi địa chỉ; điện thoại dùng địa chỉ cũ sẽ không nhận lịch nữa."
        )
        return redirect("planner:feed")
    feed = events.feed_of(member)
    url = request.build_absolute_uri(f"/lich/ical/{feed.token}.ics")
    return render(
        request,
        "planner/feed.html",
        {"url": url, "webcal": "webcal://" + url.split("://", 1)[1]},
    )


def feed_ics(request: HttpRequest, token: str) -> HttpResponse:
    """The private feed phones subscribe to (no sign-in: the secret address is the key)."""
    user = feed_user(token)
    if user is None or not user.is_active or user.member is None:
        raise Http404("Địa chỉ lịch không còn hiệu lực.")
    body = selectors.ical(
        selectors.feed_entries(user), "Sổ tay đảng viên", request.build_absolute_uri("/")
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=900"
    return response


@login_required
def my_tasks(request: AuthedRequest) -> HttpResponse:
    return render(
        request,
        "planner/tasks.html",
        {"assignments": selectors.my_assignments(request.user), "now": timezone.now()},
    )


@login_required
def assignment_page(request: AuthedRequest, public_id: str) -> HttpResponse:
    assignment = access_assignment(request.user, public_id)
    reporter = can_report(request.user, assignment)
    form = ReportForm(initial={"percent": assignment.percent})
    if request.method == "POST":
        if not reporter:
            raise PermissionDenied("Chỉ người nhận nhiệm vụ mới báo cáo.")
        form = ReportForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                tasks.report_add(
                    user=request.user,
                    assignment=assignment,
                    percent=form.cleaned_data["percent"],
                    text=form.cleaned_data["text"],
                    upload=form.cleaned_data["file"],
                )
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(request, "Đã gửi báo cáo tiến độ.")
                return redirect("planner:assignment", assignment.public_id)
    return render(
        request,
        "planner/assignment.html",
        {
            "a": assignment,
            "reports": assignment.reports.select_related("author__member"),
            "form": form,
            "reporter": reporter,
            "overdue": tasks.is_overdue(assignment),
        },
        status=400 if form.errors else 200,
    )


@login_required
def note_list(request: AuthedRequest) -> HttpResponse:
    member = _member(request)
    query = request.GET.get("q", "")
    form = NoteForm()
    if request.method == "POST":
        form = NoteForm(request.POST)
        if form.is_valid():
            from ..access import note_links

            item, anchor, meeting = note_links(request.user, request.POST)
            try:
                note = notes.note_save(
                    member=member,
                    title=form.cleaned_data["title"],
                    body=form.cleaned_data["body"],
                    item=item,
                    anchor=anchor,
                    meeting=meeting,
                )
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(request, "Đã lưu ghi chú.")
                return redirect("planner:note", note.public_id)
    from ..access import note_links

    item, anchor, meeting = note_links(request.user, request.GET)
    return render(
        request,
        "planner/notes.html",
        {
            "notes": selectors.notes(request.user, query)[:200],
            "q": query,
            "form": form,
            "link_item": item,
            "link_anchor": anchor,
            "link_meeting": meeting,
        },
        status=400 if form.errors else 200,
    )


@login_required
def note_page(request: AuthedRequest, public_id: str) -> HttpResponse:
    member = _member(request)
    note = access_note(request.user, public_id)
    form = NoteForm(initial={"title": note.title, "body": note.body})
    if request.method == "POST":
        if request.POST.get("action") == "delete":
            notes.note_delete(note=note)
            messages.success(request, "Đã xóa ghi chú.")
            return redirect("planner:notes")
        form = NoteForm(request.POST)
        if form.is_valid():
            try:
                notes.note_save(member=member, note=note, **form.cleaned_data)
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(request, "Đã lưu ghi chú.")
                return redirect("planner:note", note.public_id)
    return render(
        request,
        "planner/note.html",
        {"note": note, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
def task_file(request: AuthedRequest, public_id: str) -> HttpResponseBase:
    """A task's attached file: for the assigning committee and the assignees."""
    task = access_task(request.user, public_id)
    return private_file_response(task.attachment, filename=task.attachment_name)


@login_required
def report_file(request: AuthedRequest, report_id: int) -> HttpResponseBase:
    """A progress report's file: for whoever may look at its assignment."""
    from ..models import Report

    report = Report.objects.select_related("assignment").filter(pk=report_id).first()
    if report is None:
        raise Http404("Không tìm thấy báo cáo.")
    access_assignment(request.user, report.assignment.public_id)
    return private_file_response(report.file, filename=report.file_name)
