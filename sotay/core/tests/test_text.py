import unicodedata

import pytest

from sotay.core.text import clean, fold, normalize_phone


def test_fold_strips_diacritics_and_d_bar() -> None:
    assert fold("Nguyễn Đức Thắng") == "nguyen duc thang"


def test_fold_treats_nfd_and_nfc_alike() -> None:
    nfd = unicodedata.normalize("NFD", "Hoàng Thị Thủy")
    assert fold(nfd) == fold("Hoàng Thị Thủy") == "hoang thi thuy"
    assert clean(nfd) == "Hoàng Thị Thủy"


def test_clean_collapses_spaces() -> None:
    assert clean("  Lê   Văn\tAn ") == "Lê Văn An"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0912 345 678", "0912345678"),
        ("+84912345678", "0912345678"),
        ("84912345678", "0912345678"),
        ("912345678", "0912345678"),
        ("912345678.0", "0912345678"),
        ("0912-345.678", "0912345678"),
        ("12345", ""),
        ("abc", ""),
        ("", ""),
    ],
)
def test_normalize_phone(raw: str, expected: str) -> None:
    assert normalize_phone(raw) == expected
