"""Split the plain text of a party document into its structure: chương, điều, khoản, or the
numbered mục/tiểu mục of regulations and guidance, or the "[Trích ...]" blocks of excerpts.

Numbers must follow on (Điều 5 after Điều 4, 2. after 1.) so that a paragraph that merely
starts with a number or quotes "Điều 8 ..." is not taken for a heading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .choices import SectionKind

_CHAPTER = re.compile(r"^Chương\s+([IVXLC]+)\b\.?\s*(.*)$")
_ARTICLE = re.compile(r"^Điều\s+(\d+)\s*[.:]\s*(.*)$|^Điều\s+(\d+)$")
_PART = re.compile(r"^([IVX]+)\.\s+(\S.*)$")
_ITEM = re.compile(r"^(\d+)\.\s*(\S.*)$")
_SUBITEM = re.compile(r"^(\d+)\.(\d+)\.?\s+(\S.*)$")
_EXCERPT = re.compile(r"^\[(.+)\]$")


@dataclass
class ParsedSection:
    kind: str
    number: str
    anchor: str
    heading: str
    depth: int
    parent: int | None  # index into the list
    lines: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.lines).strip()


def _roman(value: str) -> int:
    numerals = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
    total = 0
    for i, ch in enumerate(value):
        n = numerals[ch]
        total += -n if i + 1 < len(value) and numerals[value[i + 1]] > n else n
    return total


def _is_caps_heading(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return bool(letters) and len(line) < 200 and all(c.isupper() for c in letters)


class _Parser:
    def __init__(self, has_articles: bool) -> None:
        self.has_articles = has_articles
        self.sections: list[ParsedSection] = []
        self.chapter: int | None = None
        self.part: int | None = None
        self.article: int | None = None
        self.item: int | None = None
        self.last_chapter = 0
        self.last_part = 0
        self.last_article = 0
        self.last_clause = 0
        self.last_item = 0
        self.last_sub = 0
        self.excerpts = 0
        self.await_heading: int | None = None

    def add(self, kind: str, number: str, anchor: str, heading: str, parent: int | None) -> int:
        depth = 0 if parent is None else self.sections[parent].depth + 1
        self.sections.append(ParsedSection(kind, number, anchor, heading, depth, parent))
        return len(self.sections) - 1

    def current(self) -> int:
        if not self.sections:
            self.add(SectionKind.PREAMBLE, "", "mo-dau", "Phần mở đầu", None)
        return len(self.sections) - 1

    def feed(self, line: str) -> None:
        if self.await_heading is not None:
            target = self.sections[self.await_heading]
            self.await_heading = None
            if _is_caps_heading(line):
                target.heading = line
                return
        if self._structural(line):
            return
        self.sections[self.current()].lines.append(line)

    def _structural(self, line: str) -> bool:  # noqa: C901 - one branch per kind of heading
        m = _EXCERPT.match(line)
        if m:
            self.excerpts += 1
            self.chapter = self.article = self.item = None
            self.last_item = self.last_clause = 0
            # Numbered items inside an excerpt belong to it (anchors "trich-2-muc-1").
            self.part = self.add(
                SectionKind.EXCERPT, str(self.excerpts), f"trich-{self.excerpts}", m.group(1), None
            )
            return True
        m = _CHAPTER.match(line)
        if m and _roman(m.group(1)) == self.last_chapter + 1:
            self.last_chapter += 1
            self.chapter = self.add(
                SectionKind.CHAPTER, m.group(1), f"chuong-{m.group(1).lower()}", m.group(2), None
            )
            self.article = None
            if not m.group(2):
                self.await_heading = self.chapter
            return True
        if self.has_articles:
            m = _ARTICLE.match(line)
            number = int(m.group(1) or m.group(3)) if m else 0
            if m and number == self.last_article + 1:
                self.last_article = number
                self.last_clause = 0
                self.article = self.add(
                    SectionKind.ARTICLE,
                    str(number),
                    f"dieu-{number}",
                    (m.group(2) or "").strip(),
                    self.chapter,
                )
                return True
            m = _ITEM.match(line)
            if m and self.article is not None and int(m.group(1)) == self.last_clause + 1:
                self.last_clause += 1
                idx = self.add(
                    SectionKind.CLAUSE,
                    m.group(1),
                    f"dieu-{self.last_article}-khoan-{m.group(1)}",
                    "",
                    self.article,
                )
                self.sections[idx].lines.append(line)
                return True
            return False
        m = _PART.match(line)
        if m and _roman(m.group(1)) == self.last_part + 1 and _is_caps_heading(m.group(2)):
            self.last_part += 1
            self.part = self.add(
                SectionKind.PART, m.group(1), f"phan-{m.group(1).lower()}", m.group(2), None
            )
            self.item = None
            self.last_item = 0
            return True
        m = _SUBITEM.match(line)
        if (
            m
            and self.item is not None
            and int(m.group(1)) == self.last_item
            and int(m.group(2)) == self.last_sub + 1
        ):
            self.last_sub += 1
            anchor = f"{self.sections[self.item].anchor}-{self.last_sub}"
            idx = self.add(
                SectionKind.SUBITEM,
                f"{m.group(1)}.{m.group(2)}",
                anchor,
                _short_heading(m.group(3)),
                self.item,
            )
            if not self.sections[idx].heading:
                self.sections[idx].lines.append(m.group(3))
            return True
        m = _ITEM.match(line)
        if m and int(m.group(1)) == self.last_item + 1:
            self.last_item += 1
            self.last_sub = 0
            prefix = f"{self.sections[self.part].anchor}-" if self.part is not None else ""
            anchor = f"{prefix}muc-{self.last_item}"
            heading = _short_heading(m.group(2))
            self.item = self.add(SectionKind.ITEM, str(self.last_item), anchor, heading, self.part)
            if not heading:
                self.sections[self.item].lines.append(m.group(2))
            return True
        return False


def _short_heading(rest: str) -> str:
    """A numbered line is a heading when it is short and does not read as a full paragraph."""
    rest = rest.strip()
    if len(rest) > 120 or rest.endswith((";", ",")) or (rest.endswith(".") and len(rest) > 60):
        return ""
    return rest


def parse_structure(text: str) -> list[ParsedSection]:
    lines = [ln.strip() for ln in text.splitlines()]
    lines = [ln for ln in lines if ln]
    has_articles = any(_ARTICLE.match(ln) and re.match(r"^Điều\s+1\b", ln) for ln in lines)
    parser = _Parser(has_articles)
    for line in lines:
        parser.feed(line)
    return parser.sections


_ANCHOR_WORDS = {
    "dieu": "Điều",
    "khoan": "Khoản",
    "muc": "Mục",
    "chuong": "Chương",
    "phan": "Phần",
    "trich": "Trích đoạn",
}


def anchor_label(anchor: str) -> str:
    """How a reader names a section from its anchor: "dieu-4-khoan-2" → "Khoản 2, Điều 4",
    "muc-2-1" → "Mục 2.1", "phan-ii-muc-3" → "Mục 3, Phần II", "mo-dau" → "Phần mở đầu".
    An anchor this module did not make comes back unchanged."""
    if anchor == "mo-dau":
        return "Phần mở đầu"
    tokens = anchor.split("-")
    parts: list[str] = []
    i = 0
    while i < len(tokens):
        word = _ANCHOR_WORDS.get(tokens[i])
        numbers: list[str] = []
        i += 1
        while i < len(tokens) and tokens[i] not in _ANCHOR_WORDS:
            numbers.append(tokens[i])
            i += 1
        if word is None or not numbers:
            return anchor
        number = ".".join(numbers)
        if word in ("Chương", "Phần"):
            number = number.upper()
        parts.append(f"{word} {number}")
    return ", ".join(reversed(parts))
