"""Bulletins: members read them (or download the printable PDF); committees assemble them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from sotay.core.access import ancestor_paths
from sotay.core.errors import DomainError
from sotay.core.views_helpers import AuthedRequest

from .. import services
from ..access import (
    PUBLISH,
    READ,
    WRITE,
    access_bulletin,
    bulletins_manageable_by,
    bulletins_visible_to,
    items_visible_to,
    units_writable_by,
)
from ..choices import BulletinStatus
from ..forms import BulletinForm
from ..pdf import bulletin_pdf
from .console import _require_writer


@login_required
def bulletin_list(request: AuthedRequest) -> HttpResponse:
    bulletins = bulletins_visible_to(request.user).select_related("unit")[:60]
    return render(request, "content/bulletins.html", {"bulletins": bulletins})


@login_required
def bulletin_detail(request: AuthedRequest, public_id: str) -> HttpResponse:
    bulletin = access_bulletin(request.user, public_id, READ)
    entries = bulletin.entries.select_related("item", "item__unit")
    return render(request, "content/bulletin.html", {"bulletin": bulletin, "entries": entries})


@login_required
def bulletin_download(request: AuthedRequest, public_id: str) -> HttpResponse:
    bulletin = access_bulletin(request.user, public_id, READ)
    try:
        data = bulletin_pdf(bulletin)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("content:bulletin", bulletin.public_id)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="ban-tin-{bulletin.issue_month:%Y-%m}.pdf"'
    )
    return response


@login_required
def console_bulletins(request: AuthedRequest) -> HttpResponse:
    _require_writer(request.user)
    bulletins = bulletins_manageable_by(request.user).select_related("unit")[:100]
    form = BulletinForm(request.POST or None, units=units_writable_by(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            bulletin = services.bulletin_create(
                user=request.user,
                unit=data["unit"],
                kind=data["kind"],
                title=data["title"],
                issue_month=data["issue_month"],
                intro=data["intro"],
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect("content_console:bulletin", bulletin.public_id)
    return render(request, "content/console/bulletins.html", {"bulletins": bulletins, "form": form})


@login_required
def console_bulletin(request: AuthedRequest, public_id: str) -> HttpResponse:
    """Choose and order the items; publish."""
    bulletin = access_bulletin(request.user, public_id, WRITE)
    chosen = list(bulletin.entries.select_related("item"))
    candidates = (
        items_visible_to(request.user)
        .filter(audience_path__in=ancestor_paths(bulletin.unit.path))
        .exclude(pk__in=[e.item_id for e in chosen])
        .select_related("unit")
        .order_by("-published_at")[:60]
    )
    if request.method == "POST" and bulletin.status == BulletinStatus.DRAFT:
        ids = request.POST.getlist("item")
        pool = {
            str(i.public_id): i
            for i in items_visible_to(request.user).filter(
                public_id__in=[x for x in ids if len(x) == 36]
            )
        }
        try:
            items = [pool[x] for x in ids if x in pool]
            if len(items) != len(ids):
                raise DomainError("Có bài không tồn tại hoặc bạn không được xem.")
            order = {x: _int(request.POST.get(f"order-{x}"), n) for n, x in enumerate(ids)}
            items.sort(key=lambda i: order[str(i.public_id)])
            notes = {i.pk: request.POST.get(f"note-{i.public_id}", "") for i in items}
            services.bulletin_set_entries(
                user=request.user, bulletin=bulletin, items=items, notes=notes
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "Đã lưu danh sách bài của bản tin.")
        return redirect("content_console:bulletin", bulletin.public_id)
    return render(
        request,
        "content/console/bulletin.html",
        {
            "bulletin": bulletin,
            "chosen": chosen,
            "candidates": candidates,
            "can_publish": can_publish_bulletin(request, bulletin),
        },
    )


def can_publish_bulletin(request: AuthedRequest, bulletin: object) -> bool:
    from sotay.core.access import Capability, can

    return can(request.user, Capability.CONTENT_PUBLISH, bulletin.unit)  # type: ignore[attr-defined]


def _int(value: str | None, default: int) -> int:
    try:
        return int(value or default)
    except ValueError:
        return default


@login_required
@require_POST
def console_bulletin_action(request: AuthedRequest, public_id: str, action: str) -> HttpResponse:
    bulletin = access_bulletin(request.user, public_id, PUBLISH)
    try:
        if action == "publish":
            services.bulletin_publish(user=request.user, bulletin=bulletin)
            messages.success(request, "Đã phát hành bản tin tới các đảng viên.")
        elif action == "withdraw":
            services.bulletin_withdraw(user=request.user, bulletin=bulletin)
            messages.success(request, "Đã gỡ bản tin.")
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("content_console:bulletin", bulletin.public_id)
