"""No N+1: the list pages of participation, the planner and messaging cost the same number of
queries with one row as with many."""

import datetime as dt
import uuid

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sotay.conftest import Personas, Tree, make_member, signed_in
from sotay.messaging import services as messaging
from sotay.participation.services import consultations, inquiries, surveys
from sotay.planner.services import events, notes, tasks


def _count(client, url: str) -> int:  # noqa: ANN001
    client.get(url)  # the first visit of a session may write once (e.g. marking it active)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def _grow(personas: Personas, tree: Tree, n: int) -> None:
    now = timezone.now()
    member = personas.member.member
    for i in range(n):
        events.event_save(
            user=personas.member, title=f"Việc {i}", starts_at=now + dt.timedelta(hours=i + 1)
        )
        notes.note_save(member=member, title=f"Ghi chú {i}", body="nội dung")
        tasks.task_create(
            user=personas.committee,
            unit=tree.g1,
            title=f"Nhiệm vụ {i}",
            due_at=now + dt.timedelta(days=1),
            members=[member],
            units=[tree.c1, tree.c2],
        )
        s = surveys.survey_create(
            user=personas.committee,
            unit=tree.g1,
            audience=tree.g1,
            title=f"Khảo sát {i}",
            opens_at=now - dt.timedelta(minutes=1),
            closes_at=now + dt.timedelta(days=1),
        )
        surveys.question_add(user=personas.committee, survey=s, kind="scale", text="Mức")
        surveys.survey_open(user=personas.committee, survey=s)
        consultations.consultation_create(
            user=personas.committee,
            unit=tree.g1,
            audience=tree.g1,
            title=f"Dự thảo {i}",
            closes_at=now + dt.timedelta(days=2),
            text="Điều 1. Một.",
        )
        inquiries.inquiry_send(
            member=member, to=tree.c1, kind="question", subject=f"Hỏi {i}", body="?"
        )
        other = make_member(tree.c1, f"Người nhắn {i}")
        conversation = messaging.direct(user=personas.committee, other=other)
        messaging.send(member=other, conversation=conversation, client_id=uuid.uuid4(), body="Chào")
        messaging.ensure_groups(member)
        group = conversation.__class__.objects.get(kind="cell", unit=tree.c1)
        messaging.send(member=other, conversation=group, client_id=uuid.uuid4(), body=f"Tin {i}")


MEMBER_PAGES = ["/y-kien/", "/nhiem-vu/", "/so-tay/ghi-chu/", "/lich/?xem=tuan", "/tin-nhan/"]
COMMITTEE_PAGES = ["/quan-ly/y-kien/", "/quan-ly/nhiem-vu/", "/tin-nhan/"]


def test_list_pages_do_not_grow_with_rows(personas: Personas, tree: Tree) -> None:
    _grow(personas, tree, 1)
    member, committee = signed_in(personas.member), signed_in(personas.committee)
    before = {u: _count(member, u) for u in MEMBER_PAGES}
    before |= {"c" + u: _count(committee, u) for u in COMMITTEE_PAGES}
    _grow(personas, tree, 4)
    after = {u: _count(member, u) for u in MEMBER_PAGES}
    after |= {"c" + u: _count(committee, u) for u in COMMITTEE_PAGES}
    assert after == before
