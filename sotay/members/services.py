"""Writes on member records: create, edit with history, status, transfers, corrections, audit."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from sotay.core.choices import AuditAction
from sotay.core.errors import DomainError
from sotay.core.models import AuditEntry
from sotay.core.text import clean, normalize_phone
from sotay.orgs.models import Organization

from .choices import (
    HistorySource,
    MemberStatus,
    RequestStatus,
    TransferKind,
    TransferStatus,
)
from .models import (
    CellMembership,
    CorrectionRequest,
    Member,
    MemberHistory,
    Transfer,
    TransferRequest,
    User,
)
from .rules import CORRECTABLE_FIELDS, RECORD_FIELDS, as_json, history_value, record_errors


def _normalise(values: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in values.items():
        if key not in RECORD_FIELDS and key != "status":
            raise DomainError(f"Trường “{key}” không được phép cập nhật.")
        if isinstance(value, str):
            value = clean(value)
        if key == "phone" and value:
            value = normalize_phone(value) or value
        if key == "party_card_number" and value == "":
            value = None
        out[key] = value
    return out


def _check(member: Member | None, values: dict[str, Any]) -> None:
    merged = {f: getattr(member, f) for f in RECORD_FIELDS} if member else {}
    merged.update(values)
    errors = record_errors(merged, timezone.localdate())
    if errors:
        field, message = errors[0]
        raise DomainError(message, field=field)
    card = values.get("party_card_number")
    if (
        card
        and Member.objects.filter(party_card_number=card)
        .exclude(pk=member.pk if member else 0)
        .exists()
    ):
        raise DomainError(f"Số thẻ {card} đã thuộc một đảng viên khác.", field="party_card_number")


@transaction.atomic
def member_create(
    *,
    cell: Organization,
    actor: User | None,
    values: dict[str, Any],
    status: str = MemberStatus.PROBATIONARY,
    source: str = HistorySource.CREATED,
) -> Member:
    if not cell.is_cell:
        raise DomainError("Đảng viên phải thuộc một chi bộ.", field="cell")
    values = _normalise(values)
    if not values.get("full_name"):
        raise DomainError("Họ và tên không được để trống.", field="full_name")
    _check(None, {**values, "status": status})
    member = Member(cell=cell, status=status, status_since=timezone.localdate(), **values)
    member.save()
    CellMembership.objects.create(
        member=member,
        org=cell,
        org_name=cell.name,
        started_on=values.get("admitted_on") or timezone.localdate(),
        reason="Tạo hồ sơ",
    )
    MemberHistory.objects.create(
        member=member,
        source=source,
        actor=actor,
        changes={k: [None, history_value(k, v)] for k, v in values.items() if v not in (None, "")},
    )
    return member


@transaction.atomic
def member_update(
    *,
    member: Member,
    actor: User | None,
    values: dict[str, Any],
    source: str = HistorySource.EDIT,
    note: str = "",
) -> dict[str, list[Any]]:
    """Apply changed fields and record them in history; returns {field: [old, new]}."""
    values = _normalise(values)
    changes = {f: [getattr(member, f), v] for f, v in values.items() if getattr(member, f) != v}
    if not changes:
        return {}
    _check(member, {f: v for f, (_, v) in changes.items()})
    for f, (_, new) in changes.items():
        setattr(member, f, new)
    member.save(update_fields=[*changes, "updated_at"])
    recorded = {
        f: [history_value(f, old), history_value(f, new)] for f, (old, new) in changes.items()
    }
    MemberHistory.objects.create(
        member=member, source=source, actor=actor, changes=recorded, note=clean(note)
    )
    return recorded


ALLOWED_STATUS_CHANGES: dict[str, set[str]] = {
    MemberStatus.PROBATIONARY: {MemberStatus.FULL, MemberStatus.REMOVED, MemberStatus.DECEASED},
    MemberStatus.FULL: {MemberStatus.EXEMPT, MemberStatus.REMOVED, MemberStatus.DECEASED},
    MemberStatus.EXEMPT: {MemberStatus.FULL, MemberStatus.REMOVED, MemberStatus.DECEASED},
    MemberStatus.TRANSFERRED_OUT: set(),
    MemberStatus.DECEASED: set(),
    MemberStatus.REMOVED: set(),
}


@transaction.atomic
def member_set_status(
    *,
    member: Member,
    status: str,
    actor: User | None,
    effective_on: dt.date | None = None,
    note: str = "",
) -> Member:
    day = effective_on or timezone.localdate()
    if status == member.status:
        raise DomainError("Đảng viên đã ở trạng thái này.")
    if status not in ALLOWED_STATUS_CHANGES.get(member.status, set()):
        raise DomainError(
            f"Không thể chuyển từ “{member.get_status_display()}” sang "
            f"“{MemberStatus(status).label}”."
        )
    if day > timezone.localdate():
        raise DomainError("Ngày hiệu lực không được sau ngày hôm nay.")
    fields = ["status", "status_since", "updated_at"]
    changes: dict[str, list[Any]] = {"status": [member.status, status]}
    if member.status == MemberStatus.PROBATIONARY and status == MemberStatus.FULL:
        ends = member.probation_ends_on
        if ends and day < ends:
            raise DomainError(
                f"Chưa hết 12 tháng dự bị (đến {ends:%d/%m/%Y}) theo Điều 5 Điều lệ Đảng."
            )
        changes["full_member_on"] = [None, day.isoformat()]
        member.full_member_on = day
        fields.append("full_member_on")
    member.status, member.status_since = status, day
    member.save(update_fields=fields)
    MemberHistory.objects.create(
        member=member, source=HistorySource.STATUS, actor=actor, changes=changes, note=clean(note)
    )
    if status in (MemberStatus.REMOVED, MemberStatus.DECEASED):
        User.objects.filter(member=member).update(is_active=False)
        roles_end_outside(member=member, cell=None, day=day)
    return member


def _tell_member(member: Member, title: str, body: str, url: str) -> None:
    """Put a note in the member's inbox (and on their channels) about a change to their record."""
    from sotay.notices.choices import NotificationKind
    from sotay.notices.services import notify

    notify(members=[member.pk], kind=NotificationKind.ACCOUNT, title=title, body=body, url=url)


