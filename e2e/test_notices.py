"""Notices issue: a commune's notice to its cell secretaries, acknowledged on a phone."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from .conftest import shot
from .test_foundation import sign_in

pytestmark = pytest.mark.e2e


def test_notice_to_cell_secretaries_acknowledged(phone: Any, browser: Any, server: str) -> None:
    commune = browser.new_context(viewport={"width": 390, "height": 844}, base_url=server)
    staff = commune.new_page()
    sign_in(staff, "0900000003")
    staff.get_by_role("link", name="Quản lý").first.click()
    staff.get_by_role("link", name="Thông báo", exact=True).click()
    staff.get_by_label("Tiêu đề").fill("Chuẩn bị sinh hoạt chi bộ tháng 12")
    staff.get_by_label("Nội dung").fill(
        "Đề nghị các đồng chí bí thư chi bộ chuẩn bị nội dung chuyên đề."
    )
    staff.get_by_label("Gửi đến").select_option("cell_secretaries")
    staff.get_by_label("Yêu cầu người nhận bấm “Đã nhận”").check()
    staff.once("dialog", lambda d: d.accept())
    staff.get_by_role("button", name="Gửi thông báo").click()
    total = staff.get_by_test_id("ack-total")
    expect(total).to_have_text(re.compile(r"^0/\d+$"))
    recipients = int(total.inner_text().split("/")[1])
    assert recipients >= 2  # every cell of the commune has a secretary
    expect(staff.locator(".messages")).to_contain_text(
        f"Đã gửi thông báo đến {recipients} đảng viên"
    )
    notice_url = staff.url

    sign_in(phone, "0900000002")  # secretary of cell 1
    # Other browser tests share the server and may have notified this secretary too.
    expect(phone.get_by_test_id("unread")).not_to_have_text("0")
    phone.get_by_role("link", name=re.compile("Thông báo")).first.click()
    phone.get_by_test_id("notification").filter(
        has_text="Chuẩn bị sinh hoạt chi bộ tháng 12"
    ).first.click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Chuẩn bị sinh hoạt chi bộ tháng 12")
    phone.get_by_role("button", name="Đã nhận").click()
    expect(phone.get_by_test_id("acknowledged")).to_be_visible()
    shot(phone, "notice-acknowledged")

    staff.goto(notice_url)
    expect(staff.get_by_test_id("ack-total")).to_have_text(f"1/{recipients}")
    shot(staff, "notice-follow-up")
    commune.close()
