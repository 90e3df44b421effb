"""The one write the report centre offers: asking the worker to recompute a period now."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from sotay.core.access import Capability, require
from sotay.orgs.models import Organization

from .periods import Period


def refresh_request(*, user: Any, unit: Organization, period: Period) -> int:
    """Queue the period's months (up to this month) for recomputation; the page shows the new
    figures once the worker has run. Returns how many months were queued."""
    from .tasks import refresh_months

    require(user, Capability.REPORTS_VIEW, unit)
    this_month = timezone.localdate().replace(day=1)
    months = [m.isoformat() for m in period.months if m <= this_month]
    if months:
        transaction.on_commit(lambda: refresh_months.enqueue(months))
    return len(months)
