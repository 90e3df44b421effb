"""Reading receipts off the request path: opening an article no longer writes in the request.

The first opening of an item by a member is noted in the shared cache (``add`` — one answer
for all processes when the cache is Redis) and put in this process's buffer; a background
thread writes the buffer every ``FLUSH_SECONDS`` with one ``INSERT … ON CONFLICT DO NOTHING``
(and so does the process on exit). Readership figures are then at most a few seconds behind.
What a crash of the web process can lose: the receipts of its last few seconds — they are
statistics, not records; every other write of the app stays in its request's transaction.

``SOTAY_RECEIPTS_BATCH = False`` (the in-process test suite) writes each one at once.
"""

from __future__ import annotations

import atexit
import datetime as dt
import logging
import threading
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone

FLUSH_SECONDS = 2.0
MAX_BUFFER = 1000
SEEN_SECONDS = 3600

_lock = threading.Lock()
_buffer: list[tuple[int, int, str, dt.datetime]] = []
_flusher: threading.Thread | None = None
log = logging.getLogger(__name__)


def batched() -> bool:
    return bool(getattr(settings, "SOTAY_RECEIPTS_BATCH", True))


def opened(*, member: Any, item: Any) -> None:
    """The member opened the item: recorded once (the first opening counts)."""
    if not batched():
        from .services import receipt_open

        receipt_open(member=member, item=item)
        return
    if not cache.add(f"rcpt:{member.pk}:{item.pk}", 1, SEEN_SECONDS):
        return  # already noted (by this or another process) within the hour
    with _lock:
        _buffer.append((member.pk, item.pk, member.cell_path, timezone.now()))
        full = len(_buffer) >= MAX_BUFFER
    _start_flusher()
    if full:
        flush()


def flush() -> int:
    """Write what is buffered; the number of receipts written (existing ones are skipped)."""
    from .models import ReadReceipt

    with _lock:
        rows = list(_buffer)
        _buffer.clear()
    if not rows:
        return 0
    try:
        made = ReadReceipt.objects.bulk_create(
            [
                ReadReceipt(member_id=m, item_id=i, cell_path=path, opened_at=at)
                for m, i, path, at in rows
            ],
            ignore_conflicts=True,
            batch_size=500,
        )
    except Exception:  # the database is away: keep them for the next round
        log.exception("reading receipts not written; retrying")
        with _lock:
            _buffer[:0] = rows[: MAX_BUFFER * 10]
        return 0
    return len(made)


def pending() -> int:
    with _lock:
        return len(_buffer)


def _loop() -> None:
    while True:
        threading.Event().wait(FLUSH_SECONDS)
        try:
            flush()
        finally:
            connection.close()  # the thread's connection goes back to the pool


def _start_flusher() -> None:
    global _flusher
    if _flusher is not None and _flusher.is_alive():
        return
    with _lock:
        if _flusher is None or not _flusher.is_alive():
            _flusher = threading.Thread(target=_loop, name="sotay-receipts", daemon=True)
            _flusher.start()


atexit.register(flush)
