"""Conditional GET for member pages (ETag / Last-Modified): a member on weak 3G who opens the
same article again gets "304 Not Modified" — no body, no rendering — when nothing they would
see has changed.

The tag covers everything the page shows: the page's own parts (the item's version, the
member's bookmarks on it...) and what the page frame shows of the member (their account,
display preferences, badges, whether they see the console link). Pages with a message to show
are never answered 304. The tag is checked after the page's access check, never before.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from typing import Any

from django.contrib.messages import get_messages
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.http import http_date, parse_etags

from . import access


def page_etag(request: HttpRequest, parts: Iterable[object]) -> str:
    user: Any = request.user
    from sotay.notices.selectors import unread_count

    frame = [
        user.pk,
        user.password[-12:],  # a new password signs the other sessions out: a new page
        user.large_text,
        user.high_contrast,
        getattr(user, "simple_mode", False),
        access.is_committee(user),
        unread_count(user.member_id),
    ]
    raw = "|".join(str(p) for p in [*frame, "#", *parts])
    return '"' + hashlib.blake2b(raw.encode(), digest_size=12).hexdigest() + '"'


def not_modified(request: HttpRequest, etag: str) -> HttpResponse | None:
    """A 304 when the browser already holds this version of the page, else None."""
    if request.method not in ("GET", "HEAD") or len(get_messages(request)):
        return None
    wanted = parse_etags(request.headers.get("If-None-Match", ""))
    if etag in wanted or "*" in wanted:
        response = HttpResponseNotModified()
        response["ETag"] = etag
        return response
    return None


def stamp(response: HttpResponse, etag: str, modified: dt.datetime | None = None) -> HttpResponse:
    """Tag the page and ask the browser to check back each time (it is private)."""
    response["ETag"] = etag
    if modified is not None:
        response["Last-Modified"] = http_date(modified.timestamp())
    response["Cache-Control"] = "private, no-cache"
    return response
