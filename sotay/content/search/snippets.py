"""Highlighted snippets, computed in Python from the original text so that both databases show
exactly the same thing, with diacritics intact."""

from __future__ import annotations

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .tokens import fold_chars

WIDTH = 220


def _pattern(terms: list[str]) -> re.Pattern[str] | None:
    if not terms:
        return None
    # Terms are regular expressions over folded [a-z0-9] tokens built by ParsedQuery.
    alternatives = "|".join(sorted(terms, key=len, reverse=True))
    return re.compile(rf"(?<![a-z0-9])(?:{alternatives})(?![a-z0-9])")


def snippet(text: str, terms: list[str], width: int = WIDTH) -> SafeString:
    """About ``width`` characters around the densest cluster of matches, matches in <mark>."""
    text = text or ""
    folded = fold_chars(text)
    pattern = _pattern(terms)
    spans = [m.span() for m in pattern.finditer(folded)] if pattern else []
    if not spans:
        cut = text[:width]
        return mark_safe(escape(cut) + ("…" if len(text) > width else ""))  # noqa: S308
    # The window start that covers the most matches (two pointers over the sorted spans).
    best_start, best_count, j = spans[0][0], 0, 0
    for i, (s, _e) in enumerate(spans):
        j = max(j, i)
        while j + 1 < len(spans) and spans[j + 1][1] <= s + width:
            j += 1
        if j - i + 1 > best_count:
            best_start, best_count = s, j - i + 1
    start = max(0, best_start - width // 4)
    if start:
        space = text.rfind(" ", 0, start)
        start = space + 1 if space >= 0 and start - space < 30 else start
    end = min(len(text), start + width)
    space = text.find(" ", end)
    end = space if space != -1 and space - end < 30 else end
    out: list[str] = ["…" if start else ""]
    pos = start
    for s, e in spans:
        if e <= start or s >= end:
            continue
        s, e = max(s, start), min(e, end)
        out.append(escape(text[pos:s]))
        out.append(f"<mark>{escape(text[s:e])}</mark>")
        pos = e
    out.append(escape(text[pos:end]))
    out.append("…" if end < len(text) else "")
    return mark_safe("".join(out))  # noqa: S308 - every piece of text is escaped above


def highlight(text: str, terms: list[str]) -> SafeString:
    """The whole (short) text with its matches in <mark> — for titles."""
    pattern = _pattern(terms)
    if not pattern:
        return mark_safe(escape(text))  # noqa: S308
    folded = fold_chars(text)
    out: list[str] = []
    pos = 0
    for m in pattern.finditer(folded):
        s, e = m.span()
        out.append(escape(text[pos:s]))
        out.append(f"<mark>{escape(text[s:e])}</mark>")
        pos = e
    out.append(escape(text[pos:]))
    return mark_safe("".join(out))  # noqa: S308
