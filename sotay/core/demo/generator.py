"""Generate a realistic demo province: tree, members, accounts, positions and personas.

Rows are written with bulk inserts and materialised paths computed here (the same encoding as
treebeard's ``MP_Node``, steplen 4) so that the province-size dataset loads in about a minute.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from sotay.core.access import PATH_ALPHABET
from sotay.core.fields import blind_index
from sotay.core.text import fold
from sotay.members.choices import Gender, MemberStatus, TheoryLevel
from sotay.members.models import CellMembership, Member, User
from sotay.orgs.choices import OrgKind, PositionKind, StaffRoleKind
from sotay.orgs.models import Organization, OrgEvent, Position, StaffRole

from . import names

DEMO_PASSWORD = "Sotay@2026"

SIZES: dict[str, float] = {"tiny": 0.004, "small": 0.02, "province": 1.0}


@dataclass(frozen=True)
class Persona:
    key: str
    label: str
    phone: str
    totp_secret: str | None


PERSONAS = [
    Persona("member", "Đảng viên (chi bộ 1)", "0900000001", None),
    Persona("secretary", "Bí thư chi bộ 1", "0900000002", "SOTAYDEMOPERSONAABCDEFGHIJKLMNOP"),
    Persona(
        "commune", "Ban Tổ chức Đảng ủy xã/phường", "0900000003", "SOTAYDEMOPERSONABBCDEFGHIJKLMNOP"
    ),
    Persona("province", "Văn phòng Tỉnh ủy", "0900000004", "SOTAYDEMOPERSONACBCDEFGHIJKLMNOP"),
    Persona("outsider", "Đảng viên đơn vị khác", "0900000005", None),
    Persona(
        "writer",
        "Biên tập viên Đảng ủy xã/phường",
        "0900000007",
        "SOTAYDEMOPERSONAFBCDEFGHIJKLMNOP",
    ),
    Persona(
        "outsider_secretary",
        "Bí thư chi bộ đơn vị khác",
        "0900000006",
        "SOTAYDEMOPERSONADBCDEFGHIJKLMNOP",
    ),
]


def _path_step(n: int) -> str:
    out = ""
    for _ in range(4):
        n, r = divmod(n, len(PATH_ALPHABET))
        out = PATH_ALPHABET[r] + out
    return out


def _weighted(rng: random.Random, pairs: list[tuple[str, int]]) -> str:
    return rng.choices([p for p, _ in pairs], weights=[w for _, w in pairs])[0]


class Builder:
    def __init__(self, size: str, seed: int = 2026) -> None:
        self.scale = SIZES[size]
        self.rng = random.Random(seed)
        self.today = timezone.localdate()
        self.orgs: list[Organization] = []
        self.members: list[Member] = []
        self.activation: list[float] = []  # per member: chance of an activated account
        self.code_no = 0

    def org(self, parent: Organization | None, kind: str, name: str, code: str) -> Organization:
        if parent is None:
            path, depth = _path_step(1 + len([o for o in self.orgs if o.depth == 1])), 1
        else:
            parent.numchild += 1
            path, depth = parent.path + _path_step(parent.numchild), parent.depth + 1
        org = Organization(
            path=path,
            depth=depth,
            numchild=0,
            kind=kind,
            name=name,
            code=code,
            name_folded=fold(name),
            address=f"{name.split(' ', 2)[-1]}, Thái Nguyên",
        )
        self.orgs.append(org)
        return org

    def member(self, cell: Organization, index: int, activation: float) -> Member:
        rng = self.rng
        gender = Gender.MALE if rng.random() < 0.58 else Gender.FEMALE
        male = gender == Gender.MALE
        name = " ".join(
            [
                _weighted(rng, names.SURNAMES),
                rng.choice(names.MIDDLE_MALE if male else names.MIDDLE_FEMALE),
                rng.choice(names.GIVEN_MALE if male else names.GIVEN_FEMALE),
            ]
        )
        birth = dt.date(rng.randint(1940, 2004), rng.randint(1, 12), rng.randint(1, 28))
        earliest = dt.date(birth.year + 18, birth.month, birth.day)
        roll = rng.random()
        if roll < 0.025:  # probationary: admitted within the last 12 months
            admitted = self.today - dt.timedelta(days=rng.randint(10, 364))
            status, full_on = MemberStatus.PROBATIONARY, None
        else:
            span = max(1, (self.today - dt.timedelta(days=400) - earliest).days)
            admitted = earliest + dt.timedelta(days=rng.randint(0, span))
            full_on = admitted + dt.timedelta(days=365 + rng.randint(0, 20))
            status = (
                MemberStatus.EXEMPT
                if birth.year < 1952 and rng.random() < 0.5
                else MemberStatus.FULL
            )
        if admitted < earliest:
            admitted = earliest
        phone = f"09{(10_000_000 + index * 7919) % 100_000_000:08d}"
        member = Member(
            full_name=name,
            gender=gender,
            birth_date=birth,
            cell=cell,
            status=status,
            status_since=full_on or admitted,
            birth_place=rng.choice(names.PLACES),
            hometown=rng.choice(names.PLACES),
            ethnicity=_weighted(rng, names.ETHNICITIES),
            religion=_weighted(rng, names.RELIGIONS),
            citizen_id=f"0{rng.randint(10, 99)}{rng.randint(0, 999_999_999):09d}",
            party_card_number=f"{10_000_000 + index}",
            admitted_on=admitted,
            full_member_on=full_on,
            education=rng.choice(names.EDUCATION),
            theory_level=rng.choice(
                [
                    TheoryLevel.ELEMENTARY,
                    TheoryLevel.ELEMENTARY,
                    TheoryLevel.INTERMEDIATE,
                    TheoryLevel.ADVANCED,
                    "",
                ]
            ),
            profession=rng.choice(names.PROFESSIONS),
            workplace=cell.name.replace("Chi bộ ", ""),
            phone=phone,
            share_phone=rng.random() < 0.6,
        )
        member.search_text = fold(name)
        member.phone_digest = blind_index(phone)
        member.citizen_digest = blind_index(member.citizen_id)
        self.members.append(member)
        self.activation.append(activation)
        return member

    def build_tree(self) -> Organization:
        root = self.org(None, OrgKind.PROVINCIAL, "Đảng bộ tỉnh Thái Nguyên", "TN")
        member_no = 0
        place_i = 0
        for u_i, (unit_name, size, rate, style) in enumerate(names.PROVINCE_UNITS, start=1):
            unit = self.org(root, OrgKind.UPPER_GRASSROOTS, unit_name, f"TN{u_i:02d}")
            target = max(12, round(size * self.scale))
            per_cell = 19
            cells_total = max(1, round(target / per_cell))
            n_grass = max(1, round(cells_total / 14))
            cells_per_grass = max(1, cells_total // n_grass)
            made = 0
            for g in range(1, n_grass + 1):
                place = names.PLACE_NAMES[place_i % len(names.PLACE_NAMES)]
                place_i += 1
                suffix = (
                    ""
                    if place_i <= len(names.PLACE_NAMES)
                    else f" {place_i // len(names.PLACE_NAMES) + 1}"
                )
                grass = self.org(
                    unit,
                    OrgKind.GRASSROOTS,
                    f"{names.GRASSROOTS_PREFIX[style]} {place}{suffix}",
                    f"{unit.code}-{g:03d}",
                )
                n_cells = (
                    cells_per_grass
                    if g < n_grass
                    else cells_total - cells_per_grass * (n_grass - 1)
                )
                # A large commune's second half of cells under a đảng bộ bộ phận (QĐ 294,
                # 20.3.3): the second grassroots of each district with eight cells or more.
                partial = (
                    self.org(grass, OrgKind.PARTIAL, f"Đảng bộ bộ phận khối {place}{suffix}",
                             f"{grass.code}-BP1")
                    if g == 2 and n_cells >= 8
                    else None
                )  # fmt: skip
                for c in range(1, max(1, n_cells) + 1):
                    cell = self.org(
                        partial if partial and c > n_cells // 2 else grass,
                        OrgKind.CELL,
                        f"{self.rng.choice(names.CELL_KINDS)} số {c} – {place}{suffix}",
                        f"{grass.code}-{c:03d}",
                    )
                    quota = target // cells_total + (1 if made < target % cells_total else 0)
                    made += 1
                    for _ in range(quota):
                        member_no += 1
                        self.member(cell, member_no, rate)
        return root


def _personas(root: Organization, password_hash: str) -> dict[str, Member]:
    """Give the fixed personas their phones, accounts, positions and second factor."""
    first_unit = Organization.objects.get_children(root).order_by("path").first()
    assert first_unit is not None
    commune = Organization.objects.get_children(first_unit).order_by("path").first()
    cell = Organization.objects.get_children(commune).order_by("path").first()
    other_unit = Organization.objects.get_children(root).order_by("-path").first()
    other_cell = (
        Organization.objects.filter(path__startswith=other_unit.path, kind=OrgKind.CELL)
        .order_by("path")
        .first()
    )
    cell_members = list(Member.objects.filter(cell=cell).order_by("id")[:5])
    if len(cell_members) < 5:  # tiny demos: take the writer from another cell of the commune
        cell_members += list(
            Member.objects.filter(cell_path__startswith=commune.path)
            .exclude(cell=cell)
            .order_by("id")[: 5 - len(cell_members)]
        )
    other_members = list(Member.objects.filter(cell=other_cell).order_by("id")[:2])
    chosen = {
        "member": cell_members[0],
        "secretary": cell_members[1],
        "commune": cell_members[2],
        "province": cell_members[3],
        "outsider": other_members[0],
        "outsider_secretary": other_members[1],
        "writer": cell_members[4],
    }
    day = timezone.localdate() - dt.timedelta(days=400)
    for persona in PERSONAS:
        m = chosen[persona.key]
        m.phone = persona.phone
        m.status, m.full_member_on = MemberStatus.FULL, m.full_member_on or m.admitted_on
        m.has_account = True
        m.save()
        user, _ = User.objects.get_or_create(
            member=m, defaults={"username": f"dv{m.party_card_number}"}
        )
        user.password, user.activated_at = password_hash, timezone.now()
        user.totp_secret = persona.totp_secret or ""
        user.totp_confirmed_at = timezone.now() if persona.totp_secret else None
        user.save()
    Position.objects.create(
        member=chosen["secretary"], org=cell, kind=PositionKind.SECRETARY, started_on=day
    )
    StaffRole.objects.create(
        member=chosen["commune"], org=commune, kind=StaffRoleKind.ORGANISATION, started_on=day
    )
    StaffRole.objects.create(
        member=chosen["province"], org=root, kind=StaffRoleKind.OFFICE, started_on=day
    )
    StaffRole.objects.create(
        member=chosen["writer"], org=commune, kind=StaffRoleKind.WRITER, started_on=day
    )
    # The persona's cell is large enough for a chi ủy (Điều lệ: from nine full members): a
    # deputy and a committee member beside the secretary, who meet monthly.
    personas_ids = [m.pk for m in chosen.values()]
    committee = list(
        Member.objects.filter(cell=cell, status=MemberStatus.FULL)
        .exclude(pk__in=personas_ids)
        .exclude(positions__isnull=False)
        .order_by("-id")[:2]  # the last ones: browser tests register the first by card
    )
    kinds = (PositionKind.DEPUTY_SECRETARY, PositionKind.COMMITTEE_MEMBER)
    for m, kind in zip(committee, kinds[: len(committee)], strict=True):
        Position.objects.create(member=m, org=cell, kind=kind, started_on=day)
    Position.objects.filter(org=other_cell, kind=PositionKind.SECRETARY).delete()
    Position.objects.create(
        member=chosen["outsider_secretary"],
        org=other_cell,
        kind=PositionKind.SECRETARY,
        started_on=day,
    )
    return chosen


@transaction.atomic
def generate(size: str = "small", seed: int = 2026) -> dict[str, Any]:
    builder = Builder(size, seed)
    root = builder.build_tree()
    Organization.objects.bulk_create(builder.orgs, batch_size=2000)
    code_to_id = dict(Organization.objects.values_list("code", "id"))
    rng = builder.rng
    for m, rate in zip(builder.members, builder.activation, strict=True):
        m.cell_id = code_to_id[m.cell.code]
        m.cell_path = m.cell.path
        m.has_account = m.status != MemberStatus.PROBATIONARY and rng.random() < rate
    # Encrypt once here: bulk_create would otherwise encrypt through the field anyway.
    Member.objects.bulk_create(builder.members, batch_size=2000)
    members = builder.members
    today = timezone.localdate()
    CellMembership.objects.bulk_create(
        [
            CellMembership(
                member=m,
                org_id=m.cell_id,
                org_name=m.cell.name,
                started_on=m.admitted_on or today,
                reason="Dữ liệu ban đầu",
            )
            for m in members
        ],
        batch_size=5000,
    )
    password_hash = make_password(DEMO_PASSWORD)
    now = timezone.now()
    users = [
        User(
            username=f"dv{m.party_card_number}", member=m, password=password_hash, activated_at=now
        )
        for m in members
        if m.has_account
    ]
    User.objects.bulk_create(users, batch_size=5000)
    # Every cell gets a secretary; every grassroots unit an organisation-commission officer.
    positions = []
    first_in_cell: dict[int, Member] = {}
    for m in members:
        first_in_cell.setdefault(m.cell_id, m)
    for cell_id, m in first_in_cell.items():
        positions.append(
            Position(
                member=m,
                org_id=cell_id,
                kind=PositionKind.SECRETARY,
                started_on=today - dt.timedelta(days=500),
            )
        )
    Position.objects.bulk_create(positions[1:], batch_size=5000)  # cell 1's is a persona
    OrgEvent.objects.bulk_create(
        [
            OrgEvent(
                org_id=code_to_id[o.code],
                kind="created",
                effective_on=dt.date(2020, 10, 1),
                note="Dữ liệu ban đầu",
            )
            for o in builder.orgs
        ],
        batch_size=5000,
    )
    root = Organization.objects.get(code="TN")
    _personas(root, password_hash)
    from sotay.content.demo import load_demo_content

    content = load_demo_content(root, size)
    from sotay.meetings.demo import generate_meetings

    generate_meetings()
    from sotay.study.demo import generate_study

    generate_study(root, size)
    from sotay.participation.demo import generate_participation

    generate_participation()
    from sotay.planner.demo import generate_planner

    generate_planner()
    from sotay.ratings.demo import generate_ratings

    generate_ratings(seed)
    from sotay.orgs.demo import generate_party_groups

    generate_party_groups()
    from sotay.dues.demo import generate_dues

    generate_dues(seed)
    if not User.objects.filter(username="admin").exists():
        User.objects.create_superuser(
            "admin",
            DEMO_PASSWORD,
            totp_secret="SOTAYDEMOPERSONAEBCDEFGHIJKLMNOP",
            totp_confirmed_at=now,
        )
    return {
        "orgs": len(builder.orgs),
        "members": len(members),
        "accounts": len(users) + 1,
        "items": content,
    }
