"""Who receives a notice: a unit's subtree, optionally narrowed by role or member status."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from sotay.core.access import subtree_q
from sotay.members.models import Member
from sotay.orgs.choices import OrgKind, PositionKind
from sotay.orgs.models import Position

from .choices import AudienceRole
from .models import Notice


def notice_recipients(notice: Notice) -> QuerySet[Member]:
    members = Member.objects.current()
    if notice.audience_role == AudienceRole.ALL:
        members = members.filter(subtree_q(notice.org.path, "cell_path"))
    else:
        holders = Position.objects.active_on(timezone.localdate()).filter(
            subtree_q(notice.org.path, "org__path"), org__status="active"
        )
        if notice.audience_role == AudienceRole.CELL_SECRETARIES:
            holders = holders.filter(kind=PositionKind.SECRETARY, org__kind=OrgKind.CELL)
        members = members.filter(pk__in=holders.values("member_id"))
    if notice.audience_status:
        members = members.filter(status=notice.audience_status)
    return members
