"""Registration by party card and face: read the card, match the record, check the face and the
head turn, then activate — or hand it to the cell committee. Every step is audited; attempts are
limited per device, per network address and per card; images go once a decision is made.

What an applicant is told never depends on whether a card number exists: unless the card
number, name, dates, face and head turn all agree, the answer is the same "sent for review"."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from sotay.core import access
from sotay.core.choices import AuditAction
from sotay.core.errors import DomainError
from sotay.core.fields import blind_index
from sotay.core.models import AuditEntry
from sotay.core.text import clean, fold
from sotay.members.models import Member, User

from . import faces, ocr
from .models import Registration, Status, Turn

APPLICANT = "Người đăng ký (eKYC)"
TOO_MANY = (
    "Đã thử quá nhiều lần. Vì an toàn, hãy thử lại sau một giờ, hoặc nhờ bí thư chi bộ cấp mã "
    "kích hoạt."
)
REVIEW_MESSAGE = (
    "Chưa xác nhận được tự động. Hồ sơ đã được chuyển tới cấp ủy để xem xét; đồng chí xem kết "
    "quả tại trang này trên máy này."
)
_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def device_digest(token: str) -> str:
    return hashlib.sha256(f"ekyc-device:{token}".encode()).hexdigest()


def _audit(
    action: str, *, member: Member | None = None, actor: User | None = None, detail: str = "",
    ip: str | None = None,
) -> None:  # fmt: skip
    AuditEntry.objects.create(
        actor=actor,
        actor_name=str(actor) if actor else APPLICANT,
        action=action,
        member=member,
        detail=detail[:300],
        ip_address=ip,
    )


def _recent(hours: float) -> Any:
    since = timezone.now() - dt.timedelta(hours=hours)
    return Registration.objects.filter(created_at__gte=since)


def _check_reads(device: str, ip: str | None) -> None:
    recent = _recent(1)
    if recent.filter(device_digest=device).count() >= settings.EKYC_READS_PER_DEVICE_HOUR or (
        ip and recent.filter(ip_address=ip).count() >= settings.EKYC_READS_PER_IP_HOUR
    ):
        raise DomainError(TOO_MANY)


def _check_submits(device: str, ip: str | None, card: str) -> None:
    submitted = Registration.objects.filter(
        submitted_at__gte=timezone.now() - dt.timedelta(hours=1)
    )
    per_card = Registration.objects.filter(
        card_digest=card, submitted_at__gte=timezone.now() - dt.timedelta(days=1)
    )
    if (
        submitted.filter(device_digest=device).count() >= settings.EKYC_SUBMITS_PER_DEVICE_HOUR
        or (ip and submitted.filter(ip_address=ip).count() >= settings.EKYC_SUBMITS_PER_IP_HOUR)
        or per_card.count() >= settings.EKYC_SUBMITS_PER_CARD_DAY
    ):
        raise DomainError(TOO_MANY)


def card_read(*, image: bytes, device: str, ip: str | None = None) -> Registration:
    """Step 1: read the card in a photo. Nothing is kept when it cannot be read."""
    _check_reads(device, ip)
    reading = ocr.read_card(image)
    with transaction.atomic():
        registration = Registration(
            device_digest=device,
            ip_address=ip,
            fields_read=reading.values,
            fields=dict(reading.values),
            turn=secrets.choice([Turn.LEFT, Turn.RIGHT]),
        )
        registration.card_image.save("the.jpg", ContentFile(image), save=False)
        registration.save()
        _audit(AuditAction.EKYC_READ, detail=f"đăng ký {registration.public_id}", ip=ip)
        _purge_later(dt.timedelta(days=1, minutes=1))  # if it is abandoned
    return registration


def _purge_later(delay: dt.timedelta) -> None:
    from .tasks import purge_due

    when = timezone.now() + delay
    transaction.on_commit(lambda: purge_due.using(run_after=when).enqueue())


def problems(registration: Registration) -> dict[str, str]:
    """What looks wrong in the fields read, to show beside them."""
    out = {}
    for name, value in registration.fields.items():
        try:
            _valid(name, value)
        except DomainError as exc:
            out[name] = exc.message
    return out


def _valid(name: str, value: str) -> str:
    value = clean(value)
    if name == "full_name":
        words = value.split()
        if len(words) < 2 or any(not w.isalpha() for w in words):
            raise DomainError("Họ và tên chỉ gồm chữ, ít nhất hai từ.", field=name)
        return " ".join(words)  # as printed: capitals on some cards, as written on others
    if name in ("birth_date", "admitted_on"):
        m = _DATE.match(value)
        try:
            if not m:
                raise ValueError
            dt.date(int(m[3]), int(m[2]), int(m[1]))
        except ValueError:
            raise DomainError(
                "Ngày phải có dạng ngày/tháng/năm, ví dụ 05/09/1970.", field=name
            ) from None
        return f"{int(m[1]):02d}/{int(m[2]):02d}/{m[3]}"
    if name == "card_number":
        if not re.fullmatch(r"\d{6,12}", value):
            raise DomainError("Số thẻ đảng viên gồm 6–12 chữ số.", field=name)
        return value
    if name == "issued_by":
        return value[:200]
    raise DomainError("Trường không hợp lệ.")


def _date(text: str) -> dt.date:
    d, m, y = (int(x) for x in text.split("/"))
    return dt.date(y, m, d)


def same_name(a: str, b: str) -> bool:
    """Names agree when they are equal ignoring case, diacritics and spacing."""
    return fold(a).replace(" ", "") == fold(b).replace(" ", "")


def _selfie(data: bytes, what: str, field: str) -> faces.Face:
    try:
        return faces.one_face(ocr.load_image(data, what), what)
    except DomainError as exc:
        raise DomainError(exc.message, field=field) from exc


def registration_submit(
    *,
    registration: Registration,
    device: str,
    values: dict[str, str],
    selfie_front: bytes,
    selfie_turn: bytes,
    ip: str | None = None,
) -> Registration:
    """Step 2: the member's confirmed fields and two selfies. Bad input changes nothing."""
    if registration.device_digest != device or registration.status != Status.READ:
        raise DomainError("Phiên đăng ký này đã kết thúc; hãy bắt đầu lại.")
    fields = {name: _valid(name, values.get(name, "")) for name in registration.fields_read}
    card = blind_index(fields["card_number"])
    _check_submits(device, ip, card)
    front = _selfie(selfie_front, "Ảnh chân dung", "selfie_front")
    turned = _selfie(selfie_turn, "Ảnh quay đầu", "selfie_turn")

    member = (
        Member.objects.select_related("cell")
        .filter(party_card_number=fields["card_number"])
        .first()
    )
    reasons: list[str] = []
    name_ok = dates_ok = None
    face_card = face_record = None
    if member is None or not member.is_current:
        reasons.append("Không có đảng viên đang sinh hoạt mang số thẻ này.")
        member = None
    else:
        name_ok = same_name(fields["full_name"], member.full_name)
        dates_ok = member.birth_date == _date(fields["birth_date"]) and member.admitted_on == _date(
            fields["admitted_on"]
        )
        if not name_ok:
            reasons.append("Họ tên khác hồ sơ.")
        if not dates_ok:
            reasons.append("Ngày sinh hoặc ngày vào Đảng khác hồ sơ.")
    with registration.card_image.open("rb") as fh:
        card_picture = ocr.straighten(ocr.load_image(fh.read()))
    on_card = faces.card_face(card_picture)
    if on_card is not None:
        face_card = faces.distance(front, on_card)
    if member is not None and member.photo:
        try:
            with member.photo.open("rb") as fh:
                on_record = faces.card_face(ocr.load_image(fh.read()))
        except (OSError, DomainError):
            on_record = None
        if on_record is not None:
            face_record = faces.distance(front, on_record)
    for label, d in (("ảnh trên thẻ", face_card), ("ảnh hồ sơ", face_record)):
        verdict = faces.verdict(d)
        if d is None and label == "ảnh trên thẻ":
            reasons.append("Không thấy khuôn mặt trên ảnh thẻ.")
        elif d is not None and verdict != "match":
            reasons.append(
                f"Khuôn mặt {'khác' if verdict == 'different' else 'chưa chắc giống'} {label}"
                f" (khoảng cách {d:.2f})."
            )
    same = faces.distance(front, turned)
    head_turn = turned.yaw - front.yaw
    live = same < faces.MATCH_BELOW and faces.turned(front, turned, registration.turn)
    if not live:
        reasons.append("Hai ảnh chân dung không cho thấy cùng một người quay đầu theo yêu cầu.")

    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status != Status.READ:
            raise DomainError("Phiên đăng ký này đã kết thúc; hãy bắt đầu lại.")
        registration.fields = fields
        registration.corrected = [
            n for n in fields if fields[n] != registration.fields_read.get(n, "")
        ]
        registration.card_digest = card
        registration.submitted_at = timezone.now()
        registration.member = member
        registration.unit = member.cell if member else _top_unit()
        registration.name_ok, registration.dates_ok = name_ok, dates_ok
        registration.face_card, registration.face_record = face_card, face_record
        registration.face_same, registration.head_turn = same, head_turn
        registration.liveness_ok = live
        registration.reasons = reasons
        registration.status = Status.REVIEW if reasons else Status.MATCHED
        if reasons:  # evidence for the committee
            registration.selfie_front.save("chan-dung.jpg", ContentFile(selfie_front), save=False)
            registration.selfie_turn.save("quay-dau.jpg", ContentFile(selfie_turn), save=False)
        registration.save()
        _audit(
            AuditAction.EKYC_SUBMIT,
            member=member,
            detail=f"đăng ký {registration.public_id}: {registration.get_status_display()}"
            + (f" — {' '.join(reasons)}" if reasons else ""),
            ip=ip,
        )
        if registration.status == Status.REVIEW and registration.unit is not None:
            _tell_committee(registration)
    return registration


