"""The structure parser on samples and on the real corpus texts."""

from pathlib import Path

import pytest

from sotay.content.choices import SectionKind
from sotay.content.corpus import corpus_dir, read_document
from sotay.content.structure import parse_structure

from .conftest import CHARTER_SAMPLE


def test_chapters_articles_clauses() -> None:
    sections = parse_structure(CHARTER_SAMPLE)
    anchors = [s.anchor for s in sections]
    assert anchors == [
        "mo-dau",
        "chuong-i",
        "dieu-1",
        "dieu-1-khoan-1",
        "dieu-1-khoan-2",
        "dieu-2",
        "dieu-2-khoan-1",
        "chuong-ii",
        "dieu-3",
    ]
    chapter = sections[1]
    assert chapter.heading == "ĐẢNG VIÊN" and chapter.kind == SectionKind.CHAPTER
    article = sections[2]
    assert sections[article.parent].anchor == "chuong-i" if article.parent is not None else False
    assert "mười tám tuổi" in sections[4].text


def test_numbering_must_follow_on() -> None:
    text = "1. Mở đầu\nNội dung\n3. Không phải mục (số nhảy cóc)\n2. Mục hai\n2.1. Tiểu mục\nchữ"
    kinds = [(s.kind, s.anchor) for s in parse_structure(text)]
    assert kinds == [
        (SectionKind.ITEM, "muc-1"),
        (SectionKind.ITEM, "muc-2"),
        (SectionKind.SUBITEM, "muc-2-1"),
    ]


def test_excerpts_keep_their_items_apart() -> None:
    text = "[Trích Điều 3]\n1. Một\n2. Hai\n[Trích Điều 4]\n1. Một lần nữa"
    anchors = [s.anchor for s in parse_structure(text)]
    assert anchors == ["trich-1", "trich-1-muc-1", "trich-1-muc-2", "trich-2", "trich-2-muc-1"]


@pytest.mark.skipif(not corpus_dir().is_dir(), reason="corpus not present")
def test_real_corpus_is_parsed() -> None:
    charter = read_document(Path(corpus_dir()) / "dieu-le-dang-2011.txt")
    sections = parse_structure(charter.text)
    articles = [s for s in sections if s.kind == SectionKind.ARTICLE]
    assert len(articles) == 48 and articles[4].anchor == "dieu-5"
    assert len([s for s in sections if s.kind == SectionKind.CHAPTER]) == 12
    qd = read_document(Path(corpus_dir()) / "quy-dinh-294-qd-tw-2025-thi-hanh-dieu-le-dang.txt")
    assert qd.number == "294-QĐ/TW" and qd.issued_on and qd.issued_on.year == 2025
    assert qd.effective_on is not None and qd.effective_on.isoformat() == "2025-07-01"
    items = [s for s in parse_structure(qd.text) if s.kind == SectionKind.ITEM]
    assert len(items) == 33
    for path in corpus_dir().glob("*.txt"):
        parsed = parse_structure(read_document(path).text)
        assert len({s.anchor for s in parsed}) == len(parsed), path.name
