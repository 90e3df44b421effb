"""Search behaves the same on SQLite and PostgreSQL (the suite runs on both)."""

import pytest

from sotay.conftest import Personas, Tree
from sotay.content import services
from sotay.content.access import audience_paths
from sotay.content.choices import Category, DocLevel, ItemKind
from sotay.content.models import Item, SearchEntry
from sotay.content.search import Filters, parse_query, search
from sotay.content.search.snippets import snippet


def _doc(user, unit, number: str, title: str, body: str, **kw) -> Item:  # noqa: ANN001, ANN003
    item = services.item_create(
        user=user,
        kind=ItemKind.DOCUMENT,
        unit=unit,
        title=title,
        body=body,
        number=number,
        level=kw.pop("level", DocLevel.CENTRAL),
        **kw,
    )
    return services.item_publish(user=user, item=item)


@pytest.fixture
def corpus(charter: Item, personas: Personas, tree: Tree) -> dict[str, Item]:
    qd = _doc(
        personas.committee,
        tree.g1,
        "294-QĐ/TW",
        "Quy định thi hành Điều lệ Đảng",
        "1. Về đảng viên dự bị\nĐảng viên dự bị được giúp đỡ.\n2. Đảng phí\nMức đóng.",
    )
    nq = _doc(
        personas.committee,
        tree.g1,
        "15-NQ/TU",
        "Nghị quyết về chuyển đổi số",
        "Điều 1.\nSử dụng Sổ tay đảng viên điện tử.",
        level=DocLevel.PROVINCIAL,
    )
    news = services.item_create(
        user=personas.committee,
        kind=ItemKind.ARTICLE,
        unit=tree.g1,
        title="Tin văn nghệ",
        body="Liên hoan văn nghệ quần chúng; nghị quyết được phổ biến.",
        category=Category.CULTURE,
    )
    services.item_publish(user=personas.committee, item=news)
    return {"charter": charter, "qd": qd, "nq": nq, "news": news}


def test_query_parsing() -> None:
    q = parse_query('Quy định "đảng viên dự bị" 294-QĐ/TW')
    assert q.phrases == [["dang", "vien", "du", "bi"], ["294", "qd", "tw"]]
    assert q.words == ["quy", "dinh"]
    assert parse_query("   ").empty
    # Operators and quotes of the FTS syntax cannot be injected.
    assert (
        parse_query('a" OR NOT b*').fts5()
        == '"a" AND "or" AND "not" AND "b" AND ("a or not b" OR "a")'
    )


def test_accent_insensitive_and_lands_on_the_article(corpus: dict[str, Item]) -> None:
    result = search("dang vien du bi", audience_paths=None)
    assert result.total >= 2
    labels = [(h.item_id, h.anchor) for h in result.hits]
    assert (corpus["charter"].pk, "dieu-3") in labels
    hit = next(h for h in result.hits if h.anchor == "dieu-3")
    assert "<mark>dự</mark> <mark>bị</mark>" in hit.snippet or "<mark>dự bị</mark>" in hit.snippet


def test_document_numbers(corpus: dict[str, Item]) -> None:
    for query in ("294-QĐ/TW", "294-qd/tw", "294 QĐ/TW", "294"):
        top = search(query, audience_paths=None).hits[0]
        assert top.item_id == corpus["qd"].pk and top.anchor == "", query
    assert search("295-QĐ/TW", audience_paths=None).total == 0


def test_phrases_filters_and_paging(corpus: dict[str, Item]) -> None:
    assert search('"nghị quyết"', audience_paths=None).total >= 2
    only_docs = search("nghi quyet", audience_paths=None, filters=Filters(kind="document"))
    assert {h.item_id for h in only_docs.hits} == {corpus["nq"].pk}
    provincial = search("dang", audience_paths=None, filters=Filters(level="provincial"))
    assert {h.item_id for h in provincial.hits} == {corpus["nq"].pk}
    year = corpus["qd"].published_at.year  # type: ignore[union-attr]
    assert search("294", audience_paths=None, filters=Filters(year=year)).total >= 1
    assert search("294", audience_paths=None, filters=Filters(year=1999)).total == 0
    first = search("dang", audience_paths=None, per_page=2)
    second = search("dang", audience_paths=None, per_page=2, page=2)
    assert first.total == second.total > 2
    assert not {h.entry_id for h in first.hits} & {h.entry_id for h in second.hits}


def test_only_what_the_member_may_read(corpus: dict[str, Item], personas: Personas) -> None:
    inside = search("van nghe", audience_paths=audience_paths(personas.member))
    assert [h.item_id for h in inside.hits] == [corpus["news"].pk]
    assert search("van nghe", audience_paths=audience_paths(personas.outsider)).total == 0
    # The Charter (province-wide) is readable by the outsider too.
    assert search("dieu le", audience_paths=audience_paths(personas.outsider)).total >= 1


def test_withdrawn_and_scheduled_items_are_not_found(
    corpus: dict[str, Item], personas: Personas
) -> None:
    services.item_withdraw(user=personas.committee, item=corpus["news"], reason="Trùng lặp")
    assert search("van nghe", audience_paths=None).total == 0
    assert SearchEntry.objects.filter(item=corpus["news"]).exists()  # kept, not deleted


def test_snippet_escapes_and_marks() -> None:
    html = snippet("<script>x</script> Đảng viên dự bị", ["dang[^a-z0-9]+vien", "du"])
    assert (
        "&lt;script&gt;" in html and "<mark>Đảng viên</mark>" in html and "<mark>dự</mark>" in html
    )


def test_one_document_does_not_fill_the_page(personas: Personas, tree: Tree) -> None:
    body = "\n".join(f"Điều {n}.\nChi bộ họp lần thứ {n}." for n in range(1, 7))
    doc = _doc(
        personas.committee, tree.g1, "03-QC/ĐU", "Quy chế chi bộ", body, level=DocLevel.GRASSROOTS
    )
    page = search("chi bo hop", audience_paths=None)
    own = [h for h in page.hits if h.item_id == doc.pk]
    assert len(own) == 3 and own[0].in_item == 6
    assert page.total == 3
    within = search("chi bo hop", audience_paths=None, filters=Filters(item_id=doc.pk))
    assert within.total == 6 and len(within.hits) == 6
    assert search("chi bo hop", audience_paths=None, page=5).total == 3  # past the end


def test_more_in_document_link(personas: Personas, tree: Tree) -> None:
    from sotay.conftest import signed_in

    body = "\n".join(f"Điều {n}.\nChi bộ họp lần thứ {n}." for n in range(1, 7))
    doc = _doc(
        personas.committee, tree.g1, "03-QC/ĐU", "Quy chế chi bộ", body, level=DocLevel.GRASSROOTS
    )
    client = signed_in(personas.member)
    html = client.get("/tim-kiem/", {"q": "chi bo hop"}).content.decode()
    assert "Xem tất cả 6 kết quả trong văn bản này" in html
    inside = client.get("/tim-kiem/", {"q": "chi bo hop", "trong": str(doc.public_id)})
    assert len(inside.context["result"].hits) == 6
    outsider = signed_in(personas.outsider)
    assert outsider.get("/tim-kiem/", {"q": "chi", "trong": str(doc.public_id)}).status_code == 404