def roles_end_outside(*, member: Member, cell: Organization | None, day: dt.date) -> int:
    """End the member's positions and staff roles at units that no longer contain their cell
    (all of them when ``cell`` is None): rights must not outlive the membership behind them."""
    from sotay.core import access
    from sotay.orgs.models import Position, StaffRole

    ended = 0
    for model in (Position, StaffRole):
        for role in model.objects.filter(member=member, ended_on__isnull=True).select_related(
            "org"
        ):
            if cell is None or not cell.path.startswith(role.org.path):
                role.ended_on = day
                role.save(update_fields=["ended_on", "updated_at"])
                ended += 1
    user = User.objects.filter(member=member).first()
    if user is not None:
        access.forget(user)
    return ended


def _move(member: Member, to_cell: Organization, day: dt.date, reason: str) -> None:
    CellMembership.objects.filter(member=member, ended_on__isnull=True).update(ended_on=day)
    CellMembership.objects.create(
        member=member, org=to_cell, org_name=to_cell.name, started_on=day, reason=reason
    )


@transaction.atomic
def members_move_cell(
    *,
    from_cell: Organization,
    to_cell: Organization,
    day: dt.date,
    actor: User | None,
    reason: str,
) -> int:
    """Move every member of one unit to another (restructuring), keeping their trail."""
    moved = 0
    for member in Member.objects.filter(cell=from_cell).select_for_update():
        _move(member, to_cell, day, reason)
        MemberHistory.objects.create(
            member=member,
            source=HistorySource.RESTRUCTURE,
            actor=actor,
            note=reason,
            changes={"cell": [from_cell.name, to_cell.name]},
        )
        moved += 1
    Member.objects.filter(cell=from_cell).update(  # a tổ đảng belongs to its cell
        cell=to_cell, cell_path=to_cell.path, party_group=None, updated_at=timezone.now()
    )
    Member.objects.filter(temporary_cell=from_cell).update(temporary_cell=to_cell)
    return moved


