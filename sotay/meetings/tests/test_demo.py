"""The demo's meetings are what a member and a secretary would see in a real cell."""

import io

import pytest
from django.core.management import call_command
from django.db.models import Count, Q
from django.utils import timezone

from sotay.meetings.choices import AttendanceStatus
from sotay.meetings.models import Meeting
from sotay.members.accounts import find_user


@pytest.mark.django_db
def test_demo_meetings_match_their_roll_calls_and_one_is_ahead() -> None:
    call_command("demo", "--size", "tiny", stdout=io.StringIO())
    member = find_user("0900000001").member
    ahead = Meeting.objects.filter(cell=member.cell, starts_at__gt=timezone.now())
    assert ahead.exists()  # the demo member has a meeting to prepare for
    held = Meeting.objects.filter(opened_at__isnull=False).annotate(
        rows=Count("attendance"),
        present=Count("attendance", filter=Q(attendance__status=AttendanceStatus.PRESENT)),
        excused=Count("attendance", filter=Q(attendance__status=AttendanceStatus.EXCUSED)),
    )
    assert held.exists()
    for m in held:
        assert (m.expected_count, m.present_count, m.excused_count) == (
            m.rows,
            m.present,
            m.excused,
        )
        assert m.attendance.filter(checked_at=m.opened_at).count() == m.rows
