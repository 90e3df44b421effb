"""The member-page caches never answer across scopes and forget at once what a write changes;
reading receipts are written in batches off the request."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.test import override_settings

from sotay.conftest import Personas, Tree, make_member, make_user, signed_in
from sotay.content import receipts, services
from sotay.content.choices import Category, ItemKind
from sotay.content.models import ReadReceipt
from sotay.orgs.choices import PositionKind
from sotay.orgs.models import Position
from sotay.orgs.services import org_move, role_assign, role_end


def _publish(user: Any, unit: Any, title: str) -> Any:
    item = services.item_create(
        user=user, kind=ItemKind.ARTICLE, unit=unit, title=title, category=Category.PROVINCE
    )
    return services.item_publish(user=user, item=item)


def test_feeds_are_cached_per_audience_not_across_units(personas: Personas, tree: Tree) -> None:
    _publish(personas.committee, tree.g1, "Tin riêng xã A1")
    member, outsider = signed_in(personas.member), signed_in(personas.outsider)
    for _ in range(2):  # the second round is served from the cache
        assert "Tin riêng xã A1" in member.get("/tin-tuc/").content.decode()
        assert "Tin riêng xã A1" not in outsider.get("/tin-tuc/").content.decode()
        assert "Tin riêng xã A1" not in outsider.get("/tim-kiem/?q=xã A1").content.decode()


def test_a_new_item_reaches_the_cached_feed_at_once(personas: Personas, tree: Tree) -> None:
    member = signed_in(personas.member)
    assert "Tin mới nhất" not in member.get("/tin-tuc/").content.decode()
    _publish(personas.committee, tree.g1, "Tin mới nhất")
    assert "Tin mới nhất" in member.get("/tin-tuc/").content.decode()


def test_a_role_taken_away_closes_the_console_at_once(tree: Tree) -> None:
    secretary = make_member(tree.c2, "Vũ Văn Giang", phone="0911000020")
    user = make_user(secretary, totp=True)
    client = signed_in(user)
    unit = f"/quan-ly/don-vi/{tree.c2.public_id}/dang-vien/"
    assert client.get(unit).status_code in (403, 404)  # no role yet (and cached so)
    role = role_assign(member=secretary, org=tree.c2, kind=PositionKind.SECRETARY)
    assert client.get(unit).status_code == 200
    assert client.get(unit).status_code == 200  # grants now come from the cache
    assert isinstance(role, Position)
    role_end(role=role)
    assert client.get(unit).status_code in (403, 404)


def test_moving_a_unit_moves_the_scope_cached_for_its_committee(
    personas: Personas, tree: Tree
) -> None:
    """A secretary's grants hold their cell's path; moving the cell changes it by queryset
    updates (no signals): the cache must still be forgotten."""
    client = signed_in(personas.outsider)  # secretary of c3, under g2
    member = make_member(tree.c3, "Đinh Thị Hoa", phone="0911000021")
    page = f"/quan-ly/dang-vien/{member.public_id}/"
    assert client.get(page).status_code == 200
    org_move(org=tree.c3, new_parent=tree.g1)
    assert client.get(page).status_code == 200
    assert client.get(f"/quan-ly/don-vi/{tree.g2.public_id}/dang-vien/").status_code in (403, 404)


@pytest.mark.django_db(transaction=True)
@override_settings(SOTAY_RECEIPTS_BATCH=True)
def test_reading_receipts_are_written_in_a_batch_once(personas: Personas, tree: Tree) -> None:
    item = _publish(personas.committee, tree.g1, "Nghị quyết đọc nhiều lần")
    member = signed_in(personas.member)
    url = f"/noi-dung/{item.public_id}/"
    receipts.flush()
    for _ in range(3):
        assert member.get(url).status_code == 200
    assert receipts.pending() == 1  # three openings, one receipt, nothing written yet...
    assert not ReadReceipt.objects.filter(item=item).exists()
    deadline = time.monotonic() + 10  # ...until the background thread's next round
    while not ReadReceipt.objects.filter(item=item).exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    receipt = ReadReceipt.objects.get(item=item)
    assert receipt.member_id == personas.member.member_id
    assert receipt.cell_path == tree.c1.path
    assert receipts.pending() == 0
    # Reading to the end still records at once, on the same row.
    assert member.post(f"{url}da-doc/").status_code == 204
    assert ReadReceipt.objects.get(item=item).finished_at is not None


def test_an_unchanged_article_is_answered_304_and_a_change_shows(
    personas: Personas, tree: Tree
) -> None:
    item = _publish(personas.committee, tree.g1, "Văn kiện đọc lại")
    member, outsider = signed_in(personas.member), signed_in(personas.outsider)
    url = f"/noi-dung/{item.public_id}/"
    first = member.get(url)
    etag = first["ETag"]
    assert first.status_code == 200 and first["Cache-Control"] == "private, no-cache"
    again = member.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and not again.content
    assert outsider.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 404  # access first
    member.post(f"{url}luu/", {"kind": "bookmark"})  # the member's own bookmark changes it
    assert member.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 200
    etag = member.get(url)["ETag"]
    services.item_correct(
        user=personas.committee, item=item, note="Sửa tên", title="Văn kiện đã sửa"
    )
    changed = member.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and "Văn kiện đã sửa" in changed.content.decode()
