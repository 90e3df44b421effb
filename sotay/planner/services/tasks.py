"""Tasks a committee assigns to members or subordinate units, progress reports, overdue flags."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from sotay.core.access import can, holders
from sotay.core.errors import DomainError
from sotay.core.text import clean
from sotay.members.models import Member
from sotay.notices.choices import NotificationKind
from sotay.notices.services import notify, reminder_schedule
from sotay.orgs.models import Organization

from ..access import ASSIGN
from ..models import Assignment, Report, Task


def check_file(upload: Any) -> None:
    """PDF, DOCX, JPEG, PNG or WebP within the upload limit, checked by content."""
    from sotay.content.files import inspect_document, inspect_image

    head = upload.read(8)
    upload.seek(0)
    if head.startswith((b"%PDF-", b"PK")):
        inspect_document(upload)
    else:
        try:
            inspect_image(upload)
        except DomainError as exc:
            raise DomainError(
                "Tệp đính kèm phải là PDF, DOCX hoặc ảnh JPEG/PNG/WebP.", field="file"
            ) from exc


def committee_of(unit: Organization) -> list[int]:
    """Members who report for a unit: those holding a role there that may assign tasks."""
    return holders(unit, ASSIGN)


def _recipients(assignment: Assignment) -> list[int]:
    if assignment.member_id:
        return [assignment.member_id]
    assert assignment.unit is not None
    return committee_of(assignment.unit)


@transaction.atomic
def task_create(
    *,
    user: Any,
    unit: Organization,
    title: str,
    due_at: dt.datetime,
    description: str = "",
    members: list[Member] | None = None,
    units: list[Organization] | None = None,
    upload: Any = None,
) -> Task:
    if not can(user, ASSIGN, unit):
        raise DomainError("Bạn không có quyền giao nhiệm vụ của đơn vị này.")
    if not clean(title):
        raise DomainError("Hãy nhập tên nhiệm vụ.", field="title")
    if due_at <= timezone.now():
        raise DomainError("Hạn hoàn thành phải ở sau thời điểm hiện tại.", field="due_at")
    members, units = members or [], units or []
    if not members and not units:
        raise DomainError("Hãy chọn đảng viên hoặc đơn vị nhận nhiệm vụ.", field="units")
    for m in members:
        if not m.cell_path.startswith(unit.path):
            raise DomainError(f"Đồng chí {m.full_name} không thuộc {unit.name}.", field="members")
    for u in units:
        if u.path == unit.path or not u.path.startswith(unit.path):
            raise DomainError(f"{u.name} không phải đơn vị trực thuộc {unit.name}.", field="units")
    if upload is not None:
        check_file(upload)
    task = Task.objects.create(
        unit=unit,
        title=clean(title)[:300],
        description=(description or "").strip()[:10_000],
        due_at=due_at,
        created_by=user,
        attachment=upload or "",
        attachment_name=(getattr(upload, "name", "") or "")[:200],
    )
    rows = [Assignment(task=task, member=m) for m in members]
    rows += [Assignment(task=task, unit=u) for u in units]
    Assignment.objects.bulk_create(rows)
    recipients = sorted(
        {r for a in task.assignments.select_related("unit") for r in _recipients(a)}
    )
    due = timezone.localtime(due_at)
    notify(
        members=recipients,
        kind=NotificationKind.TASK,
        title=f"Nhiệm vụ mới: {task.title}",
        body=f"{unit.name} giao; hạn {due:%H:%M ngày %d/%m/%Y}.",
        url="/nhiem-vu/",
    )
    day_before = due_at - dt.timedelta(days=1)
    if day_before > timezone.now():
        reminder_schedule(
            key=f"task:{task.pk}:due",
            run_at=day_before,
            member_ids=recipients,
            kind=NotificationKind.TASK,
            title=f"Còn một ngày: {task.title}",
            body="Hãy báo cáo tiến độ nhiệm vụ.",
            url="/nhiem-vu/",
        )
    from ..tasks import flag_overdue

    pk = task.pk
    transaction.on_commit(lambda: flag_overdue.using(run_after=due_at).enqueue(pk))
    return task


@transaction.atomic
def report_add(
    *, user: Any, assignment: Assignment, percent: int, text: str = "", upload: Any = None
) -> Report:
    """A progress report: as often as needed; 100% marks the assignment done."""
    from ..access import can_report

    assignment = (
        Assignment.objects.select_for_update().select_related("task__unit").get(pk=assignment.pk)
    )
    if not can_report(user, assignment):
        raise DomainError("Đồng chí không phải người nhận nhiệm vụ này.")
    if not 0 <= percent <= 100:
        raise DomainError("Tiến độ từ 0 đến 100%.", field="percent")
    if not (text or "").strip() and upload is None and percent == assignment.percent:
        raise DomainError(
            "Hãy ghi nội dung báo cáo, đính kèm tệp hoặc cập nhật tiến độ.", field="text"
        )
    if len(text or "") > 5000:
        raise DomainError("Báo cáo dài quá 5.000 ký tự.", field="text")
    if upload is not None:
        check_file(upload)
    now = timezone.now()
    report = Report.objects.create(
        assignment=assignment,
        percent=percent,
        text=(text or "").strip(),
        file=upload or "",
        file_name=(getattr(upload, "name", "") or "")[:200],
        author=user,
    )
    assignment.percent, assignment.reported_at = percent, now
    assignment.done_at = now if percent == 100 else None
    assignment.save(update_fields=["percent", "reported_at", "done_at", "updated_at"])
    task = assignment.task
    who = (
        assignment.unit.name
        if assignment.unit_id and assignment.unit
        else getattr(getattr(user, "member", None), "full_name", "")
    )
    notify(
        members=committee_of(task.unit),
        kind=NotificationKind.TASK,
        title=f"{who} báo cáo {percent}%: {task.title}",
        body=report.text[:200],
        url=f"/quan-ly/nhiem-vu/{task.public_id}/",
    )
    return report


def is_overdue(assignment: Assignment, now: dt.datetime | None = None) -> bool:
    return assignment.percent < 100 and assignment.task.due_at < (now or timezone.now())


def flag_overdue_now(task_id: int) -> int:
    """At the deadline: tell every assignee not yet at 100%, and the assigning committee."""
    task = Task.objects.select_related("unit").filter(pk=task_id).first()
    if task is None or task.due_at > timezone.now():
        return 0
    late = list(task.assignments.select_related("unit", "member").filter(percent__lt=100))
    if not late:
        return 0
    for a in late:
        notify(
            members=_recipients(a),
            kind=NotificationKind.TASK,
            title=f"Quá hạn: {task.title}",
            body="Nhiệm vụ đã quá hạn mà chưa báo cáo hoàn thành.",
            url="/nhiem-vu/",
            urgent=True,
        )
    names = ", ".join((a.unit.name if a.unit else a.member.full_name) for a in late[:5])  # type: ignore[union-attr]
    notify(
        members=committee_of(task.unit),
        kind=NotificationKind.TASK,
        title=f"{len(late)} nơi quá hạn: {task.title}",
        body=names + ("…" if len(late) > 5 else ""),
        url=f"/quan-ly/nhiem-vu/{task.public_id}/",
    )
    return len(late)
