"""The yearly rating: the member's own page, and one console page per unit where the cell
reviews and the committee above decides."""

from __future__ import annotations

import uuid

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render

from sotay.core.errors import DomainError
from sotay.core.views_helpers import AuthedRequest
from sotay.orgs.models import Organization

from . import selectors, services
from .access import (
    access_rating_unit,
    comment_asked_of,
    decider_of,
    may_decide,
    may_review,
    orgs_decided_by,
    ratings_decidable_by,
)
from .choices import RatingLevel, RatingStatus
from .forms import CapForm, CommentRequestForm, SelfAssessmentForm
from .models import QualityRating


def _int(value: str | None) -> int | None:
    try:
        return int(value or "")
    except ValueError:
        return None


def _uuid(value: str | None) -> uuid.UUID:
    """The posted id, or the nil UUID (which matches nothing) if it is not one."""
    try:
        return uuid.UUID(value or "")
    except ValueError:
        return uuid.UUID(int=0)


def _year(request: AuthedRequest) -> int:
    current = selectors.rating_year()
    year = _int(request.GET.get("nam"))
    return year if year and 2000 <= year <= current else current


@login_required
def my_rating(request: AuthedRequest) -> HttpResponse:
    """Bước 1 on the phone: the member's evidence, self-assessment and result."""
    member = request.user.member
    if member is None or member.cell is None:
        return redirect("app:home")
    year = selectors.rating_year()
    rating = selectors.rating_of_member(member, year)
    initial = (
        {
            "points": rating.self_points,
            "level": rating.self_level,
            "strengths": rating.strengths,
            "weaknesses": rating.weaknesses,
            "remedies": rating.remedies,
        }
        if rating
        else {}
    )
    form = SelfAssessmentForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.rating_self_assess(
                    member=member, actor=request.user, year=year, **form.cleaned_data
                )
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(request, "Đã gửi bản tự đánh giá tới chi bộ.")
                return redirect("ratings:mine")
        status = 400
    context = {
        "year": year,
        "rating": rating,
        "form": form,
        "editable": rating is None or rating.status == RatingStatus.SELF_ASSESSED,
        "evidence": selectors.evidence_for([member], year)[member.pk],
        "history": selectors.decided_history(member, before_year=year),
    }
    return render(request, "ratings/mine.html", context, status=status)


@login_required
def unit_page(request: AuthedRequest, public_id: str) -> HttpResponse:
    unit = access_rating_unit(request.user, public_id, "review")
    year = _year(request)
    if request.method == "POST":
        return _post(request, unit, year)
    if request.GET.get("xuat") == "xlsx":
        return _export(request, unit, year)
    return render(request, "ratings/unit.html", _context(request, unit, year))


def _export(request: AuthedRequest, unit: Organization, year: int) -> HttpResponse:
    """The year's results below ``unit``: a summary by level, then every member and every
    organisation with each step's figures (the register kept with the decision)."""
    from sotay.members.spreadsheets import write_xlsx
    from sotay.members.views.console import audit_export, xlsx_response

    audit_export(request, f"Xuất kết quả xếp loại năm {year} của {unit.name}")
    rows = selectors.results_below(unit, year)
    totals = selectors.level_totals(unit, year)
    rated = {k: sum(c.values()) for k, c in totals.items()}
    summary = [
        [
            label,
            totals["members"][key],
            round(100 * totals["members"][key] / rated["members"], 1) if rated["members"] else 0,
            totals["orgs"][key],
            round(100 * totals["orgs"][key] / rated["orgs"], 1) if rated["orgs"] else 0,
        ]
        for key, label in RatingLevel.choices
    ]
    summary.append(["Tổng số đã xếp loại", rated["members"], 100, rated["orgs"], 100])
    step_heads = [
        "Tự chấm điểm", "Tự xếp loại", "Đề xuất", "Phiếu tán thành", "Số biểu quyết",
        "Xếp loại chính thức", "Ngày quyết định", "Ghi chú",
    ]  # fmt: skip

    def steps(r: QualityRating) -> list[object]:
        return [
            r.self_points, r.get_self_level_display(), r.get_proposed_level_display(),
            r.votes_for, r.voters, r.get_level_display(),
            r.decided_at.date() if r.decided_at else "", r.decision_note,
        ]  # fmt: skip

    members = (
        [r.unit.name, r.member.full_name, r.member.party_card_number, *steps(r)]  # type: ignore[union-attr]
        for r in rows.filter(member__isnull=False).iterator(chunk_size=2000)
    )
    orgs = (
        [r.unit.name, r.unit.code, *steps(r)]
        for r in rows.filter(org__isnull=False).iterator(chunk_size=2000)
    )
    data = write_xlsx(
        f"Tổng hợp năm {year}",
        ["Mức xếp loại", "Đảng viên", "Tỷ lệ (%)", "Tổ chức đảng", "Tỷ lệ (%)"],
        summary,
        extra_sheets={
            "Đảng viên": (["Chi bộ", "Họ và tên", "Số thẻ đảng viên", *step_heads], members),
            "Tổ chức đảng": (["Tổ chức", "Mã", *step_heads], orgs),
        },
    )
    return xlsx_response(data, f"xep-loai-{year}-{unit.code}.xlsx")


