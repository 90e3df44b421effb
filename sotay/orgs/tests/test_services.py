import datetime as dt

import pytest
from django.utils import timezone

from sotay.conftest import Personas, Tree, make_member, make_user
from sotay.core.errors import DomainError
from sotay.members.models import CellMembership, Member
from sotay.orgs.choices import OrgEventKind, OrgKind, OrgStatus, PositionKind
from sotay.orgs.models import Organization, OrgEvent, Position
from sotay.orgs.selectors import adoption_table, children_with_counts
from sotay.orgs.services import org_create, org_merge, org_move, role_assign


def test_create_refuses_wrong_parent_kind(tree: Tree) -> None:
    with pytest.raises(DomainError, match="Chi bộ"):
        org_create(parent=tree.c1, kind=OrgKind.CELL, code="X", name="Chi bộ con")
    with pytest.raises(DomainError, match="đã được dùng"):
        org_create(parent=tree.g1, kind=OrgKind.CELL, code="c1", name="Trùng mã")
    assert not Organization.objects.filter(code="X").exists()


def test_move_subtree_keeps_members_and_records_history(tree: Tree) -> None:
    member = make_member(tree.c1)
    org_move(org=tree.g1, new_parent=tree.u2, note="Quyết định 01")
    tree.c1.refresh_from_db()
    assert tree.c1.path.startswith(Organization.objects.get(code="U2").path)
    moved = Member.objects.get(pk=member.pk)
    assert moved.cell_id == tree.c1.pk and moved.cell_path == tree.c1.path
    event = OrgEvent.objects.get(org=tree.g1, kind=OrgEventKind.MOVED)
    assert (event.from_parent_name, event.to_parent_name) == ("Đảng bộ huyện A", "Đảng bộ huyện B")


def test_move_into_own_subtree_is_refused(tree: Tree) -> None:
    with pytest.raises(DomainError):
        org_move(org=tree.u1, new_parent=tree.g1)
    tree.u1.refresh_from_db()
    assert Organization.objects.get_parent(tree.u1).code == "P"


def test_merge_cells_moves_members_ends_positions_and_keeps_trail(tree: Tree) -> None:
    a = make_member(tree.c2, "Hà Văn Giang")
    Position.objects.create(
        member=a, org=tree.c2, kind=PositionKind.SECRETARY, started_on=dt.date(2020, 1, 1)
    )
    org_merge(source=tree.c2, target=tree.c1, note="Sáp nhập thôn")
    tree.c2.refresh_from_db()
    assert tree.c2.status == OrgStatus.MERGED and tree.c2.merged_into_id == tree.c1.pk
    a.refresh_from_db()
    assert a.cell_id == tree.c1.pk
    trail = list(
        CellMembership.objects.filter(member=a).order_by("id").values_list("org__code", "ended_on")
    )
    assert trail[0][0] == "C2" and trail[0][1] is not None and trail[1] == ("C1", None)
    assert Position.objects.get(member=a).ended_on is not None
    assert a.history.filter(source="restructure").exists()


def test_merge_refuses_different_kinds(tree: Tree) -> None:
    with pytest.raises(DomainError):
        org_merge(source=tree.c3, target=tree.g1)


def test_counts_roll_up_to_children(tree: Tree) -> None:
    make_member(
        tree.c1,
        status="probationary",
        admitted_on=timezone.localdate() - dt.timedelta(days=30),
        full_member_on=None,
    )
    m = make_member(tree.c2)
    make_member(tree.c3, status="exempt")
    make_member(tree.c3, status="deceased")
    make_user(m)
    total, rows = children_with_counts(tree.province)
    assert (total.total, total.probationary, total.full, total.exempt, total.activated) == (
        3,
        1,
        1,
        1,
        1,
    )
    by_code = {org.code: counts for org, counts in rows}
    assert by_code["U1"].total == 2 and by_code["U1"].activated == 1
    assert by_code["U2"].total == 1
    _, table = adoption_table(tree.province)
    assert [r.org.code for r in table] == ["U1", "U2"]  # 50 % before 0 %
    assert table[0].rank == 1


def test_role_assign_rules(personas: Personas, tree: Tree) -> None:
    member = personas.member.member
    role_assign(member=member, org=tree.c1, kind=PositionKind.SECRETARY)
    other = make_member(tree.c1, "Đỗ Văn Hải")
    with pytest.raises(DomainError, match="đã có Bí thư"):
        role_assign(member=other, org=tree.c1, kind=PositionKind.SECRETARY)
    with pytest.raises(DomainError):
        role_assign(member=other, org=tree.c1, kind="king")


def test_dissolve_only_empty_units(tree: Tree) -> None:
    from sotay.orgs.services import org_dissolve

    make_member(tree.c2, "Còn Ở Đây")
    with pytest.raises(DomainError, match="còn đảng viên"):
        org_dissolve(org=tree.c2)
    tree.c2.refresh_from_db()
    assert tree.c2.status == OrgStatus.ACTIVE
    with pytest.raises(DomainError, match="trực thuộc"):
        org_dissolve(org=tree.g2)  # C3 is still active under it
    empty = org_create(parent=tree.g1, kind=OrgKind.CELL, code="C9", name="Chi bộ trống")
    org_dissolve(org=empty, note="Không còn đảng viên")
    empty.refresh_from_db()
    assert empty.status == OrgStatus.DISSOLVED
    assert OrgEvent.objects.filter(org=empty, kind=OrgEventKind.DISSOLVED).exists()
