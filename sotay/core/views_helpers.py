"""Small helpers shared by views: client address, htmx-aware rendering, pagination."""

from __future__ import annotations

import functools
import ipaddress
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

if TYPE_CHECKING:
    from django_htmx.middleware import HtmxDetails

    from sotay.members.models import User


class AuthedRequest(HttpRequest):
    """A request behind ``login_required`` (or API auth): ``user`` is a real account."""

    user: User  # type: ignore[assignment]
    htmx: HtmxDetails


def client_ip(request: HttpRequest) -> str | None:
    """The client's address: the socket's, unless that is a configured proxy
    (``TRUSTED_PROXIES``); then the nearest X-Forwarded-For hop that is not a proxy.

    Anyone can send X-Forwarded-For, so it is read only when our own proxy sent the request,
    and from the right: the left part is whatever the client claimed.
    """
    remote = request.META.get("REMOTE_ADDR") or None
    if remote is None or not _is_trusted_proxy(remote):
        return remote
    hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    for hop in reversed([h for h in hops if h]):
        if not _valid_ip(hop):
            return remote  # a garbled header: keep the proxy's address rather than guess
        if not _is_trusted_proxy(hop):
            return hop
    return remote


def _valid_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


@functools.cache
def _proxy_networks(
    spec: tuple[str, ...],
) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(item, strict=False) for item in spec)


def _is_trusted_proxy(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in net for net in _proxy_networks(tuple(settings.TRUSTED_PROXIES)))


def render_page(
    request: HttpRequest,
    template: str,
    context: dict[str, Any],
    partial: str | None = None,
    status: int = 200,
) -> HttpResponse:
    """Render the full page, or only ``partial`` when htmx asks for a fragment."""
    htmx = getattr(request, "htmx", None)
    if partial and htmx and not htmx.boosted:
        return render(request, partial, context, status=status)
    return render(request, template, context, status=status)


def paginate(request: HttpRequest, queryset: Any, per_page: int = 50) -> Page:
    """A page of ``queryset`` ("trang" in the query string).

    The page is chosen on ids alone, which an index can answer without reading table rows,
    and only that page's rows are then loaded: sorting 40,000 matches of a common name
    would otherwise carry every full row through the sort.
    """
    paginator = Paginator(queryset.values_list("pk", flat=True), per_page)
    page = paginator.get_page(request.GET.get("trang") or 1)
    ids = list(page.object_list)
    rows = queryset.order_by().in_bulk(ids)
    page.object_list = [rows[i] for i in ids]
    return page
