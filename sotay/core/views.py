"""Site-wide error answers."""

from __future__ import annotations

import sys

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

BUSY = "Hệ thống đang quá tải, xin thử lại sau ít giây."
RETRY_AFTER_SECONDS = 5


def _is_overload(exc: BaseException | None) -> bool:
    """No database connection could be had in time (pool exhausted or server full)."""
    from psycopg_pool import PoolTimeout

    while exc is not None:
        if isinstance(exc, PoolTimeout) or "too many clients" in str(exc):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: an overload is a 503 with Retry-After (the phone tries again); anything
    else is the plain 500 page. Rendered without a database (no context processors)."""
    if _is_overload(sys.exc_info()[1]):
        response: HttpResponse
        if request.path.startswith("/api/"):
            response = JsonResponse({"detail": BUSY}, status=503)
        else:
            html = loader.get_template("503.html").render({"message": BUSY})
            response = HttpResponse(html, status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return HttpResponse(loader.get_template("500.html").render(), status=500)
