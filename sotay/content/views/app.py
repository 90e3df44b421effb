"""Members' side: feed, documents, reader, search, saved items, reading receipts."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from sotay.core.cache import generation
from sotay.core.conditional import not_modified, page_etag, stamp
from sotay.core.errors import DomainError
from sotay.core.files import private_file_response
from sotay.core.views_helpers import AuthedRequest, paginate, render_page

from .. import receipts, selectors, services
from .. import search as search_engine
from ..access import (
    access_attachment,
    access_item,
    audience_paths,
    can_publish,
    is_live_for,
)
from ..choices import (
    USEFUL_CATEGORIES,
    BookmarkKind,
    Category,
    DocLevel,
    DocType,
    ItemKind,
    LegalStatus,
)
from ..forms import SearchForm

FEED_TABS = [
    ("", "Tất cả"),
    ("van-kien", "Văn kiện"),
    ("tin-tuc", "Tin tức"),
    ("huu-ich", "Thông tin hữu ích"),
]


@login_required
def feed(request: AuthedRequest) -> HttpResponse:
    tab = request.GET.get("muc", "")
    category = request.GET.get("chuyen-muc", "")
    if category not in Category.values:
        category = ""
    kind = {"van-kien": ItemKind.DOCUMENT, "tin-tuc": ItemKind.ARTICLE}.get(tab, "")
    useful = USEFUL_CATEGORIES if tab == "huu-ich" else None
    page = selectors.feed(
        request.user,
        kind=kind,
        category=category,
        categories=useful,
        before=request.GET.get("truoc", ""),
    )
    paths = audience_paths(request.user)
    context = {
        # the rendered list is shared by members of the same audience paths (20 s at most)
        "feed_key": None
        if paths is None
        else "|".join([*paths, tab, category, request.GET.get("truoc", "")[:60]])
        + f"|{generation('feed')}",
        "page": page,
        "tab": tab,
        "tabs": FEED_TABS,
        "category": category,
        "categories": Category.choices,
    }
    return render_page(
        request, "content/feed.html", context, partial="content/partials/feed_items.html"
    )


@login_required
def documents(request: AuthedRequest) -> HttpResponse:
    doc_type = request.GET.get("loai", "")
    level = request.GET.get("cap", "")
    status = request.GET.get("hieu-luc", "")
    qs = selectors.documents(
        request.user,
        doc_type=doc_type if doc_type in DocType.values else "",
        level=level if level in DocLevel.values else "",
        legal_status=status if status in LegalStatus.values else "",
    )
    context = {
        "documents": paginate(request, qs, 30),
        "doc_types": DocType.choices,
        "levels": DocLevel.choices,
        "statuses": LegalStatus.choices,
        "doc_type": doc_type,
        "level": level,
        "status": status,
    }
    return render(request, "content/documents.html", context)


@login_required
def item_detail(request: AuthedRequest, public_id: str) -> HttpResponse:
    item = access_item(request.user, public_id)
    member = request.user.member
    if member is not None and is_live_for(request.user, item):
        receipts.opened(member=member, item=item)  # written in a batch, off the request
    parts = selectors.reader_parts(item)
    marks = selectors.saved_marks(request.user, item)
    item_version = f"{item.updated_at.timestamp()}-{generation('item')}"
    manages = can_publish(request.user, item)
    saved, later = sorted(marks[BookmarkKind.BOOKMARK]), sorted(marks[BookmarkKind.LATER])
    etag = page_etag(request, [item_version, manages, saved, later])
    unchanged = not_modified(request, etag)
    if unchanged is not None:
        return unchanged
    context = {
        "item": item,
        "sections": parts.sections,
        "toc": parts.toc,
        "attachments": parts.attachments,
        "related": selectors.related_readable(parts, request.user),
        "revisions": parts.revisions,
        "item_saved": "" in marks[BookmarkKind.BOOKMARK],
        "item_later": "" in marks[BookmarkKind.LATER],
        "can_manage": manages,
        # the rendered body is cached per version (any write to an item or its parts bumps it)
        "item_version": item_version,
    }
    return stamp(render(request, "content/item.html", context), etag, item.updated_at)


@login_required
def section_detail(request: AuthedRequest, public_id: str, anchor: str) -> HttpResponse:
    """One article (điều, mục) on its own page: the link to quote and share."""
    item = access_item(request.user, public_id)
    section = item.sections.filter(anchor=anchor).first()
    if section is None:
        raise Http404("Không tìm thấy điều, mục này.")
    sections, _ = selectors.reader_sections(item)
    start = next(i for i, s in enumerate(sections) if s.pk == section.pk)
    part = [section]
    for s in sections[start + 1 :]:
        if s.depth <= section.depth:
            break
        part.append(s)
    marks = selectors.saved_marks(request.user, item)
    context = {
        "item": item,
        "section": section,
        "part": part,
        "section_saved": section.anchor in marks[BookmarkKind.BOOKMARK],
    }
    return render(request, "content/section.html", context)


@login_required
@require_POST
def item_finished(request: AuthedRequest, public_id: str) -> HttpResponse:
    """Beacon from the reader when the end of the item comes into view."""
    item = access_item(request.user, public_id)
    if request.user.member is not None:
        services.receipt_finish(member=request.user.member, item=item)
    return HttpResponse(status=204)


@login_required
@require_POST
def bookmark(request: AuthedRequest, public_id: str) -> HttpResponse:
    item = access_item(request.user, public_id)
    kind = request.POST.get("kind", BookmarkKind.BOOKMARK)
    anchor = request.POST.get("anchor", "")
    on = request.POST.get("on", "1") == "1"
    try:
        saved = services.bookmark_set(user=request.user, item=item, kind=kind, anchor=anchor, on=on)
    except DomainError as exc:
        return HttpResponse(exc.message, status=400)
    if request.htmx:
        return render(
            request,
            "content/partials/bookmark_button.html",
            {"item": item, "kind": kind, "anchor": anchor, "saved": saved},
        )
    back = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return redirect(back)
    return redirect("content:item", item.public_id)


@login_required
def saved(request: AuthedRequest) -> HttpResponse:
    context = {
        "bookmarks": selectors.saved_items(request.user, BookmarkKind.BOOKMARK),
        "later": selectors.saved_items(request.user, BookmarkKind.LATER),
    }
    return render(request, "content/saved.html", context)


@login_required
def offline_list(request: AuthedRequest) -> JsonResponse:
    """URLs the service worker keeps for offline reading (saved + latest items)."""
    response = JsonResponse({"urls": selectors.offline_urls(request.user)})
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def search(request: AuthedRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    result = None
    within = None
    if form.is_valid() and form.cleaned_data["q"]:
        data = form.cleaned_data
        within = access_item(request.user, data["trong"]) if data["trong"] else None
        filters = search_engine.Filters(
            kind=data["loai"] or "",
            doc_type=data["the_loai"] or "",
            level=data["cap"] or "",
            year=data["nam"],
            legal_status=data["hieu_luc"] or "",
            item_id=within.pk if within else None,
        )
        result = selectors.search(request.user, data["q"], filters, data["trang"] or 1)
    query = request.GET.copy()
    query.pop("trang", None)
    query.pop("trong", None)
    context = {
        "form": form,
        "result": result,
        "query_string": query.urlencode(),
        "within": within,
    }
    return render_page(
        request, "content/search.html", context, partial="content/partials/search_results.html"
    )


@login_required
def attachment_download(request: AuthedRequest, public_id: str) -> HttpResponseBase:
    attachment = access_attachment(request.user, public_id)
    return private_file_response(
        attachment.file,
        filename=attachment.name,
        content_type=attachment.content_type,
        inline=False,
    )


@login_required
def item_image(request: AuthedRequest, public_id: str) -> FileResponse:
    item = access_item(request.user, public_id)
    if not item.image:
        raise Http404
    response = FileResponse(item.image.open("rb"))
    response["Cache-Control"] = "private, max-age=86400"
    return response
