"""Committee side: schedule, prepare, run and record meetings; oversight of the cells below."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from sotay.core.access import Capability, can, scope_paths
from sotay.core.errors import DomainError
from sotay.core.views_helpers import AuthedRequest
from sotay.orgs.access import access_org

from .. import exports, selectors, services
from ..access import MANAGE, access_meeting, require_manage_cell, require_reports
from ..choices import MeetingKind, MeetingStatus
from ..forms import (
    AbsenceForm,
    CommitteeMeetingForm,
    CommonDateForm,
    DraftForm,
    MeetingEditForm,
    MeetingForm,
    MinutesForm,
    RatingForm,
    ScheduleForm,
)


@login_required
def home(request: AuthedRequest) -> HttpResponse:
    cells = list(selectors.cells_managed(request.user)[:300])
    if len(cells) == 1:
        return redirect("meetings_console:cell", cells[0].public_id)
    roots = scope_paths(request.user, Capability.REPORTS_VIEW)
    if not cells and not roots:
        raise PermissionDenied("Bạn không điều hành sinh hoạt của chi bộ nào.")
    return render(
        request, "meetings/console/home.html", {"cells": cells, "has_oversight": bool(roots)}
    )


@login_required
def cell_page(request: AuthedRequest, public_id: str) -> HttpResponse:
    cell = access_org(request.user, public_id, Capability.MEETINGS_MANAGE)
    require_manage_cell(request.user, cell)
    schedule = selectors.schedule_of(cell)
    schedule_form = ScheduleForm(
        initial={"day_of_month": 3, "time": "19:30"}
        if schedule is None
        else {
            "day_of_month": schedule.day_of_month,
            "time": schedule.time,
            "place": schedule.place,
            "online_link": schedule.online_link,
        }
    )
    meeting_form = MeetingForm()
    if request.method == "POST":
        try:
            if request.POST.get("action") == "schedule":
                schedule_form = ScheduleForm(request.POST)
                if schedule_form.is_valid():
                    services.schedule_set(
                        user=request.user, cell=cell, **schedule_form.cleaned_data
                    )
                    made = services.meetings_plan(user=request.user, cell=cell, months=3)
                    messages.success(request, f"Đã lưu lịch; đã tạo {made} buổi sinh hoạt sắp tới.")
                    return redirect("meetings_console:cell", cell.public_id)
            else:
                meeting_form = MeetingForm(request.POST)
                if meeting_form.is_valid():
                    meeting = services.meeting_create(
                        user=request.user, cell=cell, **meeting_form.cleaned_data
                    )
                    return redirect("meetings_console:meeting", meeting.public_id)
        except DomainError as exc:
            messages.error(request, exc.message)
    meetings = cell.meetings.order_by("-starts_at")[:24]
    return render(
        request,
        "meetings/console/cell.html",
        {
            "cell": cell,
            "schedule_form": schedule_form,
            "meeting_form": meeting_form,
            "meetings": meetings,
        },
    )


def _action(request: AuthedRequest, meeting: Any, action: str) -> str:  # noqa: C901 - a dispatcher
    user, post = request.user, request.POST
    if action == "edit":
        form = MeetingEditForm(post)
        if not form.is_valid():
            raise DomainError(
                "Thông tin buổi sinh hoạt chưa hợp lệ: "
                + "; ".join(f"{form.fields[f].label}" for f in form.errors)
            )
        services.meeting_update(user=user, meeting=meeting, **form.cleaned_data)
        return "Đã lưu thông tin buổi sinh hoạt."
    if action == "materials":
        ids = set(post.getlist("item"))
        items = [i for i in selectors.material_candidates(meeting) if str(i.public_id) in ids]
        services.meeting_set_materials(user=user, meeting=meeting, items=items)
        return f"Đã gắn {len(items)} tài liệu."
    if action == "draft":
        draft = DraftForm(post)
        if not draft.is_valid():
            raise DomainError("Dự thảo nghị quyết đang trống.")
        version = services.draft_post(user=user, meeting=meeting, **draft.cleaned_data)
        return f"Đã gửi dự thảo lần {version.number} tới đảng viên."
    if action == "decide":
        comment = meeting.comments.filter(public_id=post.get("comment")).first()
        if comment is None:
            raise DomainError("Không tìm thấy góp ý.")
        services.comment_decide(
            user=user,
            comment=comment,
            decision=post.get("decision", ""),
            response=post.get("response", ""),
        )
        return "Đã ghi ý kiến xử lý và báo cho đảng viên."
    if action == "open":
        services.meeting_open(user=user, meeting=meeting)
        return "Đã bắt đầu buổi sinh hoạt: điểm danh bằng thẻ hoặc đánh dấu từng người."
    if action == "scan":
        from sotay.identity.card import read_qr_image

        upload = request.FILES.get("photo")
        code = read_qr_image(upload) if upload else post.get("code", "")
        attendance = services.checkin_card(user=user, meeting=meeting, code=code)
        return f"Đã điểm danh: {attendance.member.full_name}."
    if action in ("present", "absent"):
        member = selectors.attendee(meeting, post.get("member", ""))
        if member is None:
            raise DomainError("Đảng viên này không thuộc chi bộ.")
        if action == "present":
            services.checkin_manual(user=user, meeting=meeting, member=member)
            return f"Đã điểm danh: {member.full_name}."
        absence = AbsenceForm(post)
        if not absence.is_valid():
            raise DomainError("Hãy chọn lý do vắng mặt.")
        services.absence_record(user=user, meeting=meeting, member=member, **absence.cleaned_data)
        return f"Đã ghi {member.full_name} vắng có lý do."
    if action == "close":
        services.meeting_close(user=user, meeting=meeting)
        return "Đã kết thúc buổi sinh hoạt; hãy ghi biên bản."
    if action == "minutes":
        record = MinutesForm(post)
        if not record.is_valid():
            raise DomainError(
                "Biên bản còn thiếu: "
                + ", ".join(str(record.fields[f].label) for f in record.errors)
            )
        services.minutes_save(user=user, meeting=meeting, **record.cleaned_data)
        return "Đã lưu biên bản."
    if action == "publish":
        services.meeting_publish(user=user, meeting=meeting)
        return "Đã công bố biên bản và nghị quyết tới đảng viên."
    if action == "rate":
        services.meeting_rate(user=user, meeting=meeting, rating=post.get("rating", ""))
        return "Đã ghi tự đánh giá."
    raise DomainError("Thao tác không hợp lệ.")


@login_required
def meeting_page(request: AuthedRequest, public_id: str) -> HttpResponse:
    meeting = access_meeting(request.user, public_id, MANAGE)
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            messages.success(request, _action(request, meeting, action))
        except DomainError as exc:
            messages.error(request, exc.message)
        anchor = {
            "scan": "#diem-danh",
            "present": "#diem-danh",
            "absent": "#diem-danh",
            "decide": "#gop-y",
            "minutes": "#bien-ban",
        }.get(action, "")
        return redirect(request.path + anchor)
    paragraphs, general, orphaned = selectors.draft_with_comments(meeting)
    minutes = getattr(meeting, "minutes", None)
    current_text = "\n".join(p.text for p in paragraphs)
    context = {
        "meeting": meeting,
        "edit_form": MeetingEditForm(
            initial={
                "starts_at": timezone.localtime(meeting.starts_at),
                "title": meeting.title,
                "topic": meeting.topic,
                "place": meeting.place,
                "online_link": meeting.online_link,
                "agenda": meeting.agenda,
            }
        ),
        "draft_form": DraftForm(initial={"text": current_text}),
        "paragraphs": paragraphs,
        "general": general,
        "orphaned": orphaned,
        "drafts": meeting.drafts.all(),
        "materials": set(meeting.materials.values_list("id", flat=True)),
        "candidates": selectors.material_candidates(meeting),
        "roll": selectors.roll_call(meeting) if meeting.status != MeetingStatus.SCHEDULED else [],
        "absence_form": AbsenceForm(),
        "minutes_form": MinutesForm(initial=_minutes_initial(meeting, minutes)),
        "minutes": minutes,
        "rating_form": RatingForm(initial={"rating": meeting.rating}),
    }
    return render(request, "meetings/console/meeting.html", context)


def _minutes_initial(meeting: Any, minutes: Any) -> dict[str, Any]:
    if minutes is not None:
        return {f: getattr(minutes, f) for f in MinutesForm.base_fields}
    paragraphs = services.current_paragraphs(meeting)
    return {"resolution": "\n".join(p.text for p in paragraphs), "votes_for": meeting.present_count}


@login_required
def minutes_export(request: AuthedRequest, public_id: str, fmt: str) -> HttpResponse:
    meeting = access_meeting(request.user, public_id)
    if getattr(meeting, "minutes", None) is None or (
        meeting.status != MeetingStatus.PUBLISHED and not _manages(request, meeting)
    ):
        messages.error(request, "Biên bản chưa được công bố.")
        return redirect("meetings:detail", meeting.public_id)
    try:
        if fmt == "pdf":
            data, ctype = exports.minutes_pdf(meeting), "application/pdf"
        else:
            data = exports.minutes_docx(meeting)
            ctype = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("meetings:detail", meeting.public_id)
    response = HttpResponse(data, content_type=ctype)
    response["Content-Disposition"] = (
        f'attachment; filename="bien-ban-{timezone.localtime(meeting.starts_at):%Y-%m-%d}.{fmt}"'
    )
    return response


def _manages(request: AuthedRequest, meeting: Any) -> bool:
    from sotay.core.access import can

    return can(request.user, Capability.MEETINGS_MANAGE, meeting.cell)


@login_required
def oversight(request: AuthedRequest, public_id: str) -> HttpResponse:
    unit = access_org(request.user, public_id, Capability.REPORTS_VIEW)
    require_reports(request.user, unit)
    month = selectors.month_start(request.GET.get("thang"))
    form = CommonDateForm()
    committee_form = CommitteeMeetingForm()
    if request.method == "POST" and request.POST.get("action") == "committee":
        committee_form = CommitteeMeetingForm(request.POST)
        if committee_form.is_valid():
            try:
                meeting = services.meeting_create(
                    user=request.user, cell=unit, kind=MeetingKind.COMMITTEE,
                    **committee_form.cleaned_data,
                )  # fmt: skip
            except (DomainError, PermissionDenied) as exc:
                messages.error(request, getattr(exc, "message", str(exc)))
            else:
                return redirect("meetings_console:meeting", meeting.public_id)
    elif request.method == "POST":
        form = CommonDateForm(request.POST)
        if form.is_valid():
            try:
                n = services.meetings_set_common_date(
                    user=request.user, unit=unit, **form.cleaned_data
                )
            except (DomainError, PermissionDenied) as exc:
                messages.error(request, getattr(exc, "message", str(exc)))
            else:
                messages.success(request, f"Đã đặt ngày sinh hoạt chung cho {n} chi bộ.")
                return redirect(request.get_full_path())
    rows = selectors.oversight(unit, month)
    totals = {
        "cells": sum(r.cells for r in rows),
        "held": sum(r.held for r in rows),
        "late": sum(r.late for r in rows),
        "expected": sum(r.expected for r in rows),
        "present": sum(r.present for r in rows),
        "in_advance": sum(r.in_advance for r in rows),
    }
    totals["attendance"] = (
        round(100 * totals["present"] / totals["expected"]) if totals["expected"] else 0
    )
    return render(
        request,
        "meetings/console/oversight.html",
        {
            "unit": unit,
            "month": month,
            "rows": rows,
            "totals": totals,
            "form": form,
            "committee_form": committee_form,
            "committee_meetings": selectors.committee_meetings(unit),
            "may_manage": can(request.user, Capability.MEETINGS_MANAGE, unit),
        },
    )
