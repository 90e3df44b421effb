"""The report centre in the browser, with the three personas: the province office reads its
province for a quarter, goes down to a district, exports the workbook, and is told in
Vietnamese when the period makes no sense; a member and a secretary elsewhere are kept out."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from .conftest import phone_context, shot, sideways_overflow
from .test_foundation import sign_in


def test_province_office_reads_reports_down_the_tree(browser: Any, server: str) -> None:
    context = phone_context(browser, server)
    page = context.new_page()
    sign_in(page, "0900000004")  # Văn phòng Tỉnh ủy
    page.goto("/quan-ly/bao-cao/")
    expect(page.get_by_role("heading", level=2)).to_contain_text("Tình hình Đảng bộ tỉnh")
    expect(page.get_by_test_id("headline")).to_contain_text("đảng viên")
    assert sideways_overflow(page) == 0
    shot(page, "report-centre-phone")
    quarter = page.get_by_label("Kỳ báo cáo").locator("optgroup[label='Quý'] option").first
    page.get_by_label("Kỳ báo cáo").select_option(quarter.get_attribute("value"))
    page.get_by_role("button", name="Xem").click()
    expect(page.get_by_role("heading", level=2)).to_contain_text("quý")
    members = page.get_by_test_id("section-members")
    expect(members.get_by_role("cell", name="Đảng viên (cuối kỳ)")).to_be_visible()
    child = members.get_by_test_id("children-members").get_by_role("link").first
    name = child.inner_text()
    child.click()
    expect(page.get_by_role("heading", level=2)).to_contain_text(f"Tình hình {name}")
    expect(page.get_by_role("heading", level=2)).to_contain_text("quý")  # the period is kept
    with page.expect_download() as download:
        page.get_by_role("link", name="Xuất Excel").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    page.get_by_text("Từ tháng … đến tháng …").click()
    page.get_by_label("Từ").fill("2026-06")
    page.get_by_label("Đến").fill("2026-01")
    page.get_by_role("button", name="Xem").click()
    expect(page.get_by_test_id("period-error")).to_have_text(
        "Tháng kết thúc phải sau tháng bắt đầu."
    )
    context.close()


def test_member_and_outsider_are_kept_out(browser: Any, server: str) -> None:
    context = phone_context(browser, server)
    page = context.new_page()
    sign_in(page, "0900000004")
    page.goto("/quan-ly/bao-cao/")
    province_url = page.url
    context.clear_cookies()
    sign_in(page, "0900000001")  # a member of cell 1
    page.goto("/quan-ly/bao-cao/")
    expect(page.get_by_text("không xem được báo cáo")).to_be_visible()
    assert page.goto(province_url).status == 404
    context.clear_cookies()
    sign_in(page, "0900000006")  # a cell secretary in another branch: their own cell only
    assert page.goto(province_url).status == 404
    page.goto("/quan-ly/bao-cao/")
    expect(page.get_by_role("heading", level=2)).to_contain_text("Tình hình Chi bộ")
    context.close()
