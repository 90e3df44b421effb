"""VAPID keys for Web Push: generated once at set-up into var/ (or given by environment)."""

from __future__ import annotations

import base64
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings


def key_file() -> Path:
    return Path(settings.VAR_DIR) / "vapid_private.pem"


def ensure_keys() -> Path:
    """Create the private key file if there is none; returns its path."""
    path = key_file()
    if not path.exists():
        key = ec.generate_private_key(ec.SECP256R1())
        pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        path.write_bytes(pem)
        os.chmod(path, 0o600)
    return path


@lru_cache(maxsize=1)
def private_key_pem() -> str:
    return os.environ.get("VAPID_PRIVATE_KEY") or ensure_keys().read_text()


@lru_cache(maxsize=1)
def signer() -> Any:
    """The key as pywebpush wants it (a py_vapid ``Vapid``)."""
    from py_vapid import Vapid

    return Vapid.from_pem(private_key_pem().encode())


@lru_cache(maxsize=1)
def public_key_b64() -> str:
    """The application server key a browser needs to subscribe (base64url, uncompressed point)."""
    key = serialization.load_pem_private_key(private_key_pem().encode(), password=None)
    raw = key.public_key().public_bytes(
        serialization.Encoding.X962,  # type: ignore[union-attr]
        serialization.PublicFormat.UncompressedPoint,
    )
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()