@transaction.atomic
def transfer_send(
    *,
    member: Member,
    to_cell: Organization,
    kind: str,
    reason: str,
    actor: User,
    until: dt.date | None = None,
) -> Transfer:
    """The sending committee issues a transfer; the member moves only when it is received."""
    reason = clean(reason)
    if not member.is_current:
        raise DomainError("Chỉ chuyển sinh hoạt cho đảng viên đang sinh hoạt.")
    if not to_cell.is_cell or to_cell.status != "active":
        raise DomainError("Nơi nhận phải là một chi bộ đang hoạt động.", field="to_cell")
    if to_cell.pk == member.cell_id:
        raise DomainError("Nơi nhận trùng với chi bộ hiện tại.", field="to_cell")
    if not reason:
        raise DomainError("Hãy ghi lý do chuyển sinh hoạt.", field="reason")
    if kind == TransferKind.TEMPORARY and (not until or until <= timezone.localdate()):
        raise DomainError("Chuyển tạm thời cần ngày kết thúc trong tương lai.", field="until")
    if Transfer.objects.filter(member=member, status=TransferStatus.SENT).exists():
        raise DomainError("Đảng viên đang có một giấy chuyển chờ tiếp nhận.")
    return Transfer.objects.create(
        member=member,
        kind=kind,
        from_cell=member.cell,
        to_cell=to_cell,
        reason=reason,
        until=until if kind == TransferKind.TEMPORARY else None,
        sent_by=actor,
    )


def _decide(transfer: Transfer, status: str, actor: User, note: str) -> None:
    if transfer.status != TransferStatus.SENT:
        raise DomainError("Giấy chuyển này đã được xử lý.")
    transfer.status, transfer.decided_by, transfer.decided_at = status, actor, timezone.now()
    transfer.decision_note = clean(note)
    transfer.save(
        update_fields=["status", "decided_by", "decided_at", "decision_note", "updated_at"]
    )


@transaction.atomic
def transfer_accept(*, transfer: Transfer, actor: User, note: str = "") -> Transfer:
    transfer = Transfer.objects.select_for_update().get(pk=transfer.pk)
    _decide(transfer, TransferStatus.ACCEPTED, actor, note)
    member = Member.objects.select_for_update().get(pk=transfer.member_id)
    day = timezone.localdate()
    if transfer.kind == TransferKind.OFFICIAL:
        _move(member, transfer.to_cell, day, transfer.reason)
        old = member.cell.name
        member.cell, member.temporary_cell = transfer.to_cell, None
        member.party_group = None  # a tổ đảng belongs to the cell left
        member.save(update_fields=["cell", "temporary_cell", "party_group", "updated_at"])
        roles_end_outside(member=member, cell=transfer.to_cell, day=day)
        changes: dict[str, list[Any]] = {"cell": [old, transfer.to_cell.name]}
    else:
        member.temporary_cell = transfer.to_cell
        member.save(update_fields=["temporary_cell", "updated_at"])
        changes = {"temporary_cell": [None, transfer.to_cell.name]}
        _end_when_due(transfer)
    _tell_member(
        member,
        f"{transfer.to_cell.name} đã tiếp nhận bạn ({transfer.get_kind_display().lower()})",
        "Từ nay bạn sinh hoạt tại chi bộ mới; xem mục “Chi bộ của tôi”.",
        "/chi-bo/",
    )
    MemberHistory.objects.create(
        member=member,
        source=HistorySource.TRANSFER,
        actor=actor,
        changes=changes,
        note=transfer.reason,
    )
    return transfer


def _end_when_due(transfer: Transfer) -> None:
    """Queue the end of a temporary transfer for the morning after its last day."""
    from .tasks import temporary_transfer_end

    assert transfer.until is not None
    morning = dt.datetime.combine(transfer.until + dt.timedelta(days=1), dt.time(0, 5))
    when = timezone.make_aware(morning)
    transaction.on_commit(lambda: temporary_transfer_end.using(run_after=when).enqueue(transfer.pk))


@transaction.atomic
def temporary_transfer_end(*, transfer_id: int, today: dt.date | None = None) -> bool:
    """A temporary transfer whose last day (``until``) has passed ends: the member is back in
    their own cell only, the transfer is marked returned, the member is told. Anything else
    (not accepted, already ended, its day not yet passed) changes nothing."""
    today = today or timezone.localdate()
    transfer = (
        Transfer.objects.select_for_update()
        .select_related("to_cell", "from_cell")
        .filter(pk=transfer_id, kind=TransferKind.TEMPORARY, status=TransferStatus.ACCEPTED)
        .first()
    )
    if transfer is None or transfer.until is None or transfer.until >= today:
        return False
    transfer.status = TransferStatus.RETURNED
    transfer.save(update_fields=["status", "updated_at"])
    member = Member.objects.select_for_update().get(pk=transfer.member_id)
    if member.temporary_cell_id == transfer.to_cell_id:
        member.temporary_cell = None
        member.save(update_fields=["temporary_cell", "updated_at"])
    MemberHistory.objects.create(
        member=member,
        source=HistorySource.TRANSFER,
        actor=None,
        changes={"temporary_cell": [transfer.to_cell.name, None]},
        note=f"Hết thời hạn sinh hoạt tạm thời ({transfer.until:%d/%m/%Y})",
    )
    _tell_member(
        member,
        f"Đã hết thời hạn sinh hoạt tạm thời tại {transfer.to_cell.name}",
        f"Từ nay bạn sinh hoạt tại {transfer.from_cell.name} như trước.",
        "/chi-bo/",
    )
    return True


