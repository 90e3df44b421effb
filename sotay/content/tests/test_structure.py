"""The structure parser on samples and on the real corpus texts."""

from pathlib import Path

import pytest

from sotay.content.choices import SectionKind
from sotay.content.corpus import corpus_dir, read_document
from sotay.content.structure import anchor_label, parse_structure

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


@pytest.mark.parametrize(
    ("anchor", "label"),
    [
        ("dieu-5", "Điều 5"),
        ("dieu-4-khoan-2", "Khoản 2, Điều 4"),
        ("muc-2-1", "Mục 2.1"),
        ("phan-ii-muc-3", "Mục 3, Phần II"),
        ("chuong-iii", "Chương III"),
        ("trich-2-muc-1", "Mục 1, Trích đoạn 2"),
        ("mo-dau", "Phần mở đầu"),
        ("la-thu", "la-thu"),
    ],
)
def test_anchor_labels_read_as_a_reader_names_them(anchor: str, label: str) -> None:
    assert anchor_label(anchor) == label


def test_every_corpus_anchor_has_a_label() -> None:
    if not corpus_dir().is_dir():
        pytest.skip("corpus not present")
    for path in sorted(Path(corpus_dir()).glob("*.txt")):
        for section in parse_structure(read_document(path).text):
            assert anchor_label(section.anchor) != section.anchor, section.anchor
