"""A month of a cell: schedule, draft, comments that keep their place, attendance, minutes."""

import datetime as dt
import io

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from sotay.conftest import Personas, Tree, make_member, make_user, signed_in
from sotay.core.errors import DomainError
from sotay.identity.services import card_code, card_revoke
from sotay.meetings import selectors, services
from sotay.meetings.choices import AttendanceStatus, MeetingStatus
from sotay.meetings.models import Attendance, Comment, Meeting


@pytest.fixture
def meeting(personas: Personas, tree: Tree) -> Meeting:
    return services.meeting_create(
        user=personas.committee,
        cell=tree.c1,
        kind="regular",
        starts_at=timezone.now() + dt.timedelta(days=5),
        place="Nhà văn hóa thôn",
    )


DRAFT = (
    "Nghị quyết tháng này.\nMột là, làm đường.\nHai là, thu đảng phí đúng hạn.\nBa là, trồng cây."
)


VN = dt.timezone(dt.timedelta(hours=7))


@pytest.mark.parametrize(
    "now",
    [
        dt.datetime(2026, 3, 1, 8, 0, tzinfo=VN),
        dt.datetime(2026, 12, 3, 10, 0, tzinfo=VN),  # the meeting day itself, before the hour
        dt.datetime(2027, 1, 31, 23, 30, tzinfo=VN),  # month end, near midnight
        dt.datetime(2028, 2, 29, 12, 0, tzinfo=VN),  # leap day
        dt.datetime(2027, 2, 6, 8, 0, tzinfo=VN),  # Tết Đinh Mùi
    ],
    ids=lambda d: f"{d:%Y-%m-%dT%H:%M}",
)
def test_schedule_plan_and_one_regular_meeting_per_month(
    personas: Personas, tree: Tree, now: dt.datetime
) -> None:
    with time_machine.travel(now, tick=False):
        _schedule_plan_and_one_regular_meeting_per_month(personas, tree)


def _schedule_plan_and_one_regular_meeting_per_month(personas: Personas, tree: Tree) -> None:
    services.schedule_set(
        user=personas.committee,
        cell=tree.c1,
        day_of_month=3,
        time=dt.time(19, 30),
        place="Nhà văn hóa",
    )
    made = services.meetings_plan(user=personas.committee, cell=tree.c1, months=3)
    assert made == 3 and Meeting.objects.filter(cell=tree.c1).count() == 3
    first = Meeting.objects.filter(cell=tree.c1).order_by("starts_at").first()
    assert first is not None and "19:30" in f"{timezone.localtime(first.starts_at):%H:%M}"
    with pytest.raises(DomainError, match="đã có buổi sinh hoạt thường kỳ"):
        services.meeting_create(
            user=personas.committee,
            cell=tree.c1,
            kind="regular",
            starts_at=first.starts_at + dt.timedelta(hours=2),
        )
    assert services.meetings_plan(user=personas.committee, cell=tree.c1, months=3) == 0
    from sotay.notices.models import Reminder

    keys = set(Reminder.objects.values_list("key", flat=True))
    # The day-before reminder only when the day before is still ahead (on the meeting day
    # itself it would be in the past: failed on every 3rd of the month before).
    ahead = first.starts_at - timezone.now()
    assert (f"meeting:{first.pk}:day" in keys) == (ahead > dt.timedelta(days=1))
    assert f"meeting:{first.pk}:hour" in keys
    with pytest.raises(DomainError, match="chuyên đề"):
        services.meeting_create(
            user=personas.committee, cell=tree.c1, kind="thematic", starts_at=first.starts_at
        )


def test_comments_keep_their_paragraph_when_the_draft_is_revised(
    meeting: Meeting, personas: Personas
) -> None:
    services.draft_post(user=personas.committee, meeting=meeting, text=DRAFT)
    paras = services.current_paragraphs(meeting)
    member = personas.member.member
    on_fee = services.comment_add(
        member=member, meeting=meeting, paragraph_key=paras[2].key, text="Nên ghi rõ hạn nộp."
    )
    on_trees = services.comment_add(
        member=member, meeting=meeting, paragraph_key=paras[3].key, text="Trồng cây gì?"
    )
    revised = (
        "Nghị quyết tháng này.\nMột là, làm đường liên thôn.\n"
        "Hai là, thu đảng phí đúng hạn trước ngày 10.\nBốn là, thăm hỏi gia đình chính sách."
    )
    services.draft_post(user=personas.committee, meeting=meeting, text=revised, note="Tiếp thu")
    paragraphs, general, orphaned = selectors.draft_with_comments(meeting)
    fee = next(p for p in paragraphs if "đảng phí" in p.text)
    assert [c.pk for c in fee.comments] == [on_fee.pk]  # edited paragraph keeps its comment
    assert [c.pk for c in orphaned] == [on_trees.pk]  # its paragraph was dropped
    with pytest.raises(DomainError, match="chưa thay đổi"):
        services.draft_post(user=personas.committee, meeting=meeting, text=revised)
    with pytest.raises(DomainError, match="không còn"):
        services.comment_add(member=member, meeting=meeting, paragraph_key=paras[3].key, text="x")
    outsider = personas.outsider.member
    with pytest.raises(DomainError, match="Chỉ đảng viên của chi bộ"):
        services.comment_add(member=outsider, meeting=meeting, text="Ý kiến")
    services.comment_decide(user=personas.committee, comment=on_fee, decision="adopted")
    with pytest.raises(DomainError, match="giải trình"):
        services.comment_decide(user=personas.committee, comment=on_fee, decision="answered")


