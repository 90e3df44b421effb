"""Participation on phones: an anonymous survey with show-if logic answered by three members
(and the database inspected afterwards); a draft in two versions whose comments keep their
paragraph; a question that goes unanswered, escalates, is answered and becomes a FAQ entry."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from .conftest import manage, shot, widest_choice
from .test_foundation import sign_in

pytestmark = pytest.mark.e2e
VN = ZoneInfo("Asia/Ho_Chi_Minh")


def _phone(browser: Any, server: str) -> Any:
    context = browser.new_context(viewport={"width": 390, "height": 844}, base_url=server)
    context.set_default_timeout(15_000)
    return context


def _local(delta: dt.timedelta) -> str:
    return (dt.datetime.now(VN) + delta).strftime("%Y-%m-%dT%H:%M")


def test_anonymous_survey_with_show_if(browser: Any, server: str) -> None:
    title = "Khảo sát ẩn danh: chi bộ có sinh hoạt đủ?"
    staff = _phone(browser, server).new_page()
    sign_in(staff, "0900000003")
    staff.goto("/quan-ly/y-kien/")
    staff.get_by_label("Tên khảo sát").fill(title)
    staff.get_by_label("Ẩn danh (không ai, kể cả quản trị, biết ai trả lời gì)").check()
    staff.get_by_label("Bắt đầu").fill(_local(-dt.timedelta(minutes=5)))
    staff.get_by_label("Kết thúc").fill(_local(dt.timedelta(days=7)))
    staff.get_by_role("button", name="Tạo khảo sát").click()
    expect(staff.locator(".messages")).to_contain_text("Đã tạo khảo sát")
    staff.get_by_label("Câu hỏi *", exact=True).fill("Chi bộ có sinh hoạt đủ mỗi tháng không?")
    staff.get_by_label("Phương án (mỗi dòng một phương án; câu bảng: các cột)").fill(
        "Đủ\nCó tháng không sinh hoạt"
    )
    staff.get_by_role("button", name="Thêm câu hỏi").click()
    expect(staff.locator(".messages")).to_contain_text("Đã thêm câu hỏi")
    staff.get_by_label("Loại câu hỏi").select_option(label="Trả lời tự do")
    staff.get_by_label("Câu hỏi *", exact=True).fill("Vì sao có tháng không sinh hoạt?")
    staff.get_by_label("Chỉ hiện khi câu").select_option(index=1)
    staff.get_by_label("…được chọn phương án số (ví dụ 2 hoặc 1,3)").fill("2")
    staff.get_by_role("button", name="Thêm câu hỏi").click()
    expect(staff.get_by_text("chỉ hiện khi câu 1 chọn 2")).to_be_visible()
    staff.get_by_role("button", name="Mở khảo sát và báo cho đảng viên").click()
    expect(staff.locator(".messages")).to_contain_text("Đã mở khảo sát")
    survey_url = staff.url

    answers = {"0900000001": None, "0900000002": "Bí thư đi công tác", "0900000007": None}
    for phone, reason in answers.items():
        page = _phone(browser, server).new_page()
        sign_in(page, phone)
        page.goto("/y-kien/")
        page.get_by_test_id("survey").filter(has_text=title).click()
        expect(page.get_by_test_id("anonymous-note")).to_be_visible()
        follow_up = page.get_by_label("Trả lời câu 2")
        expect(follow_up).to_be_hidden()  # shown only for "Có tháng không sinh hoạt"
        assert widest_choice(page) <= 40  # round buttons, not page-wide ovals
        if reason:
            page.get_by_label("Có tháng không sinh hoạt").check()
            expect(follow_up).to_be_visible()
            follow_up.fill(reason)
            shot(page, "survey-show-if")
        else:
            page.get_by_label("Đủ", exact=True).check()
        page.get_by_role("button", name="Gửi câu trả lời").click()
        expect(page.locator(".messages")).to_contain_text("Đã gửi câu trả lời")
        page.context.close()

    staff.goto(survey_url)
    expect(staff.get_by_test_id("pending")).to_contain_text("3 câu trả lời ẩn danh")
    staff.get_by_role("button", name="Kết thúc khảo sát").click()
    expect(staff.get_by_test_id("response-count")).to_have_text("3 người trả lời")
    first = staff.get_by_test_id("result").first
    expect(first).to_contain_text("2 · 67%")
    expect(first).to_contain_text("1 · 33%")
    expect(staff.get_by_test_id("result").nth(1)).to_contain_text("Bí thư đi công tác")
    shot(staff, "survey-results")

    # The database itself: no response row holds or implies any of the three members.
    code = (
        "import json; from django.db import connection; "
        "from sotay.participation.models import Survey; "
        "from sotay.members.accounts import find_user; "
        f"s = Survey.objects.get(title={title!r}); "
        "c = connection.cursor(); "
        "c.execute('SELECT * FROM participation_surveyresponse WHERE survey_id = %s', [s.pk]); "
        "cols = [d[0] for d in c.description]; "
        "rows = [dict(zip(cols, [str(v) for v in r])) for r in c.fetchall()]; "
        "people = [find_user(p) for p in ('0900000001', '0900000002', '0900000007')]; "
        "ids = [str(v) for u in people for v in (u.pk, u.member.pk, u.member.public_id, "
        "u.member.full_name, u.member.cell_path, u.member.party_card_number, u.username)]; "
        "print(json.dumps({'rows': rows, 'ids': ids}))"
    )
    dump = json.loads(manage("shell", "-c", code).strip().splitlines()[-1])
    assert len(dump["rows"]) == 3
    for row in dump["rows"]:
        assert row["member_id"] == "None"
        assert not set(row.values()) & set(dump["ids"])
        assert not any(ident in row["answers"] for ident in dump["ids"] if len(ident) > 3)


def test_draft_comments_keep_their_paragraph(browser: Any, server: str) -> None:
    title = "Dự thảo Quy chế tiếp đảng viên"
    staff = _phone(browser, server).new_page()
    sign_in(staff, "0900000003")
    staff.goto("/quan-ly/y-kien/")
    staff.get_by_label("Tên dự thảo").fill(title)
    staff.get_by_label("Hạn góp ý").fill(_local(dt.timedelta(days=10)))
    staff.get_by_label("…hoặc dán nội dung (mỗi đoạn một dòng)").fill(
        "Điều 1. Bí thư tiếp đảng viên mỗi tháng một lần.\n"
        "Điều 2. Đảng viên đăng ký trước qua Sổ tay.\n"
        "Điều 3. Kết quả tiếp được thông báo trong 7 ngày."
    )
    staff.get_by_role("button", name="Đăng dự thảo").click()
    expect(staff.locator(".messages")).to_contain_text("Đã đăng dự thảo")
    console_url = staff.url

    member = _phone(browser, server).new_page()
    sign_in(member, "0900000001")
    member.goto("/y-kien/")
    member.get_by_test_id("draft").filter(has_text=title).click()
    article2 = member.get_by_test_id("paragraph").filter(has_text="Điều 2.")
    article2.get_by_text("Góp ý đoạn này").click()
    article2.get_by_label("Góp ý của đồng chí").fill("Cho đăng ký cả qua điện thoại của chi bộ.")
    article2.get_by_role("button", name="Gửi góp ý").click()
    expect(member.locator(".messages")).to_contain_text("Đã gửi góp ý")

    staff.goto(console_url)
    staff.get_by_label("Sửa đổi gì so với bản trước").fill("Tiếp thu góp ý Điều 2")
    staff.get_by_label("…hoặc dán nội dung bản mới").fill(
        "Điều 1. Phạm vi: quy chế áp dụng cho Đảng ủy xã.\n"
        "Điều 2. Bí thư tiếp đảng viên mỗi tháng một lần.\n"
        "Điều 3. Đảng viên đăng ký trước qua Sổ tay hoặc điện thoại của chi bộ.\n"
        "Điều 4. Kết quả tiếp được thông báo trong 7 ngày."
    )
    staff.get_by_role("button", name="Đăng bản mới").click()
    expect(staff.locator(".messages")).to_contain_text("Đã đăng dự thảo lần 2")
    # The comment follows its paragraph, now numbered Điều 3 and edited.
    moved = staff.get_by_test_id("paragraph").filter(has_text="hoặc điện thoại của chi bộ")
    expect(moved.get_by_test_id("comment")).to_contain_text("Cho đăng ký cả qua điện thoại")
    moved.get_by_text("Xử lý góp ý của").click()
    moved.get_by_label("Tiếp thu", exact=True).check()
    moved.get_by_role("button", name="Lưu và báo cho đảng viên").click()
    expect(staff.locator(".messages")).to_contain_text("Đã ghi kết quả")

    member.reload()
    paragraph = member.get_by_test_id("paragraph").filter(has_text="hoặc điện thoại của chi bộ")
    paragraph.get_by_text("1 góp ý").click()
    expect(paragraph.get_by_test_id("comment")).to_contain_text("Tiếp thu")
    expect(member.get_by_text("bản dự thảo lần 2")).to_be_visible()
    shot(member, "draft-version-2")


def test_question_escalates_then_answered_and_published(browser: Any, server: str) -> None:
    subject = "Đảng viên 80 tuổi có được miễn sinh hoạt?"
    member = _phone(browser, server).new_page()
    sign_in(member, "0900000001")
    member.goto("/y-kien/hoi-dap/")
    member.get_by_label("Loại").select_option(label="Hỏi")
    member.get_by_label("Tiêu đề").fill(subject)
    member.get_by_label("Nội dung").fill("Bố tôi 80 tuổi, sức yếu, có được miễn sinh hoạt không?")
    member.get_by_label(
        "Đồng ý công khai câu hỏi (không kèm tên) cùng câu trả lời cho đảng viên khác"
    ).check()
    member.get_by_role("button", name="Gửi", exact=True).click()
    expect(member.locator(".messages")).to_contain_text("Đã gửi tới Chi bộ")
    expect(member.get_by_test_id("waiting")).to_contain_text("Chi bộ")
    inquiry_url = member.url

    # The cell does not answer within the province's deadline: it moves up to the commune.
    assert "Đã chuyển lên cấp trên" in manage("participation_escalate", "--as-of", "+8")
    member.reload()
    expect(member.get_by_test_id("waiting")).to_contain_text("Đảng bộ")
    expect(member.get_by_text("Quá hạn, chuyển cấp trên")).to_be_visible()

    staff = _phone(browser, server).new_page()
    sign_in(staff, "0900000003")
    staff.goto("/quan-ly/y-kien/")
    staff.get_by_role("link", name=subject).click()
    expect(staff.get_by_test_id("escalated")).to_be_visible()
    staff.get_by_label("Trả lời đảng viên").fill(
        "Theo Điều 7 Điều lệ Đảng: đảng viên tuổi cao, sức yếu làm đơn, chi bộ xem xét miễn."
    )
    staff.get_by_role("button", name="Gửi trả lời").click()
    expect(staff.locator(".messages")).to_contain_text("Đã gửi câu trả lời")
    staff.get_by_label("Câu hỏi khi công khai (bỏ chi tiết cá nhân)").fill(
        "Đảng viên 80 tuổi, sức yếu có được miễn sinh hoạt đảng không?"
    )
    staff.get_by_role("button", name="Đưa vào hỏi đáp thường gặp").click()
    expect(staff.get_by_test_id("faq-published")).to_be_visible()

    member.goto(inquiry_url)
    expect(member.get_by_test_id("answer")).to_contain_text("Điều 7 Điều lệ Đảng")
    member.goto("/y-kien/hoi-dap/thuong-gap/")
    entry = member.get_by_test_id("faq").filter(has_text="80 tuổi, sức yếu")
    expect(entry).to_be_visible()
    entry.click()
    expect(entry).to_contain_text("chi bộ xem xét miễn")
    shot(member, "faq")
