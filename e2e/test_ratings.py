"""The yearly rating on real pages (QĐ 366): the member assesses themselves on the phone, a
secretary in another branch cannot open the cell's review, the cell's secretary proposes with
the vote, the commune's organisation officer decides, and the member sees the result."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from .conftest import manage, phone_context
from .test_foundation import sign_in

FACTS = (
    "from sotay.members.accounts import find_user; m = find_user('0900000001').member; "
    "print(m.full_name, m.cell.public_id, m.cell.get_parent().public_id, sep='|')"
)


def test_self_assessment_proposal_decision(browser: Any, server: str) -> None:
    name, cell, commune = manage("shell", "-c", FACTS).strip().splitlines()[-1].split("|")
    context = phone_context(browser, server)
    page = context.new_page()
    sign_in(page, "0900000001")
    page.goto("/ho-so/")
    page.get_by_role("link", name="Tự đánh giá, xếp loại chất lượng hằng năm").click()
    expect(page.get_by_test_id("my-evidence")).to_contain_text("Dự sinh hoạt chi bộ thường kỳ")
    form = page.get_by_test_id("self-assessment-form")
    form.get_by_label("Tổng điểm tự chấm").fill("78")
    form.get_by_label("Tự xếp loại").select_option(label="Hoàn thành xuất sắc nhiệm vụ")
    form.get_by_label("Ưu điểm").fill("Dự họp đầy đủ, vận động bà con hiến đất làm đường")
    form.get_by_label("Hạn chế, khuyết điểm").fill("Chưa đọc hết tài liệu trước khi họp")
    form.get_by_role("button", name="Gửi bản tự đánh giá").click()
    expect(page.get_by_role("alert").first).to_contain_text("chưa đủ cho mức")
    form.get_by_label("Tự xếp loại").select_option(label="Hoàn thành tốt nhiệm vụ")
    form.get_by_role("button", name="Gửi bản tự đánh giá").click()
    expect(page.get_by_test_id("my-rating-status")).to_contain_text("78 điểm")
    context.clear_cookies()

    sign_in(page, "0900000006")  # the secretary of a cell in another district
    response = page.goto(f"/quan-ly/danh-gia/{cell}/")
    assert response is not None and response.status == 404
    context.clear_cookies()

    sign_in(page, "0900000002")  # the secretary of the member's cell
    page.goto(f"/quan-ly/don-vi/{cell}/")
    page.get_by_test_id("more-tabs").locator("summary").click()
    page.get_by_role("link", name="Đánh giá, xếp loại chất lượng").click()
    row = page.get_by_test_id("rate-row").filter(has_text=name)
    expect(row).to_contain_text("78 điểm")
    row.get_by_label(f"Mức đề xuất cho {name}").select_option("good")
    propose = page.get_by_test_id("propose-form")
    propose.get_by_label("Số đảng viên dự họp, biểu quyết").fill("9")
    row.get_by_label(f"Số phiếu tán thành cho {name}").fill("4")
    propose.get_by_role("button", name="Gửi đề xuất lên cấp ủy cấp trên").click()
    expect(page.get_by_text("cần quá nửa số phiếu (4/9)")).to_be_visible()
    row = page.get_by_test_id("rate-row").filter(has_text=name)
    row.get_by_label(f"Mức đề xuất cho {name}").select_option("good")
    page.get_by_test_id("propose-form").get_by_label("Số đảng viên dự họp, biểu quyết").fill("9")
    row.get_by_label(f"Số phiếu tán thành cho {name}").fill("8")
    page.get_by_role("button", name="Gửi đề xuất lên cấp ủy cấp trên").click()
    expect(page.get_by_text("Đã gửi đề xuất xếp loại 1 đảng viên")).to_be_visible()
    response = page.goto(f"/quan-ly/danh-gia/{commune}/")  # the cell does not decide
    assert response is not None and response.status == 404
    context.clear_cookies()

    sign_in(page, "0900000003")  # the commune's organisation officer
    page.goto(f"/quan-ly/danh-gia/{commune}/")
    decision = page.get_by_test_id("decide-row").filter(has_text=name)
    expect(decision).to_contain_text("(8/9)")
    decision.get_by_label(f"Quyết định cho {name}").select_option("good")
    page.get_by_label("Ghi chú (số, ngày quyết định)").fill("Quyết định số 15-QĐ/ĐU")
    page.get_by_role("button", name="Quyết định xếp loại").click()
    expect(page.get_by_text("Đã quyết định xếp loại 1 đảng viên")).to_be_visible()
    context.clear_cookies()

    sign_in(page, "0900000001")
    page.goto("/danh-gia/")
    expect(page.get_by_test_id("my-rating-result")).to_contain_text("Hoàn thành tốt nhiệm vụ")
    page.goto("/thong-bao/")
    expect(page.get_by_text("Kết quả xếp loại chất lượng").first).to_be_visible()
    context.close()
