"""Who may see and run meetings — the one door for the meetings app.

- Members of a cell (and those temporarily active in it) see their cell's meetings, comment on
  the draft and read the minutes once published.
- MEETINGS_MANAGE over the cell (its secretary and committee, and superior committees) runs
  the meeting; REPORTS_VIEW over a unit gives the oversight of every cell below it.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from sotay.core.access import Capability, can, scope_q

from .models import Meeting

VIEW, MANAGE = "view", "manage"


def own_cell_paths(user: Any) -> list[str]:
    member = getattr(user, "member", None)
    if member is None:
        return []
    paths = [member.cell_path]
    if member.temporary_cell_id and member.temporary_cell:
        paths.append(member.temporary_cell.path)
    return paths


def meetings_of_member(user: Any) -> QuerySet[Meeting]:
    return Meeting.objects.filter(cell_path__in=own_cell_paths(user))


def meetings_visible_to(user: Any) -> QuerySet[Meeting]:
    return Meeting.objects.filter(
        Q(cell_path__in=own_cell_paths(user))
        | scope_q(user, Capability.MEETINGS_MANAGE, "cell_path")
    )


def access_meeting(user: Any, public_id: Any, action: str = VIEW) -> Meeting:
    try:
        key = uuid.UUID(str(public_id))
    except ValueError as exc:
        raise Http404 from exc
    meeting = Meeting.objects.select_related("cell").filter(public_id=key).first()
    if meeting is None:
        raise Http404("Không tìm thấy buổi sinh hoạt.")
    manages = can(user, Capability.MEETINGS_MANAGE, meeting.cell)
    if action == MANAGE:
        if manages:
            return meeting
        if meeting.cell_path in own_cell_paths(user):
            raise PermissionDenied("Chỉ chi ủy (bí thư) mới điều hành buổi sinh hoạt.")
        raise Http404("Không tìm thấy buổi sinh hoạt.")
    if manages or meeting.cell_path in own_cell_paths(user):
        return meeting
    raise Http404("Không tìm thấy buổi sinh hoạt.")


def is_member_of(user: Any, meeting: Meeting) -> bool:
    return meeting.cell_path in own_cell_paths(user)


def require_manage_cell(user: Any, cell: Any) -> None:
    if not can(user, Capability.MEETINGS_MANAGE, cell):
        raise PermissionDenied("Bạn không có quyền điều hành sinh hoạt của chi bộ này.")


def require_reports(user: Any, unit: Any) -> None:
    if not can(user, Capability.REPORTS_VIEW, unit):
        raise PermissionDenied("Bạn không có quyền xem tình hình sinh hoạt của đơn vị này.")
