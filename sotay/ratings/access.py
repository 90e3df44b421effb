"""Who reviews and who decides a yearly rating — built on ``sotay.core.access``.

A cell's committee reviews its members (Bước 2) and assesses the cell itself; the committee
of the unit directly above decides (Bước 3). A unit at the top of the tree decides for
itself. Members see only their own rating.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from sotay.core.access import Capability, can, scope_q
from sotay.orgs.choices import OrgKind, OrgStatus
from sotay.orgs.models import Organization

from .models import QualityRating, RatingComment

RATINGS = Capability.RATINGS


def decider_of(unit: Organization) -> Organization:
    """The unit whose committee decides ratings at ``unit``: its parent, or itself at the top.
    A đảng bộ bộ phận reviews its cells but does not decide organisational matters (QĐ 294,
    20.3.3), so a cell under one is decided by the grassroots committee above it."""
    parent_path = unit.path[: -Organization.steplen]
    if not parent_path:
        return unit
    parent = Organization.objects.get(path=parent_path)
    if parent.kind == OrgKind.PARTIAL and parent.depth > 1:
        return Organization.objects.get(path=parent_path[: -Organization.steplen])
    return parent


def orgs_decided_by(decider: Organization) -> list[Organization]:
    """The active organisations whose rating ``decider`` decides: its children, and the
    cells of its đảng bộ bộ phận. A đảng bộ bộ phận itself decides none."""
    if decider.kind == OrgKind.PARTIAL:
        return []
    children = list(Organization.objects.get_children(decider).filter(status=OrgStatus.ACTIVE))
    partials = [c for c in children if c.kind == OrgKind.PARTIAL]
    for partial in partials:
        children += list(Organization.objects.get_children(partial).filter(status=OrgStatus.ACTIVE))
    return sorted(children, key=lambda o: o.path)


def _unit(public_id: Any) -> Organization:
    try:
        key = public_id if isinstance(public_id, uuid.UUID) else uuid.UUID(str(public_id))
    except ValueError as exc:
        raise Http404 from exc
    unit = Organization.objects.filter(public_id=key, status="active").first()
    if unit is None:
        raise Http404("Không tìm thấy đơn vị.")
    return unit


def access_rating_unit(user: Any, public_id: Any, action: str) -> Organization:
    """The unit for ``action``: "review" (its own committee or any above) or "decide" (the
    committee above it). 404 outside every rating scope, 403 inside one without the right."""
    unit = _unit(public_id)
    if not can(user, RATINGS, unit):
        decider = decider_of(unit)
        if not can(user, RATINGS, decider):
            raise Http404("Không tìm thấy đơn vị.")
    if action == "decide" and not can(user, RATINGS, decider_of(unit)):
        raise PermissionDenied("Xếp loại do cấp ủy cấp trên trực tiếp quyết định.")
    return unit


def ratings_reviewable_by(user: Any) -> QuerySet[QualityRating]:
    return QualityRating.objects.filter(scope_q(user, RATINGS, "unit_path"))


def ratings_decidable_by(user: Any) -> QuerySet[QualityRating]:
    return QualityRating.objects.filter(scope_q(user, RATINGS, "decider__path"))


def may_decide(user: Any, unit: Organization) -> bool:
    return can(user, RATINGS, decider_of(unit))


def may_review(user: Any, unit: Organization) -> bool:
    return can(user, RATINGS, unit)


def comment_asked_of(unit: Organization, public_id: Any) -> RatingComment | None:
    """A comment request addressed to ``unit`` (the page's door already checked ``unit``)."""
    try:
        key = public_id if isinstance(public_id, uuid.UUID) else uuid.UUID(str(public_id))
    except ValueError:
        return None
    return RatingComment.objects.filter(from_unit=unit, public_id=key).first()
