"""Private notes."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from sotay.core.errors import DomainError
from sotay.core.text import clean, fold
from sotay.members.models import Member

from ..models import Note

MAX_NOTE = 20_000


@transaction.atomic
def note_save(
    *,
    member: Member,
    title: str,
    body: str = "",
    item: Any = None,
    anchor: str = "",
    meeting: Any = None,
    note: Note | None = None,
) -> Note:
    if not clean(title) and not clean(body):
        raise DomainError("Ghi chú đang trống.", field="title")
    if len(body or "") > MAX_NOTE:
        raise DomainError(
            "Ghi chú dài quá 20.000 ký tự; hãy tách thành nhiều ghi chú.", field="body"
        )
    if note is None:
        note = Note(member=member, item=item, anchor=anchor[:60], meeting=meeting)
    note.title = clean(title)[:200] or clean(body)[:60]
    note.body = (body or "").strip()
    note.search_text = fold(f"{note.title} {note.body}")
    note.save()
    return note


@transaction.atomic
def note_delete(*, note: Note) -> None:
    note.delete()
