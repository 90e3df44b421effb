"""Issuing, revoking and checking electronic party cards."""

from __future__ import annotations

import secrets
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from sotay.core.errors import DomainError
from sotay.members.models import Member

from . import card
from .models import PartyCard


def card_current(member: Member) -> PartyCard:
    """The member's valid card, issued on first use."""
    current = member.cards.filter(revoked_at__isnull=True).first()
    if current is not None:
        return current
    for _ in range(5):
        try:
            with transaction.atomic():
                return PartyCard.objects.create(member=member, serial=secrets.randbelow(2**31))
        except IntegrityError:
            continue  # serial collision: draw again
    raise DomainError("Chưa cấp được thẻ, hãy thử lại.")


def card_code(member: Member) -> str:
    issued = card_current(member)
    number = member.party_card_number or ""
    if not number.isdigit():
        raise DomainError("Hồ sơ chưa có số thẻ đảng viên hợp lệ; hãy đề nghị chi bộ bổ sung.")
    return card.sign(issued.serial, number, timezone.localdate(issued.issued_at))


@transaction.atomic
def card_revoke(*, member: Member, actor: Any, reason: str) -> None:
    if not reason.strip():
        raise DomainError("Hãy ghi lý do thu hồi thẻ.")
    member.cards.filter(revoked_at__isnull=True).update(
        revoked_at=timezone.now(), revoked_reason=reason.strip()[:200], revoked_by=actor
    )


def card_check(text: str) -> Member:
    """The member whose genuine, current card this code is; DomainError otherwise."""
    claim = card.verify(text)
    issued = PartyCard.objects.select_related("member").filter(serial=claim.serial).first()
    if issued is None or issued.member.party_card_number != claim.card_number:
        raise DomainError(card.INVALID)
    if issued.revoked_at is not None:
        raise DomainError(
            f"Thẻ này đã bị thu hồi ngày {timezone.localtime(issued.revoked_at):%d/%m/%Y}"
            f" ({issued.revoked_reason}). Đề nghị đồng chí mở lại thẻ mới trên ứng dụng."
        )
    return issued.member
