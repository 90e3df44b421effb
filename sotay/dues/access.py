"""Who keeps and collects party dues — built on ``sotay.core.access``.

A unit's committee (and any committee above it) sees the unit's dues, records payments at
its cells and passes the money up; the committee of the unit above confirms what arrives.
Rates and shares are the same for the whole tree, so only a committee at its root sets them.
A member sees their own dues and receipts.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from sotay.core.access import Capability, can, scope_paths, scope_q
from sotay.orgs.models import Organization

from .models import DuesPayment, DuesRemittance

DUES = Capability.DUES


def _key(public_id: Any) -> uuid.UUID | None:
    try:
        return public_id if isinstance(public_id, uuid.UUID) else uuid.UUID(str(public_id))
    except ValueError:
        return None


def access_dues_unit(user: Any, public_id: Any) -> Organization:
    """The unit whose dues the user keeps (its committee or one above); 404 otherwise."""
    key = _key(public_id)
    unit = Organization.objects.filter(public_id=key, status="active").first() if key else None
    if unit is None or not can(user, DUES, unit):
        raise Http404("Không tìm thấy đơn vị.")
    return unit


def access_receipt(user: Any, public_id: Any) -> DuesPayment:
    """A receipt: the member's own, or one given at a cell in the user's dues scope."""
    key = _key(public_id)
    payment = (
        DuesPayment.objects.select_related("member", "cell").filter(public_id=key).first()
        if key
        else None
    )
    if payment is None:
        raise Http404("Không tìm thấy biên lai.")
    own = payment.member_id == getattr(user, "member_id", None)
    if not own and not can(user, DUES, payment.cell):
        raise Http404("Không tìm thấy biên lai.")
    return payment


def incoming_remittance(unit: Organization, public_id: Any) -> DuesRemittance | None:
    """A remittance sent to ``unit`` (whose page's door was already passed)."""
    key = _key(public_id)
    return DuesRemittance.objects.filter(to_unit=unit, public_id=key).first() if key else None


def receipt_at(cell: Organization, public_id: Any) -> DuesPayment | None:
    key = _key(public_id)
    return DuesPayment.objects.filter(cell=cell, public_id=key).first() if key else None


def payments_visible_to(user: Any) -> QuerySet[DuesPayment]:
    return DuesPayment.objects.filter(scope_q(user, DUES, "cell_path"))


def may_keep(user: Any, unit: Organization) -> bool:
    return can(user, DUES, unit)


def may_configure(user: Any) -> bool:
    """Holds the dues capability at the root of the tree (rates apply to the whole of it)."""
    return any(len(path) == Organization.steplen for path in scope_paths(user, DUES))


def dues_home_unit(user: Any) -> Organization | None:
    """The highest unit where the user keeps dues (for the console's link)."""
    paths = scope_paths(user, DUES)
    return Organization.objects.filter(path=paths[0]).first() if paths else None
