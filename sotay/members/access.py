"""Who may open, list and change member records — built on ``sotay.core.access``."""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from sotay.core.access import Capability, can, scope_q

from .models import CorrectionRequest, ImportJob, Member, Transfer, TransferRequest

# What each action on a member record needs over the member's cell.
MEMBER_ACTIONS: dict[str, Capability] = {
    "view": Capability.MEMBERS_VIEW,
    "edit": Capability.MEMBERS_EDIT,
    "issue_code": Capability.ACCOUNTS_ISSUE_CODE,
    "transfer": Capability.TRANSFERS,
    "manage_positions": Capability.POSITIONS_MANAGE,
}


def member_scope_q(user: Any, *, write: bool) -> Q:
    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    if write:
        return scope_q(user, Capability.MEMBERS_EDIT, "cell_path")
    q = scope_q(user, Capability.MEMBERS_VIEW, "cell_path") | scope_q(
        user, Capability.MEMBERS_VIEW, "temporary_cell__path"
    )
    if user.member_id:
        q |= Q(pk=user.member_id)
    return q


def _parse_uuid(value: Any) -> uuid.UUID:
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except ValueError as exc:
        raise Http404 from exc


def can_on_member(user: Any, member: Member, action: str) -> bool:
    capability = MEMBER_ACTIONS[action]
    if action == "view" and member.pk == getattr(user, "member_id", None):
        return True
    if can(user, capability, member.cell):
        return True
    return action == "view" and can(user, capability, member.temporary_cell)


def access_member(user: Any, public_id: Any, action: str = "view") -> Member:
    """The member record if ``user`` may do ``action`` on it; 404 if not visible, else 403."""
    member = (
        Member.objects.select_related("cell", "temporary_cell")
        .filter(public_id=_parse_uuid(public_id))
        .first()
    )
    if member is None or not can_on_member(user, member, "view"):
        raise Http404("Không tìm thấy đảng viên.")
    if action != "view" and not can_on_member(user, member, action):
        raise PermissionDenied("Bạn không có quyền thực hiện thao tác này với hồ sơ này.")
    return member


def access_correction(user: Any, public_id: Any, action: str = "view") -> CorrectionRequest:
    request = (
        CorrectionRequest.objects.select_related("member__cell")
        .filter(public_id=_parse_uuid(public_id))
        .first()
    )
    if request is None:
        raise Http404
    is_own = request.member_id == getattr(user, "member_id", None)
    may_decide = can(user, Capability.CORRECTIONS_DECIDE, request.member.cell)
    if action == "view" and (is_own or may_decide):
        return request
    if action == "decide" and may_decide:
        return request
    if is_own:
        raise PermissionDenied("Bạn không thể tự duyệt yêu cầu của mình.")
    raise Http404


def corrections_decidable_by(user: Any) -> Any:
    return CorrectionRequest.objects.filter(
        scope_q(user, Capability.CORRECTIONS_DECIDE, "member__cell_path")
    )


def transfer_requests_decidable_by(user: Any) -> Any:
    """Members' own transfer requests that the user's committee decides (the member's cell)."""
    return TransferRequest.objects.filter(scope_q(user, Capability.TRANSFERS, "member__cell_path"))


def access_transfer_request(user: Any, public_id: Any) -> TransferRequest:
    asked = (
        transfer_requests_decidable_by(user)
        .select_related("member")
        .filter(public_id=_parse_uuid(public_id))
        .first()
    )
    if asked is None:
        raise Http404
    return asked


def transfers_visible_to(user: Any) -> Any:
    return Transfer.objects.filter(
        scope_q(user, Capability.TRANSFERS, "from_cell__path")
        | scope_q(user, Capability.TRANSFERS, "to_cell__path")
    )


def access_transfer(user: Any, public_id: Any, action: str) -> Transfer:
    """``action`` is "view", "receive" (receiving committee) or "cancel" (sending committee)."""
    transfer = (
        Transfer.objects.select_related("member", "from_cell", "to_cell")
        .filter(public_id=_parse_uuid(public_id))
        .first()
    )
    if transfer is None:
        raise Http404
    sender = can(user, Capability.TRANSFERS, transfer.from_cell)
    receiver = can(user, Capability.TRANSFERS, transfer.to_cell)
    if not (sender or receiver):
        raise Http404
    if (action == "receive" and not receiver) or (action == "cancel" and not sender):
        raise PermissionDenied("Thao tác này thuộc về cấp ủy nơi khác.")
    return transfer


def import_jobs_visible_to(user: Any) -> Any:
    return ImportJob.objects.filter(scope_q(user, Capability.MEMBERS_IMPORT, "org__path"))


def access_import(user: Any, public_id: Any) -> ImportJob:
    job = import_jobs_visible_to(user).filter(public_id=_parse_uuid(public_id)).first()
    if job is None:
        raise Http404
    return job
