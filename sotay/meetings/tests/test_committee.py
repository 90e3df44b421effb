"""Committee meetings (Điều lệ Điều 22: "chi uỷ họp thường lệ mỗi tháng một lần"; QĐ 294
20.3.3) with the three personas: the committee members are expected, the cell's other members
do not see it, the other branch gets 404, and the report centre counts it apart."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from sotay.conftest import Personas, Tree, make_member, make_user, signed_in
from sotay.core.errors import DomainError
from sotay.meetings import services
from sotay.meetings.access import meetings_of_member
from sotay.meetings.models import Meeting
from sotay.members.models import User
from sotay.orgs.choices import PositionKind
from sotay.orgs.models import Organization, Position


def _seat(cell: Organization, name: str, kind: str) -> User:
    member = make_member(cell, name)
    Position.objects.create(member=member, org=cell, kind=kind, started_on=dt.date(2024, 1, 1))
    return make_user(member, totp=True)


def _create(personas: Personas, unit: Organization) -> Meeting:
    return services.meeting_create(
        user=personas.committee, cell=unit, kind="committee",
        starts_at=timezone.now() + dt.timedelta(days=2), place="Phòng họp chi bộ",
    )  # fmt: skip


def test_a_committee_meets_only_when_it_has_one(personas: Personas, tree: Tree) -> None:
    with pytest.raises(DomainError, match="chưa có cấp ủy"):
        _create(personas, tree.c1)
    assert not Meeting.objects.exists()
    _seat(tree.c1, "Bí Thư Một", PositionKind.SECRETARY)
    _seat(tree.c1, "Phó Bí Thư Một", PositionKind.DEPUTY_SECRETARY)
    meeting = _create(personas, tree.c1)
    assert meeting.title.startswith("Họp chi ủy Chi bộ thôn Một tháng")
    with pytest.raises(DomainError, match="cấp ủy thì chọn"):
        services.meeting_create(
            user=personas.committee, cell=tree.g1, kind="regular",
            starts_at=timezone.now() + dt.timedelta(days=2),
        )  # fmt: skip


def test_only_the_committee_is_expected_and_sees_it(personas: Personas, tree: Tree) -> None:
    secretary = _seat(tree.c1, "Bí Thư Một", PositionKind.SECRETARY)
    deputy = _seat(tree.c1, "Phó Bí Thư Một", PositionKind.DEPUTY_SECRETARY)
    meeting = _create(personas, tree.c1)
    assert set(services.attendees(meeting)) == {secretary.member, deputy.member}
    assert meeting in meetings_of_member(secretary)
    assert meeting not in meetings_of_member(personas.member)
    url = f"/sinh-hoat/{meeting.public_id}/"
    assert signed_in(secretary).get(url).status_code == 200
    assert signed_in(personas.member).get(url).status_code == 404
    assert signed_in(personas.outsider).get(url).status_code == 404
    services.meeting_open(user=secretary, meeting=meeting)
    with pytest.raises(DomainError, match="không phải cấp ủy viên"):
        services.checkin_manual(user=secretary, meeting=meeting, member=personas.member.member)  # type: ignore[arg-type]
    services.checkin_manual(user=secretary, meeting=meeting, member=deputy.member)  # type: ignore[arg-type]
    closed = services.meeting_close(user=secretary, meeting=meeting)
    assert (closed.expected_count, closed.present_count) == (2, 1)

    from sotay.reports import rollup
    from sotay.reports.models import Rollup

    rollup.refresh([meeting.month])
    values = Rollup.objects.get(path=tree.c1.path, month=meeting.month).values
    assert values["committee_held"] == 1 and "attendance_expected" not in values


def test_a_commune_committee_meeting_from_the_oversight_page(
    personas: Personas, tree: Tree
) -> None:
    for name, kind in (("Bí Thư Xã", "secretary"), ("Ủy Viên Xã", "committee_member")):
        member = make_member(tree.c2, name)
        Position.objects.create(
            member=member, org=tree.g1, kind=kind, started_on=dt.date(2024, 1, 1)
        )
    url = f"/quan-ly/sinh-hoat/giam-sat/{tree.g1.public_id}/"
    when = (timezone.localtime() + dt.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    response = signed_in(personas.committee).post(
        url, {"action": "committee", "starts_at": when, "place": "Hội trường xã"}
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert meeting.cell == tree.g1 and meeting.title.startswith("Họp cấp ủy Đảng bộ xã A1")
    assert "Họp cấp ủy Đảng bộ xã A1" in signed_in(personas.committee).get(url).content.decode()
    assert signed_in(personas.outsider).post(url, {"action": "committee"}).status_code == 404
