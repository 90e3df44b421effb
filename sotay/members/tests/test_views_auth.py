import pyotp
import pytest
from django.test import Client

from sotay.conftest import PASSWORD, Personas


@pytest.fixture
def client() -> Client:
    return Client(HTTP_HOST="127.0.0.1")


def test_member_signs_in_with_phone(client: Client, personas: Personas) -> None:
    r = client.post("/dang-nhap/", {"identifier": "+84 911 000 002", "password": PASSWORD})
    assert r.status_code == 302 and r["Location"] == "/"
    assert "Lê Văn Cường" in client.get("/").content.decode()


def test_wrong_password_message_in_vietnamese(client: Client, personas: Personas) -> None:
    r = client.post("/dang-nhap/", {"identifier": "0911000002", "password": "sai"})
    assert r.status_code == 400
    assert "mật khẩu không đúng" in r.content.decode()


def test_committee_needs_totp(client: Client, personas: Personas) -> None:
    r = client.post("/dang-nhap/", {"identifier": "0911000001", "password": PASSWORD})
    assert r["Location"] == "/dang-nhap/xac-thuc/"
    assert client.get("/quan-ly/").status_code == 302  # not signed in yet
    bad = client.post("/dang-nhap/xac-thuc/", {"code": "000000"})
    assert bad.status_code == 400 and "Mã không đúng" in bad.content.decode()
    code = pyotp.TOTP(personas.committee.totp_secret).now()
    assert client.post("/dang-nhap/xac-thuc/", {"code": code}).status_code == 302
    assert client.get("/quan-ly/").status_code == 302  # redirects to the unit page
    assert client.get(client.get("/quan-ly/")["Location"]).status_code == 200


def test_committee_without_totp_enrols(client: Client, personas: Personas) -> None:
    user = personas.outsider
    user.totp_secret, user.totp_confirmed_at = "", None
    user.save()
    client.post("/dang-nhap/", {"identifier": "0911000003", "password": PASSWORD})
    page = client.get("/dang-nhap/xac-thuc/").content.decode()
    assert "<svg" in page and "quét mã QR" in page
    user.refresh_from_db()
    assert user.totp_secret
    assert (
        client.post(
            "/dang-nhap/xac-thuc/", {"code": pyotp.TOTP(user.totp_secret).now()}
        ).status_code
        == 302
    )
    user.refresh_from_db()
    assert user.totp_confirmed_at is not None


def test_lockout_after_repeated_failures(client: Client, personas: Personas) -> None:
    for _ in range(5):
        client.post("/dang-nhap/", {"identifier": "0911000002", "password": "sai"})
    r = client.post("/dang-nhap/", {"identifier": "0911000002", "password": PASSWORD})
    assert r.status_code == 400 and "tạm khóa" in r.content.decode()


def test_open_redirect_is_refused(client: Client, personas: Personas) -> None:
    r = client.post(
        "/dang-nhap/?next=https://evil.example/", {"identifier": "0911000002", "password": PASSWORD}
    )
    assert r["Location"] == "/"


def test_activation_page_validates(client: Client, personas: Personas) -> None:
    r = client.post(
        "/kich-hoat/",
        {"identifier": "0911000002", "code": "1", "password": "abcdefgh1", "password2": "khac"},
    )
    assert r.status_code == 400 and "không giống nhau" in r.content.decode()


def test_admin_login_goes_through_two_factor_sign_in(client: Client) -> None:
    assert client.get("/admin/login/")["Location"].startswith("/dang-nhap/")
