"""Content issue on a phone: an editor drafts, the board publishes to a commune, a member of a
cell below sees it, searches "dang vien du bi", lands on Điều 5 of the Charter, bookmarks it and
reads it again offline; a member of another commune never sees the commune's item."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from .conftest import shot
from .test_foundation import sign_in

pytestmark = pytest.mark.e2e
TITLE = "Đảng ủy xã ra quân tổng vệ sinh môi trường"


def _phone(browser: Any, server: str) -> Any:
    return browser.new_context(viewport={"width": 390, "height": 844}, base_url=server)


def test_editor_board_member_offline_outsider(browser: Any, server: str, tmp_path: Path) -> None:
    # 1. The commune's writer drafts an article for the whole commune and sends it for review.
    writer_ctx = _phone(browser, server)
    writer = writer_ctx.new_page()
    sign_in(writer, "0900000007")
    # Bad input: a malformed document number is refused with a clear message, nothing saved.
    writer.goto("/quan-ly/noi-dung/moi/?loai=van-kien")
    writer.get_by_label("Tiêu đề").fill("Quy chế làm việc của Đảng ủy")
    writer.get_by_label("Số, ký hiệu").fill("12/QC-ĐU")
    writer.get_by_label("Cấp ban hành").select_option("grassroots")
    writer.get_by_role("button", name="Lưu bản nháp").click()
    expect(writer.get_by_role("alert").first).to_contain_text("không đúng mẫu")
    writer.goto("/quan-ly/noi-dung/?trang-thai=draft")
    expect(writer.get_by_text("Quy chế làm việc của Đảng ủy")).to_have_count(0)
    writer.goto("/quan-ly/noi-dung/moi/")
    writer.get_by_label("Tiêu đề").fill(TITLE)
    writer.get_by_label("Tóm tắt (sapo)").fill("Sáng chủ nhật, đảng viên và nhân dân cùng ra quân.")
    writer.get_by_label("Nội dung").fill("Các chi bộ thôn đồng loạt ra quân dọn đường làng.")
    writer.get_by_label("Chuyên mục").select_option("nong-thon-moi")
    writer.get_by_role("button", name="Lưu bản nháp").click()
    expect(writer.get_by_test_id("status")).to_have_text("Bản nháp")
    # Bad input: a file that only pretends to be a PDF, and a 200 MB file.
    fake = tmp_path / "ke-hoach.pdf"
    fake.write_bytes(b"MZ\x90\x00 not a pdf at all")
    writer.get_by_label(re.compile("Tệp PDF hoặc DOCX")).set_input_files(str(fake))
    writer.get_by_role("button", name="Tải lên").click()
    expect(writer.get_by_role("status").or_(writer.locator(".messages li")).first).to_contain_text(
        "không phải PDF"
    )
    huge = tmp_path / "rat-lon.pdf"
    with huge.open("wb") as f:
        f.truncate(200 * 1024 * 1024)
    writer.get_by_label(re.compile("Tệp PDF hoặc DOCX")).set_input_files(str(huge))
    expect(writer.locator(".size-error")).to_contain_text("quá lớn (200 MB)")
    expect(writer.get_by_text("Chưa có tệp.")).to_be_visible()
    writer.get_by_role("button", name="Gửi duyệt").click()
    expect(writer.get_by_test_id("status")).to_have_text("Chờ duyệt")
    item_url = writer.url
    shot(writer, "content-writer-submitted")

    # 2. The commune's board (organisation commission) approves and publishes it now.
    board_ctx = _phone(browser, server)
    board = board_ctx.new_page()
    sign_in(board, "0900000003")
    board.goto(item_url)
    board.get_by_role("button", name="Duyệt, xuất bản").click()
    expect(board.get_by_test_id("status")).to_have_text("Đã xuất bản")

    # 3. A member of a cell of that commune sees it in the feed.
    member_ctx = _phone(browser, server)
    member = member_ctx.new_page()
    sign_in(member, "0900000001")
    member.get_by_role("link", name="Tin tức, văn kiện", exact=True).click()
    expect(member.get_by_test_id("feed-item").first).to_contain_text(TITLE)
    shot(member, "content-feed")
    # ... searches without diacritics and lands on the Charter's Điều 5.
    member.get_by_label("Tìm kiếm văn kiện, tin bài").fill("dang vien du bi")
    member.get_by_label("Tìm kiếm văn kiện, tin bài").press("Enter")
    hit = member.get_by_test_id("search-hit").filter(has_text="Điều 5").filter(has_text="Điều lệ")
    expect(hit.first).to_be_visible()
    expect(hit.first.locator("mark").first).to_be_visible()
    shot(member, "content-search")
    hit.first.click()
    expect(member.get_by_role("heading", level=1)).to_have_text(re.compile(r"^Điều 5"))
    expect(member.get_by_text("thời kỳ dự bị mười hai tháng")).to_be_visible()
    member.wait_for_function("navigator.serviceWorker && navigator.serviceWorker.controller")
    member.get_by_role("button", name="☆ Đánh dấu").click()
    expect(member.get_by_role("button", name="★ Đã đánh dấu")).to_be_visible()
    # The phone fetches the feed, the saved items and the 20 newest articles for offline
    # reading: on a loaded 2-core CI machine that takes more than the default 5 s. In two full
    # runs it did not finish within 30 s (it does alone, in seconds): ask once more, as the
    # next page load would, before giving up — the offline reading below is what must work.
    ready = member.locator("html[data-offline-ready]")
    try:
        expect(ready).to_have_count(1, timeout=30_000)
    except AssertionError:
        member.evaluate("window.sotaySyncOffline(true)")
        expect(ready).to_have_count(1, timeout=60_000)
    article_url = member.url

    # ... goes offline and still reads it.
    member_ctx.set_offline(True)
    member.goto(article_url)
    expect(member.get_by_text("thời kỳ dự bị mười hai tháng")).to_be_visible()
    expect(member.get_by_text("Đang ngoại tuyến")).to_be_visible()
    shot(member, "content-offline-article")
    member_ctx.set_offline(False)

    # 4. A member in another commune does not see the commune's item, even by its address.
    outsider_ctx = _phone(browser, server)
    outsider = outsider_ctx.new_page()
    sign_in(outsider, "0900000005")
    outsider.goto("/tin-tuc/")
    expect(outsider.get_by_test_id("feed-item").first).to_be_visible()
    expect(outsider.get_by_text(TITLE)).to_have_count(0)
    public_id = item_url.rstrip("/").split("/")[-1]
    response = outsider.goto(f"/noi-dung/{public_id}/")
    assert response is not None and response.status == 404
    for ctx in (writer_ctx, board_ctx, member_ctx, outsider_ctx):
        ctx.close()
