"""Background tasks of the planner."""

from __future__ import annotations

from django_tasks import task


@task()
def flag_overdue(task_id: int) -> int:
    from .services.tasks import flag_overdue_now

    return flag_overdue_now(task_id)
