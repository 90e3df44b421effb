"""A đảng bộ bộ phận (QĐ 294, 20.3.3) in the tree: under a grassroots committee, above
cells; it oversees its cells, but their ratings are decided by the grassroots committee and
by default it keeps no share of the dues."""

from __future__ import annotations

import datetime as dt

import pytest

from sotay.conftest import Personas, Tree, make_member, signed_in
from sotay.core.errors import DomainError
from sotay.dues.selectors import share_level, shares_in_effect
from sotay.orgs.choices import OrgKind, PositionKind
from sotay.orgs.models import Organization, Position
from sotay.orgs.services import org_create, org_move
from sotay.ratings.access import decider_of, orgs_decided_by


def _partial(tree: Tree) -> Organization:
    return org_create(parent=tree.g1, kind=OrgKind.PARTIAL, code="BP1", name="Đảng bộ bộ phận 1")


def test_where_a_partial_may_sit(tree: Tree) -> None:
    partial = _partial(tree)
    cell = org_create(parent=partial, kind=OrgKind.CELL, code="C9", name="Chi bộ Chín")
    assert Organization.objects.get_parent(cell) == partial
    for parent in (tree.u1, tree.province, tree.c1):
        with pytest.raises(DomainError, match="không thể trực thuộc"):
            org_create(parent=parent, kind=OrgKind.PARTIAL, code="BPX", name="Sai chỗ")
    with pytest.raises(DomainError, match="không thể trực thuộc"):
        org_create(parent=partial, kind=OrgKind.PARTIAL, code="BPY", name="Lồng nhau")
    assert not Organization.objects.filter(code__in=("BPX", "BPY")).exists()


def test_cells_moved_under_a_partial_are_decided_by_the_grassroots(
    personas: Personas, tree: Tree
) -> None:
    partial = _partial(tree)
    org_move(org=tree.c2, new_parent=partial, actor=personas.committee)
    c2 = Organization.objects.get(pk=tree.c2.pk)
    assert decider_of(c2) == tree.g1 and decider_of(partial) == tree.g1
    assert decider_of(tree.c1) == tree.g1
    assert {o.code for o in orgs_decided_by(tree.g1)} == {"C1", "BP1", "C2"}
    assert orgs_decided_by(partial) == []
    # The commune's decision page lists the cell under the partial with the others.
    page = signed_in(personas.committee).get(f"/quan-ly/danh-gia/{tree.g1.public_id}/")
    assert "Chi bộ thôn Hai" in page.content.decode()


def test_the_partials_committee_sees_its_cells_and_nothing_else(
    personas: Personas, tree: Tree
) -> None:
    from sotay.conftest import make_user

    partial = _partial(tree)
    org_move(org=tree.c2, new_parent=partial, actor=personas.committee)
    head = make_member(tree.c2, "Quách Văn Bộ")
    Position.objects.create(
        member=head, org=partial, kind=PositionKind.SECRETARY, started_on=dt.date(2024, 1, 1)
    )
    client = signed_in(make_user(head, totp=True))
    assert client.get(f"/quan-ly/don-vi/{tree.c2.public_id}/").status_code == 200
    assert client.get(f"/quan-ly/don-vi/{partial.public_id}/").status_code == 200
    assert client.get(f"/quan-ly/don-vi/{tree.c1.public_id}/").status_code == 404
    assert client.get(f"/quan-ly/don-vi/{tree.g1.public_id}/").status_code == 404


def test_dues_pass_through_a_partial(tree: Tree) -> None:
    partial = _partial(tree)
    cell = org_create(parent=partial, kind=OrgKind.CELL, code="C9", name="Chi bộ Chín")
    assert share_level(cell) == "cell" and share_level(partial) == "partial"
    assert shares_in_effect(dt.date(2026, 11, 1))["partial"] == 0
