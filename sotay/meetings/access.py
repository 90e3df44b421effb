"""Who may see and run meetings — the one door for the meetings app.

- Members of a cell (and those temporarily active in it) see their cell's meetings, comment on
  the draft and read the minutes once published.
- A committee meeting (kind ``committee``, at any unit) is seen by the members of that
  committee (its elected positions), not by the unit's other members.
- MEETINGS_MANAGE over the cell (its secretary and committee, and superior committees) runs
  the meeting; REPORTS_VIEW over a unit gives the oversight of every cell below it.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from sotay.core.access import Capability, can, grants, scope_q
from sotay.orgs.choices import PositionKind

from .choices import MeetingKind
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


def committee_paths(user: Any) -> list[str]:
    """Units whose committee the user sits on today (elected positions, not staff roles)."""
    return [g.path for g in grants(user) if g.kind in PositionKind.values]


def _attends_q(user: Any) -> Q:
    committee = Q(kind=MeetingKind.COMMITTEE)
    return (Q(cell_path__in=own_cell_paths(user)) & ~committee) | (
        committee & Q(cell_path__in=committee_paths(user))
    )


def meetings_of_member(user: Any) -> QuerySet[Meeting]:
    return Meeting.objects.filter(_attends_q(user))


def meetings_visible_to(user: Any) -> QuerySet[Meeting]:
    return Meeting.objects.filter(
        _attends_q(user) | scope_q(user, Capability.MEETINGS_MANAGE, "cell_path")
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
        if is_member_of(user, meeting):
            raise PermissionDenied("Chỉ chi ủy (bí thư) mới điều hành buổi sinh hoạt.")
        raise Http404("Không tìm thấy buổi sinh hoạt.")
    if manages or is_member_of(user, meeting):
        return meeting
    raise Http404("Không tìm thấy buổi sinh hoạt.")


def is_member_of(user: Any, meeting: Meeting) -> bool:
    """Expected at the meeting: on the committee for a committee meeting, of the cell else."""
    if meeting.kind == MeetingKind.COMMITTEE:
        return meeting.cell_path in committee_paths(user)
    return meeting.cell_path in own_cell_paths(user)


def require_manage_cell(user: Any, cell: Any) -> None:
    if not can(user, Capability.MEETINGS_MANAGE, cell):
        raise PermissionDenied("Bạn không có quyền điều hành sinh hoạt của chi bộ này.")


def require_reports(user: Any, unit: Any) -> None:
    if not can(user, Capability.REPORTS_VIEW, unit):
        raise PermissionDenied("Bạn không có quyền xem tình hình sinh hoạt của đơn vị này.")
