"""Reads over the tree: live member counts for any subtree, and the adoption table."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q
from django.db.models.functions import Substr

from sotay.core.access import subtree_q

from .models import Organization


@dataclass
class UnitCounts:
    """Current members of a subtree by status, and how many have activated an account."""

    probationary: int = 0
    full: int = 0
    exempt: int = 0
    activated: int = 0

    @property
    def total(self) -> int:
        return self.probationary + self.full + self.exempt

    @property
    def full_incl_exempt(self) -> int:
        return self.full + self.exempt

    @property
    def not_activated(self) -> int:
        return self.total - self.activated

    @property
    def activation_rate(self) -> float:
        return self.activated / self.total if self.total else 0.0


def _child_rows(root: Organization, width: int) -> list[Any]:
    """Current members of ``root``'s subtree grouped by the child unit their cell is under.

    Grouping on the path prefix in SQL returns one row per child (not one per cell and
    status), and conditional counts need a single pass over the member index.
    """
    from sotay.members.models import Member

    return list(
        Member.objects.current()
        .filter(subtree_q(root.path, "cell_path"))
        .annotate(child=Substr("cell_path", 1, width))
        .values("child")
        .annotate(
            probationary=Count("id", filter=Q(status="probationary")),
            full=Count("id", filter=Q(status="full")),
            exempt=Count("id", filter=Q(status="exempt")),
            activated=Count("id", filter=Q(has_account=True)),
        )
        .order_by()
    )


def children_with_counts(
    root: Organization,
) -> tuple[UnitCounts, list[tuple[Organization, UnitCounts]]]:
    """Counts for ``root`` and for each of its active children, in one grouped query."""
    children = list(
        Organization.objects.get_children(root).filter(status="active").order_by("name")
    )
    by_prefix = {child.path: UnitCounts() for child in children}
    total = UnitCounts()
    width = len(root.path) + Organization.steplen
    for row in _child_rows(root, width):
        for counts in (total, by_prefix.get(row["child"])):
            if counts is not None:
                counts.probationary += row["probationary"]
                counts.full += row["full"]
                counts.exempt += row["exempt"]
                counts.activated += row["activated"]
    return total, [(child, by_prefix[child.path]) for child in children]


@dataclass
class AdoptionRow:
    org: Organization
    counts: UnitCounts
    rank: int = 0


def adoption_table(root: Organization) -> tuple[UnitCounts, list[AdoptionRow]]:
    """The seeds' table: per unit below, members, newly admitted, full, activated, rank."""
    total, rows = children_with_counts(root)
    table = [AdoptionRow(org, counts) for org, counts in rows]
    table.sort(key=lambda r: (-r.counts.activation_rate, -r.counts.total, r.org.name))
    for i, row in enumerate(table, start=1):
        row.rank = i
    return total, table


def roles_at(org: Organization) -> list[Any]:
    """Positions and staff roles currently held at one unit."""
    from django.utils import timezone

    from .models import Position, StaffRole

    today = timezone.localdate()
    return [
        *Position.objects.active_on(today).filter(org=org).select_related("member"),
        *StaffRole.objects.active_on(today).filter(org=org).select_related("member"),
    ]


def active_cell_by_code(code: str) -> Organization | None:
    """A transfer may go to any active cell in the country: the receiver decides, not the sender."""
    return Organization.objects.filter(
        code=code.strip().upper(), kind="cell", status="active"
    ).first()
