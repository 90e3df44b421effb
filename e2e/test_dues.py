"""Party dues on real pages: the member sees what they owe on the phone, a secretary in
another branch cannot open the cell's register, the cell's secretary records this month and
the owed month (a date in the future is refused first) and passes last month up, the member
gets the receipt, and the commune's organisation officer confirms the money arrived."""

from __future__ import annotations

import datetime as dt
from typing import Any

from playwright.sync_api import expect

from .conftest import manage, phone_context, shot
from .test_foundation import sign_in

FACTS = (
    "from django.utils import timezone; from sotay.members.accounts import find_user; "
    "m = find_user('0900000001').member; print(m.full_name, m.cell.public_id, "
    "m.cell.get_parent().public_id, m.cell.name, timezone.localdate().isoformat(), sep='|')"
)


def test_collect_receipt_remit_confirm(browser: Any, server: str) -> None:
    facts = manage("shell", "-c", FACTS).strip().splitlines()[-1].split("|")
    name, cell, commune, cell_name = facts[:4]
    today = dt.date.fromisoformat(facts[4])  # the server's day (Asia/Ho_Chi_Minh)
    last = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    context = phone_context(browser, server)
    page = context.new_page()
    sign_in(page, "0900000001")
    page.goto("/ho-so/")
    page.get_by_role("link", name="Đảng phí của tôi, biên lai").click()
    expect(page.get_by_test_id("my-dues-owed")).to_contain_text(f"{last:%m/%Y}")
    amount = page.get_by_test_id("my-dues-amount").inner_text()
    shot(page, "dues-member-owes")
    context.clear_cookies()

    sign_in(page, "0900000006")  # the secretary of a cell in another district
    response = page.goto(f"/quan-ly/dang-phi/{cell}/")
    assert response is not None and response.status == 404
    context.clear_cookies()

    sign_in(page, "0900000002")  # the secretary of the member's cell
    page.goto(f"/quan-ly/don-vi/{cell}/")
    page.get_by_test_id("more-tabs").locator("summary").click()
    page.get_by_role("link", name="Thu, nộp đảng phí").click()
    row = page.get_by_test_id("dues-row").filter(has_text=name)
    row.get_by_label(f"Đã nộp {amount}").check()
    row.get_by_label(f"{last:%m/%Y}").check()
    page.get_by_label("Ngày nộp").fill((today + dt.timedelta(days=2)).isoformat())
    page.get_by_role("button", name="Ghi các khoản đã thu và in biên lai").click()
    expect(page.get_by_text("không được sau hôm nay")).to_be_visible()
    row = page.get_by_test_id("dues-row").filter(has_text=name)
    row.get_by_label(f"Đã nộp {amount}").check()
    row.get_by_label(f"{last:%m/%Y}").check()
    page.get_by_label("Ngày nộp").fill(today.isoformat())
    page.get_by_role("button", name="Ghi các khoản đã thu và in biên lai").click()
    expect(page.get_by_text("Đã ghi 1 biên lai thu đảng phí")).to_be_visible()
    expect(page.get_by_test_id("receipts")).to_contain_text(name)
    page.get_by_test_id("remit-panel").get_by_role("button").click()
    expect(page.get_by_text("lên cấp trên.").first).to_be_visible()
    expect(page.get_by_test_id("remit-panel")).to_contain_text("chờ cấp trên xác nhận")
    shot(page, "dues-cell-register")
    context.clear_cookies()

    sign_in(page, "0900000001")
    page.goto("/dang-phi/")
    expect(page.get_by_test_id("my-dues-owed")).to_have_count(0)
    link = page.get_by_test_id("my-receipts").get_by_role("link").first
    pdf = page.request.get(link.get_attribute("href") or "")
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    page.goto("/thong-bao/")
    expect(page.get_by_text("đảng phí").first).to_be_visible()
    context.clear_cookies()

    sign_in(page, "0900000003")  # the commune's organisation officer
    page.goto(f"/quan-ly/dang-phi/{commune}/")
    arrival = (
        page.get_by_test_id("incoming")
        .locator("tr")
        .filter(has_text=cell_name)
        .filter(has_text=f"{last:%m/%Y}")
    )
    arrival.get_by_role("button", name="Xác nhận đã nhận").click()
    expect(page.get_by_text(f"Đã xác nhận nhận tiền của {cell_name}")).to_be_visible()
    shot(page, "dues-commune")
    context.close()
