"""Account security: sign-in identifiers, throttling, second factor, activation codes, tokens."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

import pyotp
from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from sotay.core import access
from sotay.core.choices import AuditAction
from sotay.core.errors import DomainError
from sotay.core.fields import blind_index
from sotay.core.text import clean, normalize_phone

from .models import ActivationCode, ApiToken, FailedSignIn, Member, User

LOCKED_MESSAGE = (
    "Bạn đã nhập sai quá nhiều lần. Tài khoản tạm khóa 15 phút; "
    "nếu quên mật khẩu, hãy nhờ bí thư chi bộ cấp mã đặt lại."
)


def identifier_key(identifier: str) -> str:
    """The throttling key for what the user typed (phone normalised, card number as is)."""
    text = clean(identifier)
    return normalize_phone(text) or text.lower()[:64]


def find_user(identifier: str) -> User | None:
    """Resolve a phone number, party card number or operator username to an account."""
    text = clean(identifier)
    if not text:
        return None
    phone = normalize_phone(text)
    qs = User.objects.select_related("member")
    if phone:
        user = qs.filter(member__phone_digest=blind_index(phone)).first()
        if user:
            return user
    if text.isdigit():
        user = qs.filter(member__party_card_number=text).first()
        if user:
            return user
    return qs.filter(username=text).first()


def _failures(identifier: str, user: User | None) -> Q:
    """One counter per account: the phone, the card number and the username of an account
    all count together; an identifier that names no account has its own counter."""
    return Q(user=user) if user is not None else Q(identifier=identifier_key(identifier))


def is_locked(identifier: str, ip: str | None, user: User | None = None) -> bool:
    if user is None:
        user = find_user(identifier)
    since = timezone.now() - dt.timedelta(seconds=settings.SIGNIN_WINDOW_SECONDS)
    recent = FailedSignIn.objects.filter(created_at__gte=since)
    if recent.filter(_failures(identifier, user)).count() >= (
        settings.SIGNIN_MAX_FAILURES_PER_IDENTIFIER
    ):
        return True
    return bool(ip) and recent.filter(ip_address=ip).count() >= settings.SIGNIN_MAX_FAILURES_PER_IP


def record_failure(identifier: str, ip: str | None, user: User | None = None) -> None:
    FailedSignIn.objects.create(identifier=identifier_key(identifier), ip_address=ip, user=user)


def clear_failures(identifier: str, user: User | None = None) -> None:
    """After a complete sign-in (both factors where two are needed)."""
    FailedSignIn.objects.filter(_failures(identifier, user)).delete()


@dataclass
class SignInResult:
    user: User | None
    error: str = ""


def check_credentials(identifier: str, password: str, ip: str | None) -> SignInResult:
    """First factor. Locked accounts are refused before the password is even checked.

    Failures are only cleared here when no second factor follows; otherwise by
    ``sign_in_completed`` once the code is right, so that a known password does not reset
    the count of wrong codes.
    """
    user = find_user(identifier)
    if is_locked(identifier, ip, user):
        return SignInResult(None, LOCKED_MESSAGE)
    if (
        user is None
        or not user.is_active
        or not user.has_usable_password()
        or not (user.check_password(password))
    ):
        if user is None:
            make_password(password)  # same work whether or not the account exists
        record_failure(identifier, ip, user)
        if user is not None and user.is_active and not user.has_usable_password():
            return SignInResult(
                None, "Tài khoản chưa kích hoạt. Hãy nhờ bí thư chi bộ cấp mã kích hoạt."
            )
        return SignInResult(None, "Số điện thoại/số thẻ hoặc mật khẩu không đúng.")
    if not needs_second_factor(user):
        clear_failures(identifier, user)
    return SignInResult(user)


def sign_in_completed(user: User) -> None:
    """Both factors given: the account's failure count starts again."""
    clear_failures(user.username, user)


def pending_user(user_id: object) -> User | None:
    """The account that passed the password step and now owes its second factor."""
    if not isinstance(user_id, int):
        return None
    return User.objects.filter(pk=user_id, is_active=True).first()


def needs_second_factor(user: User) -> bool:
    return access.is_committee(user) or user.is_staff


def totp_new_secret(user: User) -> str:
    """Start (or restart) enrolment: a fresh secret, unconfirmed until a code is verified."""
    user.totp_secret = pyotp.random_base32()
    user.totp_confirmed_at = None
    user.save(update_fields=["totp_secret", "totp_confirmed_at"])
    return user.totp_secret


def totp_uri(user: User) -> str:
    return pyotp.TOTP(user.totp_secret).provisioning_uri(
        name=user.username, issuer_name="Sổ tay ĐV"
    )


