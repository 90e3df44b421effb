"""The worker opens each month's dues: ``open_month`` charges every current member who has
no charge for this month yet (new members and arrivals included), then enqueues itself
again ``SOTAY_DUES_OPEN_SECONDS`` later; ``ensure_scheduled`` (at each worker start) makes
sure exactly one is waiting."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone
from django_tasks import task


def ensure_scheduled() -> bool:
    from sotay.reports.tasks import waiting

    if waiting(open_month.module_path):
        return False
    open_month.enqueue()
    return True


@task()
def open_month() -> int:
    from .services import charges_open_everywhere

    try:
        return charges_open_everywhere()
    finally:
        when = timezone.now() + dt.timedelta(seconds=settings.SOTAY_DUES_OPEN_SECONDS)
        open_month.using(run_after=when).enqueue()
