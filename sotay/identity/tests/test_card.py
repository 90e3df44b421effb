"""The electronic card: signed, verifiable offline, revocable, and fast to check."""

import time

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from sotay.conftest import Personas, signed_in
from sotay.core.errors import DomainError
from sotay.identity import base45, card, services


def test_base45_round_trip() -> None:
    for data in (b"", b"\x00", b"ab", b"\xff\xff\xff", bytes(range(256))):
        assert base45.decode(base45.encode(data)) == data
    assert base45.encode(b"AB") == "BB8"  # RFC 9285 example
    with pytest.raises(ValueError):
        base45.decode("GGW")  # 3 chars above 65535


def test_card_is_signed_checked_and_revocable(personas: Personas) -> None:
    member = personas.member.member
    code = services.card_code(member)
    assert code.startswith("SOTAY1:") and len(code) == 126  # QR alphanumeric mode
    assert services.card_check(code) == member
    claim = card.verify(code)
    assert claim.card_number == member.party_card_number
    # Forged: one character changed, or signed by another key.
    forged = code[:-3] + ("A" if code[-3] != "A" else "B") + code[-2:]
    with pytest.raises(DomainError, match="không hợp lệ"):
        services.card_check(forged)
    with pytest.raises(DomainError):
        card.verify(code, key=Ed25519PrivateKey.generate().public_key())
    with pytest.raises(DomainError, match="không phải mã thẻ"):
        services.card_check("https://example.com")
    services.card_revoke(member=member, actor=personas.committee, reason="Mất điện thoại")
    with pytest.raises(DomainError, match="thu hồi"):
        services.card_check(code)
    new_code = services.card_code(member)
    assert new_code != code and services.card_check(new_code) == member


def test_card_verification_is_fast(personas: Personas) -> None:
    code = services.card_code(personas.member.member)
    card.verify(code)
    started = time.perf_counter()
    for _ in range(200):
        card.verify(code)
    assert (time.perf_counter() - started) / 200 < 0.005


def test_card_page_and_qr_image_round_trip(personas: Personas) -> None:
    client = signed_in(personas.member)
    page = client.get("/the-dang-vien/")
    assert page.status_code == 200 and "<svg" in page.content.decode()
    png = client.get("/the-dang-vien/qr.png")
    import io

    text = card.read_qr_image(io.BytesIO(png.content))
    assert services.card_check(text) == personas.member.member
    assert "BEGIN PUBLIC KEY" in client.get("/the-dang-vien/khoa-cong-khai.pem").content.decode()