def test_check_in_by_the_number_printed_on_the_card(
    meeting: Meeting, personas: Personas, tree: Tree
) -> None:
    """A member without a phone shows the paper card; the secretary types its number."""
    third = make_member(tree.c1, "Vũ Thị Ba", party_card_number="12345678")
    services.meeting_open(user=personas.committee, meeting=meeting)
    attendance = services.checkin_card(user=personas.committee, meeting=meeting, code="1234 5678")
    assert attendance.member == third and attendance.method == "manual"
    with pytest.raises(DomainError, match="đã điểm danh"):
        services.checkin_card(user=personas.committee, meeting=meeting, code="12345678")
    # Another branch's member, or no one: refused, nothing written.
    outsider_number = personas.outsider.member.party_card_number
    for number in (outsider_number, "99999999"):
        with pytest.raises(
            DomainError, match=f"Không có đảng viên nào của chi bộ mang số thẻ {number}"
        ):
            services.checkin_card(user=personas.committee, meeting=meeting, code=number)
    assert Attendance.objects.filter(meeting=meeting).count() == 1
    # Only the cell's committee checks members in.
    with pytest.raises(PermissionDenied):
        services.checkin_card(user=personas.member, meeting=meeting, code="12345678")


def test_attendance_by_card_hand_and_absence(
    meeting: Meeting, personas: Personas, tree: Tree
) -> None:
    third = make_member(tree.c1, "Vũ Thị Ba", phone="0911000031")
    services.draft_post(user=personas.committee, meeting=meeting, text=DRAFT)
    code = card_code(personas.member.member)
    with pytest.raises(DomainError, match="chưa bắt đầu"):
        services.checkin_card(user=personas.committee, meeting=meeting, code=code)
    services.meeting_open(user=personas.committee, meeting=meeting)
    services.checkin_card(user=personas.committee, meeting=meeting, code=code)
    with pytest.raises(DomainError, match="đã điểm danh"):
        services.checkin_card(user=personas.committee, meeting=meeting, code=code)
    with pytest.raises(DomainError, match="không sinh hoạt ở chi bộ này"):
        services.checkin_card(
            user=personas.committee, meeting=meeting, code=card_code(personas.outsider.member)
        )
    card_revoke(member=third, actor=personas.committee, reason="Mất máy")  # no card yet: no-op
    revoked_code = card_code(third)
    card_revoke(member=third, actor=personas.committee, reason="Mất máy")
    with pytest.raises(DomainError, match="thu hồi"):
        services.checkin_card(user=personas.committee, meeting=meeting, code=revoked_code)
    forged = code[:-2] + ("0" if code[-2] != "0" else "1") + code[-1]
    with pytest.raises(DomainError):
        services.checkin_card(user=personas.committee, meeting=meeting, code=forged)
    services.checkin_manual(
        user=personas.committee, meeting=meeting, member=personas.committee.member
    )
    services.absence_record(user=personas.committee, meeting=meeting, member=third, reason="ill")
    # A comment during the meeting is marked as such.
    during = services.comment_add(member=personas.member.member, meeting=meeting, text="Đồng ý")
    assert during.during_meeting
    services.meeting_close(user=personas.committee, meeting=meeting)
    meeting.refresh_from_db()
    assert (meeting.expected_count, meeting.present_count, meeting.excused_count) == (3, 2, 1)
    with pytest.raises(DomainError, match="kết thúc"):
        services.comment_add(member=personas.member.member, meeting=meeting, text="Muộn")
    assert Comment.objects.filter(meeting=meeting).count() == 1
    assert Attendance.objects.filter(meeting=meeting, status=AttendanceStatus.PRESENT).count() == 2
    with pytest.raises(DomainError, match="vượt số đảng viên có mặt"):
        services.minutes_save(
            user=personas.committee,
            meeting=meeting,
            chair="A",
            secretary="B",
            content="C",
            conclusions="D",
            resolution="E",
            votes_for=5,
        )
    with pytest.raises(DomainError, match="biên bản"):
        services.meeting_publish(user=personas.committee, meeting=meeting)
    services.minutes_save(
        user=personas.committee,
        meeting=meeting,
        chair="Trần Thị Bình",
        secretary="Lê Văn Cường",
        content="Quán triệt nghị quyết.",
        conclusions="Thống nhất.",
        resolution=DRAFT,
        votes_for=2,
    )
    services.meeting_publish(user=personas.committee, meeting=meeting)
    assert Meeting.objects.get(pk=meeting.pk).status == MeetingStatus.PUBLISHED
    from sotay.meetings.exports import minutes_docx, minutes_pdf

    assert minutes_pdf(meeting).startswith(b"%PDF")
    import docx

    text = "\n".join(p.text for p in docx.Document(io.BytesIO(minutes_docx(meeting))).paragraphs)
    assert "BIÊN BẢN SINH HOẠT CHI BỘ" in text and "vắng có lý do: 1" in text