def _context(request: AuthedRequest, unit: Organization, year: int, **extra: object) -> dict:
    from sotay.orgs.views import _unit_context

    user = request.user
    ctx: dict = {**_unit_context(request, unit), "tab": "ratings", "year": year}
    ctx["years"] = list(range(selectors.rating_year(), selectors.rating_year() - 4, -1))
    ctx["levels"] = RatingLevel.choices
    totals = selectors.level_totals(unit, year)
    ctx["totals"] = [
        (label, totals["members"][key], totals["orgs"][key]) for key, label in RatingLevel.choices
    ]
    ctx["reviewing"] = may_review(user, unit)
    own = selectors.rating_of_org(unit, year)
    ctx["own"] = own
    ctx["own_form"] = extra.get("own_form") or SelfAssessmentForm(
        initial={
            "points": own.self_points,
            "level": own.self_level,
            "strengths": own.strengths,
            "weaknesses": own.weaknesses,
            "remedies": own.remedies,
        }
        if own
        else None
    )
    if unit.kind == "cell" and ctx["reviewing"]:
        members = list(selectors.members_to_rate(unit))
        ratings = selectors.ratings_by_member(members, year)
        evidence = selectors.evidence_for(members, year)
        comments = selectors.comments_for(members, year)
        ctx["rows"] = [(m, ratings.get(m.pk), evidence[m.pk], comments[m.pk]) for m in members]
        ctx["comment_form"] = extra.get("comment_form") or CommentRequestForm()
        ctx["asked_of_us"] = selectors.comments_asked_of(unit).filter(year=year)
    if unit.kind != "cell" and may_review(user, unit):
        pending = (
            ratings_decidable_by(user)
            .filter(decider=unit, year=year, member__isnull=False)
            .exclude(status=RatingStatus.SELF_ASSESSED)
            .select_related("member", "unit")
            .order_by("unit_path", "member__full_name")
        )
        ctx["pending"] = list(pending[:2000])
        children = orgs_decided_by(unit)
        child_ratings = selectors.ratings_by_org(children, year)
        ctx["child_orgs"] = [(c, child_ratings.get(c.pk)) for c in children]
        percent = selectors.cap_percent(unit, year)
        for key, members_side in (("member_cap", True), ("org_cap", False)):
            counts = selectors.decided_counts(unit, year, members=members_side)
            ctx[key] = {
                "percent": percent,
                "good": counts[RatingLevel.GOOD],
                "excellent": counts[RatingLevel.EXCELLENT],
                "allowed": selectors.excellent_allowed(counts[RatingLevel.GOOD], percent),
            }
        ctx["cap_form"] = extra.get("cap_form") or CapForm(initial={"percent": percent})
    ctx["may_decide_own"] = may_decide(user, unit)
    ctx["decider"] = decider_of(unit)
    return ctx


