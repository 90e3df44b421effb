"""Background tasks of study: the reminder before a programme ends."""

from __future__ import annotations

from django_tasks import task


@task()
def programme_remind(programme_id: int) -> int:
    from .services import programme_remind_now

    return programme_remind_now(programme_id=programme_id)
