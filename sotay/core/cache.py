"""What the member pages keep in the cache, and how it is forgotten.

Two kinds, never mixed across scopes:

* **per viewer** (``for_viewer``): a member's grants, unread counts — keyed by the member and
  by a *generation* that every write which could change the answer bumps after its commit.
  Only with a cache that every process shares (Redis, ``SOTAY_CACHE_SHARED``): with one local
  cache per process a role taken away in one process would still open pages in another.
* **per audience** (``for_audience``): what every member of the same audience paths sees alike
  (the newest items of a unit, search hits) — keyed by those paths, forgotten by a generation
  bump in the process that wrote it and, in every process, after a few seconds at most.

Keys are built here only, so that a key can never leave out the scope it depends on.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction

T = TypeVar("T")
AUDIENCE_TTL = 20  # seconds: a newly published item reaches the feed within this everywhere
VIEWER_TTL = 600


def shared() -> bool:
    return bool(getattr(settings, "SOTAY_CACHE_SHARED", False))


def _in_write() -> bool:
    """Inside a transaction of our own (a test case's outer one aside): what it reads may be
    rolled back or not yet seen by others, so it is neither cached nor read from the cache."""
    return any(not getattr(b, "_from_testcase", False) for b in connection.atomic_blocks)


def generation(name: str) -> int:
    return generations(name)[0]


def generations(*names: str) -> list[int]:
    """The current generation of each name, in one round trip to the cache."""
    keys = [f"gen:{n}" for n in names]
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            cache.add(key, 1, None)
            found[key] = cache.get(key, 1)
    return [int(found[k]) for k in keys]


def bump(*names: str) -> None:
    """Forget everything cached under these generations: now, and again once the transaction
    commits (another process may have cached the old answer in between)."""

    def go() -> None:
        for name in names:
            try:
                cache.incr(f"gen:{name}")
            except ValueError:  # never read yet (or evicted): any new value will do
                cache.set(f"gen:{name}", 2, None)

    go()
    if connection.in_atomic_block:
        transaction.on_commit(go)


def _key(kind: str, parts: Iterable[object]) -> str:
    raw = "|".join(str(p) for p in parts)
    return f"{kind}:{hashlib.blake2b(raw.encode(), digest_size=16).hexdigest()}"


def for_viewer(name: str, member_id: int, parts: Iterable[object], compute: Callable[[], T]) -> T:
    """``compute()`` for this member, cached while generation ``name`` and the member's own
    generation stay the same (shared cache only; else computed each time)."""
    if not shared() or not member_id or _in_write():
        return compute()
    key = _key(f"v:{name}", [member_id, *generations(name, f"member:{member_id}"), *parts])
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, VIEWER_TTL)
    return found  # type: ignore[no-any-return]


def forget_viewer(member_id: int | None) -> None:
    """Drop every per-viewer entry of one member (after they read a notice, a message...)."""
    if member_id:
        bump(f"member:{member_id}")


def for_each_audience(
    name: str, paths: list[str], parts: list[object], compute: Callable[[str], T]
) -> list[T]:
    """``compute(path)`` for each audience path, each shared by every viewer of that path:
    two round trips to the cache for all of them."""
    if _in_write():
        return [compute(p) for p in paths]
    (gen,) = generations(name)
    keys = [_key(f"a:{name}", [gen, p, "#", *parts]) for p in paths]
    found = cache.get_many(keys)
    out: list[T] = []
    for path, key in zip(paths, keys, strict=True):
        if key not in found:
            found[key] = compute(path)
            cache.set(key, found[key], AUDIENCE_TTL)
        out.append(found[key])
    return out


def for_audience(
    name: str, paths: Iterable[str], parts: Iterable[object], compute: Callable[[], T]
) -> T:
    """``compute()`` shared by every viewer of exactly these audience paths, for a few seconds."""
    if _in_write():
        return compute()
    key = _key(f"a:{name}", [generation(name), *sorted(paths), "#", *parts])
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, AUDIENCE_TTL)
    return found  # type: ignore[no-any-return]
