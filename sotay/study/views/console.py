"""Committee side: question bank import/export, programmes, progress and item statistics."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render

from sotay.core.access import Capability, scope_paths
from sotay.core.errors import DomainError
from sotay.core.views_helpers import AuthedRequest
from sotay.members.views.console import xlsx_response
from sotay.orgs.access import access_org

from .. import bank, selectors, services
from ..access import (
    access_programme,
    can_report,
    categories_for,
    programmes_manageable_by,
    study_units,
)
from ..forms import BankUploadForm, ProgrammeForm


@login_required
def home(request: AuthedRequest) -> HttpResponse:
    if not scope_paths(request.user, Capability.CONTENT_PUBLISH):
        raise PermissionDenied("Bạn không có quyền quản lý học tập.")
    units = study_units(request.user)
    upload = BankUploadForm(units=units)
    form = ProgrammeForm(units=units, categories=categories_for(request.user))
    report = None
    if request.method == "POST" and request.POST.get("action") == "import":
        upload = BankUploadForm(request.POST, request.FILES, units=units)
        if upload.is_valid():
            f = upload.cleaned_data["file"]
            try:
                report = bank.import_questions(
                    user=request.user,
                    unit=upload.cleaned_data["unit"],
                    data=f.read(),
                    filename=f.name,
                )
            except DomainError as exc:
                upload.add_error("file", exc.message)
            else:
                if report.created:
                    messages.success(request, f"Đã thêm {report.created} câu hỏi vào ngân hàng.")
                    return redirect("study_console:home")
    elif request.method == "POST":
        form = ProgrammeForm(request.POST, units=units, categories=categories_for(request.user))
        if form.is_valid():
            data = form.cleaned_data
            audience = data.pop("audience")
            media = data.pop("media_links")
            try:
                programme = services.programme_create(
                    user=request.user, unit=audience, audience=audience, **data
                )
                programme.media_links = media
                programme.save(update_fields=["media_links"])
                services.programme_publish(user=request.user, programme=programme)
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, "Đã giao chương trình học tập.")
                return redirect("study_console:programme", programme.public_id)
    return render(
        request,
        "study/console/home.html",
        {
            "programmes": programmes_manageable_by(request.user).select_related("audience")[:50],
            "form": form,
            "upload": upload,
            "report": report,
            "units": units,
        },
    )


@login_required
def bank_export(request: AuthedRequest, public_id: str) -> HttpResponse:
    unit = access_org(request.user, public_id, Capability.CONTENT_PUBLISH)
    return xlsx_response(bank.export_questions(unit), "ngan-hang-cau-hoi.xlsx")


@login_required
def programme_stats(request: AuthedRequest, public_id: str) -> HttpResponse:
    programme = access_programme(request.user, public_id)
    wanted = request.GET.get("don-vi", "")
    unit = programme.audience
    if wanted:
        unit = access_org(request.user, wanted, Capability.REPORTS_VIEW)
        if not unit.path.startswith(programme.audience_path):
            unit = programme.audience
    if not can_report(request.user, unit):
        raise PermissionDenied("Bạn không xem được kết quả học tập của đơn vị này.")
    rows = selectors.progress(programme, unit)
    context = {
        "programme": programme,
        "unit": unit,
        "rows": rows,
        "not_started": selectors.not_started(programme, unit) if unit.kind == "cell" else [],
        "distribution": selectors.score_distribution(programme),
        "hardest": selectors.item_statistics(programme)[:10],
        "totals": {
            "members": sum(r.members for r in rows),
            "passed": sum(r.passed for r in rows),
            "started": sum(r.started for r in rows),
        },
    }
    if request.GET.get("xuat") == "xlsx":
        from sotay.members.spreadsheets import write_xlsx

        data = write_xlsx(
            "Kết quả học tập",
            ["Đơn vị", "Đảng viên", "Đã làm bài", "Đạt", "Tỷ lệ đạt (%)"],
            [(r.label, r.members, r.started, r.passed, r.completion) for r in rows],
        )
        return xlsx_response(data, "ket-qua-hoc-tap.xlsx")
    return render(request, "study/console/programme.html", context)
