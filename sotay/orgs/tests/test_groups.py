"""Tổ đảng inside a cell (Điều lệ Điều 22, QĐ 294 20.3.2) with the three personas."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from sotay.conftest import Personas, Tree, make_member, signed_in
from sotay.core.errors import DomainError
from sotay.members.models import Member
from sotay.orgs import groups
from sotay.orgs.models import PartyGroup


def _url(tree: Tree) -> str:
    return f"/quan-ly/don-vi/{tree.c1.public_id}/to-dang/"


def test_bad_groups_write_nothing(personas: Personas, tree: Tree) -> None:
    staff = personas.committee
    with pytest.raises(DomainError, match="đặt tên"):
        groups.group_create(actor=staff, cell=tree.c1, name="  ")
    with pytest.raises(DomainError, match="trong chi bộ"):
        groups.group_create(actor=staff, cell=tree.g1, name="Tổ 1")
    with pytest.raises(PermissionDenied):
        groups.group_create(actor=personas.outsider, cell=tree.c1, name="Tổ 1")
    with pytest.raises(PermissionDenied):
        groups.group_create(actor=personas.member, cell=tree.c1, name="Tổ 1")
    first = groups.group_create(actor=staff, cell=tree.c1, name="Tổ đảng số 1")
    with pytest.raises(DomainError, match="đã có"):
        groups.group_create(actor=staff, cell=tree.c1, name="tổ đảng số 1")
    stranger = make_member(tree.c3, "Người Nơi Khác")
    member = personas.member.member
    assert member is not None
    with pytest.raises(DomainError, match="1 người không phải"):
        groups.group_assign(
            actor=staff, cell=tree.c1, group=first, member_ids=[member.pk, stranger.pk]
        )
    assert not Member.objects.filter(party_group__isnull=False).exists()
    assert PartyGroup.objects.count() == 1


def test_a_cell_divides_into_groups_and_elects_leaders(personas: Personas, tree: Tree) -> None:
    staff, member = personas.committee, personas.member.member
    assert member is not None and staff.member is not None
    one = groups.group_create(actor=staff, cell=tree.c1, name="Tổ đảng số 1")
    two = groups.group_create(actor=staff, cell=tree.c1, name="Tổ đảng số 2")
    assert (
        groups.group_assign(
            actor=staff, cell=tree.c1, group=one, member_ids=[member.pk, staff.member.pk]
        )
        == 2
    )
    with pytest.raises(DomainError, match="Tổ phó phải là một đảng viên khác"):
        groups.group_set_leaders(actor=staff, group=one, leader_id=member.pk, deputy_id=member.pk)
    with pytest.raises(DomainError, match="Tổ trưởng phải là đảng viên của tổ"):
        groups.group_set_leaders(actor=staff, group=two, leader_id=member.pk, deputy_id=None)
    groups.group_set_leaders(actor=staff, group=one, leader_id=member.pk, deputy_id=staff.member.pk)
    # Moving the leader to another group ends their leadership of the first.
    groups.group_assign(actor=staff, cell=tree.c1, group=two, member_ids=[member.pk])
    one.refresh_from_db()
    assert one.leader_id is None and one.deputy_id == staff.member.pk
    page = signed_in(personas.member).get("/chi-bo/").content.decode()
    assert "Tổ đảng số 2" in page
    groups.group_dissolve(actor=staff, group=two)
    assert Member.objects.get(pk=member.pk).party_group_id is None
    with pytest.raises(DomainError, match="đã giải thể"):
        groups.group_dissolve(actor=staff, group=two)


def test_the_groups_page_by_persona(personas: Personas, tree: Tree) -> None:
    committee = signed_in(personas.committee)
    assert committee.post(_url(tree), {"action": "create", "name": ""}).status_code == 400
    assert committee.post(_url(tree), {"action": "create", "name": "Tổ 1"}).status_code == 302
    group = PartyGroup.objects.get()
    member = personas.member.member
    assert member is not None
    r = committee.post(
        _url(tree), {"action": "assign", "group": str(group.public_id), "members": [member.pk]}
    )
    assert r.status_code == 302 and Member.objects.get(pk=member.pk).party_group == group
    page = committee.get(_url(tree)).content.decode()
    assert 'data-testid="party-group"' in page and "Lê Văn Cường" in page
    assert signed_in(personas.member).get(_url(tree)).status_code == 404
    assert signed_in(personas.outsider).get(_url(tree)).status_code == 404
    r = signed_in(personas.outsider).post(_url(tree), {"action": "create", "name": "Tổ X"})
    assert r.status_code == 404 and PartyGroup.objects.count() == 1


def test_a_member_who_transfers_leaves_the_group(personas: Personas, tree: Tree) -> None:
    from sotay.members.services import members_move_cell

    staff, member = personas.committee, personas.member.member
    assert member is not None
    group = groups.group_create(actor=staff, cell=tree.c1, name="Tổ 1")
    groups.group_assign(actor=staff, cell=tree.c1, group=group, member_ids=[member.pk])
    import datetime as dt

    members_move_cell(
        from_cell=tree.c1, to_cell=tree.c2, day=dt.date(2026, 11, 1), actor=None, reason="Sáp nhập"
    )
    assert Member.objects.get(pk=member.pk).party_group_id is None
