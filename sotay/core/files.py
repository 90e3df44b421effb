"""Private files (chat attachments, task files, card and selfie images, audio clips) are
never exposed under MEDIA_URL: each is answered by a view after its access check.

With ``SOTAY_PRIVATE_FILES_ACCEL`` set (production behind nginx), the view answers with an
``X-Accel-Redirect`` to an ``internal`` nginx location that maps to MEDIA_ROOT, so nginx
sends the bytes; otherwise Django streams the file itself.
"""

from __future__ import annotations

import mimetypes
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBase
from django.utils.http import content_disposition_header

SAFE_INLINE = ("image/jpeg", "image/png", "image/webp", "image/gif", "audio/", "application/pdf")


def private_file_response(
    field_file: Any,
    *,
    filename: str = "",
    content_type: str = "",
    inline: bool | None = None,
) -> HttpResponseBase:
    """The file behind ``field_file`` for a user the caller has already checked."""
    if not field_file:
        raise Http404("Không có tệp.")
    name = filename or field_file.name.rsplit("/", 1)[-1]
    kind = content_type or mimetypes.guess_type(name)[0] or "application/octet-stream"
    # Only types a browser shows safely open in place; anything else (HTML, SVG...) is a
    # download, so that an uploaded page cannot run in the site's origin.
    show = inline if inline is not None else kind.startswith(SAFE_INLINE)
    accel = settings.SOTAY_PRIVATE_FILES_ACCEL
    response: HttpResponseBase
    if accel and isinstance(field_file.storage, FileSystemStorage):
        response = HttpResponse(content_type=kind)
        response["X-Accel-Redirect"] = accel.rstrip("/") + "/" + quote(field_file.name)
    else:
        try:
            handle = field_file.open("rb")
        except (FileNotFoundError, OSError) as exc:
            raise Http404("Tệp không còn.") from exc
        response = FileResponse(handle, content_type=kind)
    disposition = content_disposition_header(not show, name)
    if disposition:
        response["Content-Disposition"] = disposition
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response
