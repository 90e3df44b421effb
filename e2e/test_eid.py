"""Sign-in with the national e-ID: a real OIDC provider (django-oauth-toolkit, its own process on
127.0.0.1) signs the member in; the app checks the ID token and finds the record by citizen ID.
Someone whose citizen ID is on no record is told so and stays signed out."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from .conftest import OIDC_PEOPLE, shot

pytestmark = pytest.mark.e2e


def through_provider(page: Any, who: str) -> None:
    citizen, password = OIDC_PEOPLE[who]
    page.goto("/dang-nhap/")
    page.get_by_test_id("eid").click()
    page.get_by_label("Số định danh cá nhân").fill(citizen)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.locator("input[name=allow]").click()  # the provider's consent screen


def test_member_signs_in_with_the_national_eid(phone: Any) -> None:
    through_provider(phone, "member")
    expect(phone.get_by_test_id("unread")).to_be_visible()
    phone.goto("/ho-so/")
    expect(phone.get_by_role("heading", level=1)).to_be_visible()
    shot(phone, "eid-signed-in")
    # A second time: found by the link made the first time.
    phone.context.clear_cookies()
    through_provider(phone, "member")
    expect(phone.get_by_test_id("unread")).to_be_visible()


def test_unknown_citizen_id_is_told_and_not_signed_in(phone: Any) -> None:
    through_provider(phone, "stranger")
    expect(phone.get_by_text("chưa có trong hồ sơ đảng viên")).to_be_visible()
    expect(phone.get_by_test_id("unread")).to_have_count(0)