def _top_unit() -> Any:
    """Where registrations with an unknown card number are reviewed: the top organisation."""
    from sotay.orgs.models import Organization

    return Organization.objects.filter(depth=1).order_by("path").first()


def _tell_committee(registration: Registration) -> None:
    from sotay.notices.choices import NotificationKind
    from sotay.notices.services import notify

    assert registration.unit is not None
    members = access.holders(registration.unit, access.Capability.ACCOUNTS_ISSUE_CODE)
    if members:
        notify(
            members=members,
            kind=NotificationKind.ACCOUNT,
            title="Có đăng ký tài khoản bằng thẻ đảng cần xem xét",
            body=f"{registration.fields.get('full_name', '')}: {' '.join(registration.reasons)}",
            url=f"/quan-ly/dang-ky/{registration.public_id}/",
        )


def _delete_images(registration: Registration, actor: User | None = None) -> None:
    """Remove card and selfie images once decided (with SOTAY_EKYC_RETENTION_DAYS = 0; else the
    purge task removes them that many days later)."""
    if registration.images_deleted_at:
        return
    if settings.EKYC_RETENTION_DAYS > 0:
        _purge_later(dt.timedelta(days=settings.EKYC_RETENTION_DAYS, minutes=1))
        return
    _drop_files(registration)
    _audit(AuditAction.EKYC_DELETE, member=registration.member, actor=actor,
           detail=f"đăng ký {registration.public_id}")  # fmt: skip


