"""A member asks for a transfer on the phone, the cell secretary issues it, the member downloads
the introduction letter; a member elsewhere sees none of it. The transfer is cancelled at the
end, so that the member stays in cell 1 for the other browser tests."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from .conftest import manage, phone_context
from .test_foundation import sign_in

OTHER_CELL = (
    "from sotay.members.accounts import find_user; print(find_user('0900000005').member.cell.code)"
)


def test_member_asks_secretary_issues_letter_downloads(browser: Any, server: str) -> None:
    code = manage("shell", "-c", OTHER_CELL).strip().splitlines()[-1]
    context = phone_context(browser, server)
    page = context.new_page()
    sign_in(page, "0900000001")
    page.goto("/ho-so/")
    page.get_by_role("link", name="Đề nghị chuyển sinh hoạt đảng").click()
    form = page.get_by_test_id("transfer-request-form")
    form.get_by_label("Mã chi bộ nơi đến").fill("KHONG-CO-MA-NAY")
    form.get_by_label("Lý do").fill("Chuyển nơi cư trú về quê")
    form.get_by_role("button", name="Gửi đề nghị").click()
    expect(page.get_by_role("alert").first).to_contain_text("Không tìm thấy chi bộ")
    form.get_by_label("Mã chi bộ nơi đến").fill(code)
    form.get_by_role("button", name="Gửi đề nghị").click()
    expect(page.get_by_test_id("my-transfer-requests")).to_contain_text("Chờ xử lý")
    context.clear_cookies()

    sign_in(page, "0900000005")  # a member of another cell: not their business
    page.goto("/quan-ly/chuyen-sinh-hoat/")
    expect(page.get_by_test_id("transfer-request")).to_have_count(0)
    context.clear_cookies()

    sign_in(page, "0900000002")  # the secretary of cell 1
    page.goto("/quan-ly/chuyen-sinh-hoat/")
    request = page.get_by_test_id("transfer-request").first
    expect(request).to_contain_text("Chuyển nơi cư trú về quê")
    request.get_by_role("button", name="Cấp giấy chuyển").click()
    expect(page.get_by_text("Đã cấp giấy chuyển sinh hoạt")).to_be_visible()
    context.clear_cookies()

    sign_in(page, "0900000001")
    page.goto("/ho-so/chuyen-sinh-hoat/")
    expect(page.get_by_test_id("my-transfer-requests")).to_contain_text("Đã duyệt")
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải giấy giới thiệu (PDF)").first.click()
    assert download.value.suggested_filename.endswith(".pdf")
    context.clear_cookies()

    sign_in(page, "0900000002")  # put things back: the transfer is cancelled
    page.goto("/quan-ly/chuyen-sinh-hoat/")
    page.get_by_role("button", name="Hủy giấy chuyển").first.click()
    expect(page.get_by_text("Đã hủy").first).to_be_visible()
    context.close()
