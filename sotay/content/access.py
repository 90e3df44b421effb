"""Who may read, write, publish and follow up content — the one door for the content app.

- A member reads what is published to any ancestor of their cell (or of the cell where they
  are temporarily active); operators without a member record read everything published.
- A unit's writers (CONTENT_WRITE) draft and submit; its board (CONTENT_PUBLISH) approves,
  publishes, corrects and withdraws. Both act only on items of units in their scope.
- "Who has read it" is shown to committees (REPORTS_VIEW or CONTENT_PUBLISH) for the part of
  the audience inside their own scope.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from sotay.core.access import Capability, ancestor_paths, can, scope_paths, scope_q
from sotay.orgs.models import Organization

from .choices import BulletinStatus, ItemStatus
from .models import Bookmark, Bulletin, Item, ReadReceipt

READ, WRITE, PUBLISH = "read", "write", "publish"


def audience_paths(user: Any) -> list[str] | None:
    """Audience paths whose items the user may read; None means every item (operators)."""
    if not getattr(user, "is_authenticated", False):
        return []
    if hasattr(user, "_sotay_audience"):
        cached: list[str] | None = user._sotay_audience
        return cached
    member = getattr(user, "member", None)
    result: list[str] | None
    if member is None:
        result = None if user.is_superuser else []
    else:
        paths = set(ancestor_paths(member.cell_path))
        if member.temporary_cell_id and member.temporary_cell:
            paths.update(ancestor_paths(member.temporary_cell.path))
        result = sorted(paths)
    user._sotay_audience = result
    return result


def live_q() -> Q:
    return Q(status=ItemStatus.PUBLISHED, published_at__lte=timezone.now())


def is_live_for(user: Any, item: Item) -> bool:
    """``item in items_visible_to(user)``, decided on the loaded item without a query."""
    live = item.status == ItemStatus.PUBLISHED and (
        item.published_at is not None and item.published_at <= timezone.now()
    )
    if not live:
        return False
    paths = audience_paths(user)
    return paths is None or item.audience_path in paths


def items_visible_to(user: Any) -> QuerySet[Item]:
    return items_for_audience(audience_paths(user))


def items_for_audience(paths: list[str] | None) -> QuerySet[Item]:
    """Live items for readers of these audience paths (None: every item) — what is shared by
    every member of the same paths, so it may be cached per paths (content.selectors)."""
    qs = Item.objects.filter(live_q())
    return qs if paths is None else qs.filter(audience_path__in=paths)


def items_manageable_by(user: Any) -> QuerySet[Item]:
    return Item.objects.filter(scope_q(user, Capability.CONTENT_WRITE, "unit__path"))


def _public_key(public_id: Any) -> uuid.UUID:
    try:
        return uuid.UUID(str(public_id))
    except ValueError as exc:
        raise Http404 from exc


def access_item(user: Any, public_id: Any, action: str = READ) -> Item:
    """The item for ``action``; 404 when the user may not even see it, 403 when they see it
    but may not do ``action``."""
    item = (
        Item.objects.select_related("unit", "audience")
        .filter(public_id=_public_key(public_id))
        .first()
    )
    if item is None:
        raise Http404("Không tìm thấy tin bài hoặc văn kiện.")
    manages = can(user, Capability.CONTENT_WRITE, item.unit)
    if action == READ:
        if manages or is_live_for(user, item):
            return item
        raise Http404("Không tìm thấy tin bài hoặc văn kiện.")
    if not manages:
        if is_live_for(user, item):
            raise PermissionDenied("Bạn không có quyền biên tập tin bài này.")
        raise Http404("Không tìm thấy tin bài hoặc văn kiện.")
    if action == PUBLISH and not can(user, Capability.CONTENT_PUBLISH, item.unit):
        raise PermissionDenied("Chỉ Ban Biên tập (cấp ủy) của đơn vị mới được duyệt, xuất bản.")
    return item


def can_publish(user: Any, item: Item) -> bool:
    return can(user, Capability.CONTENT_PUBLISH, item.unit)


def readership_roots(user: Any, item: Item) -> list[str]:
    """The parts of the item's audience where the user may see who has read it."""
    scopes = set(scope_paths(user, Capability.REPORTS_VIEW)) | set(
        scope_paths(user, Capability.CONTENT_PUBLISH)
    )
    roots: set[str] = set()
    for p in scopes:
        if p.startswith(item.audience_path):
            roots.add(p)
        elif item.audience_path.startswith(p):
            roots.add(item.audience_path)
    return sorted(roots)


