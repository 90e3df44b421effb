"""Committee side: write, review, publish, correct, withdraw; attachments; who has read it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from sotay.core.access import Capability, scope_paths
from sotay.core.errors import DomainError
from sotay.core.views_helpers import AuthedRequest, paginate

from .. import selectors, services
from ..access import (
    PUBLISH,
    WRITE,
    access_item,
    access_readership,
    can_publish,
    items_manageable_by,
    publisher_for,
    units_writable_by,
)
from ..choices import ItemKind, ItemStatus
from ..forms import AttachmentForm, ItemForm, PublishForm, ReasonForm, RelationForm


def _require_writer(user: Any) -> None:
    if not scope_paths(user, Capability.CONTENT_WRITE):
        raise PermissionDenied("Bạn không có quyền đăng tin.")


@login_required
def item_list(request: AuthedRequest) -> HttpResponse:
    _require_writer(request.user)
    status = request.GET.get("trang-thai", "")
    qs = items_manageable_by(request.user).select_related("unit")
    counts = dict(qs.values_list("status").annotate(n=Count("id")).order_by())
    if status in ItemStatus.values:
        qs = qs.filter(status=status)
    page = paginate(request, qs.order_by("-updated_at"), 30)
    tabs = [(value, label, counts.get(value, 0)) for value, label in ItemStatus.choices]
    return render(
        request,
        "content/console/list.html",
        {"page": page, "status": status, "tabs": tabs, "now": timezone.now()},
    )


def _form_error(form: Any, exc: DomainError) -> None:
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, exc.message)


@login_required
def item_new(request: AuthedRequest) -> HttpResponse:
    _require_writer(request.user)
    kind = ItemKind.DOCUMENT if request.GET.get("loai") == "van-kien" else ItemKind.ARTICLE
    units = units_writable_by(request.user)
    form = ItemForm(request.POST or None, request.FILES or None, kind=kind, units=units)
    if request.method == "POST" and form.is_valid():
        audience = form.cleaned_data["audience"]
        try:
            item = services.item_create(
                user=request.user,
                kind=kind,
                unit=publisher_for(request.user, audience),
                audience=audience,
                image=form.cleaned_data.get("image"),
                **form.service_fields(),
            )
        except DomainError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, "Đã lưu bản nháp.")
            return redirect("content_console:item", item.public_id)
    return render(request, "content/console/form.html", {"form": form, "kind": kind})


@login_required
def item_manage(request: AuthedRequest, public_id: str) -> HttpResponse:
    item = access_item(request.user, public_id, WRITE)
    context = {
        "item": item,
        "can_publish": can_publish(request.user, item),
        "publish_form": PublishForm(),
        "reason_form": ReasonForm(),
        "attachment_form": AttachmentForm(),
        "relation_form": RelationForm(),
        "attachments": item.attachments.all(),
        "revisions": item.revisions.select_related("editor").all(),
        "relations_out": item.relations_out.select_related("target"),
        "relations_in": item.relations_in.select_related("source"),
        "sections": item.sections.count(),
    }
    return render(request, "content/console/item.html", context)


@login_required
def item_edit(request: AuthedRequest, public_id: str) -> HttpResponse:
    """Edit a draft; for a published item this is a correction with a stated reason."""
    item = access_item(request.user, public_id, WRITE)
    correcting = item.status == ItemStatus.PUBLISHED
    if correcting:
        access_item(request.user, public_id, PUBLISH)
    initial = {name: getattr(item, name) for name in ItemForm.base_fields if hasattr(item, name)}
    initial["audience"] = item.audience_id
    form = ItemForm(
        request.POST or None,
        request.FILES or None,
        kind=item.kind,
        units=units_writable_by(request.user),
        initial=initial,
    )
    note = request.POST.get("note", "")
    if request.method == "POST" and form.is_valid():
        fields = form.service_fields()
        try:
            if correcting:
                services.item_correct(user=request.user, item=item, note=note, **fields)
            else:
                services.item_update(
                    user=request.user,
                    item=item,
                    audience=form.cleaned_data["audience"],
                    image=form.cleaned_data.get("image"),
                    **fields,
                )
        except DomainError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, "Đã đính chính." if correcting else "Đã lưu.")
            return redirect("content_console:item", item.public_id)
    return render(
        request,
        "content/console/form.html",
        {"form": form, "kind": item.kind, "item": item, "correcting": correcting, "note": note},
    )


@login_required
@require_POST
def item_action(request: AuthedRequest, public_id: str, action: str) -> HttpResponseBase:
    """submit / publish / reject / withdraw / attach / relate — each one service call."""
    item = access_item(
        request.user, public_id, PUBLISH if action in ("publish", "reject", "withdraw") else WRITE
    )
    try:
        message = _run_action(request, item, action)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, message)
    return redirect("content_console:item", item.public_id)


def _run_action(request: AuthedRequest, item: Any, action: str) -> str:  # noqa: C901
    user = request.user
    if action == "submit":
        services.item_submit(user=user, item=item)
        return "Đã gửi Ban Biên tập duyệt."
    if action == "publish":
        form = PublishForm(request.POST)
        if not form.is_valid():
            raise DomainError("Thời điểm hẹn giờ không hợp lệ (ngày/tháng/năm giờ:phút).")
        services.item_publish(user=user, item=item, at=form.cleaned_data["at"])
        return "Đã xuất bản." if not form.cleaned_data["at"] else "Đã hẹn giờ xuất bản."
    if action in ("reject", "withdraw"):
        reason = request.POST.get("reason", "")
        if action == "reject":
            services.item_reject(user=user, item=item, note=reason)
            return "Đã trả lại bài cho người viết."
        services.item_withdraw(user=user, item=item, reason=reason)
        return "Đã gỡ tin bài (vẫn được lưu cùng lý do)."
    if action == "attach":
        upload_form = AttachmentForm(request.POST, request.FILES)
        if not upload_form.is_valid():
            raise DomainError("Hãy chọn một tệp PDF hoặc DOCX.")
        services.attachment_add(user=user, item=item, upload=upload_form.cleaned_data["file"])
        return "Đã đính kèm tệp; nội dung tệp đã có trong tìm kiếm."
    if action == "relate":
        relation_form = RelationForm(request.POST)
        if not relation_form.is_valid():
            raise DomainError("Hãy nhập số, ký hiệu văn bản liên quan.")
        number = services.normalize_number(relation_form.cleaned_data["target_number"])
        target = selectors.document_by_number(user, number)
        if target is None:
            raise DomainError(f"Không tìm thấy văn bản {number} trong hệ thống.")
        services.relation_add(
            user=user, source=item, target=target, kind=relation_form.cleaned_data["kind"]
        )
        return "Đã ghi quan hệ giữa hai văn bản."
    raise DomainError("Thao tác không hợp lệ.")


@login_required
def readership(request: AuthedRequest, public_id: str) -> HttpResponse:
    item, roots = access_readership(request.user, public_id)
    wanted = request.GET.get("don-vi", "")
    root = wanted if wanted and any(wanted.startswith(r) for r in roots) else roots[0]
    org, crumbs = selectors.readership_place(root, roots)
    rows = selectors.readership(item, root)
    if request.GET.get("xuat") == "xlsx":
        from sotay.members.spreadsheets import write_xlsx
        from sotay.members.views.console import xlsx_response

        data = write_xlsx(
            "Ai đã đọc",
            ["Đơn vị / đảng viên", "Số đảng viên", "Đã mở", "Đọc hết", "Tỷ lệ mở (%)"],
            [(r.label, r.members, r.opened, r.finished, r.share) for r in rows],
        )
        return xlsx_response(data, f"ai-da-doc-{item.public_id}.xlsx")
    totals = {
        "members": sum(r.members for r in rows),
        "opened": sum(r.opened for r in rows),
        "finished": sum(r.finished for r in rows),
    }
    return render(
        request,
        "content/console/readership.html",
        {"item": item, "org": org, "rows": rows, "totals": totals, "crumbs": crumbs},
    )
