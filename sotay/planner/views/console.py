"""Committees: assign tasks to members or subordinate units and follow their progress."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from sotay.core.access import scope_paths
from sotay.core.errors import DomainError
from sotay.core.views_helpers import AuthedRequest

from .. import selectors
from ..access import (
    ASSIGN,
    access_task,
    can_manage_task,
    direct_subordinates,
    members_by_card,
    task_units,
    tasks_managed_by,
)
from ..forms import TaskForm
from ..services import tasks


@login_required
def task_list(request: AuthedRequest) -> HttpResponse:
    if not scope_paths(request.user, ASSIGN):
        raise PermissionDenied("Bạn không có quyền giao nhiệm vụ.")
    units = task_units(request.user)
    children = direct_subordinates(request.user)
    form = TaskForm(units=units, children=children)
    if request.method == "POST":
        form = TaskForm(request.POST, request.FILES, units=units, children=children)
        if form.is_valid():
            data = form.cleaned_data
            cards = [c.strip() for c in data["members"].splitlines() if c.strip()]
            members, missing = members_by_card(data["unit"], cards)
            if missing:
                form.add_error(
                    "members", "Không có đảng viên mang số thẻ: " + ", ".join(missing[:10])
                )
            else:
                try:
                    task = tasks.task_create(
                        user=request.user,
                        unit=data["unit"],
                        title=data["title"],
                        description=data["description"],
                        due_at=data["due_at"],
                        members=members,
                        units=list(data["units"]),
                        upload=data["file"],
                    )
                except DomainError as exc:
                    form.add_error(exc.field if exc.field in form.fields else None, exc.message)
                else:
                    messages.success(request, "Đã giao nhiệm vụ.")
                    return redirect("planner_console:task", task.public_id)
    return render(
        request,
        "planner/console/tasks.html",
        {"rows": selectors.task_rows(tasks_managed_by(request.user)), "form": form},
        status=400 if form.errors else 200,
    )


@login_required
def task_detail(request: AuthedRequest, public_id: str) -> HttpResponse:
    task = access_task(request.user, public_id)
    if not can_manage_task(request.user, task):
        raise PermissionDenied("Bạn không quản lý nhiệm vụ này.")
    now = timezone.now()
    assignments = list(
        task.assignments.select_related("member", "unit").prefetch_related("reports")
    )
    return render(
        request,
        "planner/console/task.html",
        {
            "task": task,
            "assignments": assignments,
            "late": [a for a in assignments if a.percent < 100 and task.due_at < now],
            "done": sum(1 for a in assignments if a.percent == 100),
        },
    )
