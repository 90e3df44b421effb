"""The one door for authorisation.

Scope is a position in the organisation tree: a committee position or staff role held at unit U
grants its capabilities over U's whole subtree and nothing else. Each app's ``access.py`` builds
on the helpers here (``scope_q``, ``can``) to fetch single objects (``access_<entity>``) and to
filter lists (``visible_to`` / ``manageable_by``).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils import timezone

from .cache import for_viewer

if TYPE_CHECKING:
    from sotay.orgs.models import Organization

PATH_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


class Capability(StrEnum):
    MEMBERS_VIEW = "members.view"
    MEMBERS_EDIT = "members.edit"
    MEMBERS_IMPORT = "members.import"
    ACCOUNTS_ISSUE_CODE = "accounts.issue_code"
    CORRECTIONS_DECIDE = "corrections.decide"
    TRANSFERS = "transfers"
    ORGS_MANAGE = "orgs.manage"
    POSITIONS_MANAGE = "positions.manage"
    REPORTS_VIEW = "reports.view"
    CONTENT_WRITE = "content.write"
    CONTENT_PUBLISH = "content.publish"
    NOTICES_SEND = "notices.send"
    MEETINGS_MANAGE = "meetings.manage"
    PARTICIPATION_MANAGE = "participation.manage"
    TASKS_ASSIGN = "tasks.assign"
    # Review (a cell) and decide (the committee above) the yearly quality rating.
    RATINGS = "ratings"
    # Keep members' dues basis, collect, give receipts and pass the money up (thu, nộp đảng phí).
    DUES = "dues"


_COMMITTEE = frozenset(
    {
        Capability.MEMBERS_VIEW,
        Capability.MEMBERS_EDIT,
        Capability.MEMBERS_IMPORT,
        Capability.ACCOUNTS_ISSUE_CODE,
        Capability.CORRECTIONS_DECIDE,
        Capability.TRANSFERS,
        Capability.POSITIONS_MANAGE,
        Capability.REPORTS_VIEW,
        Capability.CONTENT_WRITE,
        Capability.CONTENT_PUBLISH,
        Capability.NOTICES_SEND,
        Capability.MEETINGS_MANAGE,
        Capability.PARTICIPATION_MANAGE,
        Capability.TASKS_ASSIGN,
        Capability.RATINGS,
        Capability.DUES,
    }
)

# Role kind (PositionKind / StaffRoleKind value) -> capabilities over the unit's subtree.
ROLE_CAPABILITIES: dict[str, frozenset[Capability]] = {
    "secretary": _COMMITTEE,
    "deputy_secretary": _COMMITTEE,
    "committee_member": frozenset(
        {
            Capability.MEMBERS_VIEW,
            Capability.REPORTS_VIEW,
            Capability.ACCOUNTS_ISSUE_CODE,
            Capability.MEETINGS_MANAGE,
            Capability.PARTICIPATION_MANAGE,
            Capability.TASKS_ASSIGN,
            # A cell committee member is often the one who collects the dues.
            Capability.DUES,
        }
    ),
    "organisation": _COMMITTEE | {Capability.ORGS_MANAGE},
    "office": _COMMITTEE | {Capability.ORGS_MANAGE},
    "propaganda": frozenset(
        {
            Capability.REPORTS_VIEW,
            Capability.CONTENT_WRITE,
            Capability.CONTENT_PUBLISH,
            Capability.NOTICES_SEND,
            Capability.PARTICIPATION_MANAGE,
        }
    ),
    # The editorial board approves and publishes; its writers only draft and submit.
    "editor": frozenset({Capability.CONTENT_WRITE, Capability.CONTENT_PUBLISH}),
    "writer": frozenset({Capability.CONTENT_WRITE}),
}


@dataclass(frozen=True)
class Grant:
    org_id: int
    path: str
    kind: str


def path_successor(path: str) -> str | None:
    """Smallest path greater than every descendant of ``path`` (None if there is none)."""
    chars = list(path)
    for i in range(len(chars) - 1, -1, -1):
        pos = PATH_ALPHABET.index(chars[i])
        if pos + 1 < len(PATH_ALPHABET):
            chars[i] = PATH_ALPHABET[pos + 1]
            return "".join(chars[: i + 1])
    return None


def subtree_q(path: str, field: str = "path") -> Q:
    """Rows whose ``field`` is ``path`` or a descendant of it, as an index-friendly range."""
    upper = path_successor(path)
    q = Q(**{f"{field}__gte": path})
    return q & Q(**{f"{field}__lt": upper}) if upper else q


def _minimal(paths: set[str]) -> list[str]:
    ordered = sorted(paths)
    kept: list[str] = []
    for p in ordered:
        if not kept or not p.startswith(kept[-1]):
            kept.append(p)
    return kept


def grants(user: Any) -> tuple[Grant, ...]:
    """Active positions and staff roles of the user, cached on the user object."""
    if not getattr(user, "is_authenticated", False):
        return ()
    cached = getattr(user, "_sotay_grants", None)
    if cached is not None:
        return cached
    member_id = getattr(user, "member_id", None)
    result: tuple[Grant, ...] = ()
    if member_id:
        today = timezone.localdate()
        result = for_viewer("grants", member_id, [today], lambda: _grants_of(member_id, today))
    user._sotay_grants = result
    return result


def _grants_of(member_id: int, today: Any) -> tuple[Grant, ...]:
    from sotay.orgs.models import Position, StaffRole

    rows: list[Grant] = []
    for model in (Position, StaffRole):
        for org_id, path, kind in (
            model.objects.active_on(today)
            .filter(member_id=member_id, org__status="active")
            .values_list("org_id", "org__path", "kind")
        ):
            rows.append(Grant(org_id, path, kind))
    return tuple(rows)


def forget(user: Any) -> None:
    """Drop the cached grants (after positions change within a request)."""
    if hasattr(user, "_sotay_grants"):
        del user._sotay_grants


def scope_paths(user: Any, capability: Capability) -> list[str]:
    """Roots of the subtrees where the user holds ``capability``."""
    return _minimal({g.path for g in grants(user) if capability in ROLE_CAPABILITIES[g.kind]})


def scope_q(user: Any, capability: Capability, field: str = "path") -> Q:
    """Filter for rows inside the user's scope for ``capability``; matches nothing if none."""
    paths = scope_paths(user, capability)
    if not paths:
        return Q(pk__in=[])
    q = Q()
    for p in paths:
        q |= subtree_q(p, field)
    return q


