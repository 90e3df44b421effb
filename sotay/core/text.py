"""Vietnamese text helpers: normalisation and accent-insensitive folding."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def clean(value: object) -> str:
    """NFC-normalise, trim and collapse inner whitespace (imports mix NFD and NFC)."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFC", str(value))
    return _SPACES.sub(" ", text).strip()


def fold(value: object) -> str:
    """Lowercase and strip diacritics so that "nguyen" matches "Nguyễn"."""
    text = unicodedata.normalize("NFD", clean(value).lower())
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    return text.replace("đ", "d")


_PHONE_CHARS = re.compile(r"[\s.\-()]")


def normalize_phone(value: object) -> str:
    """Return a Vietnamese phone number as 0xxxxxxxxx, or "" when it is not one."""
    text = clean(value)
    if text.endswith(".0"):  # a number typed into a spreadsheet cell
        text = text[:-2]
    text = _PHONE_CHARS.sub("", text)
    if text.startswith("+84"):
        text = "0" + text[3:]
    elif text.startswith("84") and len(text) == 11:
        text = "0" + text[2:]
    elif len(text) == 9 and text.isdigit() and not text.startswith("0"):
        text = "0" + text  # spreadsheets drop the leading zero
    if re.fullmatch(r"0\d{9}", text):
        return text
    return ""