def totp_verify(user: User, code: str, ip: str | None) -> bool:
    """Check a 6-digit code once (a code cannot be replayed); failures count toward lockout."""
    code = clean(code).replace(" ", "")
    if not user.totp_secret or not code.isdigit():
        record_failure(user.username, ip, user)
        return False
    totp = pyotp.TOTP(user.totp_secret)
    now = timezone.now().timestamp()
    for drift in (0, -1, 1):
        step = int(now // 30) + drift
        if step > user.totp_last_step and secrets.compare_digest(totp.at(step * 30), code):
            User.objects.filter(pk=user.pk).update(
                totp_last_step=step,
                totp_confirmed_at=user.totp_confirmed_at or timezone.now(),
            )
            user.totp_last_step = step
            return True
    record_failure(user.username, ip, user)
    return False


@transaction.atomic
def totp_reset(*, member: Member, actor: User, ip: str | None = None) -> None:
    """Forget a lost second factor; the member enrols a new one at their next sign-in."""
    from .services import audit_record

    user = User.objects.select_for_update().filter(member=member).first()
    if user is None or not user.totp_secret:
        raise DomainError("Tài khoản này chưa dùng xác thực 2 bước.")
    if user.pk == actor.pk:
        raise DomainError("Không thể tự đặt lại xác thực 2 bước của mình; hãy nhờ cấp ủy cấp trên.")
    user.totp_secret, user.totp_confirmed_at, user.totp_last_step = "", None, 0
    user.save(update_fields=["totp_secret", "totp_confirmed_at", "totp_last_step"])
    audit_record(actor=actor, member=member, action=AuditAction.RESET_TOTP, ip=ip)


def _code_digest(code: str) -> str:
    return make_password(code)


@transaction.atomic
def activation_code_issue(*, member: Member, actor: User, ip: str | None = None) -> str:
    """A one-time code (8 digits, valid 72 h) for a member to activate or reset their account."""
    from .services import audit_record

    if not member.is_current:
        raise DomainError("Chỉ cấp mã cho đảng viên đang sinh hoạt.")
    if not member.phone and not member.party_card_number:
        raise DomainError("Hồ sơ cần có số điện thoại hoặc số thẻ để đảng viên đăng nhập.")
    ActivationCode.objects.filter(member=member, used_at__isnull=True).update(
        expires_at=timezone.now()
    )
    code = f"{secrets.randbelow(10**8):08d}"
    ActivationCode.objects.create(
        member=member,
        code_hash=_code_digest(code),
        issued_by=actor,
        expires_at=timezone.now() + dt.timedelta(hours=settings.ACTIVATION_CODE_TTL_HOURS),
    )
    audit_record(actor=actor, member=member, action=AuditAction.ISSUE_CODE, ip=ip)
    return code


@transaction.atomic
def account_activate(*, identifier: str, code: str, password: str, ip: str | None = None) -> User:
    """Set the member's password with a code from their secretary; creates the account."""
    generic = "Mã kích hoạt không đúng hoặc đã hết hạn."
    text = clean(identifier)
    phone = normalize_phone(text)
    member = None
    if phone:
        member = Member.objects.filter(phone_digest=blind_index(phone)).first()
    if member is None and text.isdigit():
        member = Member.objects.filter(party_card_number=text).first()
    account = User.objects.filter(member=member).first() if member else None
    if is_locked(identifier, ip, account):
        raise DomainError(LOCKED_MESSAGE)
    codes = (
        ActivationCode.objects.select_for_update().filter(
            member=member, used_at__isnull=True, expires_at__gt=timezone.now()
        )
        if member
        else ActivationCode.objects.none()
    )
    matched = next((c for c in codes if check_password(clean(code), c.code_hash)), None)
    if matched is None:
        record_failure(identifier, ip, account)
        raise DomainError(generic, field="code")
    check_new_password(password)
    matched.used_at = timezone.now()
    matched.save(update_fields=["used_at"])
    assert member is not None
    user = member_account_activate(member=member, password=password)
    clear_failures(identifier, account)
    return user


def check_new_password(password: str) -> None:
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    try:
        validate_password(password)
    except ValidationError as exc:
        raise DomainError(" ".join(exc.messages), field="password") from exc


def member_account_activate(*, member: Member, password: str) -> User:
    """Create or re-open the member's account with this password (the caller has verified who
    they are: an activation code, or a matched eKYC registration)."""
    check_new_password(password)
    user = User.objects.filter(member=member).first()
    if user is None:
        user = User(member=member, username=f"dv{member.party_card_number or member.pk}")
    user.set_password(password)
    user.is_active = True
    user.activated_at = user.activated_at or timezone.now()
    user.save()
    if not member.has_account:
        member.has_account = True
        member.save(update_fields=["has_account"])
    return user


def api_token_create(*, user: User, name: str = "app", second_factor: bool = False) -> str:
    """A new bearer token; ``second_factor`` records that a TOTP code was given for it."""
    key = secrets.token_urlsafe(32)
    ApiToken.objects.create(
        user=user,
        name=clean(name)[:100] or "app",
        key_digest=hashlib.sha256(key.encode()).hexdigest(),
        second_factor=second_factor,
    )
    return key


def api_token_user(key: str) -> User | None:
    """The account of a valid token. A token issued without the second factor stops working
    once its account holds a committee role (a position can start on a later date, so this
    is checked at every use, not only when the role is given)."""
    digest = hashlib.sha256(key.encode()).hexdigest()
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_digest=digest, revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    if not token.second_factor and needs_second_factor(token.user):
        return None
    if not token.last_used_at or timezone.now() - token.last_used_at > dt.timedelta(minutes=5):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user


def api_tokens_revoke_without_second_factor(user: User) -> int:
    """Revoke the account's tokens issued without a second factor (it just gained a role
    that needs one); the app asks the member to sign in again with a code."""
    return ApiToken.objects.filter(user=user, second_factor=False, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