@transaction.atomic
def transfer_reject(*, transfer: Transfer, actor: User, note: str) -> Transfer:
    if not clean(note):
        raise DomainError("Hãy ghi lý do từ chối.", field="note")
    _decide(transfer, TransferStatus.REJECTED, actor, note)
    return transfer


@transaction.atomic
def transfer_cancel(*, transfer: Transfer, actor: User) -> Transfer:
    _decide(transfer, TransferStatus.CANCELLED, actor, "")
    return transfer


def _tell_committee(cell: Organization, title: str, url: str) -> None:
    """Tell those who handle transfers for this cell (its own committee, else the nearest
    unit above that has one)."""
    from sotay.core import access
    from sotay.notices.choices import NotificationKind
    from sotay.notices.services import notify
    from sotay.orgs.models import Organization as Org

    for path in reversed(access.ancestor_paths(cell.path)):
        unit = Org.objects.filter(path=path).first()
        holders = access.holders(unit, access.Capability.TRANSFERS) if unit else []
        if holders:
            notify(members=holders, kind=NotificationKind.ACCOUNT, title=title, url=url)
            return


@transaction.atomic
def transfer_request_create(
    *,
    member: Member,
    actor: User,
    to_cell_code: str,
    kind: str,
    reason: str,
    until: dt.date | None = None,
) -> TransferRequest:
    """The member's own request; nothing moves until the committee issues the transfer."""
    from sotay.orgs.selectors import active_cell_by_code

    if actor.member_id != member.pk:
        raise DomainError("Chỉ đảng viên tự đề nghị chuyển sinh hoạt của mình.")
    if not member.is_current or member.cell is None:
        raise DomainError("Chỉ đảng viên đang sinh hoạt mới đề nghị chuyển sinh hoạt.")
    if kind not in TransferKind.values:
        raise DomainError("Hãy chọn chuyển chính thức hay tạm thời.", field="kind")
    to_cell = active_cell_by_code(to_cell_code or "")
    if to_cell is None:
        raise DomainError(
            "Không tìm thấy chi bộ có mã này; hỏi cấp ủy nơi đến mã chi bộ.", field="to_cell_code"
        )
    if to_cell.pk == member.cell_id:
        raise DomainError("Nơi đến trùng với chi bộ hiện tại.", field="to_cell_code")
    reason = clean(reason)
    if not reason:
        raise DomainError("Hãy ghi lý do chuyển sinh hoạt.", field="reason")
    if kind == TransferKind.TEMPORARY and (not until or until <= timezone.localdate()):
        raise DomainError("Chuyển tạm thời cần ngày kết thúc trong tương lai.", field="until")
    if member.transfer_requests.filter(status=RequestStatus.PENDING).exists():
        raise DomainError("Đồng chí đã có một đề nghị đang chờ cấp ủy xem xét.")
    if Transfer.objects.filter(member=member, status=TransferStatus.SENT).exists():
        raise DomainError("Đồng chí đang có một giấy chuyển chờ nơi đến tiếp nhận.")
    request = TransferRequest.objects.create(
        member=member,
        kind=kind,
        to_cell=to_cell,
        until=until if kind == TransferKind.TEMPORARY else None,
        reason=reason,
    )
    _tell_committee(
        member.cell,
        f"{member.full_name} đề nghị chuyển sinh hoạt đến {to_cell.name}",
        "/quan-ly/chuyen-sinh-hoat/",
    )
    return request


