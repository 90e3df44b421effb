"""API: units within scope, with live member counts."""

from __future__ import annotations

import uuid
from typing import Any

from ninja import Router, Schema

from sotay.core import access
from sotay.core.access import Capability
from sotay.core.views_helpers import AuthedRequest

from . import selectors
from .access import access_org, orgs_in_scope

router = Router(tags=["đơn vị"])


class Counts(Schema):
    total: int
    probationary: int
    full: int
    exempt: int
    activated: int


class UnitOut(Schema):
    id: uuid.UUID
    code: str
    name: str
    kind: str
    status: str
    counts: Counts | None = None


def _out(org: Any, counts: Any = None) -> dict[str, Any]:
    data = {
        "id": org.public_id,
        "code": org.code,
        "name": org.name,
        "kind": org.kind,
        "status": org.status,
    }
    if counts is not None:
        data["counts"] = {
            "total": counts.total,
            "probationary": counts.probationary,
            "full": counts.full,
            "exempt": counts.exempt,
            "activated": counts.activated,
        }
    return data


@router.get("", response=list[UnitOut])
def roots(request: AuthedRequest) -> Any:
    """The units at the top of the caller's scope."""
    paths = access.scope_paths(request.user, Capability.MEMBERS_VIEW)
    return [_out(o) for o in orgs_in_scope(request.user).filter(path__in=paths)]


@router.get("/{unit_id}", response=UnitOut)
def unit(request: AuthedRequest, unit_id: uuid.UUID) -> Any:
    org = access_org(request.user, unit_id, Capability.MEMBERS_VIEW)
    total, _ = selectors.children_with_counts(org)
    return _out(org, total)


@router.get("/{unit_id}/children", response=list[UnitOut])
def children(request: AuthedRequest, unit_id: uuid.UUID) -> Any:
    org = access_org(request.user, unit_id, Capability.MEMBERS_VIEW)
    _, rows = selectors.children_with_counts(org)
    return [_out(child, counts) for child, counts in rows]
