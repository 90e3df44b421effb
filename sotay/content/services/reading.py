"""Bookmarks, "read later" and reading receipts."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from sotay.core.errors import DomainError

from ..choices import BookmarkKind
from ..models import Bookmark, Item, ReadReceipt


@transaction.atomic
def bookmark_set(*, user: Any, item: Item, kind: str, anchor: str = "", on: bool = True) -> bool:
    """Save (on) or unsave an item or one of its articles; returns whether it is saved now."""
    if kind not in BookmarkKind.values:
        raise DomainError("Kiểu lưu không hợp lệ.")
    anchor = (anchor or "")[:60]
    if anchor and not item.sections.filter(anchor=anchor).exists():
        raise DomainError("Không tìm thấy điều, mục này trong văn kiện.")
    existing = Bookmark.objects.filter(user=user, item=item, kind=kind, anchor=anchor)
    if not on:
        existing.delete()
        return False
    if not existing.exists():
        try:
            with transaction.atomic():
                Bookmark.objects.create(user=user, item=item, kind=kind, anchor=anchor)
        except IntegrityError:
            pass  # saved twice at once (double tap): one row is enough
    return True


def receipt_open(*, member: Any, item: Item) -> ReadReceipt:
    """The member opened the item (the first time counts)."""
    receipt, _ = ReadReceipt.objects.get_or_create(
        member=member,
        item=item,
        defaults={"cell_path": member.cell_path, "opened_at": timezone.now()},
    )
    return receipt


def receipt_finish(*, member: Any, item: Item) -> ReadReceipt:
    """The member scrolled to the end of the item."""
    receipt = receipt_open(member=member, item=item)
    if receipt.finished_at is None:
        receipt.finished_at = timezone.now()
        receipt.save(update_fields=["finished_at"])
    return receipt
