"""Party organisations as a materialised-path tree, with history and the roles held in them."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

from sotay.core.models import PublicModel

from .choices import OrgEventKind, OrgKind, OrgStatus, PositionKind, StaffRoleKind


class OrganizationQuerySet(MP_NodeQuerySet):
    def active(self) -> OrganizationQuerySet:
        return self.filter(status=OrgStatus.ACTIVE)


class OrganizationManager(MP_NodeManager):
    def get_queryset(self) -> OrganizationQuerySet:
        return OrganizationQuerySet(self.model).order_by("path")

    def active(self) -> OrganizationQuerySet:
        return self.get_queryset().active()


class Organization(MP_Node, PublicModel):
    """A party organisation (tổ chức đảng): province, intermediate, grassroots or cell."""

    steplen = 4
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"

    kind = models.CharField("loại", max_length=20, choices=OrgKind.choices)
    code = models.CharField("mã đơn vị", max_length=40, unique=True)
    name = models.CharField("tên", max_length=255)
    name_folded = models.CharField(max_length=255, editable=False, db_index=True)
    address = models.CharField("địa chỉ", max_length=255, blank=True)
    status = models.CharField(
        "trạng thái", max_length=12, choices=OrgStatus.choices, default=OrgStatus.ACTIVE
    )
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged_from"
    )

    objects = OrganizationManager()

    class Meta:
        verbose_name = "tổ chức đảng"
        verbose_name_plural = "tổ chức đảng"
        indexes = [
            models.Index(fields=["kind", "status"]),
            # The children of a unit (depth + 1, path range): at the national root the path
            # range alone spans every unit.
            models.Index(fields=["depth", "path"]),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        from sotay.core.text import fold

        self.name_folded = fold(self.name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:  # type: ignore[operator]
            kwargs["update_fields"] = {*update_fields, "name_folded"}  # type: ignore[misc]
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def is_cell(self) -> bool:
        return self.kind == OrgKind.CELL


class OrgEvent(models.Model):
    """A change in the tree: founded, renamed, moved under another unit, merged, dissolved."""

    org = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField("sự kiện", max_length=20, choices=OrgEventKind.choices)
    related_org = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    from_parent_name = models.CharField("trực thuộc trước", max_length=255, blank=True)
    to_parent_name = models.CharField("trực thuộc sau", max_length=255, blank=True)
    old_name = models.CharField("tên cũ", max_length=255, blank=True)
    note = models.CharField("ghi chú", max_length=500, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    effective_on = models.DateField("ngày hiệu lực")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "lịch sử đơn vị"
        verbose_name_plural = "lịch sử đơn vị"
        ordering = ["-effective_on", "-id"]

    def __str__(self) -> str:
        return f"{self.org}: {self.get_kind_display()}"


class RoleQuerySet(models.QuerySet):
    def active_on(self, day: dt.date) -> RoleQuerySet:
        """Roles in force on ``day``. ``ended_on`` is the first day without the role, so ending
        a role today takes its rights away at once."""
        return self.filter(started_on__lte=day).filter(
            models.Q(ended_on__isnull=True) | models.Q(ended_on__gt=day)
        )


class RoleHolding(PublicModel):
    """Abstract: a role held by a member at a unit between two dates."""

    member = models.ForeignKey("members.Member", on_delete=models.CASCADE, related_name="+")
    org = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    started_on = models.DateField("từ ngày")
    ended_on = models.DateField("thôi giữ từ ngày", null=True, blank=True)

    objects = RoleQuerySet.as_manager()

    class Meta:
        abstract = True


class Position(RoleHolding):
    """An elected committee position (bí thư, phó bí thư, cấp ủy viên) at a unit."""

    member = models.ForeignKey("members.Member", on_delete=models.CASCADE, related_name="positions")
    org = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="positions")
    kind = models.CharField("chức vụ", max_length=20, choices=PositionKind.choices)

    class Meta:
        verbose_name = "chức vụ cấp ủy"
        verbose_name_plural = "chức vụ cấp ủy"
        indexes = [
            models.Index(fields=["member", "ended_on"]),
            models.Index(fields=["org", "ended_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.org}"


class StaffRole(RoleHolding):
    """A staff role at a unit (Ban Tổ chức, Ban Tuyên giáo, Văn phòng, Ban Biên tập)."""

    member = models.ForeignKey(
        "members.Member", on_delete=models.CASCADE, related_name="staff_roles"
    )
    org = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="staff_roles")
    kind = models.CharField("vai trò", max_length=20, choices=StaffRoleKind.choices)

    class Meta:
        verbose_name = "vai trò cơ quan tham mưu"
        verbose_name_plural = "vai trò cơ quan tham mưu"
        indexes = [
            models.Index(fields=["member", "ended_on"]),
            models.Index(fields=["org", "ended_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.org}"


class PartyGroup(PublicModel):
    """A tổ đảng inside a large cell (Điều lệ Điều 22; QĐ 294, 20.3.2: a cell of 30 members
    or more is divided into groups): members are placed in it by the cell committee
    (``Member.party_group``); it elects a leader (tổ trưởng) and, if needed, a deputy."""

    cell = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="party_groups")
    name = models.CharField("tên tổ đảng", max_length=120)
    leader = models.ForeignKey(
        "members.Member", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    deputy = models.ForeignKey(
        "members.Member", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    dissolved_on = models.DateField("giải thể từ ngày", null=True, blank=True)

    class Meta:
        verbose_name = "tổ đảng"
        verbose_name_plural = "tổ đảng"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["cell", "name"],
                condition=models.Q(dissolved_on__isnull=True),
                name="uniq_active_group_name",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.cell})"
