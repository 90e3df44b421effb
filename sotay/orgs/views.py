"""Committee console: the tree with live counts, adoption table, unit history, restructuring."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from sotay.core import access
from sotay.core.access import Capability
from sotay.core.errors import DomainError
from sotay.core.views_helpers import AuthedRequest
from sotay.members.selectors import probation_due
from sotay.members.spreadsheets import write_xlsx
from sotay.members.views.console import xlsx_response

from . import selectors, services
from .access import access_org, orgs_in_scope
from .forms import OrgCreateForm, OrgTargetForm
from .models import Organization


@login_required
def console_home(request: AuthedRequest) -> HttpResponse:
    roots = (
        orgs_in_scope(request.user)
        .filter(
            path__in=access.scope_paths(request.user, Capability.MEMBERS_VIEW)
            + access.scope_paths(request.user, Capability.REPORTS_VIEW)
        )
        .distinct()
    )
    roots = list(roots)
    if not roots and access.scope_paths(request.user, Capability.CONTENT_WRITE):
        return redirect("content_console:list")  # writers of the editorial board
    if not roots:
        messages.error(request, "Bạn không giữ chức vụ cấp ủy nào nên không có trang quản lý.")
        return redirect("app:home")
    if len(roots) == 1:
        return redirect("console:unit", public_id=roots[0].public_id)
    return render(request, "console/home.html", {"roots": roots})


def _unit_context(request: AuthedRequest, org: Organization) -> dict:
    ancestors = [
        a
        for a in Organization.objects.get_ancestors(org)
        if access.can(request.user, Capability.MEMBERS_VIEW, a)
        or access.can(request.user, Capability.REPORTS_VIEW, a)
    ]
    return {
        "org": org,
        "ancestors": ancestors,
        "can_edit": access.can(request.user, Capability.MEMBERS_EDIT, org),
        "can_import": access.can(request.user, Capability.MEMBERS_IMPORT, org),
        "can_manage_orgs": access.can(request.user, Capability.ORGS_MANAGE, org),
    }


@login_required
def unit(request: AuthedRequest, public_id: str) -> HttpResponse:
    org = access_org(request.user, public_id, Capability.REPORTS_VIEW)
    total, children = selectors.children_with_counts(org)
    if request.GET.get("xuat") == "xlsx":
        headers = [
            "Đơn vị",
            "Mã",
            "Loại",
            "Đảng viên",
            "Dự bị",
            "Chính thức",
            "Miễn sinh hoạt",
            "Đã kích hoạt tài khoản",
        ]
        rows = [
            [
                c.name,
                c.code,
                c.get_kind_display(),
                n.total,
                n.probationary,
                n.full,
                n.exempt,
                n.activated,
            ]
            for c, n in children
        ]
        rows.append(
            [
                "Tổng cộng",
                org.code,
                "",
                total.total,
                total.probationary,
                total.full,
                total.exempt,
                total.activated,
            ]
        )
        return xlsx_response(
            write_xlsx("Đơn vị trực thuộc", headers, rows), f"don-vi-{org.code}.xlsx"
        )
    context = {
        **_unit_context(request, org),
        "total": total,
        "children": children,
        "tab": "unit",
        "probation_due": probation_due(org).count()
        if access.can(request.user, Capability.MEMBERS_VIEW, org)
        else 0,
    }
    template = "console/partials/children.html" if request.htmx else "console/unit.html"
    return render(request, template, context)


@login_required
def adoption(request: AuthedRequest, public_id: str) -> HttpResponse:
    org = access_org(request.user, public_id, Capability.REPORTS_VIEW)
    total, table = selectors.adoption_table(org)
    if request.GET.get("xuat") == "xlsx":
        headers = [
            "Thứ hạng",
            "Đơn vị",
            "Tổng số đảng viên",
            "Đảng viên mới kết nạp (dự bị)",
            "Đảng viên chính thức",
            "Đã kích hoạt tài khoản",
            "Tỷ lệ kích hoạt (%)",
            "Chưa kích hoạt",
        ]
        rows = [
            [
                r.rank,
                r.org.name,
                r.counts.total,
                r.counts.probationary,
                r.counts.full_incl_exempt,
                r.counts.activated,
                round(r.counts.activation_rate * 100, 1),
                r.counts.not_activated,
            ]
            for r in table
        ]
        rows.append(
            [
                "",
                "Tổng cộng",
                total.total,
                total.probationary,
                total.full_incl_exempt,
                total.activated,
                round(total.activation_rate * 100, 1),
                total.not_activated,
            ]
        )
        return xlsx_response(
            write_xlsx("Kết quả sử dụng", headers, rows), f"ket-qua-su-dung-{org.code}.xlsx"
        )
    return render(
        request,
        "console/adoption.html",
        {**_unit_context(request, org), "total": total, "table": table, "tab": "adoption"},
    )


@login_required
def history(request: AuthedRequest, public_id: str) -> HttpResponse:
    org = access_org(request.user, public_id, Capability.REPORTS_VIEW)
    events = org.events.select_related("related_org", "actor__member")[:200]
    return render(
        request,
        "console/history.html",
        {**_unit_context(request, org), "events": events, "tab": "history"},
    )


@login_required
def restructure(request: AuthedRequest, public_id: str) -> HttpResponse:
    org = access_org(request.user, public_id, Capability.ORGS_MANAGE)
    create_form = OrgCreateForm(prefix="new")
    target_form = OrgTargetForm(prefix="t")
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "create":
                create_form = OrgCreateForm(request.POST, prefix="new")
                if create_form.is_valid():
                    child = services.org_create(
                        parent=org, actor=request.user, **create_form.cleaned_data
                    )
                    messages.success(request, f"Đã thành lập {child.name}.")
                    return redirect("console:unit", public_id=child.public_id)
            elif action in ("move", "merge"):
                target_form = OrgTargetForm(request.POST, prefix="t")
                if target_form.is_valid():
                    target = (
                        orgs_in_scope(request.user, Capability.ORGS_MANAGE)
                        .filter(code=target_form.cleaned_data["target_code"].strip().upper())
                        .first()
                    )
                    if target is None:
                        raise DomainError(
                            "Không tìm thấy đơn vị đích trong phạm vi quản lý của bạn."
                        )
                    note = target_form.cleaned_data["note"]
                    if action == "move":
                        services.org_move(org=org, new_parent=target, actor=request.user, note=note)
                        messages.success(
                            request, f"Đã chuyển {org.name} về trực thuộc {target.name}."
                        )
                        return redirect("console:unit", public_id=org.public_id)
                    services.org_merge(source=org, target=target, actor=request.user, note=note)
                    messages.success(request, f"Đã hợp nhất {org.name} vào {target.name}.")
                    return redirect("console:unit", public_id=target.public_id)
        except DomainError as exc:
            messages.error(request, exc.message)
    return render(
        request,
        "console/restructure.html",
        {
            **_unit_context(request, org),
            "create_form": create_form,
            "target_form": target_form,
            "tab": "restructure",
        },
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@login_required
def rename(request: AuthedRequest, public_id: str) -> HttpResponse:
    org = access_org(request.user, public_id, Capability.ORGS_MANAGE)
    try:
        services.org_rename(org=org, name=request.POST.get("name", ""), actor=request.user)
        messages.success(request, "Đã đổi tên đơn vị.")
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("console:restructure", public_id=org.public_id)


__all__ = ["console_home", "unit", "adoption", "history", "restructure", "rename", "write_xlsx"]
