"""What a member and a cell secretary meet on a 390 px phone: pages that fit the screen,
calendar heads that read right, a meeting ahead in the demo, a roll call that matches its
count, and a committee console that is not a wall of tabs."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import expect

from .conftest import phone_context, shot, sideways_overflow
from .test_foundation import sign_in


def test_member_pages_fit_and_read_right(browser: Any, server: str) -> None:
    context = phone_context(browser, server)
    page = context.new_page()
    sign_in(page, "0900000001")

    # The month grid's heads are T2 … CN (it showed "hật" for Chủ nhật).
    page.goto("/lich/")
    heads = page.get_by_role("columnheader")
    expect(heads).to_have_text(["T2", "T3", "T4", "T5", "T6", "T7", "CN"])
    expect(heads.last).to_have_attribute("aria-label", "Chủ nhật")
    assert sideways_overflow(page) == 0

    # The Party Charter, with its long source line, fits the phone (it was 912 px wide).
    page.goto("/van-kien/")
    page.get_by_role("link", name="Điều lệ Đảng Cộng sản Việt Nam").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Điều lệ")
    assert sideways_overflow(page) == 0
    shot(page, "phone-charter")

    # The demo member has a meeting ahead, with its time and place.
    page.goto("/sinh-hoat/")
    upcoming = page.get_by_test_id("meeting").filter(has_text="Sinh hoạt chuyên đề")
    expect(upcoming.first).to_contain_text("Đã lên lịch")
    assert sideways_overflow(page) == 0
    context.close()


def test_secretary_console_and_roll_call_on_a_phone(browser: Any, server: str) -> None:
    context = phone_context(browser, server)
    page = context.new_page()
    sign_in(page, "0900000002")
    page.get_by_role("link", name="Quản lý").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Chi bộ")  # their one unit
    # Five everyday tabs in sight; the other functions in one grouped panel.
    tabs = page.get_by_test_id("unit-tabs").get_by_role("link")
    expect(tabs).to_have_count(5)
    more = page.get_by_test_id("more-tabs")
    expect(more.get_by_role("link", name="Học tập")).to_be_hidden()
    more.get_by_text("Chức năng khác").click()
    expect(more.get_by_role("link", name="Học tập")).to_be_visible()
    expect(more.get_by_role("heading", name="Hồ sơ đảng viên")).to_be_visible()
    assert sideways_overflow(page) == 0
    shot(page, "phone-console-tabs")
    more.get_by_role("link", name="Đến hạn chính thức").click()
    expect(page.get_by_test_id("unit-tabs").locator("a.active")).to_have_text("Đến hạn chính thức")

    # Last month's meeting: its count is that of its roll call (it said 15/19 while every
    # member was "Chưa điểm danh").
    page.get_by_test_id("unit-tabs").get_by_role("link", name="Sinh hoạt chi bộ").click()
    page.get_by_role("link", name=re.compile(r"Sinh hoạt chi bộ thường kỳ tháng")).last.click()
    summary = page.get_by_text(re.compile(r"có mặt \d+/\d+"))
    present, expected = map(
        int,
        re.search(r"có mặt (\d+)/(\d+)", summary.inner_text()).groups(),  # type: ignore[union-attr]
    )
    rows = page.get_by_test_id("roll-row")
    expect(rows.filter(has_text="Có mặt")).to_have_count(present)
    # The roll call lists today's members: those who joined the cell since (other tests of
    # this session import some) are the only ones without a row.
    joined_since = rows.count() - expected
    assert joined_since >= 0
    expect(rows.filter(has_text="Chưa điểm danh")).to_have_count(joined_since)
    context.close()
