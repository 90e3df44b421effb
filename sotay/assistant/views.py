"""The assistant page: ask, read the answer with its citations, or send the question on to the
cell committee when the documents do not answer it."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpResponse
from django.shortcuts import render

from sotay.core.views_helpers import AuthedRequest

from .engine import MAX_QUESTION, paths_for, respond

EXAMPLES = [
    "Đảng viên dự bị bao lâu thì được công nhận chính thức?",
    "Tôi già yếu có được miễn sinh hoạt không?",
    "Bỏ sinh hoạt mấy tháng thì bị xóa tên?",
    "Chi bộ họp mấy lần một tháng?",
]


@login_required
def assistant_page(request: AuthedRequest) -> HttpResponse:
    question = (request.GET.get("hoi") or "").strip()
    too_long = len(question) > MAX_QUESTION
    answer = respond(question, paths=paths_for(request.user)) if question and not too_long else None
    forward = ""
    if question and request.user.member is not None:
        forward = "/y-kien/hoi-dap/?" + urlencode({"tieu-de": question[:200], "noi-dung": question})
    return render(
        request,
        "assistant/page.html",
        {
            "question": question[:MAX_QUESTION],
            "answer": answer,
            "too_long": too_long,
            "examples": EXAMPLES,
            "forward": forward,
        },
        status=400 if too_long else 200,
    )


@login_required
def listen_page(request: AuthedRequest, public_id: str) -> HttpResponse:
    """Listen to a document article by article (or a news item): server audio made by the task
    worker, speed control, position remembered; or the phone's own Vietnamese voice."""
    from sotay.content.access import access_item

    from .speech import service

    item = access_item(request.user, public_id)
    pending = service.outdated(item)
    if pending:
        service.request(item)
    parts = service.units(item)
    clips = {c.anchor: c for c in service.clips(item)}
    return render(
        request,
        "assistant/listen.html",
        {
            "item": item,
            "pending": pending,
            "parts": [
                {"anchor": a, "title": t, "text": x, "clip": clips.get(a)} for a, t, x in parts
            ],
        },
    )


@login_required
def audio(request: AuthedRequest, public_id: str, anchor: str = "") -> FileResponse:
    from django.http import Http404

    from sotay.content.access import access_item

    from .speech import service

    item = access_item(request.user, public_id)  # the one door: who may read the item
    clip = service.clip(item, anchor)
    if clip is None or not clip.audio:
        raise Http404("Chưa có âm thanh.")
    response = FileResponse(clip.audio.open("rb"), content_type=clip.content_type)
    response["Cache-Control"] = "private, max-age=86400"
    return response


@login_required
def notice_audio(request: AuthedRequest, public_id: str) -> FileResponse:
    """A received notice read aloud. The task worker makes it when the notice is sent; if a
    member opens it first (or the text changed), it is made now — notices are short."""
    from django.http import Http404

    from sotay.notices.access import received_notice

    from .speech import service

    notification = received_notice(request.user, public_id)  # the one door for notices
    if notification.notice is None:
        raise Http404
    clip = service.notice_clip(notification.notice)
    if clip is None:
        service.generate_notice(notification.notice.pk)
        clip = service.notice_clip(notification.notice)
    if clip is None:
        raise Http404("Chưa có âm thanh.")
    response = FileResponse(clip.audio.open("rb"), content_type=clip.content_type)
    response["Cache-Control"] = "private, max-age=86400"
    return response
