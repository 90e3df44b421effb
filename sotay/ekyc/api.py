"""API: registration by party card and face, for the mobile app. Public (the applicant has no
account yet); the app sends a random device id it keeps (header ``X-Thiet-Bi``, at least 20
characters), which binds the registration to the phone and counts toward the attempt limits —
the same services and the same answers as the web pages."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import File, Form, Router, Schema
from ninja.files import UploadedFile

from sotay.core.errors import DomainError
from sotay.core.views_helpers import client_ip

from . import services
from .access import own_registration
from .models import Status

router = Router(tags=["đăng ký bằng thẻ đảng (eKYC)"])
MAX_UPLOAD = 10 * 1024 * 1024


class RegistrationOut(Schema):
    id: str
    status: str
    fields: dict[str, str]
    problems: dict[str, str]
    turn: str
    message: str


class ConfirmIn(Schema):
    full_name: str
    birth_date: str
    admitted_on: str
    card_number: str
    issued_by: str = ""


class PasswordIn(Schema):
    password: str


def _device(request: HttpRequest) -> str:
    token = request.headers.get("X-Thiet-Bi", "")
    if len(token) < 20:
        raise DomainError("Thiếu mã thiết bị (X-Thiet-Bi, ít nhất 20 ký tự).")
    return services.device_digest(token)


def _bytes(upload: UploadedFile, field: str) -> bytes:
    if upload.size is not None and upload.size > MAX_UPLOAD:
        raise DomainError("Ảnh quá lớn (tối đa 10 MB).", field=field)
    return bytes(upload.read())


def _out(registration: Any) -> dict[str, Any]:
    message = {
        Status.READ: "Kiểm tra thông tin, rồi gửi hai ảnh chân dung.",
        Status.MATCHED: "Khớp hồ sơ: hãy đặt mật khẩu.",
        Status.REVIEW: services.REVIEW_MESSAGE,
        Status.APPROVED: "Cấp ủy đã duyệt: hãy đặt mật khẩu.",
        Status.REJECTED: f"Cấp ủy chưa duyệt: {registration.decision_note}",
        Status.ACTIVATED: "Tài khoản đã được kích hoạt.",
    }[registration.status]
    return {
        "id": str(registration.public_id),
        "status": registration.status,
        "fields": registration.fields,
        "problems": services.problems(registration) if registration.status == Status.READ else {},
        "turn": registration.turn,
        "message": message,
    }


@router.post("/ekyc/card", auth=None, response=RegistrationOut, summary="Đọc ảnh thẻ đảng viên")
def ekyc_card(request: HttpRequest, card: UploadedFile = File(...)) -> Any:  # noqa: B008
    registration = services.card_read(
        image=_bytes(card, "card"), device=_device(request), ip=client_ip(request)
    )
    return _out(registration)


@router.get("/ekyc/{public_id}", auth=None, response=RegistrationOut, summary="Trạng thái")
def ekyc_status(request: HttpRequest, public_id: str) -> Any:
    return _out(own_registration(_device(request), public_id))


@router.post(
    "/ekyc/{public_id}/submit", auth=None, response=RegistrationOut, summary="Gửi đối chiếu"
)
def ekyc_submit(
    request: HttpRequest,
    public_id: str,
    data: Form[ConfirmIn],
    selfie_front: UploadedFile = File(...),  # noqa: B008
    selfie_turn: UploadedFile = File(...),  # noqa: B008
) -> Any:
    device = _device(request)
    registration = services.registration_submit(
        registration=own_registration(device, public_id),
        device=device,
        values=data.dict(),
        selfie_front=_bytes(selfie_front, "selfie_front"),
        selfie_turn=_bytes(selfie_turn, "selfie_turn"),
        ip=client_ip(request),
    )
    return _out(registration)


@router.post("/ekyc/{public_id}/password", auth=None, response=dict, summary="Đặt mật khẩu")
def ekyc_password(request: HttpRequest, public_id: str, payload: PasswordIn) -> Any:
    device = _device(request)
    user = services.password_set(
        registration=own_registration(device, public_id),
        device=device,
        password=payload.password,
        ip=client_ip(request),
    )
    return {"activated": True, "username": user.username}
