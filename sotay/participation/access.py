"""Who sees, answers and manages surveys, consultations and inquiries — the one door."""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from sotay.core.access import Capability, ancestor_paths, can, scope_paths, scope_q, units_for

from .choices import AudienceRole, Phase
from .models import Consultation, DraftComment, Inquiry, Survey

MANAGE = Capability.PARTICIPATION_MANAGE


def _key(public_id: Any) -> uuid.UUID:
    try:
        return uuid.UUID(str(public_id))
    except ValueError as exc:
        raise Http404 from exc


def _member(user: Any) -> Any:
    return getattr(user, "member", None) if getattr(user, "is_authenticated", False) else None


def manages(user: Any, unit: Any) -> bool:
    return can(user, MANAGE, unit)


def participation_units(user: Any) -> QuerySet[Any]:
    """Units the user may address a survey or consultation to."""
    units: QuerySet[Any] = units_for(user, MANAGE)
    return units


def in_audience(member: Any, survey: Survey) -> bool:
    """The member is under the survey's unit and matches its role and status filters."""
    if member is None or not member.cell_path.startswith(survey.audience_path):
        return False
    if survey.audience_status and member.status != survey.audience_status:
        return False
    if survey.audience_role:
        from sotay.orgs.models import Position

        held = Position.objects.active_on(timezone.localdate()).filter(member=member)
        if survey.audience_role == AudienceRole.SECRETARIES:
            held = held.filter(kind="secretary", org__kind="cell")
        if not held.exists():
            return False
    return True


def surveys_visible_to(user: Any) -> QuerySet[Survey]:
    """Open and closed surveys addressed to the member's cell or above (the role and status
    filters are checked per survey with ``in_audience``)."""
    member = _member(user)
    if member is None:
        return Survey.objects.none()
    return Survey.objects.filter(
        audience_path__in=ancestor_paths(member.cell_path), phase__in=[Phase.OPEN, Phase.CLOSED]
    )


def surveys_manageable_by(user: Any) -> QuerySet[Survey]:
    return Survey.objects.filter(scope_q(user, MANAGE, "unit__path"))


def access_survey(user: Any, public_id: Any, manage: bool = False) -> Survey:
    survey = Survey.objects.select_related("unit", "audience").filter(public_id=_key(public_id))
    found = survey.first()
    if found is None:
        raise Http404("Không tìm thấy khảo sát.")
    if manages(user, found.unit):
        return found
    if not manage and found.phase != Phase.DRAFT and in_audience(_member(user), found):
        return found
    raise Http404("Không tìm thấy khảo sát.")


def consultations_visible_to(user: Any) -> QuerySet[Consultation]:
    member = _member(user)
    if member is None:
        return Consultation.objects.none()
    return Consultation.objects.filter(
        audience_path__in=ancestor_paths(member.cell_path), phase__in=[Phase.OPEN, Phase.CLOSED]
    )


def consultations_manageable_by(user: Any) -> QuerySet[Consultation]:
    return Consultation.objects.filter(scope_q(user, MANAGE, "unit__path"))


def access_consultation(user: Any, public_id: Any, manage: bool = False) -> Consultation:
    found = (
        Consultation.objects.select_related("unit", "audience")
        .filter(public_id=_key(public_id))
        .first()
    )
    if found is None:
        raise Http404("Không tìm thấy dự thảo.")
    if manages(user, found.unit):
        return found
    if not manage and consultations_visible_to(user).filter(pk=found.pk).exists():
        return found
    raise Http404("Không tìm thấy dự thảo.")


def access_comment(user: Any, public_id: Any) -> DraftComment:
    """A comment, for the committee that runs its consultation."""
    found = (
        DraftComment.objects.select_related("consultation__unit", "member")
        .filter(public_id=_key(public_id))
        .first()
    )
    if found is None or not manages(user, found.consultation.unit):
        raise Http404("Không tìm thấy góp ý.")
    return found


def inquiries_of(user: Any) -> QuerySet[Inquiry]:
    member = _member(user)
    if member is None:
        return Inquiry.objects.none()
    return Inquiry.objects.filter(member=member)


def inquiries_manageable_by(user: Any) -> QuerySet[Inquiry]:
    """Inquiries now with a unit in the user's scope (an escalated one moves up)."""
    return Inquiry.objects.filter(scope_q(user, MANAGE, "unit_path"))


def access_inquiry(user: Any, public_id: Any, manage: bool = False) -> Inquiry:
    found = (
        Inquiry.objects.select_related("unit", "addressed_to", "member", "assignee")
        .filter(public_id=_key(public_id))
        .first()
    )
    if found is None:
        raise Http404("Không tìm thấy câu hỏi.")
    if can(user, MANAGE, found.unit) or can(user, MANAGE, found.addressed_to):
        return found
    member = _member(user)
    if not manage and member is not None and found.member_id == member.pk:
        return found
    raise Http404("Không tìm thấy câu hỏi.")


def faq_visible_to(user: Any) -> QuerySet[Inquiry]:
    """Published answers of the member's units and those above them."""
    member = _member(user)
    paths = ancestor_paths(member.cell_path) if member is not None else []
    paths += scope_paths(user, MANAGE)
    return Inquiry.objects.filter(
        Q(addressed_to__path__in=paths), faq_published_at__isnull=False
    ).order_by("-faq_published_at")


def owning_unit(user: Any, audience: Any) -> Any:
    """The committee a survey or consultation belongs to: the user's own unit (the root of
    their scope) above the audience — a province commission's survey of one commune stays the
    province's."""
    from sotay.orgs.models import Organization

    roots = [p for p in scope_paths(user, MANAGE) if audience.path.startswith(p)]
    if not roots:
        return audience
    return Organization.objects.get(path=min(roots, key=len))


def responders(inquiry: Inquiry) -> list[Any]:
    """Accounts that may be assigned an inquiry: the committee of the unit now handling it."""
    from sotay.members.models import User

    from .services.inquiries import committee_members

    return list(
        User.objects.filter(member_id__in=committee_members(inquiry.unit)).select_related("member")
    )


def inquiry_targets(member: Any) -> QuerySet[Any]:
    """Where a member may send a question: their cell and every committee above it."""
    from sotay.orgs.models import Organization

    return Organization.objects.filter(path__in=ancestor_paths(member.cell_path)).order_by("-path")
