"""Services (all writes) of the content app."""

from .bulletins import (
    bulletin_create,
    bulletin_publish,
    bulletin_set_entries,
    bulletin_update,
    bulletin_withdraw,
)
from .items import (
    attachment_add,
    item_correct,
    item_create,
    item_publish,
    item_reject,
    item_submit,
    item_update,
    item_withdraw,
    normalize_number,
    relation_add,
)
from .reading import bookmark_set, receipt_finish, receipt_open

__all__ = [
    "attachment_add",
    "bookmark_set",
    "bulletin_create",
    "bulletin_publish",
    "bulletin_set_entries",
    "bulletin_update",
    "bulletin_withdraw",
    "item_correct",
    "item_create",
    "item_publish",
    "item_reject",
    "item_submit",
    "item_update",
    "item_withdraw",
    "normalize_number",
    "receipt_finish",
    "receipt_open",
    "relation_add",
]