def _post(request: AuthedRequest, unit: Organization, year: int) -> HttpResponse:
    step = request.POST.get("step", "")
    user = request.user
    extra: dict = {}
    try:
        if step == "propose":
            proposals = [
                services.Proposal(
                    member_id=int(key.removeprefix("level_")),
                    level=value,
                    votes_for=_int(request.POST.get(f"votes_{key.removeprefix('level_')}")),
                    note=request.POST.get(f"note_{key.removeprefix('level_')}", ""),
                )
                for key, value in request.POST.dict().items()
                if key.startswith("level_") and key.removeprefix("level_").isdigit() and value
            ]
            saved = services.ratings_propose(
                actor=user,
                cell=unit,
                year=year,
                voters=_int(request.POST.get("voters")),
                proposals=proposals,
            )
            messages.success(
                request, f"Đã gửi đề xuất xếp loại {len(saved)} đảng viên lên cấp ủy cấp trên."
            )
        elif step == "decide":
            levels = {
                int(key.removeprefix("final_")): value
                for key, value in request.POST.dict().items()
                if key.startswith("final_") and key.removeprefix("final_").isdigit() and value
            }
            done = services.ratings_decide(
                actor=user,
                decider=unit,
                year=year,
                levels=levels,
                note=request.POST.get("note", ""),
            )
            messages.success(request, f"Đã quyết định xếp loại {len(done)} đảng viên.")
        elif step == "org_self":
            data = _valid(
                SelfAssessmentForm(request.POST), extra, "own_form",
                "Bản tự đánh giá của tổ chức chưa đủ: xem các ô báo lỗi.",
            )  # fmt: skip
            services.org_self_assess(actor=user, org=unit, year=year, **data)
            messages.success(request, "Đã gửi bản tự đánh giá của tổ chức lên cấp ủy cấp trên.")
        elif step == "org_decide":
            key = _uuid(request.POST.get("org"))
            child = next((o for o in orgs_decided_by(unit) if o.public_id == key), None)
            if child is None:
                raise DomainError("Không tìm thấy tổ chức trực thuộc này.")
            services.org_rating_decide(
                actor=user,
                org=child,
                year=year,
                level=request.POST.get("level", ""),
                note=request.POST.get("note", ""),
            )
            messages.success(request, f"Đã quyết định xếp loại {child.name}.")
        elif step == "cap":
            data = _valid(CapForm(request.POST), extra, "cap_form", "Hãy chọn tỉ lệ tối đa.")
            services.excellent_cap_set(actor=user, unit=unit, year=year, **data)
            messages.success(request, "Đã ghi tỉ lệ tối đa.")
        elif step == "ask":
            data = _valid(
                CommentRequestForm(request.POST), extra, "comment_form",
                "Hãy điền số thẻ, nơi nhận xét và mã chi bộ.",
            )  # fmt: skip
            _ask(request, unit, year, data)
            messages.success(request, "Đã gửi đề nghị nhận xét.")
        elif step == "comment":
            comment = comment_asked_of(unit, request.POST.get("comment"))
            if comment is None:
                raise DomainError("Không tìm thấy đề nghị nhận xét này.")
            services.comment_give(actor=user, comment=comment, text=request.POST.get("text", ""))
            messages.success(request, "Đã gửi nhận xét tới chi bộ đánh giá.")
        else:
            raise DomainError("Thao tác không hợp lệ.")
    except DomainError as exc:
        messages.error(request, exc.message)
        return render(
            request, "ratings/unit.html", _context(request, unit, year, **extra), status=400
        )
    return redirect(f"{request.path}?nam={year}")


def _valid(form: forms.Form, extra: dict, key: str, message: str) -> dict:
    """The form's cleaned data; otherwise the form is kept for the page and ``message`` raised."""
    extra[key] = form
    if not form.is_valid():
        raise DomainError(message)
    return form.cleaned_data


def _ask(request: AuthedRequest, unit: Organization, year: int, data: dict) -> None:
    from sotay.orgs.selectors import active_cell_by_code

    member = selectors.member_in_cell_by_card(unit, data["card"])
    if member is None:
        raise DomainError("Chi bộ không có đảng viên mang số thẻ này.")
    source = active_cell_by_code(data["from_code"])
    if source is None:
        raise DomainError("Không tìm thấy chi bộ có mã này.")
    services.comment_request(
        actor=request.user, member=member, year=year, kind=data["kind"], from_unit=source
    )
