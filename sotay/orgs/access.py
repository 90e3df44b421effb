"""Who may see and manage units of the tree."""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from sotay.core.access import Capability, can, scope_q

from .models import Organization, Position, StaffRole


def orgs_in_scope(user: Any, capability: Capability = Capability.MEMBERS_VIEW) -> Any:
    return Organization.objects.filter(scope_q(user, capability))


def access_role(user: Any, org: Organization, ref: str) -> Position | StaffRole:
    """A role held at ``org`` given as "kind:id", if the user manages positions there."""
    from .services import ROLE_MODELS

    if not can(user, Capability.POSITIONS_MANAGE, org):
        raise PermissionDenied("Bạn không có quyền giao hoặc kết thúc chức vụ ở đơn vị này.")
    kind, _, pk = ref.partition(":")
    model = ROLE_MODELS.get(kind)
    role = model.objects.filter(pk=pk, org=org).first() if model and pk.isdigit() else None
    if role is None:
        raise Http404("Không tìm thấy chức vụ.")
    return role


def access_org(
    user: Any, public_id: Any, capability: Capability = Capability.MEMBERS_VIEW
) -> Organization:
    """The unit if it lies in the user's scope for ``capability``: 404 outside any scope."""
    try:
        key = uuid.UUID(str(public_id))
    except ValueError as exc:
        raise Http404 from exc
    org = Organization.objects.filter(public_id=key).first()
    if (
        org is None
        or not can(user, Capability.MEMBERS_VIEW, org)
        and not can(user, capability, org)
    ):
        raise Http404("Không tìm thấy đơn vị.")
    if not can(user, capability, org):
        raise PermissionDenied("Bạn không có quyền với đơn vị này.")
    return org
