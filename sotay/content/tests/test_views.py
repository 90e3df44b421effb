"""Members' pages, the committee console, and the API with the three personas."""

import datetime as dt
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sotay.conftest import Personas, Tree, make_member, make_user, signed_in
from sotay.content import services
from sotay.content.choices import Category, ItemKind, ItemStatus
from sotay.content.models import Bookmark, Item, ReadReceipt
from sotay.core.cache import bump
from sotay.core.errors import DomainError
from sotay.members.models import User
from sotay.orgs.models import Position


def test_member_reads_outsider_does_not(g1_article: Item, personas: Personas) -> None:
    url = f"/noi-dung/{g1_article.public_id}/"
    member = signed_in(personas.member)
    page = member.get(url)
    assert page.status_code == 200 and "ra quân làm đường" in page.content.decode()
    assert ReadReceipt.objects.filter(item=g1_article, member=personas.member.member).exists()
    assert member.post(f"{url}da-doc/").status_code == 204
    assert ReadReceipt.objects.get(item=g1_article).finished_at is not None
    assert signed_in(personas.outsider).get(url).status_code == 404
    assert "ra quân" not in signed_in(personas.outsider).get("/tin-tuc/").content.decode()
    assert "ra quân" in member.get("/tin-tuc/").content.decode()
    # The committee of the publishing unit manages it; the member only reads it.
    assert (
        signed_in(personas.committee).get(f"/quan-ly/noi-dung/{g1_article.public_id}/").status_code
        == 200
    )
    assert member.get(f"/quan-ly/noi-dung/{g1_article.public_id}/").status_code == 403
    assert (
        signed_in(personas.outsider).get(f"/quan-ly/noi-dung/{g1_article.public_id}/").status_code
        == 404
    )


def test_feed_query_count_does_not_grow(personas: Personas, tree: Tree) -> None:
    def make(n: int) -> None:
        for i in range(n):
            item = services.item_create(
                user=personas.committee,
                kind=ItemKind.ARTICLE,
                unit=tree.g1,
                title=f"Tin {i}",
                category=Category.PROVINCE,
            )
            services.item_publish(user=personas.committee, item=item)

    client = signed_in(personas.member)
    make(2)
    client.get("/tin-tuc/")  # the member's grants are cached from here on (core.cache)
    bump("feed")  # as publishing does: the feed itself is read again from the database
    with CaptureQueriesContext(connection) as few:
        assert client.get("/tin-tuc/").status_code == 200
    make(20)
    with CaptureQueriesContext(connection) as many:
        page = client.get("/tin-tuc/")
    assert len(many) == len(few)
    assert "Xem thêm" in page.content.decode()
    more = client.get("/tin-tuc/", {"truoc": page.context["page"].next_cursor})
    assert len(more.context["page"].items) == 2


def test_search_page_and_section_permalink(charter: Item, personas: Personas) -> None:
    client = signed_in(personas.outsider)
    page = client.get("/tim-kiem/", {"q": "dang vien du bi"})
    html = page.content.decode()
    assert page.status_code == 200 and f"/noi-dung/{charter.public_id}/dieu-3/" in html
    section = client.get(f"/noi-dung/{charter.public_id}/dieu-3/")
    assert (
        "mười hai tháng" in section.content.decode()
        and "Trích dẫn: Điều 3" in section.content.decode()
    )
    assert client.get(f"/noi-dung/{charter.public_id}/dieu-99/").status_code == 404
    assert client.get("/tim-kiem/", {"q": "x", "nam": "abc"}).status_code == 200


def test_bookmarks_and_offline_list(charter: Item, personas: Personas) -> None:
    client = signed_in(personas.member)
    url = f"/noi-dung/{charter.public_id}/luu/"
    assert client.post(url, {"kind": "bookmark", "anchor": "dieu-3", "on": "1"}).status_code == 302
    assert client.post(url, {"kind": "bookmark", "anchor": "dieu-3", "on": "1"}).status_code == 302
    assert client.post(url, {"kind": "later", "on": "1"}, HTTP_HX_REQUEST="true").status_code == 200
    assert Bookmark.objects.filter(user=personas.member).count() == 2
    assert client.post(url, {"kind": "bookmark", "anchor": "dieu-77"}).status_code == 400
    urls = client.get("/noi-dung/ngoai-tuyen.json").json()["urls"]
    assert f"/noi-dung/{charter.public_id}/dieu-3/" in urls
    assert "Điều lệ Đảng" in client.get("/da-luu/").content.decode()
    assert signed_in(personas.outsider).post(url, {"kind": "later"}).status_code == 302
    assert not Bookmark.objects.filter(user=personas.outsider, kind="bookmark").exists()


def test_readership_per_unit(g1_article: Item, personas: Personas, tree: Tree) -> None:
    signed_in(personas.member).get(f"/noi-dung/{g1_article.public_id}/")
    url = f"/quan-ly/noi-dung/{g1_article.public_id}/ai-da-doc/"
    page = signed_in(personas.committee).get(url)
    rows = {r.label: r for r in page.context["rows"]}
    assert rows["Chi bộ thôn Một"].opened == 1 and rows["Chi bộ thôn Một"].members == 2
    cell = signed_in(personas.committee).get(url, {"don-vi": tree.c1.path})
    assert {r.label: r.opened for r in cell.context["rows"]}["Lê Văn Cường"] == 1
    assert signed_in(personas.member).get(url).status_code == 404
    assert signed_in(personas.outsider).get(url).status_code == 404


