"""Rules a member record must satisfy, shared by forms, services and imports."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from sotay.core.text import normalize_phone

from .choices import Gender, MemberStatus, TheoryLevel

CARD_NUMBER = re.compile(r"^\d{6,12}$")
CITIZEN_ID = re.compile(r"^\d{12}$")

# Fields a committee edits directly; the member may ask to correct the same ones.
RECORD_FIELDS: dict[str, str] = {
    "full_name": "Họ và tên",
    "other_name": "Tên gọi khác",
    "gender": "Giới tính",
    "birth_date": "Ngày sinh",
    "birth_place": "Nơi sinh",
    "hometown": "Quê quán",
    "ethnicity": "Dân tộc",
    "religion": "Tôn giáo",
    "citizen_id": "Số CCCD",
    "party_card_number": "Số thẻ đảng viên",
    "admitted_on": "Ngày vào Đảng",
    "full_member_on": "Ngày chính thức",
    "education": "Trình độ học vấn",
    "theory_level": "Lý luận chính trị",
    "profession": "Nghề nghiệp",
    "workplace": "Nơi làm việc",
    "phone": "Số điện thoại",
    "email": "Email",
}
DATE_FIELDS = {"birth_date", "admitted_on", "full_member_on"}
CORRECTABLE_FIELDS = [f for f in RECORD_FIELDS if f != "party_card_number"]


def as_json(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def history_value(field: str, value: Any) -> Any:
    """A value as history keeps it: the citizen ID only by its last three digits."""
    if field == "citizen_id" and value:
        return "••••" + str(value)[-3:]
    return as_json(value)


def record_errors(values: dict[str, Any], today: dt.date) -> list[tuple[str, str]]:
    """(field, Vietnamese message) for every rule ``values`` break; [] when valid.

    ``values`` holds already-parsed Python values (dates as ``date``, text cleaned).
    """
    errors: list[tuple[str, str]] = []
    if "full_name" in values and len(values["full_name"]) < 2:
        errors.append(("full_name", "Họ và tên không được để trống."))
    if values.get("gender") not in (None, "", *Gender.values):
        errors.append(("gender", "Giới tính phải là Nam hoặc Nữ."))
    if values.get("theory_level") not in (None, *TheoryLevel.values):
        errors.append(("theory_level", "Trình độ lý luận không hợp lệ."))
    card = values.get("party_card_number")
    if card and not CARD_NUMBER.match(card):
        errors.append(("party_card_number", "Số thẻ đảng viên gồm 6–12 chữ số."))
    cid = values.get("citizen_id")
    if cid and not CITIZEN_ID.match(cid):
        errors.append(("citizen_id", "Số CCCD gồm đúng 12 chữ số."))
    phone = values.get("phone")
    if phone and not normalize_phone(phone):
        errors.append(("phone", "Số điện thoại không hợp lệ (ví dụ 0912345678 hoặc +84912345678)."))
    email = values.get("email")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors.append(("email", "Địa chỉ email không hợp lệ."))
    birth, admitted, full = (values.get(f) for f in ("birth_date", "admitted_on", "full_member_on"))
    for name in DATE_FIELDS:
        day = values.get(name)
        if day and day > today:
            errors.append((name, f"{RECORD_FIELDS[name]} không được sau ngày hôm nay."))
    if birth and admitted and (admitted.year - birth.year) < 18:
        errors.append(("admitted_on", "Ngày vào Đảng phải từ khi đủ 18 tuổi."))
    if admitted and full and full < admitted:
        errors.append(("full_member_on", "Ngày chính thức không được trước ngày vào Đảng."))
    status = values.get("status")
    if (
        status == MemberStatus.FULL
        and admitted
        and not full
        and admitted > today - dt.timedelta(days=365)
    ):
        errors.append(("status", "Đảng viên vào Đảng chưa đủ 12 tháng không thể là chính thức."))
    return errors
