"""Linking a national e-ID identity (verified claims) to the member record by citizen ID. The
whole redirect flow against a real OIDC provider is in e2e/test_eid.py."""

from __future__ import annotations

import pytest

from sotay.conftest import Tree, make_member
from sotay.core.errors import DomainError
from sotay.core.models import AuditEntry
from sotay.members import eid
from sotay.members.choices import MemberStatus
from sotay.members.models import EidLink, User

ISSUER = "https://dinhdanh.example.vn"


@pytest.fixture(autouse=True)
def configured(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOTAY_OIDC_ISSUER", ISSUER)
    monkeypatch.setenv("SOTAY_OIDC_CLIENT_ID", "sotay")


def test_first_sign_in_links_by_citizen_id_and_later_by_subject(tree: Tree) -> None:
    member = make_member(tree.c1, citizen_id="034080001234")
    user = eid.user_for({"sub": "abc", "citizen_id": "034 080 001 234"})
    assert user.member == member and user.is_active and not user.has_usable_password()
    member.refresh_from_db()
    assert member.has_account
    assert EidLink.objects.get(user=user).subject == "abc"
    assert eid.user_for({"sub": "abc", "citizen_id": "034080001234"}) == user
    assert AuditEntry.objects.filter(action="eid_signin", member=member).count() == 2
    # The record's citizen ID changed since: the old link no longer signs in.
    member.citizen_id = "034080009999"
    member.save()
    with pytest.raises(DomainError, match="không còn khớp"):
        eid.user_for({"sub": "abc", "citizen_id": "034080001234"})


def test_refusals(tree: Tree) -> None:
    make_member(tree.c1, citizen_id="034080001234", status=MemberStatus.REMOVED)
    with pytest.raises(DomainError, match="chưa có trong hồ sơ"):
        eid.user_for({"sub": "x1", "citizen_id": "001099999999"})
    with pytest.raises(DomainError, match="số CCCD"):
        eid.user_for({"sub": "x2", "name": "Không có CCCD"})
    with pytest.raises(DomainError, match="không còn sinh hoạt"):
        eid.user_for({"sub": "x3", "citizen_id": "034080001234"})
    assert not User.objects.exists() and not EidLink.objects.exists()


def test_off_without_configuration(monkeypatch: pytest.MonkeyPatch, tree: Tree) -> None:
    from django.test import Client

    monkeypatch.delenv("SOTAY_OIDC_ISSUER")
    assert eid.client() is None
    assert Client().get("/dang-nhap/dinh-danh/").status_code == 404
    assert 'data-testid="eid"' not in Client().get("/dang-nhap/").content.decode()
