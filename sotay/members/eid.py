"""Sign-in with a national e-ID provider over OpenID Connect (the shape of VNeID-style
integrations): authorization code with PKCE, the ID token checked (signature from the provider's
keys, issuer, audience, expiry, nonce) by Authlib, and the identity linked to the member record
by citizen ID (CCCD).

Configured by the operator (off when SOTAY_OIDC_ISSUER is empty):

    SOTAY_OIDC_ISSUER=https://id.example.gov.vn    # + /.well-known/openid-configuration
    SOTAY_OIDC_CLIENT_ID=…  SOTAY_OIDC_CLIENT_SECRET=…
    SOTAY_OIDC_NAME=VNeID                            # the button says "Đăng nhập bằng VNeID"
    SOTAY_OIDC_CITIZEN_CLAIM=citizen_id              # the claim that carries the CCCD number
    SOTAY_OIDC_SCOPES="openid profile"
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.db import transaction
from django.utils import timezone

from sotay.core.choices import AuditAction
from sotay.core.errors import DomainError
from sotay.core.fields import blind_index
from sotay.core.models import AuditEntry

from .models import EidLink, Member, User


@dataclass(frozen=True)
class Config:
    issuer: str
    client_id: str
    client_secret: str
    name: str
    citizen_claim: str
    scopes: str


def config() -> Config | None:
    issuer = os.environ.get("SOTAY_OIDC_ISSUER", "").strip().rstrip("/")
    client_id = os.environ.get("SOTAY_OIDC_CLIENT_ID", "").strip()
    if not issuer or not client_id:
        return None
    return Config(
        issuer=issuer,
        client_id=client_id,
        client_secret=os.environ.get("SOTAY_OIDC_CLIENT_SECRET", ""),
        name=os.environ.get("SOTAY_OIDC_NAME", "VNeID"),
        citizen_claim=os.environ.get("SOTAY_OIDC_CITIZEN_CLAIM", "citizen_id"),
        scopes=os.environ.get("SOTAY_OIDC_SCOPES", "openid profile"),
    )


@lru_cache(maxsize=4)
def _client(settings: Config) -> Any:
    from authlib.integrations.django_client import OAuth

    oauth = OAuth()
    return oauth.register(
        "eid",
        client_id=settings.client_id,
        client_secret=settings.client_secret,
        server_metadata_url=f"{settings.issuer}/.well-known/openid-configuration",
        client_kwargs={"scope": settings.scopes, "code_challenge_method": "S256"},
    )


def client() -> Any:
    settings = config()
    return _client(settings) if settings else None


def claims_from_callback(request: Any) -> dict[str, Any]:
    """Exchange the code and return the verified claims (ID token + userinfo)."""
    from authlib.common.errors import AuthlibBaseError

    eid = client()
    if eid is None:
        raise DomainError("Đăng nhập bằng định danh điện tử chưa được bật.")
    if request.GET.get("error"):
        raise DomainError("Đồng chí đã hủy hoặc nhà cung cấp định danh từ chối đăng nhập.")
    try:
        token = eid.authorize_access_token(request)
    except (AuthlibBaseError, OSError, ValueError, KeyError) as exc:
        raise DomainError(
            "Không xác minh được phiên đăng nhập định danh điện tử; hãy thử lại."
        ) from exc
    claims = dict(token.get("userinfo") or {})
    if not claims.get("sub"):
        raise DomainError("Nhà cung cấp định danh không trả về danh tính.")
    return claims


def _citizen(claims: dict[str, Any], claim: str) -> str:
    value = re.sub(r"\s", "", str(claims.get(claim) or ""))
    if not re.fullmatch(r"\d{9,12}", value):
        raise DomainError(
            "Nhà cung cấp định danh không cho biết số CCCD; chưa thể liên kết với hồ sơ."
        )
    return value


@transaction.atomic
def user_for(claims: dict[str, Any], ip: str | None = None) -> User:
    """The member's account for these verified claims: by a previous link (issuer, subject), or
    by the citizen ID on the record — creating the account (without a password) if needed."""
    settings = config()
    assert settings is not None
    citizen = _citizen(claims, settings.citizen_claim)
    link = (
        EidLink.objects.select_related("user__member")
        .filter(issuer=settings.issuer, subject=str(claims["sub"]))
        .first()
    )
    digest = blind_index(citizen)
    if link is not None:
        member = link.user.member
        if member is None or member.citizen_digest != digest:
            raise DomainError(
                "Số CCCD từ định danh điện tử không còn khớp hồ sơ; hãy liên hệ chi ủy."
            )
    else:
        member = Member.objects.select_related("cell").filter(citizen_digest=digest).first()
        if member is None:
            raise DomainError(
                "Số CCCD của đồng chí chưa có trong hồ sơ đảng viên trên Sổ tay. Hãy nhờ chi ủy "
                "cập nhật hồ sơ (mục Số CCCD), rồi đăng nhập lại."
            )
    if not member.is_current:
        raise DomainError("Hồ sơ đảng viên này không còn sinh hoạt; không thể đăng nhập.")
    user = User.objects.filter(member=member).first()
    if user is None:
        user = User(member=member, username=f"dv{member.party_card_number or member.pk}")
        user.set_unusable_password()
    if not user.is_active and user.pk is not None and user.activated_at is not None:
        raise DomainError("Tài khoản này đang bị khóa; hãy liên hệ chi ủy.")
    user.is_active = True
    user.activated_at = user.activated_at or timezone.now()
    user.save()
    if not member.has_account:
        member.has_account = True
        member.save(update_fields=["has_account"])
    if link is None:
        EidLink.objects.create(user=user, issuer=settings.issuer, subject=str(claims["sub"]))
    AuditEntry.objects.create(
        actor=user,
        actor_name=str(user),
        action=AuditAction.EID_SIGNIN,
        member=member,
        detail=f"đăng nhập bằng {settings.name}",
        ip_address=ip,
    )
    return user
