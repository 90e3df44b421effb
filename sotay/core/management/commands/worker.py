"""The background task worker with a heartbeat: django-tasks-db's ``db_worker`` plus
recovery of the tasks of workers that died (see sotay.core.worker)."""

from __future__ import annotations

import os
from typing import Any

from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from sotay.core.worker import Heartbeat, beat, tasks_recover


class Command(DbWorkerCommand):
    help = "Tiến trình xử lý tác vụ nền (có nhịp tim; nhận lại việc của tiến trình đã chết)."

    def handle(self, *args: Any, worker_id: str, **options: Any) -> None:
        # Unique per process: a restarted worker must not look like the one that died.
        worker_id = f"{worker_id[:50]}-{os.getpid()}"
        heartbeat = Heartbeat(worker_id)
        beat(worker_id, heartbeat.started_at)
        tasks_recover()
        from sotay.dues.tasks import ensure_scheduled as ensure_dues
        from sotay.reports.tasks import ensure_scheduled

        ensure_scheduled()  # the report centre's periodic rollup refresh
        ensure_dues()  # each month's party dues charges
        heartbeat.start()
        try:
            super().handle(*args, worker_id=worker_id, **options)
        finally:
            heartbeat.stop()
