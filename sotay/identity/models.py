"""The electronic party card: one current card per member, revocable, identified by a serial
that is inside the signed QR payload."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class PartyCard(models.Model):
    """An issued electronic card. Revoking it (lost phone, left the Party) makes every copy of
    its QR code fail verification on the server; a new card gets a new serial."""

    member = models.ForeignKey("members.Member", on_delete=models.CASCADE, related_name="cards")
    serial = models.PositiveIntegerField(unique=True)
    issued_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.CharField(max_length=200, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-issued_at"]
        indexes = [models.Index(fields=["member", "revoked_at"])]

    def __str__(self) -> str:
        return f"Thẻ {self.serial} của {self.member_id}"
