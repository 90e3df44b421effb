"""Background tasks: escalate an unanswered inquiry at its deadline; close a survey at its
closing time (counting the last anonymous responses)."""

from __future__ import annotations

from django_tasks import task


@task()
def escalate_if_overdue(inquiry_id: int) -> bool:
    from .services.inquiries import escalate

    return escalate(inquiry_id)


@task()
def close_survey_when_due(survey_id: int) -> bool:
    from .services.surveys import close_due

    return close_due(survey_id)
