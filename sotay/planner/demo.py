"""Demo planner and messaging data around the member persona: unit and personal events, tasks a
commune gave its cells (done, half way, overdue) and the persona, notes, and a lively cell chat."""

from __future__ import annotations

import datetime as dt
import uuid

from django.utils import timezone

from sotay.members.accounts import find_user
from sotay.members.models import Member
from sotay.orgs.models import Organization

CHAT = [
    "Chào các đồng chí, tài liệu sinh hoạt tháng này đã có trên Sổ tay.",
    "Cảm ơn đồng chí bí thư, tôi đã đọc dự thảo nghị quyết.",
    "Đề nghị chi bộ bàn thêm việc vận động bà con làm đường liên xóm.",
    "Tôi sẽ chuẩn bị ý kiến về công tác phát triển đảng viên.",
    "Buổi sinh hoạt tới nhờ đồng chí Hùng chuẩn bị loa.",
    "Đã nhận, tôi sẽ mang loa đến sớm 15 phút.",
]


def generate_planner() -> dict[str, int]:
    from .models import Task
    from .services import events, notes, tasks

    persona_user = find_user("0900000001")
    secretary = find_user("0900000002")
    commune_staff = find_user("0900000003")
    province_staff = find_user("0900000004")
    if not (persona_user and secretary and commune_staff and province_staff):
        return {}
    persona = persona_user.member
    if persona is None:
        return {}
    now = timezone.now()
    root = Organization.objects.get(path=persona.cell_path[:4])
    commune = Organization.objects.get(path=persona.cell_path[:12])
    events.event_save(
        user=province_staff,
        unit=root,
        title="Hội nghị trực tuyến quán triệt Nghị quyết Đại hội",
        starts_at=now + dt.timedelta(days=7, hours=1),
        place="Điểm cầu các xã, phường",
    )
    events.event_save(
        user=commune_staff,
        unit=commune,
        title="Giao ban bí thư chi bộ",
        starts_at=now + dt.timedelta(days=3),
        place="Hội trường Đảng ủy",
    )
    events.event_save(
        user=persona_user,
        title="Đi khám sức khỏe định kỳ",
        starts_at=now + dt.timedelta(days=1),
        remind_minutes=60,
    )
    cells = list(Organization.objects.get_children(commune).filter(kind="cell")[:3])
    task = tasks.task_create(
        user=commune_staff,
        unit=commune,
        title="Rà soát, báo cáo đảng viên cao tuổi được miễn sinh hoạt",
        description="Lập danh sách theo mẫu, kèm biên bản họp chi bộ.",
        due_at=now + dt.timedelta(days=5),
        units=cells,
    )
    for assignment, percent in zip(task.assignments.all(), (100, 50), strict=False):
        assignment.percent, assignment.reported_at = percent, now
        assignment.done_at = now if percent == 100 else None
        assignment.save()
    late = tasks.task_create(
        user=commune_staff,
        unit=commune,
        title="Nộp báo cáo sơ kết công tác quý III",
        due_at=now + dt.timedelta(hours=1),
        units=cells[1:],
    )
    Task.objects.filter(pk=late.pk).update(due_at=now - dt.timedelta(days=2))
    tasks.task_create(
        user=commune_staff,
        unit=commune,
        title="Chuẩn bị tham luận tại hội nghị điển hình tiên tiến",
        due_at=now + dt.timedelta(days=10),
        members=[persona],
    )
    notes.note_save(
        member=persona,
        title="Ý kiến phát biểu sinh hoạt chi bộ",
        body="Đề xuất chi bộ phân công đảng viên giúp đỡ hộ nghèo; hỏi về Điều 7 Điều lệ Đảng.",
    )
    notes.note_save(member=persona, title="Việc cần làm", body="Đóng đảng phí quý IV.")
    return {"chat": _chat(persona, secretary.member)}


def _chat(persona: Member, secretary: Member | None) -> int:
    from sotay.messaging import services
    from sotay.messaging.models import Conversation

    services.ensure_groups(persona)
    group = Conversation.objects.get(kind="cell", unit_id=persona.cell_id)
    writers = [secretary, *Member.objects.current().filter(cell_id=persona.cell_id)[:4]]
    count = 0
    for n, text in enumerate(CHAT):
        writer = writers[n % len(writers)]
        if writer is None:
            continue
        services.send(member=writer, conversation=group, client_id=uuid.uuid4(), body=text)
        count += 1
    return count
