"""Encrypted model fields for personal data kept at rest (citizen ID, phone)."""

from __future__ import annotations

import base64
import hashlib
import hmac
from functools import lru_cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.db import models


def _derive(key: str, purpose: bytes) -> bytes:
    return hashlib.sha256(purpose + key.encode()).digest()


@lru_cache(maxsize=1)
def _fernet() -> MultiFernet:
    keys = [
        Fernet(base64.urlsafe_b64encode(_derive(k, b"sotay-field-encryption")))
        for k in settings.FIELD_ENCRYPTION_KEYS
    ]
    return MultiFernet(keys)


def blind_index(value: str) -> str:
    """Keyed digest used to look up an encrypted value by equality (e.g. sign-in by phone)."""
    if not value:
        return ""
    key = _derive(settings.FIELD_ENCRYPTION_KEYS[0], b"sotay-blind-index")
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()[:32]


def encrypt(value: str) -> str:
    return _fernet().encrypt(value.encode()).decode() if value else ""


def decrypt(token: str) -> str:
    if not token:
        return ""
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        return ""


class EncryptedCharField(models.TextField):
    """A text value stored encrypted (Fernet); read and written as plain text in Python."""

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> str:
        return decrypt(value) if value else ""

    def get_prep_value(self, value: Any) -> str:
        value = super().get_prep_value(value)
        return encrypt(value) if value else ""
