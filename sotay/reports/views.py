"""Report centre pages: thin — the period is parsed, the unit checked at the one door
(``orgs.access.access_org`` with REPORTS_VIEW), the figures read by ``selectors.report``."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from sotay.core import access
from sotay.core.access import Capability
from sotay.core.errors import DomainError
from sotay.core.views_helpers import AuthedRequest
from sotay.members.views.console import xlsx_response
from sotay.orgs.access import access_org, orgs_in_scope
from sotay.orgs.views import _unit_context

from . import exports, periods, selectors, services, tasks


@login_required
def index(request: AuthedRequest) -> HttpResponse:
    roots = list(
        orgs_in_scope(request.user, Capability.REPORTS_VIEW).filter(
            path__in=access.scope_paths(request.user, Capability.REPORTS_VIEW)
        )
    )
    if not roots:
        messages.error(request, "Bạn không giữ chức vụ cấp ủy nào nên không xem được báo cáo.")
        return redirect("app:home")
    return redirect("reports:unit", public_id=roots[0].public_id)


def _choices(today: dt.date) -> dict[str, object]:
    """What the period picker offers: the last 12 months, 8 quarters, 3 years."""
    this = today.replace(day=1)
    months = [periods.add_months(this, -i) for i in range(12)]
    quarter = this.year * 4 + (this.month - 1) // 3
    quarters = [((quarter - i) // 4, (quarter - i) % 4 + 1) for i in range(8)]
    return {
        "months": [(f"{m:%Y-%m}", f"Tháng {m.month}/{m.year}") for m in months],
        "quarters": [(f"{y}-Q{q}", f"Quý {q}/{y}") for y, q in quarters],
        "years": [str(this.year - i) for i in range(3)],
    }


@login_required
def unit(request: AuthedRequest, public_id: str) -> HttpResponse:
    org = access_org(request.user, public_id, Capability.REPORTS_VIEW)
    today = timezone.localdate()
    code = request.GET.get("ky", "")
    if request.GET.get("tu") or request.GET.get("den"):
        code = f"{request.GET.get('tu', '')}..{request.GET.get('den', '')}"
    try:
        period = periods.parse(code, today)
    except DomainError as exc:
        context = {**_unit_context(request, org), "tab": "reports", "error": exc.message,
                   "asked": code, **_choices(today)}  # fmt: skip
        return render(request, "reports/report.html", context, status=400)
    if request.method == "POST":
        n = services.refresh_request(user=request.user, unit=org, period=period)
        messages.success(
            request, f"Đã yêu cầu tính lại số liệu {n} tháng; tải lại trang sau ít phút."
        )
        return redirect(f"{request.path}?ky={period.code}")
    report = selectors.report(org, period, today)
    tasks.fill_in([m for m in report.missing if m <= today.replace(day=1)])
    fmt = request.GET.get("xuat")
    name = f"bao-cao-{org.code}-{period.code}".replace("..", "-den-")
    if fmt == "xlsx":
        return xlsx_response(exports.xlsx(report), f"{name}.xlsx")
    if fmt == "pdf":
        response = HttpResponse(
            exports.pdf(report, timezone.localtime()), content_type="application/pdf"
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
        return response
    urls = {
        c.path: f"{reverse('reports:unit', args=[c.public_id])}?ky={period.code}"
        for c in report.children
    }
    for section in report.sections:
        for child in section.children:
            child.url = urls[child.org.path]
    peak = max((f["members"] or 0 for _, f in report.trend), default=0) or 1
    chart = []
    for i, (month, f) in enumerate(report.trend):
        members_h = round(100 * (f["members"] or 0) / peak)
        active_h = round(100 * (f["active"] or 0) / peak)
        label = f"{month:%m/%Y}: {f['members']} đảng viên, {f['active']} thực sự dùng"
        chart.append(
            {"x": 20 * i + 2, "label": label, "members_y": 100 - members_h,
             "members_h": members_h, "active_y": 100 - active_h, "active_h": active_h}
        )  # fmt: skip
    context = {
        **_unit_context(request, org),
        "tab": "reports",
        "report": report,
        "period": period,
        "chart": chart,
        "chart_width": 20 * len(chart),
        **_choices(today),
    }
    return render(request, "reports/report.html", context)
