"""Meetings issue: a whole month of cell 1 on phones — schedule, materials, draft, two members
comment, the draft is revised and comments keep their place, the meeting opens, a card is
scanned from a QR image, one member is ticked by hand, one is absent with a reason, minutes,
resolution, and the commune sees the cell as held with its attendance rate."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from .conftest import shot
from .test_foundation import sign_in

pytestmark = pytest.mark.e2e
DRAFT = (
    "Chi bộ lãnh đạo hoàn thành nhiệm vụ tháng.\n"
    "Một là, vận động nhân dân làm 500 mét đường bê tông.\n"
    "Hai là, thu đảng phí đầy đủ, đúng hạn."
)


def _phone(browser: Any, server: str) -> Any:
    return browser.new_context(viewport={"width": 390, "height": 844}, base_url=server)


def _name(page: Any) -> str:
    page.goto("/the-dang-vien/")
    return page.locator(".party-card .item-title").inner_text().strip()


def test_a_month_of_cell_meetings(browser: Any, server: str, tmp_path: Path) -> None:
    sec_ctx, a_ctx, b_ctx = (_phone(browser, server) for _ in range(3))
    secretary, member_a, member_b = sec_ctx.new_page(), a_ctx.new_page(), b_ctx.new_page()
    sign_in(secretary, "0900000002")
    sign_in(member_a, "0900000001")
    sign_in(member_b, "0900000003")
    name_a, name_b = _name(member_a), _name(member_b)
    # Every console form posts a field named "action": the page's scripts must not trip on it.
    errors: list[str] = []
    secretary.on("pageerror", lambda e: errors.append(str(e)))

    # 1. The secretary schedules this month's meeting for later today and posts materials.
    secretary.goto("/quan-ly/sinh-hoat/")
    expect(secretary.get_by_role("heading", level=1)).to_contain_text("Sinh hoạt chi bộ")
    local = dt.datetime.now(ZoneInfo("Asia/Ho_Chi_Minh"))
    when = min(local + dt.timedelta(hours=1), local.replace(hour=23, minute=59))
    secretary.get_by_label("Thời gian").fill(when.strftime("%Y-%m-%dT%H:%M"))
    secretary.get_by_label("Địa điểm").last.fill("Nhà văn hóa thôn")
    secretary.get_by_role("button", name="Tạo buổi sinh hoạt").click()
    expect(secretary.get_by_test_id("meeting-status")).to_have_text("Đã lên lịch")
    meeting_url = secretary.url
    secretary.locator("input[name=item]").first.check()
    secretary.get_by_role("button", name="Lưu tài liệu").click()
    expect(secretary.locator(".messages")).to_contain_text("Đã gắn 1 tài liệu")
    secretary.get_by_label("Dự thảo nghị quyết (mỗi đoạn một dòng)").fill(DRAFT)
    secretary.get_by_role("button", name="Gửi dự thảo tới đảng viên").click()
    expect(secretary.locator(".messages")).to_contain_text("Đã gửi dự thảo lần 1")

    # 2. Two members comment on paragraphs before the meeting.
    public_id = meeting_url.rstrip("/").split("/")[-1]
    for page, n, text in (
        (member_a, 1, "Đề nghị ghi rõ tuyến đường."),
        (member_b, 2, "Hạn nộp trước ngày 10."),
    ):
        page.goto(f"/sinh-hoat/{public_id}/")
        paragraph = page.get_by_test_id("paragraph").nth(n)
        paragraph.get_by_text("Góp ý đoạn này").click()
        paragraph.get_by_role("textbox").fill(text)
        paragraph.get_by_role("button", name="Gửi góp ý").click()
        expect(page.locator(".messages")).to_contain_text("Đã gửi góp ý")
        expect(page.get_by_test_id("paragraph").nth(n).get_by_test_id("comment")).to_contain_text(
            text
        )
    shot(member_a, "meeting-member-comment")

    # 3. The draft is revised; each comment stays with its paragraph.
    secretary.goto(meeting_url)
    revised = DRAFT.replace("500 mét đường bê tông", "500 mét đường bê tông thôn Đồng")
    secretary.get_by_label("Dự thảo nghị quyết (mỗi đoạn một dòng)").fill(revised)
    secretary.get_by_role("button", name="Gửi bản sửa").click()
    expect(secretary.locator(".messages")).to_contain_text("Đã gửi dự thảo lần 2")
    member_a.reload()
    second = member_a.get_by_test_id("paragraph").nth(1)
    expect(second).to_contain_text("thôn Đồng")
    expect(second.get_by_test_id("comment")).to_contain_text("Đề nghị ghi rõ tuyến đường.")

    # 4. The meeting opens; member A's card is scanned from a photo of its QR code.
    secretary.get_by_role("button", name="Bắt đầu sinh hoạt").click()
    expect(secretary.get_by_test_id("meeting-status")).to_have_text("Đang họp")
    qr = tmp_path / "the-a.png"
    qr.write_bytes(member_a.request.get("/the-dang-vien/qr.png").body())
    secretary.get_by_test_id("scan-photo").set_input_files(str(qr))
    secretary.get_by_role("button", name="Điểm danh bằng thẻ").click()
    expect(secretary.locator(".messages")).to_contain_text(f"Đã điểm danh: {name_a}")
    # Bad input: the same card again, a forged code, a card of another cell.
    secretary.get_by_test_id("scan-photo").set_input_files(str(qr))
    secretary.get_by_role("button", name="Điểm danh bằng thẻ").click()
    expect(secretary.locator(".messages")).to_contain_text("đã điểm danh lúc")
    code = member_a.request.get("/api/v1/card").json()["code"]
    forged = code[:-2] + ("0" if code[-2] != "0" else "1") + code[-1]
    secretary.get_by_test_id("scan-code").fill(forged)
    secretary.get_by_role("button", name="Điểm danh bằng thẻ").click()
    expect(secretary.locator(".messages")).to_contain_text("không hợp lệ")
    outsider_ctx = _phone(browser, server)
    outsider = outsider_ctx.new_page()
    sign_in(outsider, "0900000005")
    other_code = outsider.request.get("/api/v1/card").json()["code"]
    secretary.get_by_test_id("scan-code").fill(other_code)
    secretary.get_by_role("button", name="Điểm danh bằng thẻ").click()
    expect(secretary.locator(".messages")).to_contain_text("không sinh hoạt ở chi bộ này")
    # One member ticked by hand, one absent with a reason.
    secretary.get_by_role("button", name=f"Có mặt: {name_b}").click()
    expect(secretary.locator(".messages")).to_contain_text(f"Đã điểm danh: {name_b}")
    # A member with a paper card: the secretary types the number printed on it (spaces as
    # printed); a number that is not one of the cell's is refused in Vietnamese.
    own = secretary.request.get("/api/v1/card").json()
    printed = " ".join(own["card_number"][i : i + 4] for i in range(0, 8, 4))
    secretary.get_by_test_id("scan-code").fill("99999999")
    secretary.get_by_role("button", name="Điểm danh bằng thẻ").click()
    expect(secretary.locator(".messages")).to_contain_text(
        "Không có đảng viên nào của chi bộ mang số thẻ 99999999"
    )
    secretary.get_by_test_id("scan-code").fill(printed)
    secretary.get_by_role("button", name="Điểm danh bằng thẻ").click()
    expect(secretary.locator(".messages")).to_contain_text(f"Đã điểm danh: {own['full_name']}")
    absent_row = secretary.get_by_test_id("roll-row").filter(has_text="Chưa điểm danh").first
    absent_name = absent_row.locator("td").first.inner_text().strip()
    absent_row.get_by_text("Vắng", exact=True).click()
    absent_row.get_by_label(re.compile("Lý do vắng")).select_option("work")
    absent_row.get_by_role("button", name="Ghi vắng").click()
    expect(secretary.locator(".messages")).to_contain_text(f"Đã ghi {absent_name} vắng có lý do")
    shot(secretary, "meeting-roll-call")

    # 5. The meeting closes; a late comment is no longer possible; minutes and resolution.
    secretary.once("dialog", lambda d: d.accept())
    secretary.get_by_role("button", name="Kết thúc buổi sinh hoạt").click()
    expect(secretary.get_by_test_id("meeting-status")).to_contain_text("Đã họp")
    member_a.reload()
    expect(
        member_a.get_by_text("Buổi sinh hoạt đã kết thúc, không nhận thêm góp ý.")
    ).to_be_visible()
    expect(member_a.get_by_text("Góp ý đoạn này")).to_have_count(0)
    secretary.get_by_role("textbox", name="Chủ trì *", exact=True).fill("Bí thư chi bộ")
    secretary.get_by_role("textbox", name="Thư ký *", exact=True).fill(name_a)
    secretary.get_by_label("Nội dung, diễn biến").fill(
        "Đánh giá tháng qua, bàn nhiệm vụ tháng tới."
    )
    secretary.get_by_label("Kết luận của chủ trì").fill("Thống nhất dự thảo đã sửa.")
    secretary.get_by_role("spinbutton", name="Tán thành *", exact=True).fill("2")
    secretary.get_by_role("button", name="Lưu biên bản").click()
    expect(secretary.locator(".messages")).to_contain_text("Đã lưu biên bản")
    secretary.get_by_role("button", name="Công bố biên bản, nghị quyết tới chi bộ").click()
    expect(secretary.get_by_test_id("meeting-status")).to_have_text("Đã công bố nghị quyết")
    pdf = secretary.request.get(meeting_url + "bien-ban.pdf")
    assert pdf.ok and pdf.body().startswith(b"%PDF")
    member_a.reload()
    expect(member_a.get_by_role("heading", name="Nghị quyết", exact=True)).to_be_visible()

    # 6. The commune sees the cell as held, with its attendance rate.
    member_b.goto("/quan-ly/")
    member_b.get_by_role("link", name="Sinh hoạt chi bộ").first.click()
    row = member_b.get_by_test_id("oversight-row").first
    expect(row).to_contain_text("1/1")
    expect(row).to_contain_text(re.compile(r"\d+%"))
    shot(member_b, "meeting-oversight-commune")
    assert errors == []
    for ctx in (sec_ctx, a_ctx, b_ctx, outsider_ctx):
        ctx.close()
