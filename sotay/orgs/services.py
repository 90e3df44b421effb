"""Writes on the tree: create, rename, move, merge and dissolve units; assign roles."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from treebeard.exceptions import InvalidMoveToDescendant

from sotay.core.access import subtree_q
from sotay.core.cache import bump
from sotay.core.errors import DomainError
from sotay.core.text import clean

from .choices import OrgEventKind, OrgKind, OrgStatus, PositionKind, StaffRoleKind
from .models import Organization, OrgEvent, Position, StaffRole

# Which kinds may sit directly under which (a cell has no children).
ALLOWED_CHILDREN: dict[str, set[str]] = {
    OrgKind.CENTRAL: {OrgKind.PROVINCIAL},
    OrgKind.PROVINCIAL: {OrgKind.UPPER_GRASSROOTS, OrgKind.GRASSROOTS, OrgKind.CELL},
    OrgKind.UPPER_GRASSROOTS: {OrgKind.GRASSROOTS, OrgKind.CELL},
    OrgKind.GRASSROOTS: {OrgKind.PARTIAL, OrgKind.CELL},
    OrgKind.PARTIAL: {OrgKind.CELL},
    OrgKind.CELL: set(),
}


def _check_parent(kind: str, parent: Organization | None) -> None:
    if parent is None:
        if kind not in (OrgKind.CENTRAL, OrgKind.PROVINCIAL):
            raise DomainError("Đơn vị này phải trực thuộc một đơn vị cấp trên.", field="parent")
        return
    if parent.status != OrgStatus.ACTIVE:
        raise DomainError(f"Đơn vị cấp trên “{parent.name}” không còn hoạt động.", field="parent")
    if kind not in ALLOWED_CHILDREN[parent.kind]:
        raise DomainError(
            f"{OrgKind(kind).label} không thể trực thuộc {OrgKind(parent.kind).label.lower()}.",
            field="parent",
        )


@transaction.atomic
def org_create(
    *,
    parent: Organization | None,
    kind: str,
    code: str,
    name: str,
    address: str = "",
    actor: Any = None,
    effective_on: dt.date | None = None,
) -> Organization:
    code, name = clean(code).upper(), clean(name)
    if not code or not name:
        raise DomainError("Mã và tên đơn vị là bắt buộc.")
    if Organization.objects.filter(code=code).exists():
        raise DomainError(f"Mã đơn vị “{code}” đã được dùng.", field="code")
    _check_parent(kind, parent)
    fields = {"kind": kind, "code": code, "name": name, "address": clean(address)}
    if parent is None:
        org = Organization.objects.add_root(create_kwargs=fields)
    else:
        parent.refresh_from_db()
        org = Organization.objects.add_child(parent, create_kwargs=fields)
    OrgEvent.objects.create(
        org=org,
        kind=OrgEventKind.CREATED,
        to_parent_name=parent.name if parent else "",
        actor=actor,
        effective_on=effective_on or timezone.localdate(),
    )
    return org


@transaction.atomic
def org_rename(*, org: Organization, name: str, actor: Any = None) -> Organization:
    name = clean(name)
    if not name:
        raise DomainError("Tên đơn vị không được để trống.", field="name")
    if name == org.name:
        return org
    OrgEvent.objects.create(
        org=org,
        kind=OrgEventKind.RENAMED,
        old_name=org.name,
        actor=actor,
        effective_on=timezone.localdate(),
    )
    org.name = name
    org.save(update_fields=["name", "updated_at"])
    return org


@transaction.atomic
def org_move(
    *, org: Organization, new_parent: Organization, actor: Any = None, note: str = ""
) -> Organization:
    """Move a unit with its whole subtree under another unit, keeping members and history."""
    bump("grants")  # the subtree's paths change by queryset updates (no signals)
    org.refresh_from_db()
    new_parent.refresh_from_db()
    old_parent = Organization.objects.get_parent(org)
    if old_parent and old_parent.pk == new_parent.pk:
        raise DomainError("Đơn vị đã trực thuộc đơn vị này.")
    if new_parent.path.startswith(org.path):
        raise DomainError("Không thể chuyển một đơn vị vào chính nó hoặc đơn vị cấp dưới của nó.")
    _check_parent(org.kind, new_parent)
    try:
        Organization.objects.move(org, new_parent, pos="last-child")
    except InvalidMoveToDescendant as exc:
        raise DomainError("Không thể chuyển một đơn vị vào đơn vị cấp dưới của nó.") from exc
    _resync_member_paths(org)
    OrgEvent.objects.create(
        org=org,
        kind=OrgEventKind.MOVED,
        related_org=new_parent,
        from_parent_name=old_parent.name if old_parent else "",
        to_parent_name=new_parent.name,
        actor=actor,
        note=clean(note),
        effective_on=timezone.localdate(),
    )
    org.refresh_from_db()
    return org


def _resync_member_paths(org: Organization) -> None:
    """After a subtree was re-pathed, copy each cell's new path onto its members."""
    from django.db.models import OuterRef, Subquery

    from sotay.members.models import Member

    org.refresh_from_db()
    cells = Organization.objects.filter(subtree_q(org.path))
    Member.objects.filter(cell__in=cells.values("id")).update(
        cell_path=Subquery(Organization.objects.filter(pk=OuterRef("cell_id")).values("path")[:1])
    )


