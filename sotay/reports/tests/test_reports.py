"""Report centre: the worker's rollups agree with the records, up the tree and month by month;
periods combine months the way each figure needs; the page and its exports for the three
personas; bad periods get a Vietnamese message; the periodic refresh keeps one task queued."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from sotay.conftest import Personas, Tree, make_member, signed_in
from sotay.core.errors import DomainError
from sotay.meetings.choices import AttendanceStatus, MeetingKind, MeetingStatus
from sotay.meetings.models import Attendance, Meeting
from sotay.members.choices import MemberStatus, TransferKind, TransferStatus
from sotay.members.models import Member, Transfer
from sotay.reports import periods, rollup, selectors, tasks
from sotay.reports.metrics import SECTIONS
from sotay.reports.models import Rollup

TODAY = dt.date(2026, 12, 15)
OCT, NOV, DEC = dt.date(2026, 10, 1), dt.date(2026, 11, 1), dt.date(2026, 12, 1)


def _at(day: dt.date, hour: int = 19) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def values(unit: Any, month: dt.date) -> dict[str, int]:
    row = Rollup.objects.filter(path=unit.path, month=month).first()
    return row.values if row else {}


@pytest.fixture
def activity(tree: Tree, personas: Personas) -> dict[str, Any]:
    """November in the test tree: two admissions in C1, a death in C2, a held meeting in C1
    (3 of 4 present, draft 5 days ahead), a thematic one in C3, a member moved from C2 to C3
    (another district), and one who joined in December."""
    new = [
        make_member(tree.c1, "Đào Thị Én", gender="female", admitted_on=dt.date(2026, 11, 3),
                    full_member_on=None, status=MemberStatus.PROBATIONARY,
                    birth_date=dt.date(2000, 1, 1)),
        make_member(tree.c1, "Hà Văn Giang", admitted_on=dt.date(2026, 11, 20),
                    full_member_on=None, status=MemberStatus.PROBATIONARY, ethnicity="Tày"),
    ]  # fmt: skip
    died = make_member(tree.c2, "Vũ Văn Hòa", status=MemberStatus.DECEASED)
    Member.objects.filter(pk=died.pk).update(status_since=dt.date(2026, 11, 8))
    make_member(tree.c2, "Lý Thị Khuyên", admitted_on=dt.date(2026, 12, 2), full_member_on=None,
                status=MemberStatus.PROBATIONARY)  # fmt: skip
    moved = make_member(tree.c3, "Ông Văn Lâm")
    Transfer.objects.create(
        member=moved, kind=TransferKind.OFFICIAL, from_cell=tree.c2, to_cell=tree.c3,
        status=TransferStatus.ACCEPTED, reason="Chuyển nơi cư trú",
        sent_by=personas.committee, decided_at=_at(dt.date(2026, 11, 10)),
    )  # fmt: skip
    held = Meeting.objects.create(
        cell=tree.c1, kind=MeetingKind.REGULAR, title="Sinh hoạt tháng 11",
        starts_at=_at(dt.date(2026, 11, 5)), status=MeetingStatus.PUBLISHED,
        draft_posted_at=_at(dt.date(2026, 10, 31)), expected_count=4, present_count=3,
    )  # fmt: skip
    for member in Member.objects.filter(cell=tree.c1)[:3]:
        Attendance.objects.create(meeting=held, member=member, status=AttendanceStatus.PRESENT)
    Meeting.objects.create(
        cell=tree.c3, kind=MeetingKind.THEMATIC, title="Chuyên đề", status=MeetingStatus.CLOSED,
        starts_at=_at(dt.date(2026, 11, 12)), expected_count=2, present_count=2,
    )  # fmt: skip
    return {"new": new, "moved": moved}


def test_rollups_agree_with_the_records_up_the_tree(tree: Tree, activity: Any) -> None:
    rollup.refresh([OCT, NOV, DEC], today=TODAY)
    c1, g1, province = values(tree.c1, NOV), values(tree.g1, NOV), values(tree.province, NOV)
    # Members at the end of November, rebuilt from the dates: December's admission not yet,
    # the deceased no longer; the same as counting the records at each level.
    for unit in (tree.c1, tree.c2, tree.g1, tree.u2, tree.province):
        current = Member.objects.filter(
            cell_path__startswith=unit.path, status__in=("full", "probationary", "exempt")
        ).exclude(admitted_on__gt=dt.date(2026, 11, 30))
        assert values(unit, NOV).get("members", 0) == current.count(), unit.code
    assert c1["admitted"] == 2 and c1["probationary"] == 2 and c1.get("female", 0) >= 1
    assert c1["minority"] == 1 and c1["age_under_31"] == 1
    assert values(tree.c2, NOV)["deceased"] == 1 and province["deceased"] == 1
    assert values(tree.c2, OCT).get("deceased", 0) == 0
    assert values(tree.c2, DEC)["admitted"] == 1 and values(tree.c2, NOV).get("admitted", 0) == 0
    # The move crosses the districts: out of C2, G1, U1; into C3, G2, U2; not the province's.
    assert (
        values(tree.u1, NOV)["transferred_out"] == 1 and values(tree.u2, NOV)["transferred_in"] == 1
    )
    assert "transferred_in" not in province and "transferred_out" not in province
    # Meetings and attendance, summed up.
    assert (c1["meetings_held"], c1["meetings_in_advance"], c1["attendance_present"]) == (1, 1, 3)
    assert g1["attendance_expected"] == 4 and province["thematic_held"] == 1
    assert province["active"] == 3  # the three present at the meeting


def test_accounts_are_counted_from_their_activation(tree: Tree, personas: Personas) -> None:
    from sotay.members.models import User

    User.objects.update(activated_at=_at(dt.date(2026, 11, 20)))
    rollup.refresh([OCT, NOV], today=TODAY)
    assert values(tree.province, NOV)["accounts"] == 3
    assert values(tree.province, OCT).get("accounts", 0) == 0


def test_periods_sum_flows_and_keep_the_last_stock(tree: Tree, activity: Any) -> None:
    rollup.refresh([OCT, NOV, DEC], today=TODAY)
    quarter = periods.parse("2026-Q4", TODAY)
    report = selectors.report(tree.province, quarter, TODAY)
    assert report.figures["admitted"] == 3  # November's two and December's one
    assert report.figures["members"] == values(tree.province, DEC)["members"]
    assert report.figures["attendance_rate"] == round(100 * 5 / 6, 1)
    assert report.previous.code == "2026-Q3" and report.before["admitted"] == 0
    admitted = next(line for s in report.sections for line in s.lines if line.key == "admitted")
    assert admitted.trend == "up" and admitted.change_text == "+3"
    november = selectors.report(tree.province, periods.parse("2026-11", TODAY), TODAY)
    members = november.sections[0].lines[0]
    assert members.previous == values(tree.province, OCT)["members"]
    assert [c.org.code for c in november.sections[0].children] == ["U1", "U2"]
    assert not november.missing and selectors.report(
        tree.province, periods.parse("2026-01..2026-03", TODAY), TODAY
    ).missing == [dt.date(2026, 1, 1), dt.date(2026, 2, 1), dt.date(2026, 3, 1)]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2026-13", "không phải là tháng"),
        ("2027-01", "chưa bắt đầu"),
        ("1999", "từ năm 2000"),
        ("2026-06..2026-01", "phải sau tháng bắt đầu"),
        ("2020-01..2026-01", "dài nhất 36 tháng"),
        ("quy 4", "không hợp lệ"),
    ],
)
def test_bad_periods_are_refused_in_vietnamese(text: str, message: str) -> None:
    with pytest.raises(DomainError, match=message):
        periods.parse(text, TODAY)


def test_page_and_exports_for_the_three_personas(
    personas: Personas, tree: Tree, activity: Any
) -> None:
    this = timezone.localdate().replace(day=1)
    rollup.refresh([periods.add_months(this, -1), this])
    url = f"/quan-ly/bao-cao/{tree.g1.public_id}/"
    committee = signed_in(personas.committee)
    page = committee.get(url).content.decode()
    assert "Tình hình Đảng bộ xã A1" in page and "Chi bộ thôn Một" in page
    assert committee.get("/quan-ly/bao-cao/")["Location"] == url
    book = load_workbook(io.BytesIO(committee.get(url + "?xuat=xlsx").content), read_only=True)
    assert "Đảng bộ xã A1" in book.sheetnames and len(book.sheetnames) == len(SECTIONS) + 1
    pdf = committee.get(url + "?xuat=pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    # A unit above the committee member's scope, and the other branch: not found.
    assert committee.get(f"/quan-ly/bao-cao/{tree.province.public_id}/").status_code == 404
    assert committee.get(f"/quan-ly/bao-cao/{tree.g2.public_id}/").status_code == 404
    for who in (personas.member, personas.outsider):
        assert signed_in(who).get(url).status_code == 404
        assert signed_in(who).get(url + "?xuat=xlsx").status_code == 404
    assert signed_in(personas.member).get("/quan-ly/bao-cao/").status_code == 302
    # The outsider sees their own cell's report, not G1's children.
    own = signed_in(personas.outsider).get(f"/quan-ly/bao-cao/{tree.c3.public_id}/")
    assert own.status_code == 200 and "Chi bộ thôn Một" not in own.content.decode()


def test_bad_period_on_the_page_changes_nothing(personas: Personas, tree: Tree) -> None:
    committee = signed_in(personas.committee)
    before = Rollup.objects.count()
    r = committee.get(f"/quan-ly/bao-cao/{tree.g1.public_id}/?tu=2026-06&den=2026-01")
    assert r.status_code == 400 and "phải sau tháng bắt đầu" in r.content.decode()
    r = committee.post(f"/quan-ly/bao-cao/{tree.g1.public_id}/?ky=2026-99")
    assert r.status_code == 400 and Rollup.objects.count() == before


def test_refresh_keeps_one_task_queued_and_a_committee_can_ask_for_one(
    personas: Personas, tree: Tree, django_capture_on_commit_callbacks: Any
) -> None:
    from django_tasks_db.models import DBTaskResult

    assert tasks.ensure_scheduled() and not tasks.ensure_scheduled()
    waiting = DBTaskResult.objects.filter(task_path=tasks.refresh_due.module_path)
    assert waiting.count() == 1
    make_member(tree.c1, "Mạc Văn Nam")
    assert tasks.refresh_due.call() >= 5  # C1, G1, U1, the province (+ the personas' cells)
    assert values(tree.c1, timezone.localdate().replace(day=1))["members"] >= 1
    later = waiting.filter(status="READY").order_by("-run_after").first()
    assert later is not None and later.run_after > timezone.now()  # it queued its next run
    with django_capture_on_commit_callbacks(execute=True):
        r = signed_in(personas.committee).post(f"/quan-ly/bao-cao/{tree.g1.public_id}/?ky=2026")
    assert r.status_code == 302
    asked = DBTaskResult.objects.filter(task_path=tasks.refresh_months.module_path).get()
    assert len(asked.args_kwargs["args"][0]) >= 1
    assert (
        signed_in(personas.outsider)
        .post(f"/quan-ly/bao-cao/{tree.g1.public_id}/?ky=2026")
        .status_code
        == 404
    )
