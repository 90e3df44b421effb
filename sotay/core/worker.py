"""Task workers that can die: heartbeats, and what becomes of the tasks a dead worker held.

django-tasks-db marks a task RUNNING when a worker claims it and never looks at it again, so a
worker killed by the kernel (out of memory), by ``kill -9`` or by a power cut leaves its task
RUNNING forever and the work behind it undone. Each worker started by ``manage.py worker``
(what ``manage.py serve`` runs) therefore beats every few seconds in ``WorkerBeat``; any
worker recovers the tasks of workers whose beat is older than the lease:

- a task registered with ``retry_after_crash`` goes back to the queue (up to its number of
  attempts), after its ``before_retry`` hook has put its own rows back in order;
- any other task is failed with ``WorkerDied``, and ``task_finished`` is sent so that its
  app can show it (an import job becomes "failed" with a message).

Tasks must be idempotent to be retried: the notice deliveries are (each row is claimed once
and re-sent with the same idempotency key), a member import is not retried (a file that
crashed a worker would crash the next one).
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import os
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import close_old_connections, connection, transaction
from django.utils import timezone

from .models import WorkerBeat

log = logging.getLogger("sotay.worker")
EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
DIED_MESSAGE = "Tiến trình xử lý nền dừng đột ngột khi đang chạy việc này (bị tắt hoặc hết bộ nhớ)."


class WorkerDied(Exception):
    """Recorded as the exception of a task whose worker stopped beating."""


@dataclass(frozen=True)
class CrashPolicy:
    attempts: int = 1
    before_retry: Callable[..., Any] | None = None


_POLICIES: dict[str, CrashPolicy] = {}


def retry_after_crash(
    task: Any, *, attempts: int, before_retry: Callable[..., Any] | None = None
) -> None:
    """Declare ``task`` safe to run again when its worker died, at most ``attempts`` times in
    all; ``before_retry`` is called with the task's arguments first."""
    _POLICIES[task.module_path] = CrashPolicy(attempts, before_retry)


@dataclass
class Recovered:
    retried: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def lease() -> dt.timedelta:
    return dt.timedelta(seconds=settings.SOTAY_WORKER_LEASE_SECONDS)


def beat(worker_id: str, started_at: dt.datetime) -> None:
    WorkerBeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "host": socket.gethostname()[:255],
            "pid": os.getpid(),
            "started_at": started_at,
            "beat_at": timezone.now(),
        },
    )


def mark_dead(*, host: str, pid: int) -> int:
    """The supervisor saw this process die: its tasks need not wait for the lease."""
    return WorkerBeat.objects.filter(host=host, pid=pid).update(beat_at=EPOCH)


def tasks_recover(*, now: dt.datetime | None = None) -> Recovered:
    """Retry or fail the RUNNING tasks of workers whose beat is older than the lease.

    Only workers that have beaten at least once are judged: a task run by a plain
    ``db_worker`` (no heartbeat) is left alone.
    """
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    dead = set(
        WorkerBeat.objects.filter(beat_at__lt=now - lease()).values_list("worker_id", flat=True)
    )
    if not dead:
        return Recovered()
    outcome = Recovered()
    failed: list[Any] = []
    with transaction.atomic():
        running = DBTaskResult.objects.filter(status="RUNNING").select_for_update(skip_locked=True)
        for result in running:
            if not result.worker_ids or result.worker_ids[-1] not in dead:
                continue
            policy = _POLICIES.get(result.task_path, CrashPolicy())
            if len(result.worker_ids) < policy.attempts:
                if policy.before_retry is not None:
                    args = result.args_kwargs
                    policy.before_retry(*args.get("args", []), **args.get("kwargs", {}))
                result.status = "READY"
                result.save(update_fields=["status"])
                outcome.retried.append(str(result.id))
            else:
                result.status = "FAILED"
                result.finished_at = now
                result.exception_class_path = f"{WorkerDied.__module__}.{WorkerDied.__qualname__}"
                result.traceback = DIED_MESSAGE
                result.save(
                    update_fields=["status", "finished_at", "exception_class_path", "traceback"]
                )
                outcome.failed.append(str(result.id))
                failed.append(result)
        # Beats of workers dead for a day only make the table longer.
        WorkerBeat.objects.filter(beat_at__lt=now - dt.timedelta(days=1)).delete()
    for result in failed:
        transaction.on_commit(functools.partial(_announce_failure, result))
    if outcome.retried or outcome.failed:
        log.warning(
            "worker died: %d task(s) retried, %d failed", len(outcome.retried), len(outcome.failed)
        )
    return outcome


def _announce_failure(result: Any) -> None:
    from django_tasks_db.compat import task_finished

    try:
        task_result = result.task_result
        sender = type(result.task.get_backend())
    except Exception:  # a task whose code is gone: nothing to tell
        log.exception("task %s failed with its worker and cannot be announced", result.id)
        return
    task_finished.send(sender=sender, task_result=task_result)


class Heartbeat(threading.Thread):
    """Beats for one worker process and, now and then, recovers the tasks of dead ones."""

    def __init__(self, worker_id: str) -> None:
        super().__init__(name=f"heartbeat-{worker_id}", daemon=True)
        self.worker_id = worker_id
        self.started_at = timezone.now()
        self.stopped = threading.Event()

    def run(self) -> None:
        every = settings.SOTAY_WORKER_BEAT_SECONDS
        beats = 0
        while not self.stopped.wait(every):
            try:
                close_old_connections()
                beat(self.worker_id, self.started_at)
                beats += 1
                if beats % max(1, round(settings.SOTAY_WORKER_LEASE_SECONDS / every)) == 0:
                    tasks_recover()
            except Exception:  # a lost database must not kill the thread: beat again later
                log.exception("heartbeat of %s failed", self.worker_id)
        connection.close()

    def stop(self) -> None:
        self.stopped.set()
        self.join(timeout=5)
        WorkerBeat.objects.filter(worker_id=self.worker_id).delete()
