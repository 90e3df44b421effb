"""Issue 17 (3, 4): one lock per account whatever identifier is typed, wrong TOTP codes count
on the API too, and a role that needs the second factor is not reachable with a token or a
session that never gave it."""

import pyotp
import pytest
from django.test import Client, RequestFactory, override_settings
from django.utils import timezone

from sotay.conftest import PASSWORD, Personas, Tree, make_member, make_user
from sotay.core.views_helpers import client_ip
from sotay.members.models import ApiToken
from sotay.orgs.choices import PositionKind
from sotay.orgs.services import role_assign


def api() -> Client:
    return Client(HTTP_HOST="127.0.0.1")


def post_token(identifier: str, password: str = PASSWORD, **extra: str) -> tuple[int, dict]:
    r = api().post(
        "/api/v1/auth/token",
        {"identifier": identifier, "password": password, **extra},
        content_type="application/json",
    )
    return r.status_code, r.json()


def wrong_code(secret: str) -> str:
    right = pyotp.TOTP(secret).now()
    return "000000" if right != "000000" else "111111"


def test_wrong_totp_codes_on_the_api_lock_the_account(personas: Personas) -> None:
    secret = personas.committee.totp_secret
    for _ in range(12):
        status, _body = post_token("0911000001", otp=wrong_code(secret))
        assert status == 401
    status, body = post_token("0911000001", otp=pyotp.TOTP(secret).now())
    assert status == 401 and "tạm khóa" in body["detail"]


def test_phone_card_and_username_share_one_counter(personas: Personas) -> None:
    user = personas.member
    card = user.member.party_card_number
    for identifier in ["0911000002", card, user.username, "0911000002", card]:
        assert post_token(identifier, password="sai-mat-khau")[0] == 401
    # Five failures across three identifiers: the right password by any of them is refused.
    status, body = post_token(user.username)
    assert status == 401 and "tạm khóa" in body["detail"]
    status, body = post_token("0911000002")
    assert status == 401 and "tạm khóa" in body["detail"]


def test_right_password_does_not_reset_wrong_codes_on_the_web(personas: Personas) -> None:
    secret = personas.committee.totp_secret
    for _ in range(5):
        web = Client(HTTP_HOST="127.0.0.1")
        r = web.post("/dang-nhap/", {"identifier": "0911000001", "password": PASSWORD})
        assert r.status_code == 302
        r = web.post("/dang-nhap/xac-thuc/", {"code": wrong_code(secret)})
        assert r.status_code == 400
    web = Client(HTTP_HOST="127.0.0.1")
    r = web.post("/dang-nhap/", {"identifier": "0911000001", "password": PASSWORD})
    assert r.status_code == 400 and "tạm khóa" in r.content.decode()


def test_complete_sign_in_clears_the_count(personas: Personas) -> None:
    assert post_token("0911000002", password="sai")[0] == 401
    assert post_token("0911000002")[0] == 200
    for _ in range(4):
        assert post_token("0911000002", password="sai")[0] == 401
    assert post_token("0911000002")[0] == 200  # 4 since the last success: not locked


def test_token_without_second_factor_stops_when_a_role_is_given(tree: Tree) -> None:
    member = make_member(tree.c1, "Đỗ Văn Em", phone="0911000009")
    user = make_user(member)
    status, body = post_token("0911000009")
    assert status == 200
    headers = {"HTTP_AUTHORIZATION": f"Bearer {body['token']}"}
    assert api().get("/api/v1/me", **headers).status_code == 200
    # A position that starts later is enough to need the factor once it starts: the check is
    # made at every use, and the older token is also revoked when the role is given.
    from sotay.orgs.models import Position

    Position.objects.create(
        member=member,
        org=tree.c1,
        kind=PositionKind.DEPUTY_SECRETARY,
        started_on=timezone.localdate(),
    )
    assert api().get("/api/v1/me", **headers).status_code == 401
    Position.objects.filter(member=member).delete()
    assert api().get("/api/v1/me", **headers).status_code == 200
    assert user.is_active


@pytest.mark.django_db(transaction=True)
def test_role_assign_revokes_older_tokens_after_commit(tree: Tree) -> None:
    member = make_member(tree.c1, "Đỗ Văn Em", phone="0911000009")
    user = make_user(member)
    token = post_token("0911000009")[1]["token"]
    member.user = user
    role_assign(member=member, org=tree.c1, kind=PositionKind.SECRETARY)
    assert ApiToken.objects.get(user=user).revoked_at is not None
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    assert api().get("/api/v1/me", **headers).status_code == 401


def test_token_issued_with_second_factor_keeps_working(personas: Personas) -> None:
    secret = personas.committee.totp_secret
    status, body = post_token("0911000001", otp=pyotp.TOTP(secret).now())
    assert status == 200
    headers = {"HTTP_AUTHORIZATION": f"Bearer {body['token']}"}
    assert api().get("/api/v1/me", **headers).status_code == 200


def test_session_without_second_factor_is_sent_to_the_code_page(tree: Tree) -> None:
    member = make_member(tree.c1, "Đỗ Văn Em", phone="0911000009")
    make_user(member)
    web = Client(HTTP_HOST="127.0.0.1")
    assert (
        web.post("/dang-nhap/", {"identifier": "0911000009", "password": PASSWORD}).status_code
        == 302
    )
    assert web.get("/").status_code == 200
    from sotay.orgs.models import Position

    Position.objects.create(
        member=member,
        org=tree.c1,
        kind=PositionKind.DEPUTY_SECRETARY,
        started_on=timezone.localdate(),
    )
    r = web.get("/quan-ly/")
    assert r.status_code == 302 and r["Location"] == "/dang-nhap/xac-thuc/"
    assert web.get("/api/v1/me").status_code == 401  # the session is gone
    assert web.get("/quan-ly/").status_code == 302


def test_outsider_and_member_sessions_from_a_real_sign_in_still_work(personas: Personas) -> None:
    web = Client(HTTP_HOST="127.0.0.1")
    web.post("/dang-nhap/", {"identifier": "0911000003", "password": PASSWORD})
    r = web.post("/dang-nhap/xac-thuc/", {"code": pyotp.TOTP(personas.outsider.totp_secret).now()})
    assert r.status_code == 302
    page = web.get("/quan-ly/", follow=True)
    assert page.status_code == 200 and page.redirect_chain[-1][0].startswith("/quan-ly/don-vi/")
    plain = Client(HTTP_HOST="127.0.0.1")
    plain.post("/dang-nhap/", {"identifier": "0911000002", "password": PASSWORD})
    assert plain.get("/").status_code == 200


def _request(remote: str, forwarded: str = "") -> object:
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **extra)


def test_forwarded_for_is_ignored_unless_the_proxy_is_trusted() -> None:
    assert client_ip(_request("203.0.113.9", "1.2.3.4")) == "203.0.113.9"
    with override_settings(TRUSTED_PROXIES=["10.0.0.0/8"]):
        from sotay.core import views_helpers

        views_helpers._proxy_networks.cache_clear()
        assert client_ip(_request("203.0.113.9", "1.2.3.4")) == "203.0.113.9"
        # The client can prepend anything; the nearest hop before our proxies is the truth.
        assert client_ip(_request("10.0.0.2", "6.6.6.6, 198.51.100.7")) == "198.51.100.7"
        assert client_ip(_request("10.0.0.2", "198.51.100.7, 10.0.0.5")) == "198.51.100.7"
        assert client_ip(_request("10.0.0.2", "not-an-ip")) == "10.0.0.2"
        assert client_ip(_request("10.0.0.2")) == "10.0.0.2"
