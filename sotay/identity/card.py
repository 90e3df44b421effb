"""Sign and verify the electronic party card (Ed25519), offline-verifiable with the public key.

Payload (before Base45): version (1 byte) | serial (4) | card number as an integer (8) |
issued day since 2000-01-01 (2) | Ed25519 signature of the previous 15 bytes (64).
The QR text is "SOTAY1:" + Base45(payload): 126 characters of the QR alphanumeric mode
(a version 7 code at error level M).
"""

from __future__ import annotations

import datetime as dt
import io
import os
import struct
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings

from sotay.core.errors import DomainError

from . import base45

PREFIX = "SOTAY1:"
VERSION = 1
_BODY = struct.Struct(">BIQH")
EPOCH = dt.date(2000, 1, 1)
INVALID = "Mã thẻ không hợp lệ (không đúng chữ ký của hệ thống). Hãy kiểm tra lại thẻ."


@dataclass(frozen=True)
class CardClaim:
    serial: int
    card_number: str
    issued_on: dt.date


def key_file() -> Path:
    return Path(settings.VAR_DIR) / "card_signing_key.pem"


def ensure_key() -> Path:
    path = key_file()
    if not path.exists():
        pem = Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(pem)
        os.chmod(path, 0o600)
    return path


@lru_cache(maxsize=1)
def _private_key() -> Ed25519PrivateKey:
    pem = os.environ.get("CARD_SIGNING_KEY") or ensure_key().read_text()
    key = serialization.load_pem_private_key(pem.encode(), password=None)
    assert isinstance(key, Ed25519PrivateKey)
    return key


@lru_cache(maxsize=1)
def public_key() -> Ed25519PublicKey:
    return _private_key().public_key()


def public_key_pem() -> str:
    return (
        public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )


def sign(serial: int, card_number: str, issued_on: dt.date) -> str:
    body = _BODY.pack(VERSION, serial, int(card_number), (issued_on - EPOCH).days)
    return PREFIX + base45.encode(body + _private_key().sign(body))


def verify(text: str, key: Ed25519PublicKey | None = None) -> CardClaim:
    """The claim inside a genuine card code; DomainError for anything forged or garbled.
    (Whether the card is still valid — not revoked, the member's current one — is the
    service's question: see services.card_check.)"""
    text = (text or "").strip()
    if not text.startswith(PREFIX):
        raise DomainError("Đây không phải mã thẻ đảng viên điện tử.")
    try:
        raw = base45.decode(text[len(PREFIX) :])
    except ValueError as exc:
        raise DomainError(INVALID) from exc
    if len(raw) != _BODY.size + 64:
        raise DomainError(INVALID)
    body, signature = raw[: _BODY.size], raw[_BODY.size :]
    try:
        (key or public_key()).verify(signature, body)
    except InvalidSignature as exc:
        raise DomainError(INVALID) from exc
    version, serial, number, days = _BODY.unpack(body)
    if version != VERSION:
        raise DomainError(INVALID)
    return CardClaim(serial, str(number), EPOCH + dt.timedelta(days=days))


def qr_svg(text: str) -> str:
    import segno

    out = io.BytesIO()
    segno.make(text, error="m").save(
        out, kind="svg", scale=6, border=3, xmldecl=False, title="Thẻ đảng viên điện tử"
    )
    return out.getvalue().decode()


def qr_png(text: str) -> bytes:
    import segno

    out = io.BytesIO()
    segno.make(text, error="m").save(out, kind="png", scale=8, border=4)
    return out.getvalue()


def read_qr_image(upload: object) -> str:
    """The text of the first QR code in a photo (zxing-cpp); DomainError if there is none."""
    import zxingcpp
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(upload) as img:  # type: ignore[arg-type]
            img.load()
            picture = img.convert("L")
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise DomainError("Ảnh không đọc được; hãy chụp lại mã QR trên thẻ.") from exc
    picture.thumbnail((1600, 1600))
    found = [r.text for r in zxingcpp.read_barcodes(picture) if r.text]
    if not found:
        raise DomainError("Không thấy mã QR trong ảnh; hãy chụp gần, rõ và đủ sáng.")
    return found[0]
