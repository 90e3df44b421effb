"""The cell's tổ đảng page: its groups with members, leader and deputy, and the committee's
forms to create, fill, elect and dissolve them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render

from sotay.core.access import Capability, can
from sotay.core.errors import DomainError
from sotay.core.views_helpers import AuthedRequest

from . import groups as svc
from .access import access_org
from .models import Organization


def _ids(values: list[str]) -> list[int]:
    return [int(v) for v in values if v.isdigit()]


def _one(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


@login_required
def party_groups(request: AuthedRequest, public_id: str) -> HttpResponse:
    cell = access_org(request.user, public_id, Capability.MEMBERS_VIEW)
    status = 200
    if request.method == "POST":
        try:
            _post(request, cell)
        except DomainError as exc:
            messages.error(request, exc.message)
            status = 400
        else:
            return redirect(request.path)
    from .views import _unit_context

    people = list(svc.cell_people(cell).select_related("party_group"))
    groups = svc.groups_of(cell) if cell.is_cell else []
    for group in groups:
        group.people = [p for p in people if p.party_group_id == group.pk]  # type: ignore[attr-defined]
    context = {
        **_unit_context(request, cell),
        "tab": "groups",
        "groups": groups,
        "people": people,
        "ungrouped": [p for p in people if p.party_group_id is None],
        "split_at": svc.SPLIT_AT,
        "editable": cell.is_cell and can(request.user, Capability.MEMBERS_EDIT, cell),
    }
    return render(request, "console/party_groups.html", context, status=status)


def _post(request: AuthedRequest, cell: Organization) -> None:
    action, post, user = request.POST.get("action", ""), request.POST, request.user
    if action == "create":
        made = svc.group_create(actor=user, cell=cell, name=post.get("name", ""))
        messages.success(request, f"Đã lập {made.name}.")
        return
    group = svc.group_at(cell, post.get("group"))
    if action == "assign":
        if post.get("group") != "none" and group is None:
            raise DomainError("Hãy chọn tổ đảng.")
        n = svc.group_assign(
            actor=user, cell=cell, group=group, member_ids=_ids(post.getlist("members"))
        )
        where = group.name if group else "ngoài các tổ"
        messages.success(request, f"Đã xếp {n} đảng viên vào {where}.")
        return
    if group is None:
        raise DomainError("Không tìm thấy tổ đảng này.")
    if action == "leaders":
        svc.group_set_leaders(
            actor=user, group=group, leader_id=_one(post.get("leader")),
            deputy_id=_one(post.get("deputy")),
        )  # fmt: skip
        messages.success(request, f"Đã ghi tổ trưởng, tổ phó của {group.name}.")
    elif action == "dissolve":
        svc.group_dissolve(actor=user, group=group)
        messages.success(request, f"Đã giải thể {group.name}.")
    else:
        raise DomainError("Thao tác không hợp lệ.")
