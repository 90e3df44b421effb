"""Members' side: my cell's meetings, materials, the draft resolution and my comments."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from sotay.core.errors import DomainError
from sotay.core.views_helpers import AuthedRequest

from .. import selectors, services
from ..access import access_meeting, is_member_of, meetings_of_member
from ..choices import MeetingStatus


@login_required
def meeting_list(request: AuthedRequest) -> HttpResponse:
    meetings = meetings_of_member(request.user).exclude(status=MeetingStatus.CANCELLED)
    now = timezone.now() - dt.timedelta(hours=4)
    context = {
        "upcoming": meetings.filter(starts_at__gte=now).order_by("starts_at")[:6],
        "past": meetings.filter(starts_at__lt=now).order_by("-starts_at")[:12],
    }
    return render(request, "meetings/list.html", context)


@login_required
def meeting_detail(request: AuthedRequest, public_id: str) -> HttpResponse:
    meeting = access_meeting(request.user, public_id)
    member = request.user.member
    if request.method == "POST":
        if member is None or not is_member_of(request.user, meeting):
            messages.error(request, "Chỉ đảng viên của chi bộ mới góp ý dự thảo này.")
            return redirect("meetings:detail", meeting.public_id)
        try:
            services.comment_add(
                member=member,
                meeting=meeting,
                text=request.POST.get("text", ""),
                paragraph_key=request.POST.get("paragraph", ""),
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "Đã gửi góp ý; chi ủy sẽ xem xét và trả lời.")
        anchor = request.POST.get("paragraph", "")
        return redirect(request.path + (f"#doan-{anchor}" if anchor else "#gop-y"))
    paragraphs, general, orphaned = selectors.draft_with_comments(
        meeting, member_id=member.pk if member else None
    )
    published = meeting.status == MeetingStatus.PUBLISHED
    context = {
        "meeting": meeting,
        "paragraphs": paragraphs,
        "general": general,
        "orphaned": orphaned,
        "materials": meeting.materials.filter(status="published").select_related("unit"),
        "minutes": getattr(meeting, "minutes", None) if published else None,
        "can_comment": meeting.accepts_comments and is_member_of(request.user, meeting),
    }
    return render(request, "meetings/detail.html", context)
