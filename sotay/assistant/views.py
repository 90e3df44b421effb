"""The assistant page: ask, read the answer with its citations, or send the question on to the
cell committee when the documents do not answer it."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from sotay.core.views_helpers import AuthedRequest

from .engine import ask, paths_for

EXAMPLES = [
    "Đảng viên dự bị bao lâu thì được công nhận chính thức?",
    "Tôi già yếu có được miễn sinh hoạt không?",
    "Bỏ sinh hoạt mấy tháng thì bị xóa tên?",
    "Chi bộ họp mấy lần một tháng?",
]


@login_required
def assistant_page(request: AuthedRequest) -> HttpResponse:
    question = (request.GET.get("hoi") or "").strip()[:500]
    answer = ask(question, paths=paths_for(request.user)) if question else None
    forward = ""
    if question and request.user.member is not None:
        forward = "/y-kien/hoi-dap/?" + urlencode({"tieu-de": question[:200], "noi-dung": question})
    return render(
        request,
        "assistant/page.html",
        {"question": question, "answer": answer, "examples": EXAMPLES, "forward": forward},
    )