def _drop_files(registration: Registration) -> None:
    """Forget the images in the row now; remove the files once that is committed (a rolled-back
    decision keeps its evidence)."""
    files = [
        (f.storage, f.name)
        for f in (registration.card_image, registration.selfie_front, registration.selfie_turn)
        if f and f.name
    ]
    registration.card_image = registration.selfie_front = registration.selfie_turn = ""  # type: ignore[assignment]
    registration.images_deleted_at = timezone.now()
    registration.save(
        update_fields=["card_image", "selfie_front", "selfie_turn", "images_deleted_at"]
    )

    def remove() -> None:
        for storage, name in files:
            storage.delete(name)

    transaction.on_commit(remove)


@transaction.atomic
def password_set(
    *, registration: Registration, device: str, password: str, ip: str | None = None
) -> User:
    """A matched (or approved) member sets their password: the account is active."""
    from sotay.members.accounts import member_account_activate

    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if (
        registration.device_digest != device
        or registration.status not in (Status.MATCHED, Status.APPROVED)
        or registration.member is None
        or not registration.member.is_current
    ):
        raise DomainError("Phiên đăng ký này không còn hiệu lực; hãy bắt đầu lại.")
    user = member_account_activate(member=registration.member, password=password)
    registration.status = Status.ACTIVATED
    registration.save(update_fields=["status", "updated_at"])
    _audit(AuditAction.EKYC_ACTIVATE, member=registration.member,
           detail=f"đăng ký {registration.public_id}", ip=ip)  # fmt: skip
    _delete_images(registration)
    return user


@transaction.atomic
def registration_decide(
    *, registration: Registration, actor: User, approve: bool, note: str = "",
    ip: str | None = None,
) -> Registration:  # fmt: skip
    """The committee approves (the member may then set a password) or rejects with a reason."""
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    access.require(actor, access.Capability.ACCOUNTS_ISSUE_CODE, registration.unit)
    note = clean(note)[:500]
    if registration.status != Status.REVIEW:
        raise DomainError("Đăng ký này đã được xử lý.")
    if approve and registration.member is None:
        raise DomainError(
            "Không có hồ sơ đảng viên nào mang số thẻ này; chỉ có thể từ chối (hoặc sửa hồ sơ "
            "trước rồi đề nghị đăng ký lại)."
        )
    if not approve and not note:
        raise DomainError("Hãy ghi lý do không duyệt để đảng viên biết.", field="note")
    registration.status = Status.APPROVED if approve else Status.REJECTED
    registration.decided_by, registration.decided_at = actor, timezone.now()
    registration.decision_note = note
    registration.save()
    _audit(
        AuditAction.EKYC_DECIDE,
        member=registration.member,
        actor=actor,
        detail=f"đăng ký {registration.public_id}: {'duyệt' if approve else 'không duyệt'}"
        + (f" — {note}" if note else ""),
        ip=ip,
    )
    _delete_images(registration, actor)
    return registration


def purge(now: dt.datetime | None = None) -> int:
    """Images of decided registrations past the retention period, and abandoned card reads
    (never submitted within a day): deleted. Returns how many registrations were touched."""
    now = now or timezone.now()
    done = 0
    cutoff = now - dt.timedelta(days=settings.EKYC_RETENTION_DAYS)
    decided = Registration.objects.filter(
        status__in=[Status.APPROVED, Status.REJECTED, Status.ACTIVATED, Status.MATCHED],
        images_deleted_at__isnull=True,
        updated_at__lte=cutoff,
    )
    for registration in decided:
        _drop_files(registration)
        done += 1
    stale = Registration.objects.filter(
        status=Status.READ, created_at__lte=now - dt.timedelta(days=1)
    )
    for registration in stale:
        _drop_files(registration)
        registration.delete()
        done += 1
    return done
