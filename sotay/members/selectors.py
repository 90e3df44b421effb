"""Reusable reads over member records."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from sotay.core.access import subtree_q
from sotay.core.fields import blind_index
from sotay.core.models import AuditEntry
from sotay.core.text import fold, normalize_phone
from sotay.orgs.models import Organization, Position, StaffRole

from .choices import CURRENT_STATUSES, MemberStatus
from .models import Member
from .rules import RECORD_FIELDS


def search(qs: QuerySet[Member], text: str) -> QuerySet[Member]:
    """Accent-insensitive name search; digits search card numbers; a phone finds its owner."""
    text = (text or "").strip()
    if not text:
        return qs
    phone = normalize_phone(text)
    if phone:
        return qs.filter(phone_digest=blind_index(phone))
    if text.isdigit():
        # A range rather than LIKE 'x%' so that the unique index on the card number is used.
        return qs.filter(party_card_number__gte=text, party_card_number__lt=text + ":")
    for word in fold(text).split()[:6]:
        qs = qs.filter(search_text__contains=word)
    return qs


def record_rows(member: Member) -> list[tuple[str, str]]:
    """(label, displayed value) for each field of a record, as the member and committee see it."""
    rows = []
    for name, label in RECORD_FIELDS.items():
        value = getattr(member, name)
        if value and hasattr(member, f"get_{name}_display"):
            value = getattr(member, f"get_{name}_display")()
        elif hasattr(value, "strftime"):
            value = value.strftime("%d/%m/%Y")
        rows.append((label, value or "—"))
    return rows


def members_in(
    org: Organization, *, q: str = "", status: str = "", activated: str = ""
) -> QuerySet[Member]:
    qs = Member.objects.filter(subtree_q(org.path, "cell_path"))
    if status == "all":
        pass
    elif status in MemberStatus.values:
        qs = qs.filter(status=status)
    else:
        qs = qs.filter(status__in=CURRENT_STATUSES)
    if activated in ("yes", "no"):
        qs = qs.filter(has_account=activated == "yes")
    return search(qs, q).select_related("cell").order_by("search_text", "id")


def active_roles_prefetch(day: dt.date | None = None) -> list[Prefetch]:
    day = day or timezone.localdate()
    return [
        Prefetch(
            "positions",
            queryset=Position.objects.active_on(day).select_related("org"),
            to_attr="current_positions",
        ),
        Prefetch(
            "staff_roles",
            queryset=StaffRole.objects.active_on(day).select_related("org"),
            to_attr="current_staff_roles",
        ),
    ]


def cell_directory(member: Member) -> list[Member]:
    """Members of a member's cell (and those temporarily attending it), with positions."""
    cell_ids = [member.temporary_cell_id or member.cell_id]
    return list(
        Member.objects.filter(Q(cell_id__in=cell_ids) | Q(temporary_cell_id__in=cell_ids))
        .filter(status__in=CURRENT_STATUSES)
        .prefetch_related(*active_roles_prefetch())
        .order_by("search_text")
    )


def party_group_of(member: Member) -> Any:
    """The member's tổ đảng (with its leaders), if their cell is divided into groups."""
    from sotay.orgs.models import PartyGroup

    if member.party_group_id is None:
        return None
    return (
        PartyGroup.objects.select_related("leader", "deputy")
        .filter(pk=member.party_group_id, dissolved_on__isnull=True)
        .first()
    )


def probation_due(org: Organization, within_days: int = 30) -> QuerySet[Member]:
    """Probationary members whose 12 months end within ``within_days`` (or already ended)."""
    months = settings.PROBATION_MONTHS
    limit = (
        timezone.localdate()
        + dt.timedelta(days=within_days)
        - dt.timedelta(days=round(months * 30.44))
    )
    return (
        Member.objects.filter(
            subtree_q(org.path, "cell_path"),
            status=MemberStatus.PROBATIONARY,
            admitted_on__lte=limit,
        )
        .select_related("cell")
        .order_by("admitted_on")
    )


def record_views(member: Member, limit: int = 100) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(member=member).order_by("-created_at")[:limit])


def member_roles(member: Member) -> list[Any]:
    day = timezone.localdate()
    return [
        *Position.objects.active_on(day).filter(member=member).select_related("org"),
        *StaffRole.objects.active_on(day).filter(member=member).select_related("org"),
    ]
