"""The monthly cell-meeting bulletin (Bản tin sinh hoạt chi bộ, Hướng dẫn 37-HD/BTGDVTW)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from sotay.core.access import Capability, ancestor_paths, can
from sotay.core.errors import DomainError
from sotay.core.text import clean
from sotay.orgs.models import Organization

from ..access import require_write_unit
from ..choices import BulletinKind, BulletinStatus, ItemStatus
from ..models import Bulletin, BulletinEntry, Item

MAX_ENTRIES = 30


def _check(kind: str, title: str, issue_month: dt.date | None) -> None:
    if kind not in BulletinKind.values:
        raise DomainError("Hãy chọn loại bản tin.", field="kind")
    if not clean(title):
        raise DomainError("Hãy nhập tiêu đề bản tin.", field="title")
    if issue_month is None:
        raise DomainError("Hãy chọn tháng của bản tin.", field="issue_month")


@transaction.atomic
def bulletin_create(
    *,
    user: Any,
    unit: Organization,
    kind: str,
    title: str,
    issue_month: dt.date | None,
    intro: str = "",
) -> Bulletin:
    require_write_unit(user, unit)
    _check(kind, title, issue_month)
    assert issue_month is not None
    return Bulletin.objects.create(
        unit=unit,
        kind=kind,
        title=clean(title)[:300],
        intro=(intro or "").strip(),
        issue_month=issue_month.replace(day=1),
        created_by=user,
    )


@transaction.atomic
def bulletin_update(
    *,
    user: Any,
    bulletin: Bulletin,
    kind: str,
    title: str,
    issue_month: dt.date | None,
    intro: str = "",
) -> Bulletin:
    require_write_unit(user, bulletin.unit)
    if bulletin.status != BulletinStatus.DRAFT:
        raise DomainError("Bản tin đã phát hành không sửa được; hãy gỡ và làm bản mới.")
    _check(kind, title, issue_month)
    assert issue_month is not None
    bulletin.kind, bulletin.title = kind, clean(title)[:300]
    bulletin.issue_month, bulletin.intro = issue_month.replace(day=1), (intro or "").strip()
    bulletin.save()
    return bulletin


@transaction.atomic
def bulletin_set_entries(
    *, user: Any, bulletin: Bulletin, items: list[Item], notes: dict[int, str] | None = None
) -> Bulletin:
    """Replace the chosen items, in the given order. Every item must be published and
    readable by the bulletin's readers (addressed to the unit or one of its ancestors)."""
    require_write_unit(user, bulletin.unit)
    if bulletin.status != BulletinStatus.DRAFT:
        raise DomainError("Bản tin đã phát hành không sửa được.")
    if len(items) > MAX_ENTRIES:
        raise DomainError(f"Một bản tin có tối đa {MAX_ENTRIES} bài.")
    if len({i.pk for i in items}) != len(items):
        raise DomainError("Một bài được chọn hai lần.")
    allowed = set(ancestor_paths(bulletin.unit.path))
    for item in items:
        if item.status != ItemStatus.PUBLISHED:
            raise DomainError(f"“{item.title}” chưa xuất bản hoặc đã gỡ.")
        if item.audience_path not in allowed:
            raise DomainError(f"“{item.title}” không gửi tới các đảng viên của bản tin này.")
    notes = notes or {}
    bulletin.entries.all().delete()
    BulletinEntry.objects.bulk_create(
        [
            BulletinEntry(
                bulletin=bulletin, item=item, position=i, note=clean(notes.get(item.pk, ""))[:500]
            )
            for i, item in enumerate(items, start=1)
        ]
    )
    return bulletin


@transaction.atomic
def bulletin_publish(*, user: Any, bulletin: Bulletin) -> Bulletin:
    if not can(user, Capability.CONTENT_PUBLISH, bulletin.unit):
        raise DomainError("Chỉ Ban Biên tập (cấp ủy) mới được phát hành bản tin.")
    if bulletin.status != BulletinStatus.DRAFT:
        raise DomainError("Bản tin đã phát hành hoặc đã gỡ.")
    if not bulletin.entries.exists():
        raise DomainError("Bản tin chưa có bài nào.")
    bulletin.status, bulletin.published_at = BulletinStatus.PUBLISHED, timezone.now()
    bulletin.save(update_fields=["status", "published_at", "updated_at"])
    return bulletin


@transaction.atomic
def bulletin_withdraw(*, user: Any, bulletin: Bulletin) -> Bulletin:
    if not can(user, Capability.CONTENT_PUBLISH, bulletin.unit):
        raise DomainError("Chỉ Ban Biên tập (cấp ủy) mới được gỡ bản tin.")
    bulletin.status = BulletinStatus.WITHDRAWN
    bulletin.save(update_fields=["status", "updated_at"])
    return bulletin
