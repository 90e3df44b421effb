"""Committees: build and open surveys and read their results; post drafts, moderate and decide
comments; answer members' questions; statistics per unit."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from sotay.core.access import scope_paths
from sotay.core.errors import DomainError
from sotay.core.views_helpers import AuthedRequest
from sotay.members.spreadsheets import write_xlsx
from sotay.members.views.console import xlsx_response
from sotay.orgs.access import access_org

from .. import selectors
from ..access import (
    MANAGE,
    access_comment,
    access_consultation,
    access_inquiry,
    access_survey,
    consultations_manageable_by,
    inquiries_manageable_by,
    owning_unit,
    participation_units,
    responders,
    surveys_manageable_by,
)
from ..choices import Decision, InquiryStatus, Phase
from ..forms import DraftForm, QuestionForm, ReviseForm, SurveyForm, lines
from ..services import consultations, inquiries, surveys
from ..synthesis import synthesis_docx


def _require_any(request: AuthedRequest) -> None:
    if not scope_paths(request.user, MANAGE):
        raise PermissionDenied("Bạn không có quyền lấy ý kiến, trả lời đảng viên.")


def _policy(request: AuthedRequest) -> Any:
    from ..services.inquiries import answer_days

    provinces = [u for u in participation_units(request.user) if u.depth == 1]
    if not provinces:
        return None
    return {"province": provinces[0], "answer_days": answer_days(provinces[0].path)}


@login_required
def home(request: AuthedRequest) -> HttpResponse:
    _require_any(request)
    units = participation_units(request.user)
    survey_form = SurveyForm(units=units)
    draft_form = DraftForm(units=units)
    action = request.POST.get("action") if request.method == "POST" else None
    try:
        if action == "survey":
            survey_form = SurveyForm(request.POST, units=units)
            if survey_form.is_valid():
                data = survey_form.cleaned_data
                audience = data["audience"]
                survey = surveys.survey_create(
                    user=request.user, unit=owning_unit(request.user, audience), **data
                )
                messages.success(request, "Đã tạo khảo sát; hãy thêm câu hỏi rồi mở khảo sát.")
                return redirect("participation_console:survey", survey.public_id)
        elif action == "draft":
            draft_form = DraftForm(request.POST, request.FILES, units=units)
            if draft_form.is_valid():
                data = draft_form.cleaned_data
                consultation = consultations.consultation_create(
                    user=request.user,
                    unit=owning_unit(request.user, data["audience"]),
                    audience=data["audience"],
                    title=data["title"],
                    summary=data["summary"],
                    closes_at=data["closes_at"],
                    text=data["text"],
                    upload=data["file"],
                )
                messages.success(request, "Đã đăng dự thảo để lấy ý kiến.")
                return redirect("participation_console:draft", consultation.public_id)
        elif action == "policy":
            policy = _policy(request)
            if policy is None:
                raise PermissionDenied
            inquiries.policy_set(
                user=request.user,
                province=policy["province"],
                answer_days=int(request.POST.get("answer_days") or 0),
            )
            messages.success(request, "Đã lưu thời hạn trả lời.")
            return redirect("participation_console:home")
    except DomainError as exc:
        form = survey_form if action == "survey" else draft_form
        if action in ("survey", "draft"):
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.error(request, exc.message)
    except ValueError:
        messages.error(request, "Thời hạn trả lời phải là số ngày.")
    queue = inquiries_manageable_by(request.user).select_related("member", "unit", "assignee")
    return render(
        request,
        "participation/console/home.html",
        {
            "surveys": surveys_manageable_by(request.user).select_related("audience")[:50],
            "drafts": consultations_manageable_by(request.user).select_related("audience")[:50],
            "queue": queue.filter(status=InquiryStatus.OPEN).order_by("due_at")[:100],
            "counts": selectors.inquiry_counts(queue),
            "survey_form": survey_form,
            "draft_form": draft_form,
            "units": units[:20],
            "policy": _policy(request),
            "now": timezone.now(),
        },
        status=400 if survey_form.errors or draft_form.errors else 200,
    )


@login_required
def survey_detail(request: AuthedRequest, public_id: str) -> HttpResponse:
    survey = access_survey(request.user, public_id, manage=True)
    questions = list(survey.questions.all())
    form = QuestionForm(questions=questions)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "question":
                form = QuestionForm(request.POST, questions=questions)
                if form.is_valid():
                    data = form.cleaned_data
                    surveys.question_add(
                        user=request.user,
                        survey=survey,
                        kind=data["kind"],
                        text=data["text"],
                        options=lines(data["options"]),
                        rows=lines(data["rows"]),
                        required=data["required"],
                        scale_min=data["scale_min"],
                        scale_max=data["scale_max"],
                        show_if_question=data["show_if_question"],
                        show_if_options=[
                            k.strip() for k in data["show_if_options"].split(",") if k.strip()
                        ],
                    )
                    messages.success(request, "Đã thêm câu hỏi.")
                    return redirect("participation_console:survey", survey.public_id)
            elif action == "remove":
                question = next(q for q in questions if q.key == request.POST.get("key"))
                surveys.question_remove(user=request.user, question=question)
                return redirect("participation_console:survey", survey.public_id)
            elif action == "open":
                surveys.survey_open(user=request.user, survey=survey)
                messages.success(request, "Đã mở khảo sát và báo cho các đảng viên.")
                return redirect("participation_console:survey", survey.public_id)
            elif action == "close":
                surveys.survey_close(user=request.user, survey=survey)
                messages.success(request, "Đã kết thúc khảo sát.")
                return redirect("participation_console:survey", survey.public_id)
        except StopIteration:
            messages.error(request, "Không tìm thấy câu hỏi.")
        except DomainError as exc:
            if action == "question":
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.error(request, exc.message)
    unit = survey.audience
    if request.GET.get("don-vi"):
        unit = access_org(request.user, request.GET["don-vi"])
        if not unit.path.startswith(survey.audience_path):
            unit = survey.audience
    results = selectors.survey_results(survey, unit) if survey.phase != Phase.DRAFT else None
    return render(
        request,
        "participation/console/survey.html",
        {"survey": survey, "questions": questions, "form": form, "results": results, "unit": unit},
        status=400 if form.errors else 200,
    )


@login_required
def survey_export(request: AuthedRequest, public_id: str) -> HttpResponse:
    survey = access_survey(request.user, public_id, manage=True)
    results = selectors.survey_results(survey, survey.audience, texts=5000)
    rows: list[list[Any]] = []
    for r in results.questions:
        q = r.question
        for bar in r.bars:
            rows.append(
                [q.position, q.text, q.get_kind_display(), "", bar.label, bar.count, bar.percent]
            )
        for row in r.rows:
            for bar in row.bars:
                rows.append(
                    [
                        q.position,
                        q.text,
                        q.get_kind_display(),
                        row.label,
                        bar.label,
                        bar.count,
                        bar.percent,
                    ]
                )
    texts = [[r.question.position, r.question.text, t] for r in results.questions for t in r.texts]
    units = [[u.name, n] for u, n in results.units]
    data = write_xlsx(
        "Kết quả",
        ["Câu", "Câu hỏi", "Loại", "Dòng / phương án xếp", "Lựa chọn", "Số lượt", "%"],
        rows,
        extra_sheets={
            "Trả lời tự do": (["Câu", "Câu hỏi", "Trả lời"], texts if not results.hidden else []),
            "Theo đơn vị": (["Đơn vị", "Số người trả lời"], units),
        },
    )
    return xlsx_response(data, f"khao-sat-{survey.public_id.hex[:8]}.xlsx")


@login_required
def draft_detail(request: AuthedRequest, public_id: str) -> HttpResponse:
    consultation = access_consultation(request.user, public_id, manage=True)
    revise = ReviseForm()
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "revise":
                revise = ReviseForm(request.POST, request.FILES)
                if revise.is_valid():
                    version = consultations.consultation_revise(
                        user=request.user,
                        consultation=consultation,
                        note=revise.cleaned_data["note"],
                        text=revise.cleaned_data["text"],
                        upload=revise.cleaned_data["file"],
                    )
                    messages.success(request, f"Đã đăng dự thảo lần {version.number}.")
                    return redirect("participation_console:draft", consultation.public_id)
            elif action == "close":
                consultations.consultation_close(user=request.user, consultation=consultation)
                messages.success(request, "Đã kết thúc lấy ý kiến.")
                return redirect("participation_console:draft", consultation.public_id)
            elif action in ("hide", "decide"):
                comment = access_comment(request.user, request.POST.get("comment", ""))
                if action == "hide":
                    consultations.comment_hide(
                        user=request.user, comment=comment, reason=request.POST.get("reason", "")
                    )
                    messages.success(request, "Đã ẩn góp ý.")
                else:
                    consultations.comment_decide(
                        user=request.user,
                        comment=comment,
                        decision=request.POST.get("decision", ""),
                        response=request.POST.get("response", ""),
                    )
                    messages.success(request, "Đã ghi kết quả tiếp thu và báo cho đảng viên.")
                return redirect(
                    f"/quan-ly/y-kien/du-thao/{consultation.public_id}/#c-{comment.public_id}"
                )
        except DomainError as exc:
            if action == "revise":
                revise.add_error(exc.field if exc.field in revise.fields else None, exc.message)
            else:
                messages.error(request, exc.message)
    return render(
        request,
        "participation/console/draft.html",
        {
            "consultation": consultation,
            "view": selectors.draft_view(consultation, with_hidden=True),
            "versions": consultation.versions.all(),
            "revise": revise,
            "decisions": [(v, label) for v, label in Decision.choices if v != Decision.PENDING],
        },
        status=400 if revise.errors else 200,
    )


@login_required
def draft_synthesis(request: AuthedRequest, public_id: str) -> HttpResponse:
    consultation = access_consultation(request.user, public_id, manage=True)
    response = HttpResponse(
        synthesis_docx(consultation),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="tong-hop-y-kien-{consultation.public_id.hex[:8]}.docx"'
    )
    return response


@login_required
def inquiry_detail(request: AuthedRequest, public_id: str) -> HttpResponse:
    inquiry = access_inquiry(request.user, public_id, manage=True)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "assign":
                wanted = int(request.POST.get("assignee") or 0)
                assignee = next((u for u in responders(inquiry) if u.pk == wanted), None)
                inquiries.inquiry_assign(user=request.user, inquiry=inquiry, assignee=assignee)
                messages.success(request, "Đã giao người trả lời.")
            elif action == "answer":
                inquiries.inquiry_answer(
                    user=request.user, inquiry=inquiry, answer=request.POST.get("answer", "")
                )
                messages.success(request, "Đã gửi câu trả lời cho đảng viên.")
            elif action == "publish":
                inquiries.inquiry_publish(
                    user=request.user, inquiry=inquiry, question=request.POST.get("question", "")
                )
                messages.success(request, "Đã đưa vào hỏi đáp thường gặp.")
        except (DomainError, ValueError) as exc:
            messages.error(request, getattr(exc, "message", "Dữ liệu không hợp lệ."))
        return redirect("participation_console:inquiry", inquiry.public_id)
    return render(
        request,
        "participation/console/inquiry.html",
        {
            "inquiry": inquiry,
            "events": inquiry.events.select_related("actor__member"),
            "responders": responders(inquiry),
            "overdue": inquiry.status == InquiryStatus.OPEN and inquiry.due_at < timezone.now(),
        },
    )


@login_required
def stats(request: AuthedRequest, public_id: str) -> HttpResponse:
    org = access_org(request.user, public_id)
    if not any(org.path.startswith(p) for p in scope_paths(request.user, MANAGE)):
        raise PermissionDenied("Bạn không có quyền xem thống kê của đơn vị này.")
    return render(
        request,
        "participation/console/stats.html",
        {"org": org, "rows": selectors.inquiry_stats(org)},
    )
