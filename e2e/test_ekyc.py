"""Registration by party card and face on a phone: a member photographs the card (a synthetic
photo of their real card, with a real face), checks the fields, takes the two selfies the page
asks for and sets a password; a second member whose card shows another name goes to the cell
committee, whose secretary approves; someone guessing card numbers gets the same answer for a
real and an invented number, then is stopped."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from playwright.sync_api import expect

from sotay.ekyc.tests.conftest import card_photo, face, jpeg

from .conftest import manage, shot
from .test_foundation import sign_in

pytestmark = pytest.mark.e2e

PICK = (
    "import json; from sotay.members.accounts import find_user; "
    "from sotay.members.models import Member; "
    "cell = find_user('0900000001').member.cell; "
    "ms = [m for m in Member.objects.filter(cell=cell, status='full').exclude(birth_date=None)"
    ".exclude(admitted_on=None).order_by('pk') if not (m.phone or '').startswith('09000000')][:3]; "
    "print(json.dumps([[m.full_name, str(m.birth_date), str(m.admitted_on), "
    "m.party_card_number] for m in ms]))"
)


def members_of_cell_1() -> list[tuple[str, dt.date, dt.date, str]]:
    rows = json.loads(manage("shell", "-c", PICK).strip().splitlines()[-1])
    return [(n, dt.date.fromisoformat(b), dt.date.fromisoformat(a), c) for n, b, a, c in rows]


def files(tmp: Path, name: str, data: bytes) -> str:
    path = tmp / name
    path.write_bytes(data)
    return str(path)


def register(page: Any, tmp: Path, who: tuple[str, dt.date, dt.date, str], printed: str) -> None:
    """Card (with ``printed`` as the name on it) and the two selfies the page asks for."""
    name, birth, admitted, number = who
    page.goto("/dang-nhap/")
    page.get_by_test_id("ekyc-start").click()
    photo = card_photo(name=printed, birth=birth, admitted=admitted, number=number, seed=5)
    page.get_by_label("Ảnh mặt trước thẻ đảng viên").set_input_files(
        files(tmp, f"the-{number}.jpg", photo)
    )
    page.get_by_role("button", name="Đọc thẻ").click()
    expect(page.get_by_label("Số thẻ", exact=False)).to_have_value(number)
    turn_label = page.locator("label[for=id_selfie_turn]").inner_text()
    turned = face("obama2")  # the head turned to the person's right in this photo
    if "TRÁI" in turn_label:
        turned = turned.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    page.get_by_label("Ảnh 1: chân dung nhìn thẳng").set_input_files(
        files(tmp, "chan-dung.jpg", jpeg(face("obama")))
    )
    page.locator("#id_selfie_turn").set_input_files(files(tmp, "quay-dau.jpg", jpeg(turned)))
    page.get_by_role("button", name="Gửi đối chiếu").click()


def test_register_by_card_and_face(phone: Any, browser: Any, server: str, tmp_path: Path) -> None:
    first, second, third = members_of_cell_1()

    # 1. Everything matches: the member sets a password and signs in with it.
    register(phone, tmp_path, first, printed=first[0])
    result = phone.get_by_test_id("ekyc-result")
    expect(result).to_have_attribute("data-status", "matched")
    expect(result).to_contain_text(first[0])
    shot(phone, "ekyc-matched")
    phone.get_by_label("Mật khẩu mới").fill("Lua-chiem-2026!")
    phone.get_by_label("Nhập lại mật khẩu").fill("Lua-chiem-2026!")
    phone.get_by_role("button", name="Đặt mật khẩu, kích hoạt").click()
    phone.get_by_label("Số điện thoại hoặc số thẻ đảng viên").fill(first[3])
    phone.get_by_label("Mật khẩu").fill("Lua-chiem-2026!")
    phone.get_by_role("button", name="Đăng nhập").click()
    expect(phone.get_by_test_id("unread")).to_be_visible()

    # 2. The card shows another name: to the cell committee; the secretary approves.
    other = browser.new_context(viewport={"width": 390, "height": 844}, base_url=server)
    page = other.new_page()
    page.set_default_timeout(20_000)
    register(page, tmp_path, second, printed="Trần Văn Khác Tên")
    expect(page.get_by_test_id("ekyc-result")).to_have_attribute("data-status", "review")
    waiting = page.url
    secretary = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=server)
    desk = secretary.new_page()
    desk.set_default_timeout(20_000)
    sign_in(desk, "0900000002")
    desk.goto("/quan-ly/dang-ky/")
    desk.get_by_role("link", name="TRẦN VĂN KHÁC TÊN").click()
    expect(desk.get_by_text("Họ tên khác hồ sơ.")).to_be_visible()
    for alt in ("Ảnh thẻ", "Ảnh chân dung", "Ảnh quay đầu"):  # the evidence is shown
        picture = desk.get_by_alt_text(alt)
        picture.scroll_into_view_if_needed()
        expect(picture).to_have_js_property("complete", True)
        assert picture.evaluate("i => i.naturalWidth") > 100, alt
    shot(desk, "ekyc-review")
    desk.get_by_role("button", name="Duyệt: đúng là đảng viên này").click()
    expect(desk.get_by_text("Đã ghi quyết định")).to_be_visible()
    page.goto(waiting)
    expect(page.get_by_test_id("ekyc-result")).to_have_attribute("data-status", "approved")
    page.get_by_label("Mật khẩu mới").fill("Ngo-dong-2026!")
    page.get_by_label("Nhập lại mật khẩu").fill("Ngo-dong-2026!")
    page.get_by_role("button", name="Đặt mật khẩu, kích hoạt").click()
    expect(page.get_by_text("Tài khoản đã được kích hoạt")).to_be_visible()
    other.close()

    # 3. Guessing card numbers: a real number and an invented one read the same; then stopped.
    guesser = browser.new_context(viewport={"width": 390, "height": 844}, base_url=server)
    page = guesser.new_page()
    page.set_default_timeout(20_000)
    answers = []
    for number in (third[3], "98765432", "98765431"):
        register(page, tmp_path, (third[0], third[1], third[2], number), printed="Lê Văn Đoán")
        answer = page.get_by_test_id("ekyc-result")
        expect(answer).to_have_attribute("data-status", "review")
        answers.append(answer.inner_text().split("Gửi lúc")[0])
    assert answers[0] == answers[1] == answers[2]
    register(page, tmp_path, (third[0], third[1], third[2], "98765433"), printed="Lê Văn Đoán")
    expect(page.get_by_text("Đã thử quá nhiều lần")).to_be_visible()
    shot(page, "ekyc-slowed-down")
    guesser.close()
    secretary.close()