def test_console_write_and_publish(writer: User, personas: Personas, tree: Tree) -> None:
    client = signed_in(writer)
    bad = client.post(
        "/quan-ly/noi-dung/moi/?loai=van-kien",
        {
            "title": "Quy định",
            "audience": tree.g1.pk,
            "number": "12/QĐ",
            "level": "grassroots",
        },
    )
    assert bad.status_code == 200 and "không đúng mẫu" in bad.content.decode()
    assert not Item.objects.exists()
    ok = client.post(
        "/quan-ly/noi-dung/moi/",
        {
            "title": "Tin xã",
            "audience": tree.g1.pk,
            "category": Category.PROVINCE,
            "body": "Nội dung",
        },
    )
    item = Item.objects.get()
    assert ok.status_code == 302 and item.unit == tree.g1
    client.post(f"/quan-ly/noi-dung/{item.public_id}/submit/")
    assert client.post(f"/quan-ly/noi-dung/{item.public_id}/publish/").status_code == 403
    board = signed_in(personas.committee)
    board.post(f"/quan-ly/noi-dung/{item.public_id}/publish/", {"at": ""})
    assert Item.objects.get().status == ItemStatus.PUBLISHED
    board.post(f"/quan-ly/noi-dung/{item.public_id}/withdraw/", {"reason": ""})
    assert Item.objects.get().status == ItemStatus.PUBLISHED  # a reason is required


def test_api_feed_item_search_bookmarks(
    charter: Item, g1_article: Item, personas: Personas
) -> None:
    client = signed_in(personas.member)
    feed = client.get("/api/v1/content/feed").json()
    assert {i["title"] for i in feed["items"]} >= {charter.title, g1_article.title}
    item = client.get(f"/api/v1/content/items/{charter.public_id}").json()
    assert [s["anchor"] for s in item["sections"]][:3] == ["mo-dau", "chuong-i", "dieu-1"]
    found = client.get("/api/v1/content/search", {"q": "294-QĐ/TW dự bị"}).json()
    assert found["total"] == 0
    found = client.get("/api/v1/content/search", {"q": "du bi"}).json()
    assert found["hits"][0]["url"].endswith("/dieu-3/")
    saved = client.post(
        "/api/v1/content/bookmarks",
        json.dumps({"item": str(charter.public_id)}),
        content_type="application/json",
    )
    assert saved.json()["saved"] is True
    assert client.get("/api/v1/content/bookmarks").json()[0]["item"]["id"] == str(charter.public_id)
    outsider = signed_in(personas.outsider)
    assert outsider.get(f"/api/v1/content/items/{g1_article.public_id}").status_code == 404


def test_bulletin_assembled_published_and_printed(
    g1_article: Item, charter: Item, personas: Personas, tree: Tree
) -> None:
    board = signed_in(personas.committee)
    board.post(
        "/quan-ly/noi-dung/ban-tin/",
        {
            "kind": "regular",
            "title": "Bản tin tháng 12",
            "issue_month": "2026-12-05",
            "intro": "Định hướng sinh hoạt",
            "unit": tree.g1.pk,
        },
    )
    from sotay.content.models import Bulletin

    bulletin = Bulletin.objects.get()
    url = f"/quan-ly/noi-dung/ban-tin/{bulletin.public_id}/"
    board.post(
        url,
        {
            "item": [str(g1_article.public_id), str(charter.public_id)],
            f"order-{charter.public_id}": "1",
            f"order-{g1_article.public_id}": "2",
        },
    )
    assert [e.item_id for e in bulletin.entries.all()] == [charter.pk, g1_article.pk]
    board.post(f"{url}publish/")
    member = signed_in(personas.member)
    assert "Bản tin tháng 12" in member.get("/ban-tin/").content.decode()
    pdf = member.get(f"/ban-tin/{bulletin.public_id}/pdf/")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert signed_in(personas.outsider).get(f"/ban-tin/{bulletin.public_id}/").status_code == 404
    # An item that the bulletin's readers cannot read cannot go into it.
    other_secretary = make_user(make_member(tree.c3, "Vũ Khác", phone="0911000020"), totp=True)
    Position.objects.create(
        member=other_secretary.member, org=tree.g2, kind="secretary", started_on=dt.date(2020, 1, 1)
    )
    foreign = services.item_create(
        user=other_secretary,
        kind=ItemKind.ARTICLE,
        unit=tree.g2,
        title="Tin xã B1",
        category=Category.PROVINCE,
    )
    services.item_publish(user=other_secretary, item=foreign)
    draft = Bulletin.objects.create(
        kind="regular", title="Nháp", issue_month=dt.date(2026, 12, 1), unit=tree.g1
    )
    with pytest.raises(DomainError, match="không gửi tới"):
        services.bulletin_set_entries(user=personas.committee, bulletin=draft, items=[foreign])
