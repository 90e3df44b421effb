"""Folding and tokenising Vietnamese text the same way for the index and for queries.

Both databases index the *same* pre-folded tokens (lower-case a-z0-9 syllables), so that
SQLite FTS5 and PostgreSQL full-text search find exactly the same passages: "nghi quyet"
finds "nghị quyết", "294-QĐ/TW" becomes the phrase "294 qd tw".
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

TOKEN = re.compile(r"[a-z0-9]+")


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    if ch in "đĐ":
        return "d"
    base = unicodedata.normalize("NFD", ch)[0].lower()
    return base[0] if base else ch


def _table() -> dict[int, str]:
    """One-character folds for Latin letters with diacritics (À..ỹ) and capitals, so that
    folding is a single C-level ``str.translate``."""
    table = {ord(c): c.lower() for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"}
    for code in range(0x00C0, 0x1F00):
        ch = chr(code)
        folded = _fold_char(ch)
        if folded != ch and len(folded) == 1:
            table[code] = folded
    return table


_FOLD = _table()


def fold_chars(text: str) -> str:
    """Lower-case, accent-free copy of ``text`` with exactly the same length (one char per
    char), so that a match found in the folded text can be highlighted in the original."""
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text.translate(_FOLD)


def tokens(text: str) -> list[str]:
    return TOKEN.findall(fold_chars(text))


def token_text(*parts: str) -> str:
    """What the full-text index stores for some text: its tokens separated by spaces."""
    return " ".join(t for part in parts if part for t in tokens(part))
