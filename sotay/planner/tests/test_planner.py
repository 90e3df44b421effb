"""Calendar (lunar dates, unit events, meetings, the private feed), tasks with progress reports
and overdue flags, private notes — with the three personas."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from icalendar import Calendar

from sotay.conftest import Personas, Tree, signed_in
from sotay.core.errors import DomainError
from sotay.meetings.models import Meeting
from sotay.notices.models import Notification
from sotay.planner.models import Assignment, Report
from sotay.planner.services import events, notes, tasks
from sotay.planner.services.tasks import flag_overdue_now


def _meeting(tree: Tree) -> Meeting:
    return Meeting.objects.create(
        cell=tree.c1,
        kind="regular",
        title="Sinh hoạt chi bộ tháng sau",
        starts_at=timezone.now() + dt.timedelta(days=3),
        place="Nhà văn hóa thôn Một",
    )


def test_feed_is_a_real_icalendar_with_the_next_meeting(personas: Personas, tree: Tree) -> None:
    _meeting(tree)
    events.event_save(
        user=personas.committee,
        unit=tree.g1,
        title="Hội nghị quán triệt nghị quyết",
        starts_at=timezone.now() + dt.timedelta(days=5),
    )
    events.event_save(
        user=personas.member,
        title="Khám sức khỏe",
        starts_at=timezone.now() + dt.timedelta(days=1),
        remind_minutes=60,
    )
    client = signed_in(personas.member)
    page = client.get("/lich/dong-bo/").content.decode()
    token = page.split("/lich/ical/")[1].split(".ics")[0]
    anonymous = signed_in(personas.outsider)
    anonymous.logout()
    body = anonymous.get(f"/lich/ical/{token}.ics")
    assert body.status_code == 200 and body["Content-Type"].startswith("text/calendar")
    cal = Calendar.from_ical(body.content)
    titles = sorted(str(e.get("summary")) for e in cal.walk("VEVENT"))
    assert titles == [
        "Hội nghị quán triệt nghị quyết",
        "Khám sức khỏe",
        "Sinh hoạt chi bộ tháng sau",
    ]
    meeting = next(e for e in cal.walk("VEVENT") if "Sinh hoạt" in str(e.get("summary")))
    assert str(meeting.get("location")) == "Nhà văn hóa thôn Một"
    # Revoking the address: the old one stops working at once.
    client.post("/lich/dong-bo/")
    assert anonymous.get(f"/lich/ical/{token}.ics").status_code == 404
    # The outsider's feed has none of the cell's or commune's events.
    outsider_page = signed_in(personas.outsider).get("/lich/dong-bo/").content.decode()
    other = outsider_page.split("/lich/ical/")[1].split(".ics")[0]
    assert Calendar.from_ical(anonymous.get(f"/lich/ical/{other}.ics").content).walk("VEVENT") == []


def test_calendar_pages_show_lunar_dates(personas: Personas, tree: Tree) -> None:
    client = signed_in(personas.member)
    month = client.get("/lich/?xem=thang&ngay=2026-02-01").content.decode()
    assert "âm lịch 1/1" in month  # 17/02/2026 is Tết
    day = client.get("/lich/?xem=ngay&ngay=2026-02-17").content.decode()
    assert "ngày 1 tháng 1 năm 2026" in day
    assert client.get("/lich/?xem=tuan&ngay=nonsense").status_code == 200


def test_event_access_and_ics(personas: Personas, tree: Tree) -> None:
    mine = events.event_save(
        user=personas.member, title="Việc riêng", starts_at=timezone.now() + dt.timedelta(days=2)
    )
    unit = events.event_save(
        user=personas.committee,
        unit=tree.g1,
        title="Lịch xã",
        starts_at=timezone.now() + dt.timedelta(days=2),
    )
    member = signed_in(personas.member)
    assert member.get(f"/lich/su-kien/{mine.public_id}/").status_code == 200
    ics = member.get(f"/lich/su-kien/{unit.public_id}.ics")
    assert Calendar.from_ical(ics.content).walk("VEVENT")[0]["summary"] == "Lịch xã"
    assert signed_in(personas.committee).get(f"/lich/su-kien/{mine.public_id}/").status_code == 404
    assert signed_in(personas.outsider).get(f"/lich/su-kien/{unit.public_id}/").status_code == 404
    assert member.post(f"/lich/su-kien/{unit.public_id}/xoa/").status_code == 404
    with pytest.raises(DomainError):
        events.event_save(user=personas.member, unit=tree.g1, title="x", starts_at=timezone.now())
    bad = member.post(
        "/lich/su-kien/moi/",
        {"title": "Sai giờ", "starts_at": "2026-12-01T10:00", "ends_at": "2026-12-01T09:00"},
    )
    assert bad.status_code == 400 and "Giờ kết thúc phải sau" in bad.content.decode()


def test_task_to_two_cells_progress_and_overdue(personas: Personas, tree: Tree) -> None:
    from sotay.conftest import make_member, make_user
    from sotay.orgs.models import Position

    secretaries = []
    for cell in (tree.c1, tree.c2):
        m = make_member(cell, f"Bí thư {cell.code}")
        Position.objects.create(
            member=m, org=cell, kind="secretary", started_on=dt.date(2020, 1, 1)
        )
        secretaries.append(make_user(m))
    task = tasks.task_create(
        user=personas.committee,
        unit=tree.g1,
        title="Rà soát đảng viên miễn sinh hoạt",
        due_at=timezone.now() + dt.timedelta(hours=1),
        units=[tree.c1, tree.c2],
    )
    with pytest.raises(DomainError, match="không phải đơn vị trực thuộc"):
        tasks.task_create(
            user=personas.committee,
            unit=tree.g1,
            title="x",
            due_at=timezone.now() + dt.timedelta(days=1),
            units=[tree.c3],
        )
    c1 = Assignment.objects.get(task=task, unit=tree.c1)
    c2 = Assignment.objects.get(task=task, unit=tree.c2)
    first = signed_in(secretaries[0])
    assert first.get(f"/nhiem-vu/{c2.public_id}/").status_code == 404
    first.post(f"/nhiem-vu/{c1.public_id}/", {"percent": 50, "text": "Đã rà soát xóm 1"})
    upload = SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.4\n%%EOF\n")
    response = first.post(
        f"/nhiem-vu/{c1.public_id}/", {"percent": 100, "text": "Xong", "file": upload}
    )
    assert response.status_code in (302, 400)
    if response.status_code == 400:  # a minimal PDF pypdf cannot read: the report is refused whole
        assert Report.objects.filter(assignment=c1).count() == 1
        first.post(f"/nhiem-vu/{c1.public_id}/", {"percent": 100, "text": "Xong"})
    c1.refresh_from_db()
    assert c1.percent == 100 and c1.done_at is not None
    bad = first.post(f"/nhiem-vu/{c1.public_id}/", {"percent": 150})
    assert bad.status_code == 400
    assert signed_in(personas.member).get(f"/nhiem-vu/{c1.public_id}/").status_code == 404
    # The deadline passes: only the cell that has not finished is flagged, on both sides.
    from sotay.planner.models import Task

    Task.objects.filter(pk=task.pk).update(due_at=timezone.now() - dt.timedelta(minutes=1))
    assert flag_overdue_now(task.pk) == 1
    assert Notification.objects.filter(
        member=secretaries[1].member, title__startswith="Quá hạn"
    ).exists()
    assert not Notification.objects.filter(
        member=secretaries[0].member, title__startswith="Quá hạn"
    ).exists()
    assert Notification.objects.filter(
        member=personas.committee.member, title__contains="quá hạn"
    ).exists()
    page = (
        signed_in(personas.committee).get(f"/quan-ly/nhiem-vu/{task.public_id}/").content.decode()
    )
    assert "1 quá hạn" in page and "Hoàn thành" in page
    assert signed_in(personas.outsider).get(f"/quan-ly/nhiem-vu/{task.public_id}/").status_code in (
        403,
        404,
    )
    assert (
        signed_in(secretaries[1]).get("/nhiem-vu/").content.decode().count('data-testid="overdue"')
        == 1
    )
    listing = signed_in(personas.committee).get("/quan-ly/nhiem-vu/")
    assert (
        listing.status_code == 200
        and "Rà soát đảng viên miễn sinh hoạt" in listing.content.decode()
    )
    assert signed_in(personas.member).get("/quan-ly/nhiem-vu/").status_code == 403


def test_notes_are_private_searchable_and_linked(personas: Personas, tree: Tree) -> None:
    note = notes.note_save(
        member=personas.member.member, title="Chuẩn bị phát biểu", body="Ý kiến về Điều lệ Đảng"
    )
    client = signed_in(personas.member)
    assert "Chuẩn bị phát biểu" in client.get("/so-tay/ghi-chu/?q=dieu le").content.decode()
    assert "Chuẩn bị phát biểu" not in client.get("/so-tay/ghi-chu/?q=ngan sach").content.decode()
    assert (
        signed_in(personas.committee).get(f"/so-tay/ghi-chu/{note.public_id}/").status_code == 404
    )
    meeting = _meeting(tree)
    response = client.post(
        "/so-tay/ghi-chu/", {"title": "Ghi buổi họp", "sinh-hoat": str(meeting.public_id)}
    )
    assert response.status_code == 302
    from sotay.planner.models import Note

    assert Note.objects.get(title="Ghi buổi họp").meeting == meeting
    outsider = signed_in(personas.outsider)
    outsider.post("/so-tay/ghi-chu/", {"title": "Lén", "sinh-hoat": str(meeting.public_id)})
    assert Note.objects.get(title="Lén").meeting is None  # cannot attach to another cell's meeting
    assert client.post("/so-tay/ghi-chu/", {"title": "", "body": ""}).status_code == 400
    offline = client.get("/noi-dung/ngoai-tuyen.json").json()["urls"]
    assert f"/so-tay/ghi-chu/{note.public_id}/" in offline