def access_readership(user: Any, public_id: Any) -> tuple[Item, list[str]]:
    item = (
        Item.objects.select_related("unit", "audience")
        .filter(public_id=_public_key(public_id))
        .first()
    )
    if item is None:
        raise Http404
    roots = readership_roots(user, item)
    if not roots:
        raise Http404("Không tìm thấy tin bài hoặc văn kiện.")
    return item, roots


def bookmarks_of(user: Any) -> QuerySet[Bookmark]:
    if not getattr(user, "is_authenticated", False):
        return Bookmark.objects.none()
    return Bookmark.objects.filter(user=user)


def receipts_of(user: Any) -> QuerySet[ReadReceipt]:
    member_id = getattr(user, "member_id", None)
    return (
        ReadReceipt.objects.filter(member_id=member_id) if member_id else ReadReceipt.objects.none()
    )


def bulletins_visible_to(user: Any) -> QuerySet[Bulletin]:
    paths = audience_paths(user)
    qs = Bulletin.objects.filter(status=BulletinStatus.PUBLISHED)
    return qs if paths is None else qs.filter(audience_path__in=paths)


def bulletins_manageable_by(user: Any) -> QuerySet[Bulletin]:
    return Bulletin.objects.filter(scope_q(user, Capability.CONTENT_WRITE, "unit__path"))


def access_bulletin(user: Any, public_id: Any, action: str = READ) -> Bulletin:
    bulletin = (
        Bulletin.objects.select_related("unit").filter(public_id=_public_key(public_id)).first()
    )
    if bulletin is None:
        raise Http404("Không tìm thấy bản tin.")
    manages = can(user, Capability.CONTENT_WRITE, bulletin.unit)
    if action == READ and (manages or bulletins_visible_to(user).filter(pk=bulletin.pk).exists()):
        return bulletin
    if action != READ and manages:
        if action == PUBLISH and not can(user, Capability.CONTENT_PUBLISH, bulletin.unit):
            raise PermissionDenied("Chỉ Ban Biên tập (cấp ủy) mới được phát hành bản tin.")
        return bulletin
    raise Http404("Không tìm thấy bản tin.")


def require_write_unit(user: Any, unit: Any) -> None:
    if not can(user, Capability.CONTENT_WRITE, unit):
        raise PermissionDenied("Bạn không có quyền đăng tin cho đơn vị này.")


def access_attachment(user: Any, public_id: Any) -> Any:
    """An item's file, for whoever may read the item."""
    from .models import Attachment

    attachment = (
        Attachment.objects.select_related("item").filter(public_id=_public_key(public_id)).first()
    )
    if attachment is None:
        raise Http404
    access_item(user, attachment.item.public_id)
    return attachment


def units_writable_by(user: Any) -> QuerySet[Organization]:
    """Units the user may publish to (see core.access.units_for)."""
    from sotay.core.access import units_for

    units: QuerySet[Organization] = units_for(user, Capability.CONTENT_WRITE)
    return units


def publisher_for(user: Any, audience: Organization) -> Organization:
    """The publishing unit: the user's own scope root that contains the audience."""
    from sotay.core.errors import DomainError

    roots = [p for p in scope_paths(user, Capability.CONTENT_WRITE) if audience.path.startswith(p)]
    unit = Organization.objects.filter(path=roots[0]).first() if roots else None
    if unit is None:
        raise DomainError("Bạn không có quyền đăng tin cho đơn vị này.", field="audience")
    return unit