@transaction.atomic
def org_merge(
    *,
    source: Organization,
    target: Organization,
    actor: Any = None,
    effective_on: dt.date | None = None,
    note: str = "",
) -> Organization:
    """Hợp nhất: ``source`` joins ``target``: its sub-units and members move, it closes."""
    from sotay.members.services import members_move_cell

    source.refresh_from_db()
    target.refresh_from_db()
    day = effective_on or timezone.localdate()
    if source.pk == target.pk:
        raise DomainError("Không thể hợp nhất một đơn vị với chính nó.")
    if source.status != OrgStatus.ACTIVE or target.status != OrgStatus.ACTIVE:
        raise DomainError("Chỉ hợp nhất được các đơn vị đang hoạt động.")
    if target.path.startswith(source.path):
        raise DomainError("Không thể hợp nhất một đơn vị vào đơn vị cấp dưới của nó.")
    if source.kind != target.kind:
        raise DomainError("Chỉ hợp nhất các đơn vị cùng loại.")
    for child in list(Organization.objects.get_children(source)):
        org_move(org=child, new_parent=target, actor=actor, note=f"Hợp nhất {source.name}")
    members_move_cell(
        from_cell=source,
        to_cell=target,
        day=day,
        actor=actor,
        reason=f"Hợp nhất {source.name} vào {target.name}",
    )
    bump("grants")
    Position.objects.filter(org=source, ended_on__isnull=True).update(ended_on=day)
    StaffRole.objects.filter(org=source, ended_on__isnull=True).update(ended_on=day)
    source.refresh_from_db()
    source.status = OrgStatus.MERGED
    source.merged_into = target
    source.save(update_fields=["status", "merged_into", "updated_at"])
    OrgEvent.objects.create(
        org=source,
        kind=OrgEventKind.MERGED_INTO,
        related_org=target,
        actor=actor,
        effective_on=day,
        note=clean(note),
    )
    OrgEvent.objects.create(
        org=target,
        kind=OrgEventKind.ABSORBED,
        related_org=source,
        actor=actor,
        effective_on=day,
        note=clean(note),
    )
    return target


@transaction.atomic
def org_dissolve(*, org: Organization, actor: Any = None, note: str = "") -> Organization:
    from sotay.members.models import Member

    if Member.objects.current().filter(subtree_q(org.path, "cell_path")).exists():
        raise DomainError("Đơn vị còn đảng viên: hãy chuyển sinh hoạt hoặc hợp nhất trước.")
    if (
        Organization.objects.filter(path__startswith=org.path, status=OrgStatus.ACTIVE)
        .exclude(pk=org.pk)
        .exists()
    ):
        raise DomainError("Đơn vị còn đơn vị trực thuộc đang hoạt động.")
    org.status = OrgStatus.DISSOLVED
    org.save(update_fields=["status", "updated_at"])
    OrgEvent.objects.create(
        org=org,
        kind=OrgEventKind.DISSOLVED,
        actor=actor,
        effective_on=timezone.localdate(),
        note=clean(note),
    )
    return org


ROLE_MODELS: dict[str, type[Position] | type[StaffRole]] = {
    **{k.value: Position for k in PositionKind},
    **{k.value: StaffRole for k in StaffRoleKind},
}


@transaction.atomic
def role_assign(
    *, member: Any, org: Organization, kind: str, started_on: dt.date | None = None
) -> Position | StaffRole:
    """Give a member a committee position or staff role at a unit (from a date)."""
    from sotay.core import access

    model = ROLE_MODELS.get(kind)
    if model is None:
        raise DomainError("Chức vụ không hợp lệ.", field="kind")
    if not member.is_current:
        raise DomainError("Chỉ giao chức vụ cho đảng viên đang sinh hoạt.")
    if org.status != OrgStatus.ACTIVE:
        raise DomainError("Đơn vị không còn hoạt động.")
    if model.objects.filter(member=member, org=org, kind=kind, ended_on__isnull=True).exists():
        raise DomainError("Đảng viên đã giữ chức vụ này tại đơn vị.")
    if (
        kind == PositionKind.SECRETARY
        and Position.objects.filter(org=org, kind=kind, ended_on__isnull=True).exists()
    ):
        raise DomainError("Đơn vị đã có Bí thư: hãy kết thúc nhiệm kỳ người cũ trước.")
    role = model.objects.create(
        member=member, org=org, kind=kind, started_on=started_on or timezone.localdate()
    )
    user = getattr(member, "user", None)
    if user is not None:
        from sotay.members.accounts import api_tokens_revoke_without_second_factor

        access.forget(user)
        # The role needs a second factor that the member's older app tokens were never given.
        transaction.on_commit(lambda: api_tokens_revoke_without_second_factor(user))
    return role


@transaction.atomic
def role_end(*, role: Position | StaffRole, ended_on: dt.date | None = None) -> None:
    if role.ended_on is not None:
        raise DomainError("Chức vụ này đã kết thúc.")
    role.ended_on = ended_on or timezone.localdate()
    role.save(update_fields=["ended_on", "updated_at"])
