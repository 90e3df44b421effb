"""Committee console pages for member records: lists, detail, edits, codes, transfers, imports."""

from __future__ import annotations

import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from sotay.core import access
from sotay.core.access import Capability
from sotay.core.choices import AuditAction
from sotay.core.errors import DomainError
from sotay.core.views_helpers import AuthedRequest, client_ip, paginate
from sotay.orgs.access import access_org, orgs_in_scope
from sotay.orgs.models import Organization
from sotay.orgs.selectors import active_cell_by_code, roles_at

from .. import accounts, importing, selectors, services
from ..access import (
    access_correction,
    access_import,
    access_member,
    access_transfer,
    access_transfer_request,
    corrections_decidable_by,
    import_jobs_visible_to,
    transfer_requests_decidable_by,
    transfers_visible_to,
)
from ..choices import ImportKind, RequestStatus, TransferStatus
from ..forms import (
    DecisionForm,
    ImportForm,
    MemberFilterForm,
    MemberForm,
    RoleForm,
    StatusForm,
    TransferForm,
)
from ..models import Member
from ..photos import member_set_photo, photo_response
from ..rules import RECORD_FIELDS
from ..spreadsheets import write_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXPORT_HEADERS = [
    "Số thẻ đảng viên",
    "Họ và tên",
    "Giới tính",
    "Ngày sinh",
    "Dân tộc",
    "Ngày vào Đảng",
    "Ngày chính thức",
    "Trạng thái",
    "Chi bộ",
    "Mã chi bộ",
    "Trình độ học vấn",
    "Lý luận chính trị",
    "Nghề nghiệp",
    "Số điện thoại",
    "Tài khoản",
]


def audit_export(request: AuthedRequest, detail: str) -> None:
    """Every export of personal data is in the audit log (shown to the members concerned)."""
    services.audit_record(
        actor=request.user,
        member=None,
        action=AuditAction.EXPORT,
        detail=detail,
        ip=client_ip(request),
    )


def xlsx_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _unit_ctx(request: AuthedRequest, org: Organization, tab: str) -> dict:
    from sotay.orgs.views import _unit_context

    return {**_unit_context(request, org), "tab": tab}


@login_required
def member_list(request: AuthedRequest, public_id: str) -> HttpResponse:
    org = access_org(request.user, public_id, Capability.MEMBERS_VIEW)
    form = MemberFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = selectors.members_in(
        org,
        q=filters.get("q", ""),
        status=filters.get("status", ""),
        activated=filters.get("activated", ""),
    )
    if request.GET.get("xuat") == "xlsx":
        audit_export(request, f"Xuất danh sách {org.name}")
        rows = (
            [
                m.party_card_number,
                m.full_name,
                m.get_gender_display(),
                m.birth_date,
                m.ethnicity,
                m.admitted_on,
                m.full_member_on,
                m.get_status_display(),
                m.cell.name,
                m.cell.code,
                m.education,
                m.get_theory_level_display(),
                m.profession,
                m.phone,
                "Đã kích hoạt" if m.has_account else "Chưa",
            ]
            for m in qs.iterator(chunk_size=2000)
        )
        return xlsx_response(
            write_xlsx("Đảng viên", EXPORT_HEADERS, rows), f"dang-vien-{org.code}.xlsx"
        )
    page = paginate(request, qs, 50)
    context = {
        **_unit_ctx(request, org, "members"),
        "form": form,
        "page": page,
        "query": request.GET.urlencode(),
    }
    template = "console/partials/member_rows.html" if request.htmx else "console/members.html"
    return render(request, template, context)


@login_required
def member_detail(request: AuthedRequest, public_id: str) -> HttpResponse:
    member = access_member(request.user, public_id, "view")
    services.audit_record(actor=request.user, member=member, ip=client_ip(request))
    can = {
        a: access.can(request.user, c, member.cell)
        for a, c in {
            "edit": Capability.MEMBERS_EDIT,
            "code": Capability.ACCOUNTS_ISSUE_CODE,
            "transfer": Capability.TRANSFERS,
        }.items()
    }
    return render(
        request,
        "console/member_detail.html",
        {
            "member": member,
            "can": can,
            "rows": selectors.record_rows(member),
            "roles": selectors.member_roles(member),
            "history": member.history.select_related("actor")[:30],
            "cells": member.cell_history.all()[:20],
            "account": getattr(member, "user", None) if hasattr(member, "user") else None,
            "status_form": StatusForm(),
            "transfer_form": TransferForm(),
        },
    )


