"""Who sees and manages study programmes, attempts and rankings — the one door for study."""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from sotay.core.access import Capability, ancestor_paths, can, scope_q

from .choices import ProgrammeStatus
from .models import Attempt, Programme


def _key(public_id: Any) -> uuid.UUID:
    try:
        return uuid.UUID(str(public_id))
    except ValueError as exc:
        raise Http404 from exc


def programmes_visible_to(user: Any) -> QuerySet[Programme]:
    member = getattr(user, "member", None)
    if member is None:
        return Programme.objects.none()
    return Programme.objects.filter(
        audience_path__in=ancestor_paths(member.cell_path),
        status__in=[ProgrammeStatus.PUBLISHED, ProgrammeStatus.CLOSED],
    )


def programmes_manageable_by(user: Any) -> QuerySet[Programme]:
    return Programme.objects.filter(scope_q(user, Capability.CONTENT_PUBLISH, "unit__path"))


def access_programme(user: Any, public_id: Any, manage: bool = False) -> Programme:
    programme = (
        Programme.objects.select_related("unit", "audience")
        .filter(public_id=_key(public_id))
        .first()
    )
    if programme is None:
        raise Http404("Không tìm thấy chương trình học tập.")
    manages = can(user, Capability.CONTENT_PUBLISH, programme.unit)
    if manages or (not manage and programmes_visible_to(user).filter(pk=programme.pk).exists()):
        return programme
    raise Http404("Không tìm thấy chương trình học tập.")


def access_attempt(user: Any, public_id: Any) -> Attempt:
    """Only the member's own attempt."""
    member_id = getattr(user, "member_id", None)
    attempt = (
        Attempt.objects.select_related("programme")
        .filter(public_id=_key(public_id), member_id=member_id)
        .first()
        if member_id
        else None
    )
    if attempt is None:
        raise Http404("Không tìm thấy bài làm.")
    return attempt


def can_report(user: Any, unit: Any) -> bool:
    return can(user, Capability.REPORTS_VIEW, unit) or can(user, Capability.CONTENT_PUBLISH, unit)


def study_units(user: Any) -> QuerySet[Any]:
    """Units the user may set study programmes for (see core.access.units_for)."""
    from sotay.core.access import units_for

    units: QuerySet[Any] = units_for(user, Capability.CONTENT_PUBLISH)
    return units


def categories_for(user: Any) -> QuerySet[Any]:
    from .models import QuestionCategory

    return QuestionCategory.objects.filter(
        scope_q(user, Capability.CONTENT_PUBLISH, "unit__path")
    ).order_by("name")


def access_question(user: Any, public_id: Any) -> Any:
    from .models import Question

    question = (
        Question.objects.select_related("unit", "current", "category")
        .filter(public_id=_key(public_id))
        .first()
    )
    if question is None or not can(user, Capability.CONTENT_PUBLISH, question.unit):
        raise Http404("Không tìm thấy câu hỏi.")
    return question


def questions_manageable_by(user: Any) -> QuerySet[Any]:
    from .models import Question

    return Question.objects.filter(
        scope_q(user, Capability.CONTENT_PUBLISH, "unit__path"), active=True
    )


def study_documents(user: Any) -> QuerySet[Any]:
    """Published documents the user's units can read: candidates for a programme's materials."""
    from sotay.content.models import Item
    from sotay.core.access import scope_paths

    paths = {a for p in scope_paths(user, Capability.CONTENT_PUBLISH) for a in ancestor_paths(p)}
    newest = (
        Item.objects.filter(kind="document", status="published", audience_path__in=paths)
        .order_by("-issued_on")
        .values_list("id", flat=True)[:40]
    )
    return Item.objects.filter(id__in=list(newest)).order_by("-issued_on")
