"""Who may see which registrations (the one door for eKYC): the applicant's own device for its
registration; committees that issue activation codes, for registrations in their units."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from sotay.core import access

from .models import Registration, Status


def own_registration(device: str, public_id: Any) -> Registration:
    found = Registration.objects.filter(public_id=public_id, device_digest=device).first()
    if found is None:
        raise Http404("Không tìm thấy phiên đăng ký trên máy này.")
    return found


def reviewable(user: Any) -> Any:
    return Registration.objects.select_related("member", "unit").filter(
        access.scope_q(user, access.Capability.ACCOUNTS_ISSUE_CODE, "unit__path")
    )


def review_queue(user: Any) -> Any:
    return reviewable(user).filter(status=Status.REVIEW).order_by("submitted_at")


def access_review(user: Any, public_id: Any) -> Registration:
    found = reviewable(user).filter(public_id=public_id).exclude(status=Status.READ).first()
    if found is None:
        raise Http404
    return found
