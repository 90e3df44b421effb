"""Reads of member pages from PostgreSQL streaming replicas; everything else on the primary.

A request may read from a replica only when all of these hold — decided here, nowhere else:

* it is a safe request (GET, HEAD, OPTIONS) that went through ``ReplicaReadsMiddleware``
  (task workers, websockets, management commands never do: they read the primary);
* the member did not write in the last ``SOTAY_REPLICA_PIN_SECONDS`` (a POST, or any write
  during a GET, pins them to the primary by a cookie — or, for an API token, by a key in the
  shared cache — so that their own comment is on the very next page: read-your-writes);
* nothing was written earlier in the same request, and the read is not inside a transaction
  (a transaction reads what it is about to write, on the primary).

One replica is chosen per request, so that the pages of one request agree with each other.
Replication lag is bounded by the pin: keep the pin longer than the lag your monitoring allows
(docs/deployment.md).
"""

from __future__ import annotations

import hashlib
import random
import time
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.http import HttpRequest, HttpResponse

PIN_COOKIE = "sotay_pin"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


@dataclass
class _RequestReads:
    replica: str | None
    wrote: bool = False


_reads: ContextVar[_RequestReads | None] = ContextVar("sotay_replica_reads", default=None)


def replicas() -> list[str]:
    return [alias for alias in settings.DATABASES if alias.startswith("replica")]


class ReplicaRouter:
    def db_for_read(self, model: Any, **hints: Any) -> str:
        state = _reads.get()
        if state is None or state.replica is None or state.wrote:
            return "default"
        if connections["default"].in_atomic_block:
            return "default"
        return state.replica

    def db_for_write(self, model: Any, **hints: Any) -> str:
        state = _reads.get()
        if state is not None:
            state.wrote = True  # the rest of this request, and the member's next pages: primary
        return "default"

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True  # replicas hold the same rows as the primary

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == "default"  # a replica follows the primary; it is never migrated itself


def _token_key(request: HttpRequest) -> str | None:
    auth = request.headers.get("Authorization", "")
    if not auth:
        return None
    return "pin:" + hashlib.sha256(auth.encode()).hexdigest()


def _pinned(request: HttpRequest) -> bool:
    try:
        if float(request.COOKIES.get(PIN_COOKIE, "0")) > time.time():
            return True
    except ValueError:
        pass
    key = _token_key(request)
    return key is not None and cache.get(key) is not None


class ReplicaReadsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        aliases = replicas()
        if not aliases:
            return self.get_response(request)
        safe = request.method in SAFE_METHODS
        choice = random.choice(aliases) if safe and not _pinned(request) else None  # noqa: S311
        state = _RequestReads(choice)
        token = _reads.set(state)
        try:
            response = self.get_response(request)
        finally:
            _reads.reset(token)
        if not safe or state.wrote:
            self._pin(request, response)
        return response

    def _pin(self, request: HttpRequest, response: HttpResponse) -> None:
        seconds = float(settings.SOTAY_REPLICA_PIN_SECONDS)
        response.set_cookie(
            PIN_COOKIE,
            f"{time.time() + seconds:.0f}",
            max_age=int(seconds),
            httponly=True,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )
        key = _token_key(request)
        if key is not None:
            cache.set(key, 1, seconds)
