"""Committee side: question bank import/export, programmes, progress and item statistics."""

from __future__ import annotations

from typing import Any

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
    study_documents,
    study_units,
)
from ..forms import BankUploadForm, ProgrammeForm


@login_required
def home(request: AuthedRequest) -> HttpResponse:
    if not scope_paths(request.user, Capability.CONTENT_PUBLISH):
        raise PermissionDenied("Bạn không có quyền quản lý học tập.")
    units = study_units(request.user)
    docs = study_documents(request.user)
    upload = BankUploadForm(units=units)
    form = ProgrammeForm(units=units, categories=categories_for(request.user), documents=docs)
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
    elif request.method == "POST" and request.POST.get("action") == "policy":
        _save_policy(request)
        return redirect("study_console:home")
    elif request.method == "POST":
        form = ProgrammeForm(
            request.POST, units=units, categories=categories_for(request.user), documents=docs
        )
        if form.is_valid():
            data = form.cleaned_data
            audience = data.pop("audience")
            media = data.pop("media_links")
            try:
                data["materials"] = list(data.get("materials") or [])
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
            "policy": _policy_context(units),
        },
    )


def _policy_context(units: Any) -> dict[str, Any] | None:
    from ..choices import PointRule, RankingVisibility
    from ..points import DEFAULT_RULES

    province = next((u for u in units if u.depth == 1), None)
    if province is None:
        return None
    policy = selectors.policy_of(province)
    rules = {**DEFAULT_RULES, **(policy.rules if policy else {})}
    return {
        "province": province,
        "visibility": policy.visibility if policy else "cell",
        "visibilities": RankingVisibility.choices,
        "rules": [(value, label, rules.get(value, {})) for value, label in PointRule.choices],
    }


def _save_policy(request: AuthedRequest) -> None:
    from ..choices import PointRule

    province = next((u for u in study_units(request.user) if u.depth == 1), None)
    try:
        if province is None:
            raise DomainError("Chỉ cấp tỉnh quy định cách tính điểm và xếp hạng.")
        rules = {
            rule: {
                "points": int(request.POST.get(f"points-{rule}") or 0),
                "daily_cap": int(request.POST.get(f"cap-{rule}") or 0),
            }
            for rule in PointRule.values
        }
        services.policy_set(
            user=request.user,
            province=province,
            visibility=request.POST.get("visibility", ""),
            rules=rules,
        )
    except ValueError:
        messages.error(request, "Điểm và giới hạn phải là số nguyên.")
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Đã lưu cách tính điểm và phạm vi công bố xếp hạng.")


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


@login_required
def question_list(request: AuthedRequest) -> HttpResponse:
    from ..access import questions_manageable_by

    questions = (
        questions_manageable_by(request.user)
        .select_related("category", "current")
        .order_by("category__name", "id")[:300]
    )
    return render(request, "study/console/questions.html", {"questions": questions})


@login_required
def question_edit(request: AuthedRequest, public_id: str) -> HttpResponse:
    """Edit a question: a new version; attempts already made keep the wording they had."""
    from ..access import access_question
    from ..choices import Difficulty

    question = access_question(request.user, public_id)
    version = question.current
    if request.method == "POST":
        post = request.POST
        options = [
            {"key": k, "text": post.get(f"opt-{k}", "").strip()}
            for k in "ABCDEF"
            if post.get(f"opt-{k}", "").strip()
        ]
        correct = [
            c.strip().upper()
            for c in post.get("correct", "").replace(";", ",").split(",")
            if c.strip()
        ]
        try:
            services.question_save(
                user=request.user,
                unit=question.unit,
                category=post.get("category", ""),
                kind=question.kind,
                difficulty=post.get("difficulty", ""),
                text=post.get("text", ""),
                options=options,
                correct=correct,
                explanation=post.get("explanation", ""),
                tags=post.get("tags", ""),
                cited_item=version.cited_item if version else None,
                cited_anchor=version.cited_anchor if version else "",
                question=question,
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request, "Đã lưu phiên bản mới của câu hỏi; các bài đã làm giữ nguyên."
            )
            return redirect("study_console:questions")
    texts = {o["key"]: o["text"] for o in (version.options if version else [])}
    return render(
        request,
        "study/console/question.html",
        {
            "question": question,
            "version": version,
            "letters": [(k, texts.get(k, "")) for k in "ABCDEF"],
            "difficulties": Difficulty.choices,
        },
    )


@login_required
def evidence(request: AuthedRequest, public_id: str) -> HttpResponse:
    """Per-member study evidence of a unit for the annual quality rating (.xlsx)."""
    from sotay.members.spreadsheets import write_xlsx

    unit = access_org(request.user, public_id, Capability.REPORTS_VIEW)
    rows = selectors.evidence(unit)
    data = write_xlsx(
        "Minh chứng học tập",
        ["Họ và tên", "Số thẻ", "Chi bộ", "Chương trình được giao", "Đã đạt", "Điểm năm nay"],
        rows,
    )
    return xlsx_response(data, "minh-chung-hoc-tap.xlsx")