@login_required
def member_edit(request: AuthedRequest, public_id: str) -> HttpResponse:
    member = access_member(request.user, public_id, "edit")
    # The form validates a copy, so the service still sees the stored values to diff against.
    form = MemberForm(request.POST or None, instance=copy.copy(member))
    if request.method == "POST" and form.is_valid():
        values = {f: form.cleaned_data[f] for f in RECORD_FIELDS}
        try:
            changes = services.member_update(member=member, actor=request.user, values=values)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            services.audit_record(
                actor=request.user,
                member=member,
                action=AuditAction.EDIT_RECORD,
                detail=", ".join(RECORD_FIELDS[f] for f in changes),
                ip=client_ip(request),
            )
            messages.success(request, "Đã lưu hồ sơ." if changes else "Không có thay đổi nào.")
            return redirect("console:member", public_id=member.public_id)
    return render(
        request,
        "console/member_edit.html",
        {"member": member, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
def member_photo(request: AuthedRequest, public_id: str) -> HttpResponseBase:
    """GET: the photo (anyone who may open the record). POST: replace it (record editors)."""
    if request.method != "POST":
        member = access_member(request.user, public_id, "view")
        if not member.photo:
            raise Http404
        return photo_response(member)
    member = access_member(request.user, public_id, "edit")
    upload = request.FILES.get("photo")
    try:
        if upload is None:
            raise DomainError("Hãy chọn một tệp ảnh.")
        member_set_photo(member=member, upload=upload, actor=request.user)
        messages.success(request, "Đã cập nhật ảnh.")
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("console:member", public_id=member.public_id)


@require_POST
@login_required
def member_status(request: AuthedRequest, public_id: str) -> HttpResponse:
    member = access_member(request.user, public_id, "edit")
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Hãy chọn trạng thái và ngày hiệu lực hợp lệ.")
    else:
        try:
            services.member_set_status(member=member, actor=request.user, **form.cleaned_data)
            messages.success(request, "Đã cập nhật trạng thái.")
        except DomainError as exc:
            messages.error(request, exc.message)
    return redirect("console:member", public_id=member.public_id)


@require_POST
@login_required
def member_issue_code(request: AuthedRequest, public_id: str) -> HttpResponse:
    member = access_member(request.user, public_id, "issue_code")
    try:
        code = accounts.activation_code_issue(
            member=member, actor=request.user, ip=client_ip(request)
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("console:member", public_id=member.public_id)
    return render(request, "console/activation_code.html", {"member": member, "code": code})


@require_POST
@login_required
def member_reset_totp(request: AuthedRequest, public_id: str) -> HttpResponse:
    member = access_member(request.user, public_id, "edit")
    try:
        accounts.totp_reset(member=member, actor=request.user, ip=client_ip(request))
        messages.success(
            request, "Đã đặt lại xác thực 2 bước; lần đăng nhập tới đảng viên sẽ cài lại."
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("console:member", public_id=member.public_id)


@require_POST
@login_required
def member_transfer(request: AuthedRequest, public_id: str) -> HttpResponse:
    member = access_member(request.user, public_id, "transfer")
    form = TransferForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Hãy điền đủ mã chi bộ nơi đến, hình thức và lý do.")
        return redirect("console:member", public_id=member.public_id)
    data = form.cleaned_data
    to_cell = active_cell_by_code(data["to_cell_code"])
    try:
        if to_cell is None:
            raise DomainError("Không tìm thấy chi bộ có mã này.")
        services.transfer_send(
            member=member,
            to_cell=to_cell,
            kind=data["kind"],
            reason=data["reason"],
            until=data["until"],
            actor=request.user,
        )
        messages.success(
            request, f"Đã gửi giấy chuyển sinh hoạt đến {to_cell.name}; chờ nơi nhận tiếp nhận."
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("console:member", public_id=member.public_id)


@login_required
def transfers(request: AuthedRequest) -> HttpResponse:
    rows = (
        transfers_visible_to(request.user)
        .select_related("member", "from_cell", "to_cell")
        .order_by("-created_at")[:200]
    )
    items = [
        (
            t,
            access.can(request.user, Capability.TRANSFERS, t.to_cell),
            access.can(request.user, Capability.TRANSFERS, t.from_cell),
        )
        for t in rows
    ]
    asked = (
        transfer_requests_decidable_by(request.user)
        .filter(status=RequestStatus.PENDING)
        .select_related("member", "member__cell", "to_cell")
        .order_by("created_at")[:200]
    )
    return render(
        request,
        "console/transfers.html",
        {"items": items, "asked": asked, "SENT": TransferStatus.SENT, "form": DecisionForm()},
    )


@require_POST
@login_required
def transfer_request_decide(request: AuthedRequest, public_id: str, decision: str) -> HttpResponse:
    if decision not in ("issue", "decline"):
        raise Http404
    asked = access_transfer_request(request.user, public_id)
    try:
        services.transfer_request_decide(
            request=asked,
            actor=request.user,
            approve=decision == "issue",
            note=request.POST.get("note", ""),
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            f"Đã cấp giấy chuyển sinh hoạt cho {asked.member.full_name}."
            if decision == "issue"
            else f"Đã trả lời {asked.member.full_name}.",
        )
    return redirect("console:transfers")


@login_required
def transfer_letter(request: AuthedRequest, public_id: str) -> HttpResponse:
    from ..letters import introduction_letter, letter_response

    return letter_response(introduction_letter(access_transfer(request.user, public_id, "view")))


@require_POST
@login_required
def transfer_decide(request: AuthedRequest, public_id: str, decision: str) -> HttpResponse:
    action = {"accept": "receive", "reject": "receive", "cancel": "cancel"}.get(decision)
    if action is None:
        return redirect("console:transfers")
    transfer = access_transfer(request.user, public_id, action)
    note = request.POST.get("note", "")
    try:
        if decision == "accept":
            services.transfer_accept(transfer=transfer, actor=request.user, note=note)
            messages.success(request, f"Đã tiếp nhận {transfer.member.full_name}.")
        elif decision == "reject":
            services.transfer_reject(transfer=transfer, actor=request.user, note=note)
            messages.success(request, "Đã từ chối giấy chuyển.")
        else:
            services.transfer_cancel(transfer=transfer, actor=request.user)
            messages.success(request, "Đã hủy giấy chuyển.")
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("console:transfers")


@login_required
def corrections(request: AuthedRequest) -> HttpResponse:
    pending = (
        corrections_decidable_by(request.user)
        .filter(status=RequestStatus.PENDING)
        .select_related("member", "member__cell")
        .order_by("created_at")[:200]
    )
    items = [
        (c, [(RECORD_FIELDS.get(f, f), getattr(c.member, f), v) for f, v in c.changes.items()])
        for c in pending
    ]
    return render(request, "console/corrections.html", {"items": items, "form": DecisionForm()})


@require_POST
@login_required
def correction_decide(request: AuthedRequest, public_id: str) -> HttpResponse:
    item = access_correction(request.user, public_id, "decide")
    approve = request.POST.get("decision") == "approve"
    try:
        services.correction_decide(
            request=item, actor=request.user, approve=approve, note=request.POST.get("note", "")
        )
        services.audit_record(
            actor=request.user,
            member=item.member,
            action=AuditAction.DECIDE_CORRECTION,
            ip=client_ip(request),
        )
        messages.success(
            request, "Đã duyệt và cập nhật hồ sơ." if approve else "Đã từ chối đề nghị."
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("console:corrections")


@login_required
def probation(request: AuthedRequest, public_id: str) -> HttpResponse:
    org = access_org(request.user, public_id, Capability.MEMBERS_VIEW)
    due = selectors.probation_due(org)
    if request.GET.get("xuat") == "xlsx":
        rows = (
            [m.party_card_number, m.full_name, m.cell.name, m.admitted_on, m.probation_ends_on]
            for m in due.iterator(chunk_size=2000)
        )
        headers = ["Số thẻ đảng viên", "Họ và tên", "Chi bộ", "Ngày vào Đảng", "Hết dự bị"]
        return xlsx_response(
            write_xlsx("Đến hạn chính thức", headers, rows), f"den-han-chinh-thuc-{org.code}.xlsx"
        )
    return render(
        request,
        "console/probation.html",
        {**_unit_ctx(request, org, "probation"), "members": due[:500]},
    )


@login_required
def positions(request: AuthedRequest, public_id: str) -> HttpResponse:
    from sotay.orgs.access import access_role
    from sotay.orgs.services import role_assign, role_end

    org = access_org(request.user, public_id, Capability.MEMBERS_VIEW)
    can_manage = access.can(request.user, Capability.POSITIONS_MANAGE, org)
    form = RoleForm(request.POST or None)
    if request.method == "POST":
        access.require(request.user, Capability.POSITIONS_MANAGE, org)
        try:
            if "end" in request.POST:
                role_end(role=access_role(request.user, org, request.POST["end"]))
                messages.success(request, "Đã kết thúc chức vụ.")
                return redirect("console:positions", public_id=org.public_id)
            if form.is_valid():
                member = (
                    Member.objects.visible_to(request.user)
                    .filter(party_card_number=form.cleaned_data["member_card"].strip())
                    .first()
                )
                if member is None:
                    raise DomainError(
                        "Không tìm thấy đảng viên có số thẻ này trong phạm vi của bạn."
                    )
                role_assign(
                    member=member,
                    org=org,
                    kind=form.cleaned_data["kind"],
                    started_on=form.cleaned_data["started_on"],
                )
                messages.success(request, f"Đã giao chức vụ cho {member.full_name}.")
                return redirect("console:positions", public_id=org.public_id)
        except DomainError as exc:
            form.add_error(None, exc.message)
    roles = roles_at(org)
    return render(
        request,
        "console/positions.html",
        {
            **_unit_ctx(request, org, "positions"),
            "roles": roles,
            "form": form,
            "can_manage": can_manage,
        },
        status=400 if form.errors else 200,
    )


@login_required
def import_new(request: AuthedRequest, public_id: str) -> HttpResponse:
    org = access_org(request.user, public_id, Capability.MEMBERS_IMPORT)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        kind = form.cleaned_data["kind"]
        if kind == ImportKind.UNITS:
            access.require(request.user, Capability.ORGS_MANAGE, org)
        try:
            job = importing.import_start(
                kind=kind, org=org, upload=form.cleaned_data["file"], actor=request.user
            )
        except DomainError as exc:
            form.add_error("file", exc.message)
        else:
            return redirect("console:import", public_id=job.public_id)
    jobs = (
        import_jobs_visible_to(request.user)
        .filter(org=org)
        .select_related("uploaded_by__member")[:20]
    )
    return render(
        request,
        "console/import_new.html",
        {**_unit_ctx(request, org, "import"), "form": form, "jobs": jobs},
        status=400 if form.errors else 200,
    )


@login_required
def import_template(request: AuthedRequest, public_id: str, kind: str) -> HttpResponse:
    org = access_org(request.user, public_id, Capability.MEMBERS_IMPORT)
    if kind not in ImportKind.values:
        kind = ImportKind.MEMBERS
    headers = importing.template_headers(kind)
    cells = (
        orgs_in_scope(request.user, Capability.MEMBERS_IMPORT)
        .filter(path__startswith=org.path)
        .order_by("path")
        .values_list("code", "name", "kind")
    )
    example = (
        [
            [
                "Nguyễn Văn An",
                "",
                "Nam",
                "15/03/1985",
                "Thái Nguyên",
                "Thái Nguyên",
                "Kinh",
                "Không",
                "019085001234",
                "12345678",
                "20/05/2010",
                "20/05/2011",
                "Chính thức",
                "Đại học",
                "Trung cấp",
                "Giáo viên",
                "Trường THCS",
                "0912345678",
                "",
                "MÃ-CHI-BỘ",
            ]
        ]
        if kind == ImportKind.MEMBERS
        else [["MA-MOI", "Chi bộ thôn Mới", "Chi bộ", org.code, ""]]
    )
    data = write_xlsx(
        "Nhập dữ liệu",
        headers,
        example,
        extra_sheets={
            "Danh sách mã đơn vị": (
                ["Mã đơn vị", "Tên đơn vị", "Loại"],
                ([c, n, k] for c, n, k in cells),
            ),
            "Hướng dẫn": (
                ["Hướng dẫn"],
                [
                    ["Cột có dấu * là bắt buộc. Ngày ghi dạng ngày/tháng/năm, ví dụ 25/03/1980."],
                    [
                        "Giới tính: Nam hoặc Nữ. Trạng thái: Dự bị, Chính thức, "
                        "Miễn công tác và sinh hoạt."
                    ],
                    [
                        "Số thẻ đảng viên dùng để nhận diện: nhập lại cùng tệp sẽ cập nhật, "
                        "không tạo trùng."
                    ],
                    ["Mã chi bộ lấy ở trang “Danh sách mã đơn vị”. Xóa dòng ví dụ trước khi nhập."],
                ],
            ),
        },
    )
    return xlsx_response(data, f"mau-nhap-{kind}.xlsx")


@login_required
def import_detail(request: AuthedRequest, public_id: str) -> HttpResponse:
    job = access_import(request.user, public_id)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "discard":
                importing.import_discard(job=job)
                messages.info(request, "Đã hủy lần nhập; dữ liệu không thay đổi.")
            else:
                importing.import_confirm(
                    job=job, only_valid=request.POST.get("action") == "apply_valid"
                )
        except DomainError as exc:
            messages.error(request, exc.message)
        return redirect("console:import", public_id=job.public_id)
    context = {"job": job, "org": job.org, "errors": job.errors[:500]}
    template = (
        "console/partials/import_status.html" if request.htmx else "console/import_detail.html"
    )
    return render(request, template, context)
