"""Member photos: checked by content, not by file name; served only after access checks."""

from __future__ import annotations

from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.http import FileResponse

from sotay.core.errors import DomainError

from .choices import HistorySource
from .models import Member, MemberHistory

MAX_PHOTO_BYTES = 2 * 1024 * 1024
SIGNATURES = {b"\xff\xd8\xff": ("jpg", "image/jpeg"), b"\x89PNG\r\n\x1a\n": ("png", "image/png")}


def _kind(head: bytes) -> tuple[str, str] | None:
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp", "image/webp"
    return next((kind for sig, kind in SIGNATURES.items() if head.startswith(sig)), None)


@transaction.atomic
def member_set_photo(*, member: Member, upload: Any, actor: Any) -> Member:
    """Replace the record's photo with a JPEG, PNG or WebP image of at most 2 MB."""
    if upload.size > MAX_PHOTO_BYTES:
        raise DomainError("Ảnh quá lớn: tối đa 2 MB.", field="photo")
    data = upload.read()
    kind = _kind(data[:16])
    if kind is None:
        raise DomainError("Tệp không phải ảnh JPEG, PNG hoặc WebP.", field="photo")
    member.photo.save(f"{member.public_id}.{kind[0]}", ContentFile(data), save=False)
    member.save(update_fields=["photo", "updated_at"])
    MemberHistory.objects.create(
        member=member, source=HistorySource.EDIT, actor=actor, changes={"photo": [None, "ảnh mới"]}
    )
    return member


def photo_response(member: Member) -> FileResponse:
    """The photo file; callers have already checked that the viewer may see the record."""
    with member.photo.open("rb") as fh:
        head = fh.read(16)
    kind = _kind(head) or ("bin", "application/octet-stream")
    response = FileResponse(member.photo.open("rb"), content_type=kind[1])
    response["Cache-Control"] = "private, max-age=3600"
    return response
