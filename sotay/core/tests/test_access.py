"""The one door, with the three personas: committee of the unit, member of it, outsider."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from sotay.conftest import Personas, Tree, make_member
from sotay.core import access
from sotay.core.access import Capability, path_successor, subtree_q
from sotay.members.access import access_member
from sotay.members.models import Member
from sotay.orgs.access import access_org
from sotay.orgs.models import Organization


def test_path_successor() -> None:
    assert path_successor("0001") == "0002"
    assert path_successor("000Z") == "001"
    assert path_successor("ZZZZ") is None


def test_subtree_q_selects_exactly_the_subtree(tree: Tree) -> None:
    inside = set(
        Organization.objects.filter(subtree_q(tree.u1.path)).values_list("code", flat=True)
    )
    assert inside == {"U1", "G1", "C1", "C2"}


def test_scope_covers_subtree_only(personas: Personas, tree: Tree) -> None:
    user = personas.committee
    assert access.can(user, Capability.MEMBERS_EDIT, tree.c2)
    assert access.can(user, Capability.MEMBERS_EDIT, tree.g1)
    assert not access.can(user, Capability.MEMBERS_EDIT, tree.u1)  # above the role's unit
    assert not access.can(user, Capability.MEMBERS_EDIT, tree.c3)
    assert not access.can(personas.member, Capability.MEMBERS_VIEW, tree.c1)


def test_record_access_for_three_personas(personas: Personas, tree: Tree) -> None:
    target = make_member(tree.c2, "Võ Thị Em")
    assert access_member(personas.committee, target.public_id, "edit") == target
    with pytest.raises(Http404):
        access_member(personas.member, target.public_id, "view")  # same commune, not committee
    with pytest.raises(Http404):
        access_member(personas.outsider, target.public_id, "view")


def test_member_sees_own_record_but_cannot_edit_it(personas: Personas) -> None:
    me = personas.member.member
    assert access_member(personas.member, me.public_id, "view") == me
    with pytest.raises(PermissionDenied):
        access_member(personas.member, me.public_id, "edit")


def test_lists_are_scoped(personas: Personas, tree: Tree) -> None:
    make_member(tree.c2, "Võ Thị Em")
    committee_sees = set(
        Member.objects.visible_to(personas.committee).values_list("full_name", flat=True)
    )
    assert committee_sees == {"Trần Thị Bình", "Lê Văn Cường", "Võ Thị Em"}
    assert list(Member.objects.visible_to(personas.member).values_list("full_name", flat=True)) == [
        "Lê Văn Cường"
    ]
    outsider_sees = set(
        Member.objects.visible_to(personas.outsider).values_list("full_name", flat=True)
    )
    assert outsider_sees == {"Phạm Thị Dung"}


def test_unit_access(personas: Personas, tree: Tree) -> None:
    assert access_org(personas.committee, tree.g1.public_id) == tree.g1
    for user in (personas.member, personas.outsider):
        with pytest.raises(Http404):
            access_org(user, tree.g1.public_id)
    with pytest.raises(Http404):
        access_org(personas.committee, "not-a-uuid")


def test_ended_role_grants_nothing(personas: Personas, tree: Tree) -> None:
    import datetime as dt

    from django.utils import timezone

    from sotay.orgs.models import StaffRole
    from sotay.orgs.services import role_end

    role = StaffRole.objects.get(member=personas.committee.member)
    role_end(role=role, ended_on=timezone.localdate() - dt.timedelta(days=1))
    access.forget(personas.committee)
    assert not access.can(personas.committee, Capability.MEMBERS_VIEW, tree.c1)
