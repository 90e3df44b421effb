"""Study issue on phones: the province imports 30 questions and gives one commune a random
10-question quiz; a member takes it, loses the connection in the middle, resumes, finishes and
sees feedback with the cited article and their points; the commune sees the completion rate;
a member of another commune does not see the programme."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from openpyxl import Workbook
from playwright.sync_api import expect

from sotay.study.bank import COLUMNS

from .conftest import shot, widest_choice
from .test_foundation import sign_in

pytestmark = pytest.mark.e2e
RIGHT = "Mười hai tháng"


def _questions(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(COLUMNS)
    for n in range(30):
        ws.append(
            [
                "Điều lệ Đảng",
                "Chọn một đáp án",
                "Dễ",
                f"Câu {n + 1}: thời kỳ dự bị của đảng viên là bao lâu?",
                "Sáu tháng",
                RIGHT,
                "Mười tám tháng",
                "Hai mươi bốn tháng",
                "",
                "",
                "B",
                "Điều 5 Điều lệ Đảng: thời kỳ dự bị mười hai tháng.",
                "Điều lệ",
                "Điều 5",
                "dự bị",
            ]
        )
    wb.save(path)


def _phone(browser: Any, server: str) -> Any:
    return browser.new_context(viewport={"width": 390, "height": 844}, base_url=server)


def _answer(page: Any, count: int) -> None:
    questions = page.get_by_test_id("question")
    for i in range(count):
        q = questions.nth(i)
        q.get_by_label(RIGHT).check()


def test_programme_quiz_offline_resume_feedback(browser: Any, server: str, tmp_path: Path) -> None:
    province_ctx = _phone(browser, server)
    province = province_ctx.new_page()
    sign_in(province, "0900000004")
    province.goto("/quan-ly/hoc-tap/")
    xlsx = tmp_path / "cau-hoi.xlsx"
    _questions(xlsx)
    province.get_by_label("Tệp câu hỏi (.xlsx theo mẫu)").set_input_files(str(xlsx))
    province.get_by_role("button", name="Kiểm tra và nhập").click()
    expect(province.locator(".messages")).to_contain_text("Đã thêm 30 câu hỏi")
    province.get_by_label("Tên chương trình").fill("Học tập Điều lệ Đảng: đảng viên dự bị")
    commune = province.get_by_label("Giao cho (đơn vị và các đơn vị trực thuộc)")
    commune.select_option(index=2)  # the first commune: the demo member's
    today = dt.datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).date()
    province.get_by_label("Từ ngày *", exact=True).fill(today.isoformat())
    province.get_by_label("Đến ngày *", exact=True).fill(
        (today + dt.timedelta(days=14)).isoformat()
    )
    # The demo bank has other topics too: draw only from the questions just imported.
    province.get_by_label("Rút câu hỏi từ chủ đề").select_option(label="Điều lệ Đảng")
    province.get_by_role("button", name="Giao chương trình").click()
    expect(province.locator(".messages")).to_contain_text("Đã giao chương trình học tập")
    programme_url = province.url

    member_ctx = _phone(browser, server)
    member = member_ctx.new_page()
    sign_in(member, "0900000001")
    member.get_by_role("link", name="Học tập nghị quyết").click()
    member.get_by_test_id("programme").filter(has_text="đảng viên dự bị").click()
    member.get_by_role("button", name="Bắt đầu làm bài").click()
    expect(member.get_by_test_id("question")).to_have_count(10)
    assert widest_choice(member) <= 40  # a tap target the size of a thumb, not a page-wide oval
    member.wait_for_function("navigator.serviceWorker && navigator.serviceWorker.controller")
    _answer(member, 4)
    expect(member.locator("#save-state")).to_contain_text("Đã lưu")
    attempt_url = member.url
    # The connection drops in the middle: answers are kept on the phone.
    member_ctx.set_offline(True)
    for i in range(4, 7):
        member.get_by_test_id("question").nth(i).get_by_label(RIGHT).check()
    expect(member.locator("#save-state")).to_contain_text("Mất kết nối")
    shot(member, "study-offline-answers")
    member_ctx.set_offline(False)
    # Resume later from the programme page: nothing answered is lost.
    programme_id = programme_url.rstrip("/").split("/")[-1]
    member.goto(f"/hoc-tap/{programme_id}/")
    member.get_by_role("link", name="Làm tiếp bài đang dở").click()
    assert member.url.endswith(attempt_url.split(server)[-1])
    for i in range(7):
        expect(member.get_by_test_id("question").nth(i).get_by_label(RIGHT)).to_be_checked()
    for i in range(7, 10):
        member.get_by_test_id("question").nth(i).get_by_label(RIGHT).check()
    member.get_by_role("button", name="Nộp bài").click()
    expect(member.get_by_role("heading", level=1)).to_have_text("Kết quả: 10/10 câu đúng")
    expect(member.get_by_test_id("points")).not_to_have_text("0")
    shot(member, "study-result")
    # The cited article is named as a reader names it ("Xem Điều 5 — …", not "DIEU5").
    expect(member.get_by_test_id("cited").first).to_contain_text(re.compile(r"^Xem Điều \d+ — "))
    member.get_by_test_id("cited").first.click()
    expect(member.get_by_role("heading", level=1)).to_have_text(re.compile(r"^Điều 5"))

    # The commune sees the completion rate of its cells.
    commune_ctx = _phone(browser, server)
    staff = commune_ctx.new_page()
    sign_in(staff, "0900000003")
    staff.goto("/quan-ly/hoc-tap/" + programme_url.rstrip("/").split("/")[-1] + "/")
    expect(staff.get_by_test_id("passed-total")).to_have_text("1")
    expect(staff.get_by_test_id("progress-row").first).to_contain_text("%")

    # A member of another commune does not see the programme.
    outsider_ctx = _phone(browser, server)
    outsider = outsider_ctx.new_page()
    sign_in(outsider, "0900000005")
    outsider.goto("/hoc-tap/")
    expect(outsider.get_by_text("đảng viên dự bị")).to_have_count(0)
    response = outsider.goto("/hoc-tap/" + programme_url.rstrip("/").split("/")[-1] + "/")
    assert response is not None and response.status == 404
    for ctx in (province_ctx, member_ctx, commune_ctx, outsider_ctx):
        ctx.close()
