"""API: sign-in tokens, me, my cell, members within scope."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status

from sotay.core.access import Capability
from sotay.core.errors import DomainError
from sotay.core.views_helpers import AuthedRequest, client_ip
from sotay.orgs.access import access_org

from . import accounts, selectors, services
from .access import access_member

router = Router(tags=["đảng viên"])


class TokenIn(Schema):
    identifier: str
    password: str
    otp: str | None = None
    name: str = "app"


class TokenOut(Schema):
    token: str


class UnitRef(Schema):
    id: uuid.UUID
    code: str
    name: str
    kind: str


class RoleOut(Schema):
    kind: str
    label: str
    unit: UnitRef


class MemberSummary(Schema):
    id: uuid.UUID
    full_name: str
    status: str
    party_card_number: str | None
    cell: UnitRef


class MemberRecord(MemberSummary):
    other_name: str
    gender: str
    birth_date: dt.date | None
    birth_place: str
    hometown: str
    ethnicity: str
    religion: str
    admitted_on: dt.date | None
    full_member_on: dt.date | None
    education: str
    theory_level: str
    profession: str
    workplace: str
    phone: str
    email: str


class MeOut(Schema):
    username: str
    large_text: bool
    high_contrast: bool
    member: MemberRecord | None
    roles: list[RoleOut]


class DirectoryEntry(Schema):
    id: uuid.UUID
    full_name: str
    status: str
    positions: list[str]
    phone: str | None
    email: str | None


class CellOut(Schema):
    cell: UnitRef
    members: list[DirectoryEntry]


class MemberPage(Schema):
    count: int
    page: int
    items: list[MemberSummary]


def unit_ref(org: Any) -> dict[str, Any]:
    return {"id": org.public_id, "code": org.code, "name": org.name, "kind": org.kind}


def summary(m: Any) -> dict[str, Any]:
    return {
        "id": m.public_id,
        "full_name": m.full_name,
        "status": m.status,
        "party_card_number": m.party_card_number,
        "cell": unit_ref(m.cell),
    }


def record(m: Any) -> dict[str, Any]:
    fields = [
        "other_name",
        "gender",
        "birth_date",
        "birth_place",
        "hometown",
        "ethnicity",
        "religion",
        "admitted_on",
        "full_member_on",
        "education",
        "theory_level",
        "profession",
        "workplace",
        "phone",
        "email",
    ]
    return {**summary(m), **{f: getattr(m, f) for f in fields}}


@router.post("/auth/token", auth=None, response={200: TokenOut, 401: dict})
def token(request: HttpRequest, data: TokenIn) -> Any:
    """Exchange credentials (and a TOTP code for committee staff) for a bearer token."""
    ip = client_ip(request)
    result = accounts.check_credentials(data.identifier, data.password, ip)
    if result.user is None:
        return Status(401, {"detail": result.error})
    user = result.user
    second_factor = accounts.needs_second_factor(user)
    if second_factor:
        if not (data.otp and user.totp_confirmed_at and accounts.totp_verify(user, data.otp, ip)):
            return Status(
                401, {"detail": "Tài khoản cấp ủy cần mã xác thực 2 bước hợp lệ (trường otp)."}
            )
        accounts.sign_in_completed(user)
    key = accounts.api_token_create(user=user, name=data.name, second_factor=second_factor)
    return Status(200, {"token": key})


@router.get("/me", response=MeOut)
def me(request: AuthedRequest) -> Any:
    user = request.user
    member = access_member(user, user.member.public_id, "view") if user.member else None
    roles = selectors.member_roles(member) if member else []
    return {
        "username": user.username,
        "large_text": user.large_text,
        "high_contrast": user.high_contrast,
        "member": record(member) if member else None,
        "roles": [
            {"kind": r.kind, "label": r.get_kind_display(), "unit": unit_ref(r.org)} for r in roles
        ],
    }


@router.get("/me/cell", response=CellOut)
def my_cell(request: AuthedRequest) -> Any:
    user = request.user
    if user.member is None:
        raise DomainError("Tài khoản không gắn với hồ sơ đảng viên.")
    member = access_member(user, user.member.public_id, "view")
    people = selectors.cell_directory(member)
    return {
        "cell": unit_ref(member.temporary_cell or member.cell),
        "members": [
            {
                "id": p.public_id,
                "full_name": p.full_name,
                "status": p.status,
                "positions": [r.get_kind_display() for r in getattr(p, "current_positions", [])],
                "phone": p.phone if p.share_phone or p.pk == member.pk else None,
                "email": p.email if p.share_email or p.pk == member.pk else None,
            }
            for p in people
        ],
    }


class MemberFilter(Schema):
    unit: uuid.UUID
    q: str = ""
    status: str = ""
    page: int = 1


@router.get("/members", response=MemberPage)
def members(request: AuthedRequest, filters: Query[MemberFilter]) -> Any:
    """Members of a unit's subtree (the unit must be in the caller's scope), 50 a page."""
    org = access_org(request.user, filters.unit, Capability.MEMBERS_VIEW)
    qs = selectors.members_in(org, q=filters.q, status=filters.status)
    page = max(1, filters.page)
    ids = list(qs.values_list("pk", flat=True)[(page - 1) * 50 : page * 50])
    rows = qs.order_by().in_bulk(ids)
    items = [rows[i] for i in ids]
    return {"count": qs.count(), "page": page, "items": [summary(m) for m in items]}


@router.get("/members/{member_id}", response=MemberRecord)
def member(request: AuthedRequest, member_id: uuid.UUID) -> Any:
    m = access_member(request.user, member_id, "view")
    services.audit_record(actor=request.user, member=m, detail="API", ip=client_ip(request))
    return record(m)
