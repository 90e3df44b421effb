"""Reads: inbox pages, unread counts, and a notice's reach per unit."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import Substr

from sotay.core.cache import for_viewer
from sotay.orgs.models import Organization

from .choices import DeliveryStatus
from .models import Delivery, Notice, Notification, NotificationPreference


def preference_of(user: Any) -> NotificationPreference | None:
    """The user's own notification settings (None until they save some)."""
    return NotificationPreference.objects.filter(user=user).first()


def unread_count(member_id: int | None) -> int:
    if not member_id:
        return 0
    return for_viewer(
        "notices",
        member_id,
        [],
        lambda: Notification.objects.filter(member_id=member_id, read_at__isnull=True).count(),
    )


@dataclass
class Reach:
    org: Organization | None
    total: int = 0
    delivered: int = 0
    read: int = 0
    acknowledged: int = 0

    @property
    def ack_rate(self) -> float:
        return self.acknowledged / self.total if self.total else 0.0


def notice_reach(notice: Notice) -> tuple[Reach, list[Reach]]:
    """Per unit directly under the notice's unit: recipients, delivered (in the inbox and sent on
    at least one channel, or read), read, and acknowledged."""
    width = len(notice.org.path) + Organization.steplen
    sent = Delivery.objects.filter(notification=OuterRef("pk"), status=DeliveryStatus.SENT)
    rows = (
        Notification.objects.filter(notice=notice)
        .annotate(unit=Substr("member__cell_path", 1, width), was_sent=Exists(sent))
        .values("unit")
        .annotate(
            total=Count("id"),
            delivered=Count("id", filter=Q(was_sent=True) | Q(read_at__isnull=False)),
            read=Count("id", filter=Q(read_at__isnull=False)),
            acknowledged=Count("id", filter=Q(acknowledged_at__isnull=False)),
        )
        .order_by()
    )
    units = {o.path: o for o in Organization.objects.filter(path__in=[r["unit"] for r in rows])}
    total = Reach(notice.org)
    per_unit: dict[str, Reach] = {}
    for r in rows:
        reach = per_unit.setdefault(r["unit"], Reach(units.get(r["unit"])))
        for field in ("total", "delivered", "read", "acknowledged"):
            setattr(reach, field, getattr(reach, field) + r[field])
            setattr(total, field, getattr(total, field) + r[field])
    return total, sorted(per_unit.values(), key=lambda x: (x.ack_rate, x.org.name if x.org else ""))


def not_acknowledged(notice: Notice, limit: int = 500) -> list[Any]:
    return list(
        Notification.objects.filter(notice=notice, acknowledged_at__isnull=True)
        .select_related("member__cell")
        .order_by("member__cell_path", "member__search_text")[:limit]
    )


def delivery_summary(notice: Notice) -> dict[str, dict[str, int]]:
    summary: dict[str, dict[str, int]] = {}
    for row in (
        Delivery.objects.filter(notification__notice=notice)
        .values("channel", "status")
        .annotate(n=Count("id"))
        .order_by()
    ):
        summary.setdefault(row["channel"], {})[row["status"]] = row["n"]
    return summary