@transaction.atomic
def transfer_request_decide(
    *, request: TransferRequest, actor: User, approve: bool, note: str = ""
) -> TransferRequest:
    """The cell's committee issues the transfer the member asked for, or declines it."""
    from sotay.core.access import Capability, require

    request = (
        TransferRequest.objects.select_for_update()
        .select_related("member__cell", "to_cell")
        .get(pk=request.pk)
    )
    require(actor, Capability.TRANSFERS, request.member.cell)
    if request.status != RequestStatus.PENDING:
        raise DomainError("Đề nghị này đã được xem xét.")
    note = clean(note)
    if not approve and not note:
        raise DomainError("Hãy ghi lý do không đồng ý để đảng viên biết.", field="note")
    if approve:
        request.transfer = transfer_send(
            member=request.member,
            to_cell=request.to_cell,
            kind=request.kind,
            reason=request.reason,
            until=request.until,
            actor=actor,
        )
    request.status = RequestStatus.APPROVED if approve else RequestStatus.REJECTED
    request.decided_by, request.decided_at, request.decision_note = actor, timezone.now(), note
    request.save()
    _tell_member(
        request.member,
        "Cấp ủy đã cấp giấy chuyển sinh hoạt; chờ nơi đến tiếp nhận"
        if approve
        else "Cấp ủy chưa đồng ý đề nghị chuyển sinh hoạt",
        note or f"Nơi đến: {request.to_cell.name}.",
        "/ho-so/chuyen-sinh-hoat/",
    )
    return request


@transaction.atomic
def correction_request(
    *, member: Member, actor: User, changes: dict[str, Any], reason: str
) -> CorrectionRequest:
    """A member asks to correct their own record; nothing changes until the committee approves."""
    if actor.member_id != member.pk:
        raise DomainError("Chỉ đảng viên mới được đề nghị đính chính hồ sơ của mình.")
    wanted = {
        f: v
        for f, v in _normalise(changes).items()
        if f in CORRECTABLE_FIELDS and getattr(member, f) != v
    }
    if not wanted:
        raise DomainError("Bạn chưa thay đổi thông tin nào so với hồ sơ hiện tại.")
    _check(member, wanted)
    if CorrectionRequest.objects.filter(member=member, status=RequestStatus.PENDING).exists():
        raise DomainError("Bạn đang có một yêu cầu đính chính chờ cấp ủy xử lý.")
    return CorrectionRequest.objects.create(
        member=member,
        reason=clean(reason),
        changes={f: as_json(v) for f, v in wanted.items()},
    )


@transaction.atomic
def correction_decide(
    *, request: CorrectionRequest, actor: User, approve: bool, note: str = ""
) -> CorrectionRequest:
    request = CorrectionRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != RequestStatus.PENDING:
        raise DomainError("Yêu cầu này đã được xử lý.")
    if not approve and not clean(note):
        raise DomainError("Hãy ghi lý do từ chối để đảng viên biết.", field="note")
    if approve:
        values = {
            f: dt.date.fromisoformat(v)
            if f in ("birth_date", "admitted_on", "full_member_on") and v
            else v
            for f, v in request.changes.items()
        }
        member_update(
            member=request.member,
            actor=actor,
            values=values,
            source=HistorySource.CORRECTION,
            note=request.reason,
        )
    _tell_member(
        request.member,
        "Đề nghị đính chính hồ sơ đã được duyệt"
        if approve
        else "Đề nghị đính chính hồ sơ bị từ chối",
        clean(note) or ("Hồ sơ của bạn đã được cập nhật." if approve else ""),
        "/ho-so/",
    )
    request.status = RequestStatus.APPROVED if approve else RequestStatus.REJECTED
    request.decided_by, request.decided_at, request.decision_note = (
        actor,
        timezone.now(),
        clean(note),
    )
    request.save(
        update_fields=["status", "decided_by", "decided_at", "decision_note", "updated_at"]
    )
    return request


def audit_record(
    *,
    actor: User,
    member: Member | None,
    action: str = AuditAction.VIEW_RECORD,
    detail: str = "",
    ip: str | None = None,
) -> None:
    """Log access to someone else's record (the member sees it under "ai đã xem hồ sơ")."""
    if member is not None and actor.member_id == member.pk:
        return
    AuditEntry.objects.create(
        actor=actor,
        actor_name=str(actor),
        action=action,
        member=member,
        detail=detail[:300],
        ip_address=ip,
    )


@transaction.atomic
def preferences_update(
    *,
    user: User,
    large_text: bool,
    high_contrast: bool,
    share_phone: bool | None = None,
    share_email: bool | None = None,
    simple_mode: bool | None = None,
) -> User:
    user.large_text, user.high_contrast = large_text, high_contrast
    fields = ["large_text", "high_contrast"]
    if simple_mode is not None:
        user.simple_mode = simple_mode
        fields.append("simple_mode")
    user.save(update_fields=fields)
    if user.member_id and share_phone is not None and share_email is not None:
        Member.objects.filter(pk=user.member_id).update(
            share_phone=share_phone, share_email=share_email
        )
    return user
