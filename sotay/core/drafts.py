"""Drafts commented paragraph by paragraph (a cell's draft resolution, a committee's draft
document under consultation): split the text into paragraphs, and keep each paragraph's key
from one version to the next, so comments stay attached to the paragraph they were made on."""

from __future__ import annotations

import difflib
import secrets
from collections.abc import Sequence

from .text import clean


def paragraphs(text: str) -> list[str]:
    parts = [clean(p) for p in text.replace("\r", "").split("\n")]
    return [p for p in parts if p]


def carry_keys(
    old_keys: Sequence[str], old_texts: Sequence[str], new_texts: list[str]
) -> list[str]:
    """Each kept or edited paragraph of the new version gets the key of the paragraph it came
    from (an edit counts when more than half of the text is alike); a new paragraph gets a new
    key."""
    keys = [""] * len(new_texts)
    matcher = difflib.SequenceMatcher(a=list(old_texts), b=new_texts, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for k in range(j2 - j1):
                keys[j1 + k] = old_keys[i1 + k]
        elif tag == "replace":
            used: set[int] = set()
            for j in range(j1, j2):
                best, score = -1, 0.5
                for i in range(i1, i2):
                    if i in used:
                        continue
                    ratio = difflib.SequenceMatcher(a=old_texts[i], b=new_texts[j]).ratio()
                    if ratio > score:
                        best, score = i, ratio
                if best >= 0:
                    used.add(best)
                    keys[j] = old_keys[best]
    return [k or secrets.token_hex(4) for k in keys]