def can(user: Any, capability: Capability, org: Organization | None) -> bool:
    if org is None:
        return False
    return any(org.path.startswith(p) for p in scope_paths(user, capability))


def require(user: Any, capability: Capability, org: Organization | None) -> None:
    if not can(user, capability, org):
        raise PermissionDenied("Bạn không có quyền thực hiện thao tác này với đơn vị này.")


def is_committee(user: Any) -> bool:
    """Holds any committee position or staff role: must sign in with a second factor."""
    return bool(grants(user))


def ancestor_paths(path: str, steplen: int = 4) -> list[str]:
    """The tree paths of a unit and all its ancestors (root first)."""
    return [path[:i] for i in range(steplen, len(path) + 1, steplen)]


def units_for(user: Any, capability: Capability) -> Any:
    """Units a user may pick as the target of ``capability`` (publish to, assign study to...):
    their scope roots and the non-cell units below them — a province has thousands of cells,
    and a cell acts for itself from its own scope."""
    from sotay.orgs.models import Organization

    roots = scope_paths(user, capability)
    qs = Organization.objects.filter(scope_q(user, capability), status="active")
    return (qs.exclude(kind="cell") | qs.filter(path__in=roots)).order_by("path")


def holders(unit: Organization, capability: Capability) -> list[int]:
    """Member ids of those who hold ``capability`` at ``unit`` itself (its committee positions
    and staff roles today) — who answers, reports or is told for the unit."""
    from sotay.orgs.models import Position, StaffRole

    today = timezone.localdate()
    kinds = [k for k, caps in ROLE_CAPABILITIES.items() if capability in caps]
    ids: set[int] = set()
    for model in (Position, StaffRole):
        ids |= set(
            model.objects.active_on(today)
            .filter(org=unit, kind__in=kinds)
            .values_list("member_id", flat=True)
        )
    return sorted(ids)
