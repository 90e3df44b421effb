"""Tổ đảng (party groups) inside a cell: Điều lệ Điều 22 (a large cell may be divided into
groups; a group elects its leader and, if needed, a deputy; it works under the cell
committee) and QĐ 294, 20.3.2 (a cell of 30 members or more is divided into groups). The cell
committee creates, fills and dissolves them; every write checks its right and writes all or
nothing."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from sotay.core.access import Capability, require
from sotay.core.errors import DomainError
from sotay.core.text import clean
from sotay.members.choices import CURRENT_STATUSES
from sotay.members.models import Member

from .choices import OrgKind
from .models import Organization, PartyGroup

SPLIT_AT = 30  # QĐ 294, 20.3.2


def cell_people(cell: Organization) -> QuerySet[Member]:
    """Who can be placed in the cell's groups: its current members (own and temporary)."""
    return Member.objects.filter(
        Q(cell=cell) | Q(temporary_cell=cell), status__in=CURRENT_STATUSES
    ).order_by("search_text")


def groups_of(cell: Organization) -> list[PartyGroup]:
    return list(
        PartyGroup.objects.filter(cell=cell, dissolved_on__isnull=True)
        .select_related("leader", "deputy")
        .annotate(size=Count("members", filter=Q(members__status__in=CURRENT_STATUSES)))
        .order_by("name")
    )


def group_at(cell: Organization, public_id: Any) -> PartyGroup | None:
    """An active group of ``cell`` (whose page's door was already passed)."""
    import uuid

    try:
        key = uuid.UUID(str(public_id))
    except ValueError:
        return None
    return PartyGroup.objects.filter(cell=cell, public_id=key, dissolved_on__isnull=True).first()


def _require(actor: Any, cell: Organization) -> None:
    require(actor, Capability.MEMBERS_EDIT, cell)
    if cell.kind != OrgKind.CELL:
        raise DomainError("Tổ đảng lập trong chi bộ.")


def _name(cell: Organization, name: str, exclude: int | None = None) -> str:
    name = clean(name)[:120]
    if not name:
        raise DomainError("Hãy đặt tên tổ đảng (ví dụ “Tổ đảng số 1”).", field="name")
    taken = PartyGroup.objects.filter(cell=cell, name__iexact=name, dissolved_on__isnull=True)
    if exclude is not None:
        taken = taken.exclude(pk=exclude)
    if taken.exists():
        raise DomainError(f"Chi bộ đã có “{name}”.", field="name")
    return name


@transaction.atomic
def group_create(*, actor: Any, cell: Organization, name: str) -> PartyGroup:
    _require(actor, cell)
    return PartyGroup.objects.create(cell=cell, name=_name(cell, name))


@transaction.atomic
def group_assign(
    *, actor: Any, cell: Organization, group: PartyGroup | None, member_ids: list[int]
) -> int:
    """Place these members in ``group`` (or take them out of any group with None). Every id
    must be a current member of the cell; one that is not and nothing is written."""
    _require(actor, cell)
    if group is not None and (group.cell_id != cell.pk or group.dissolved_on):
        raise DomainError("Tổ đảng này không thuộc chi bộ.")
    if not member_ids:
        raise DomainError("Chưa chọn đảng viên nào.")
    people = {m.pk: m for m in cell_people(cell).filter(pk__in=member_ids).select_for_update()}
    missing = [i for i in member_ids if i not in people]
    if missing:
        raise DomainError(
            f"Có {len(missing)} người không phải đảng viên đang sinh hoạt tại chi bộ; "
            "chưa ghi thay đổi nào."
        )
    Member.objects.filter(pk__in=people).update(party_group=group, updated_at=timezone.now())
    # A leader or deputy moved out of the group no longer leads it.
    others = PartyGroup.objects.filter(cell=cell)
    if group is not None:
        others = others.exclude(pk=group.pk)
    for old in others:
        changed = False
        for field in ("leader_id", "deputy_id"):
            if getattr(old, field) in people:
                setattr(old, field, None)
                changed = True
        if changed:
            old.save(update_fields=["leader", "deputy", "updated_at"])
    if group is not None:
        _tell(list(people), f"Đồng chí được phân công sinh hoạt ở {group.name} ({cell.name})")
    return len(people)


@transaction.atomic
def group_set_leaders(
    *, actor: Any, group: PartyGroup, leader_id: int | None, deputy_id: int | None
) -> PartyGroup:
    """The group's elected leader (tổ trưởng) and, if any, deputy: members of the group."""
    group = PartyGroup.objects.select_for_update().select_related("cell").get(pk=group.pk)
    _require(actor, group.cell)
    in_group = set(group.members.filter(status__in=CURRENT_STATUSES).values_list("pk", flat=True))
    if leader_id is None or leader_id not in in_group:
        raise DomainError("Tổ trưởng phải là đảng viên của tổ.", field="leader")
    if deputy_id is not None and (deputy_id not in in_group or deputy_id == leader_id):
        raise DomainError("Tổ phó phải là một đảng viên khác của tổ.", field="deputy")
    group.leader_id, group.deputy_id = leader_id, deputy_id
    group.save(update_fields=["leader", "deputy", "updated_at"])
    return group


@transaction.atomic
def group_dissolve(*, actor: Any, group: PartyGroup) -> PartyGroup:
    group = PartyGroup.objects.select_for_update().select_related("cell").get(pk=group.pk)
    _require(actor, group.cell)
    if group.dissolved_on:
        raise DomainError("Tổ đảng này đã giải thể.")
    group.members.update(party_group=None)
    group.dissolved_on = timezone.localdate()
    group.save(update_fields=["dissolved_on", "updated_at"])
    return group


def _tell(member_ids: list[int], title: str) -> None:
    from sotay.notices.choices import NotificationKind
    from sotay.notices.services import notify

    notify(members=member_ids, kind=NotificationKind.ACCOUNT, title=title, url="/chi-bo/")