def test_oversight_and_common_date(personas: Personas, tree: Tree) -> None:
    when = timezone.now() + dt.timedelta(days=2)
    n = services.meetings_set_common_date(
        user=personas.committee,
        unit=tree.g1,
        day=timezone.localtime(when).date(),
        time=dt.time(19, 0),
    )
    assert n == 2  # C1 and C2
    month = timezone.localtime(when).date().replace(day=1)
    rows = {r.label: r for r in selectors.oversight(tree.g1, month)}
    assert rows["Chi bộ thôn Một"].scheduled == 1 and rows["Chi bộ thôn Một"].held == 0
    meeting = Meeting.objects.get(cell=tree.c1, month=month)
    services.meeting_open(user=personas.committee, meeting=meeting)
    services.checkin_manual(user=personas.committee, meeting=meeting, member=personas.member.member)
    services.meeting_close(user=personas.committee, meeting=meeting)
    rows = {r.label: r for r in selectors.oversight(tree.u1, month)}
    assert rows["Đảng bộ xã A1"].held == 1 and rows["Đảng bộ xã A1"].cells == 2
    assert rows["Đảng bộ xã A1"].attendance == 50


def test_access_three_personas(meeting: Meeting, personas: Personas, tree: Tree) -> None:
    url = f"/sinh-hoat/{meeting.public_id}/"
    assert signed_in(personas.member).get(url).status_code == 200
    assert signed_in(personas.outsider).get(url).status_code == 404
    console = f"/quan-ly/sinh-hoat/{meeting.public_id}/"
    assert signed_in(personas.committee).get(console).status_code == 200
    assert signed_in(personas.member).get(console).status_code == 403
    assert signed_in(personas.outsider).get(console).status_code == 404
    oversight = f"/quan-ly/sinh-hoat/giam-sat/{tree.g1.public_id}/"
    assert signed_in(personas.committee).get(oversight).status_code == 200
    assert signed_in(personas.outsider).get(oversight).status_code == 404
    assert make_user  # fixtures module in use


def test_api_meetings_comments_card(meeting: Meeting, personas: Personas) -> None:
    import json

    services.draft_post(user=personas.committee, meeting=meeting, text=DRAFT)
    client = signed_in(personas.member)
    listed = client.get("/api/v1/meetings").json()
    assert listed[0]["id"] == str(meeting.public_id) and listed[0]["draft_posted"]
    detail = client.get(f"/api/v1/meetings/{meeting.public_id}").json()
    key = detail["paragraphs"][1]["key"]
    made = client.post(
        f"/api/v1/meetings/{meeting.public_id}/comments",
        json.dumps({"text": "Bổ sung tuyến đường", "paragraph_key": key}),
        content_type="application/json",
    )
    assert made.status_code == 201
    detail = client.get(f"/api/v1/meetings/{meeting.public_id}").json()
    assert detail["paragraphs"][1]["my_comments"][0]["decision"] == "pending"
    empty = client.post(
        f"/api/v1/meetings/{meeting.public_id}/comments",
        json.dumps({"text": "  "}),
        content_type="application/json",
    )
    assert empty.status_code == 400 and "nội dung" in empty.json()["detail"]
    card = client.get("/api/v1/card").json()
    from sotay.identity.services import card_check

    assert card_check(card["code"]) == personas.member.member
    outsider = signed_in(personas.outsider)
    assert outsider.get(f"/api/v1/meetings/{meeting.public_id}").status_code == 404


def test_points_for_attending_and_adopted_comments(meeting: Meeting, personas: Personas) -> None:
    from sotay.study import points

    member = personas.member.member
    services.draft_post(user=personas.committee, meeting=meeting, text=DRAFT)
    comment = services.comment_add(member=member, meeting=meeting, text="Ý kiến")
    services.comment_decide(user=personas.committee, comment=comment, decision="adopted")
    services.meeting_open(user=personas.committee, meeting=meeting)
    services.checkin_manual(user=personas.committee, meeting=meeting, member=member)
    services.meeting_close(user=personas.committee, meeting=meeting)
    assert points.total(member) == 3 + 5
