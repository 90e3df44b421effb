"""Parse what a member types into the search box into phrases that every backend understands.

- words are all required, in any order; when there are several, passages where they stand
  together as typed rank higher;
- "quoted words" must appear together, as a phrase;
- a document number ("294-QĐ/TW", "06-HD/TW", "294 QĐ") is a phrase of its parts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .tokens import tokens

_QUOTED = re.compile(r"\"([^\"]*)\"|“([^”]*)”")
_NUMBER = re.compile(
    r"\b(\d{1,5})\s*[-–]\s*([A-Za-zĐđ]{1,6})(?:\s*/\s*([A-Za-zĐđ]{1,10}))?", re.UNICODE
)
MAX_TERMS = 12


@dataclass
class ParsedQuery:
    phrases: list[list[str]] = field(default_factory=list)  # required, each len >= 2
    words: list[str] = field(default_factory=list)  # required single tokens
    boost: list[str] = field(default_factory=list)  # the free words as typed: ranks higher

    @property
    def empty(self) -> bool:
        return not self.phrases and not self.words

    @property
    def all_terms(self) -> list[str]:
        return list(dict.fromkeys([t for p in self.phrases for t in p] + self.words))

    def highlight_patterns(self) -> list[str]:
        """Regular expressions (over folded text) of what to mark: phrases as phrases."""
        sep = "[^a-z0-9]+"
        return [sep.join(p) for p in self.phrases] + list(dict.fromkeys(self.words))

    def fts5(self) -> str:
        """SQLite FTS5 MATCH expression (tokens are [a-z0-9]+, so quoting is safe)."""
        required = [f'"{" ".join(p)}"' for p in self.phrases] + [f'"{w}"' for w in self.words]
        expr = " AND ".join(required)
        if self.boost:
            # Same rows (the first word is required anyway); rows with the phrase rank higher.
            expr = f'{expr} AND ("{" ".join(self.boost)}" OR "{self.boost[0]}")'
        return expr

    def tsquery(self) -> str:
        """PostgreSQL to_tsquery('simple', ...) expression with the same meaning."""
        required = [f"({' <-> '.join(p)})" for p in self.phrases] + list(self.words)
        expr = " & ".join(required)
        if self.boost:
            expr = f"{expr} & (({' <-> '.join(self.boost)}) | {self.boost[0]})"
        return expr


def parse_query(raw: str) -> ParsedQuery:
    raw = (raw or "")[:300]
    parsed = ParsedQuery()

    def add(group: list[str]) -> None:
        if len(group) == 1:
            parsed.words.append(group[0])
        elif group:
            parsed.phrases.append(group)

    def take_quoted(m: re.Match[str]) -> str:
        add(tokens(m.group(1) or m.group(2) or ""))
        return " "

    rest = _QUOTED.sub(take_quoted, raw)

    def take_number(m: re.Match[str]) -> str:
        add(tokens(" ".join(g for g in m.groups() if g)))
        return " "

    rest = _NUMBER.sub(take_number, rest)
    free = tokens(rest)[:MAX_TERMS]
    parsed.words.extend(free)
    if len(free) >= 2:
        parsed.boost = free
    # Keep queries bounded: a pasted paragraph should not make a hundred-term query.
    parsed.words = list(dict.fromkeys(parsed.words))[:MAX_TERMS]
    parsed.phrases = [p[:MAX_TERMS] for p in parsed.phrases[:4]]
    return parsed
