"""The Foundation issue's browser scenarios, on a phone viewport."""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

import pyotp
import pytest
from playwright.sync_api import expect

from sotay.core.demo.generator import DEMO_PASSWORD, PERSONAS

from .conftest import shot

pytestmark = pytest.mark.e2e
SECRETS = {p.phone: p.totp_secret for p in PERSONAS}
_used_steps: dict[str, int] = {}

# Deterministic codes of the tiny demo province: first commune of the first district, its cell 1.
COMMUNE_CELL = "TN01-001-001"


def otp(phone: str) -> str:
    """A code not used yet. The server takes the step before and after the current one (a
    phone's clock a little off) but never a step at or before the last one used: after this
    step's code, the next step's is typed at once, like a phone whose clock is ahead; only a
    third sign-in within the same step waits for the clock."""
    totp = pyotp.TOTP(SECRETS[phone])
    step = max(int(time.time() // 30), _used_steps.get(phone, 0) + 1)
    while step > int(time.time() // 30) + 1:
        time.sleep(30 - time.time() % 30 + 0.5)
    _used_steps[phone] = step
    return totp.at(step * 30)


def sign_in(page: Any, phone: str) -> None:
    page.goto("/dang-nhap/")
    # After cookies are cleared, a request still in flight from the previous page (the offline
    # prefetch) can come back with a fresh CSRF cookie after this page was rendered: let the
    # network settle and load the form again, so its token matches the cookie.
    page.wait_for_load_state("networkidle")
    page.goto("/dang-nhap/")
    page.get_by_label("Số điện thoại hoặc số thẻ đảng viên").fill(phone)
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    if SECRETS[phone]:
        page.get_by_label("Mã 6 số từ ứng dụng xác thực").fill(otp(phone))
        page.get_by_role("button", name="Xác nhận").click()
    expect(page.get_by_test_id("unread")).to_be_visible()


def test_member_switches_to_large_text_and_sees_cell(phone: Any) -> None:
    sign_in(phone, "0900000001")
    phone.get_by_role("link", name="Cài đặt, cỡ chữ").click()
    phone.get_by_label("Chữ lớn").check()
    phone.get_by_role("button", name="Lưu").click()
    expect(phone.locator("html")).to_have_class(re.compile("large-text"))
    size = phone.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert size >= 22
    phone.goto("/")
    phone.get_by_role("link", name="Chi bộ của tôi").click()
    expect(phone.get_by_role("heading", level=1)).to_contain_text("Chi bộ")
    expect(phone.get_by_text("Bạn", exact=True)).to_be_visible()
    expect(phone.get_by_text("Bí thư").first).to_be_visible()
    # remembered across sign-in sessions: it is stored on the account
    phone.context.clear_cookies()
    sign_in(phone, "0900000001")
    expect(phone.locator("html")).to_have_class(re.compile("large-text"))
    shot(phone, "member-my-cell-large-text")


def _csv(tmp_path: Path, rows: list[str]) -> Path:
    path = tmp_path / "dang-vien.csv"
    header = (
        "Họ và tên,Giới tính,Ngày sinh,Số thẻ đảng viên,Ngày vào Đảng,Trạng thái,"
        "Số điện thoại,Mã chi bộ"
    )
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def _upload(page: Any, file: Path) -> None:
    page.get_by_test_id("more-tabs").get_by_text("Chức năng khác").click()
    page.get_by_role("link", name="Nhập từ tệp").click()
    page.get_by_label("Tệp .xlsx hoặc .csv").set_input_files(str(file))
    page.get_by_role("button", name="Tải lên và kiểm tra").click()
    expect(page.get_by_test_id("import-status")).to_contain_text("Đã kiểm tra", timeout=30_000)


def test_commune_imports_fixes_and_outsider_is_refused(
    phone: Any, tmp_path: Path, browser: Any, server: str
) -> None:
    sign_in(phone, "0900000003")
    phone.get_by_role("link", name="Quản lý").first.click()
    expect(phone.get_by_role("heading", level=1)).to_contain_text("Đảng bộ")
    commune_url = phone.url
    good = f"Hoàng Thị Nhập,Nữ,12/05/1990,88800001,03/02/2015,Chính thức,0977000001,{COMMUNE_CELL}"
    bad = f"Hoàng Văn Lỗi,Nam,31/02/1991,88800002,03/02/2016,Chính thức,0977000002,{COMMUNE_CELL}"
    _upload(phone, _csv(tmp_path, [good, bad]))
    expect(phone.get_by_test_id("error-rows")).to_have_text("1")
    table = phone.get_by_test_id("error-table")
    expect(table).to_contain_text("Ngày sinh")
    expect(table.locator("td").first).to_have_text("3")
    expect(phone.get_by_role("button", name=re.compile("^Nhập"))).to_have_count(0)
    shot(phone, "import-error-report")
    # nothing changed
    phone.goto(commune_url + "dang-vien/?q=hoang+thi+nhap")
    expect(phone.get_by_text("Không có đảng viên nào khớp.")).to_be_visible()

    phone.goto(commune_url)
    fixed = bad.replace("31/02/1991", "28/02/1991")
    _upload(phone, _csv(tmp_path, [good, fixed]))
    expect(phone.get_by_test_id("error-rows")).to_have_text("0")
    phone.get_by_role("button", name="Nhập 2 dòng").click()
    expect(phone.get_by_test_id("applied")).to_contain_text("2 thêm mới", timeout=30_000)
    phone.get_by_role("link", name="Xem danh sách đảng viên").click()
    phone.get_by_label("Tìm theo tên, số thẻ, số điện thoại").fill("hoang van loi")
    phone.get_by_role("button", name="Lọc").click()
    phone.get_by_role("link", name="Hoàng Văn Lỗi").click()
    expect(phone.get_by_role("heading", level=1)).to_contain_text("Hoàng Văn Lỗi")
    member_url = phone.url
    shot(phone, "imported-member")

    outsider = browser.new_context(viewport={"width": 390, "height": 844}, base_url=server)
    page = outsider.new_page()
    sign_in(page, "0900000006")
    for url in (member_url, commune_url, commune_url + "dang-vien/", commune_url + "nhap/"):
        response = page.goto(url)
        assert response is not None and response.status in (403, 404), url
    expect(page.get_by_role("heading", level=1)).to_contain_text("Không tìm thấy")
    outsider.close()


def test_record_stays_readable_offline(phone: Any, server: str) -> None:
    sign_in(phone, "0900000001")
    manifest = phone.request.get(server + "/manifest.webmanifest").json()
    assert manifest["display"] == "standalone" and manifest["icons"]
    phone.wait_for_function(
        "navigator.serviceWorker && navigator.serviceWorker.controller !== null"
    )
    phone.goto("/ho-so/")
    expect(phone.get_by_role("heading", name="Hồ sơ của tôi")).to_be_visible()
    phone.context.set_offline(True)
    phone.reload()
    expect(phone.get_by_role("heading", name="Hồ sơ của tôi")).to_be_visible()
    expect(phone.get_by_text("Đang ngoại tuyến")).to_be_visible()
    phone.goto("/chi-bo/")  # never opened: the offline page explains
    expect(phone.get_by_role("heading", name="Bạn đang ngoại tuyến")).to_be_visible()
    phone.context.set_offline(False)
