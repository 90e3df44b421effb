"""Members: surveys, drafts to comment on, questions to the committee, and the FAQ."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from sotay.core.errors import DomainError
from sotay.core.views_helpers import AuthedRequest

from .. import selectors
from ..access import (
    access_consultation,
    access_inquiry,
    access_survey,
    consultations_visible_to,
    faq_visible_to,
    in_audience,
    inquiries_of,
    inquiry_targets,
)
from ..access import surveys_visible_to as surveys_for
from ..forms import InquiryForm, survey_answers
from ..services import consultations, inquiries, surveys

RECEIPT_COOKIE = "sotay_ks_{}"


def _member(request: AuthedRequest):  # noqa: ANN202
    member = request.user.member
    if member is None:
        raise PermissionDenied("Tài khoản không gắn với hồ sơ đảng viên.")
    return member


@login_required
def hub(request: AuthedRequest) -> HttpResponse:
    member = request.user.member
    open_surveys = [
        s for s in surveys_for(request.user).order_by("-opens_at")[:30] if in_audience(member, s)
    ]
    answered = selectors.answered_surveys(member, open_surveys)
    return render(
        request,
        "participation/hub.html",
        {
            "surveys": open_surveys,
            "answered": answered,
            "drafts": consultations_visible_to(request.user)
            .select_related("unit")
            .order_by("-opens_at")[:20],
            "inquiries": inquiries_of(request.user).select_related("unit")[:20],
            "now": timezone.now(),
        },
    )


@login_required
def survey_page(request: AuthedRequest, public_id: str) -> HttpResponse:
    survey = access_survey(request.user, public_id)
    member = _member(request)
    questions = list(survey.questions.all())
    cookie = RECEIPT_COOKIE.format(survey.public_id.hex)
    receipt = request.COOKIES.get(cookie, "")
    error_field = ""
    given = None
    if request.method == "POST":
        try:
            given = survey_answers(request.POST, questions)
            done = surveys.survey_answer(
                member=member, survey=survey, answers=given, receipt=receipt
            )
        except DomainError as exc:
            messages.error(request, exc.message)
            error_field = exc.field or ""
        else:
            messages.success(
                request,
                "Đã cập nhật câu trả lời."
                if done.edited
                else "Đã gửi câu trả lời. Cảm ơn đồng chí!",
            )
            response = redirect("participation:survey", survey.public_id)
            if done.receipt:
                response.set_cookie(
                    cookie,
                    done.receipt,
                    expires=survey.closes_at,
                    httponly=True,
                    samesite="Lax",
                    secure=request.is_secure(),
                )
            return response
    answered = surveys.has_answered(member, survey)
    mine = given if given is not None else surveys.my_answers(member, survey, receipt)
    editable = surveys.accepts_answers(survey) and (not answered or mine is not None)
    return render(
        request,
        "participation/survey.html",
        {
            "survey": survey,
            "questions": questions,
            "mine": mine or {},
            "answered": answered,
            "editable": editable,
            "open": surveys.accepts_answers(survey),
            "error_field": error_field,
        },
        status=400 if error_field or (request.method == "POST") else 200,
    )


@login_required
def draft_page(request: AuthedRequest, public_id: str) -> HttpResponse:
    consultation = access_consultation(request.user, public_id)
    member = _member(request)
    if request.method == "POST":
        try:
            consultations.comment_add(
                member=member,
                consultation=consultation,
                text=request.POST.get("text", ""),
                paragraph_key=request.POST.get("paragraph", ""),
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "Đã gửi góp ý.")
        anchor = request.POST.get("paragraph", "")
        return redirect(
            f"/y-kien/du-thao/{consultation.public_id}/" + (f"#d-{anchor}" if anchor else "")
        )
    return render(
        request,
        "participation/draft.html",
        {
            "consultation": consultation,
            "view": selectors.draft_view(consultation, with_hidden=False, member_id=member.pk),
            "open": consultations.accepts_comments(consultation),
            "member_id": member.pk,
        },
    )


@login_required
def inquiry_list(request: AuthedRequest) -> HttpResponse:
    member = _member(request)
    units = inquiry_targets(member)
    form = InquiryForm(
        units=units,
        initial={  # from the assistant: the question it could not answer
            "to": member.cell_id,
            "kind": "question",
            "subject": request.GET.get("tieu-de", "")[:200],
            "body": request.GET.get("noi-dung", "")[:5000],
        },
    )
    if request.method == "POST":
        form = InquiryForm(request.POST, units=units)
        if form.is_valid():
            try:
                inquiry = inquiries.inquiry_send(member=member, **form.cleaned_data)
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(
                    request,
                    f"Đã gửi tới {inquiry.addressed_to.name}. Hạn trả lời: "
                    f"{timezone.localtime(inquiry.due_at):%d/%m/%Y}.",
                )
                return redirect("participation:inquiry", inquiry.public_id)
    return render(
        request,
        "participation/inquiries.html",
        {
            "form": form,
            "inquiries": inquiries_of(request.user).select_related("unit", "addressed_to"),
        },
        status=400 if form.errors else 200,
    )


@login_required
def inquiry_page(request: AuthedRequest, public_id: str) -> HttpResponse:
    inquiry = access_inquiry(request.user, public_id)
    return render(
        request, "participation/inquiry.html", {"inquiry": inquiry, "events": inquiry.events.all()}
    )


@login_required
def faq(request: AuthedRequest) -> HttpResponse:
    return render(
        request,
        "participation/faq.html",
        {"entries": faq_visible_to(request.user).select_related("unit")[:200]},
    )
