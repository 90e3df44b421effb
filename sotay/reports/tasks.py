"""The worker keeps the rollups fresh: ``refresh_due`` recomputes the current month (and last
month in the first week), then enqueues itself again ``SOTAY_REPORTS_REFRESH_SECONDS`` later;
``ensure_scheduled`` (at each worker start) makes sure exactly one is waiting."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone
from django_tasks import task


def waiting(path: str) -> bool:
    """A task of this path is queued or running."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(
        task_path=path, status__in=(TaskResultStatus.READY, TaskResultStatus.RUNNING)
    ).exists()


def ensure_scheduled() -> bool:
    """Enqueue the periodic refresh unless one is already waiting or running."""
    if waiting(refresh_due.module_path):
        return False
    refresh_due.enqueue()
    return True


@task()
def refresh_due() -> int:
    from . import rollup

    try:
        return rollup.refresh(rollup.due_months())
    finally:
        when = timezone.now() + dt.timedelta(seconds=settings.SOTAY_REPORTS_REFRESH_SECONDS)
        refresh_due.using(run_after=when).enqueue()


@task()
def refresh_months(months: list[str]) -> int:
    """Months a report asked for that had no rollup yet (``YYYY-MM-01``)."""
    from . import rollup

    return rollup.refresh([dt.date.fromisoformat(m) for m in months])


def fill_in(months: list[dt.date]) -> None:
    """Ask the worker for these months unless it already has them queued."""
    if months and not waiting(refresh_months.module_path):
        refresh_months.enqueue([m.isoformat() for m in months])
