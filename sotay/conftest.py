"""Shared fixtures: a small tree and the three personas every access rule is tested with.

    P  Đảng bộ tỉnh
    ├── U1 Đảng bộ huyện A ── G1 Đảng bộ xã A1 ── C1, C2 (cells)
    └── U2 Đảng bộ huyện B ── G2 Đảng bộ xã B1 ── C3

- ``committee``: organisation-commission officer of G1 (scope: G1, C1, C2)
- ``member``: ordinary member of C1
- ``outsider``: secretary of C3, in another branch
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from itertools import count
from typing import Any

import pyotp
import pytest
from django.test import Client
from django.utils import timezone

from sotay.members.choices import MemberStatus
from sotay.members.models import Member, User
from sotay.members.services import member_create
from sotay.orgs.choices import OrgKind, PositionKind, StaffRoleKind
from sotay.orgs.models import Organization, Position, StaffRole
from sotay.orgs.services import org_create

PASSWORD = "Mat-khau-2026"
_card = count(50_000_001)


def make_member(cell: Organization, name: str = "Nguyễn Văn An", **extra: Any) -> Member:
    values = {
        "full_name": name,
        "gender": "male",
        "birth_date": dt.date(1980, 5, 1),
        "admitted_on": dt.date(2005, 3, 2),
        "full_member_on": dt.date(2006, 3, 2),
        "party_card_number": str(next(_card)),
        "status": MemberStatus.FULL,
    }
    values.update(extra)
    status = str(values.pop("status"))
    flags = {k: values.pop(k) for k in ("share_phone", "share_email") if k in values}
    member = member_create(cell=cell, actor=None, values=values, status=status)
    if flags:
        Member.objects.filter(pk=member.pk).update(**flags)
        member.refresh_from_db()
    return member


def make_user(member: Member, *, totp: bool = False) -> User:
    user = User.objects.create_user(
        f"dv{member.party_card_number}", PASSWORD, member=member, activated_at=timezone.now()
    )
    Member.objects.filter(pk=member.pk).update(has_account=True)
    if totp:
        user.totp_secret = pyotp.random_base32()
        user.totp_confirmed_at = timezone.now()
        user.save()
    return user


@dataclass
class Tree:
    province: Organization
    u1: Organization
    u2: Organization
    g1: Organization
    g2: Organization
    c1: Organization
    c2: Organization
    c3: Organization


@pytest.fixture
def tree(db: Any) -> Tree:
    p = org_create(parent=None, kind=OrgKind.PROVINCIAL, code="P", name="Đảng bộ tỉnh Thử")
    u1 = org_create(parent=p, kind=OrgKind.UPPER_GRASSROOTS, code="U1", name="Đảng bộ huyện A")
    u2 = org_create(parent=p, kind=OrgKind.UPPER_GRASSROOTS, code="U2", name="Đảng bộ huyện B")
    g1 = org_create(parent=u1, kind=OrgKind.GRASSROOTS, code="G1", name="Đảng bộ xã A1")
    g2 = org_create(parent=u2, kind=OrgKind.GRASSROOTS, code="G2", name="Đảng bộ xã B1")
    c1 = org_create(parent=g1, kind=OrgKind.CELL, code="C1", name="Chi bộ thôn Một")
    c2 = org_create(parent=g1, kind=OrgKind.CELL, code="C2", name="Chi bộ thôn Hai")
    c3 = org_create(parent=g2, kind=OrgKind.CELL, code="C3", name="Chi bộ thôn Ba")
    return Tree(*(Organization.objects.get(pk=o.pk) for o in (p, u1, u2, g1, g2, c1, c2, c3)))


@dataclass
class Personas:
    committee: User
    member: User
    outsider: User


@pytest.fixture
def personas(tree: Tree) -> Personas:
    since = dt.date(2020, 1, 1)
    staff = make_member(tree.c1, "Trần Thị Bình", phone="0911000001")
    StaffRole.objects.create(
        member=staff, org=tree.g1, kind=StaffRoleKind.ORGANISATION, started_on=since
    )
    plain = make_member(tree.c1, "Lê Văn Cường", phone="0911000002")
    other = make_member(tree.c3, "Phạm Thị Dung", phone="0911000003")
    Position.objects.create(
        member=other, org=tree.c3, kind=PositionKind.SECRETARY, started_on=since
    )
    return Personas(make_user(staff, totp=True), make_user(plain), make_user(other, totp=True))


def signed_in(user: User) -> Client:
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user, backend="sotay.members.auth.IdentifierBackend")
    session = client.session
    session["sotay_second_factor"] = True  # as after the TOTP step of a real sign-in
    session.save()
    return client


# Tests whose outcome depends on today's date (meetings, reminders, deadlines, quiz periods,
# lunar calendar, probation): marked ``dates`` so that make test also runs them on fixed dates.
DATE_SENSITIVE = (
    "sotay/meetings/tests/",
    "sotay/planner/tests/",
    "sotay/notices/tests/",
    "sotay/study/tests/",
    "sotay/participation/tests/",
    "sotay/members/tests/test_services.py",
    "sotay/core/tests/test_lunar.py",
)


# What makes a test talk to the database: a Django database fixture, the browser tests' server,
# or the ``own_database`` marker (the test starts its own processes on the configured one).
DATABASE_FIXTURES = frozenset(
    {"db", "transactional_db", "django_db_setup", "live_server", "server"}
    | {"django_db_reset_sequences", "django_db_serialized_rollback"}
)


def uses_database(item: Any) -> bool:
    return bool(
        DATABASE_FIXTURES & set(getattr(item, "fixturenames", ()))
        or item.get_closest_marker("django_db")
        or item.get_closest_marker("own_database")
    )


def pytest_collection_modifyitems(config: Any, items: list[Any]) -> None:
    root = str(config.rootpath)
    for item in items:
        if str(item.path).removeprefix(root).lstrip("/").startswith(DATE_SENSITIVE):
            item.add_marker(pytest.mark.dates)
    if os.environ.get("SOTAY_TEST_DATABASE_ONLY") == "1":
        # The PostgreSQL run (make test-both, make test-postgres) repeats what depends on the
        # database engine; tests that never touch a database (card reading, faces, speech,
        # text) gave their answer in the SQLite run and would only give it again.
        left_out = [item for item in items if not uses_database(item)]
        if left_out:
            config.hook.pytest_deselected(items=left_out)
            items[:] = [item for item in items if uses_database(item)]


@pytest.fixture(autouse=True, scope="session")
def _test_now() -> Any:
    """``SOTAY_TEST_NOW=2028-02-29T23:30+07:00`` runs the session as if it were then (the
    clock keeps ticking from there): make test runs the ``dates`` tests on month ends, a leap
    day and Tết this way, so that none passes only on the day it was written."""
    when = os.environ.get("SOTAY_TEST_NOW")
    if not when:
        yield None
        return
    import time_machine

    with time_machine.travel(dt.datetime.fromisoformat(when), tick=True) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """Cached standings (rankings) must not leak from one test's database into another."""
    from django.core.cache import cache

    cache.clear()
