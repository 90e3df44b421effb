"""Who may see and manage units of the tree."""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from sotay.core.access import Capability, can, scope_q

from .models import Organization


def orgs_in_scope(user: Any, capability: Capability = Capability.MEMBERS_VIEW) -> Any:
    return Organization.objects.filter(scope_q(user, capability))


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
