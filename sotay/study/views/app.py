"""Members' side: what I must study, the quiz (autosaved, resumable), results, rankings."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from sotay.core.errors import DomainError
from sotay.core.views_helpers import AuthedRequest

from .. import points, selectors, services
from ..access import access_attempt, access_programme, programmes_visible_to
from ..choices import AttemptStatus, RankingVisibility


@login_required
def programme_list(request: AuthedRequest) -> HttpResponse:
    programmes = list(programmes_visible_to(request.user).order_by("-starts_on")[:50])
    started, passed = selectors.my_status(request.user, programmes)
    total = points.total(request.user.member) if request.user.member else 0
    return render(
        request,
        "study/list.html",
        {
            "programmes": programmes,
            "passed": passed,
            "started": started,
            "total": total,
        },
    )


@login_required
def programme_detail(request: AuthedRequest, public_id: str) -> HttpResponse:
    programme = access_programme(request.user, public_id)
    attempts = selectors.my_attempts(request.user, programme)
    running = next((a for a in attempts if a.status == AttemptStatus.IN_PROGRESS), None)
    return render(
        request,
        "study/programme.html",
        {
            "programme": programme,
            "attempts": attempts,
            "running": running,
            "materials": programme.materials.filter(status="published"),
            "links": [ln.strip() for ln in programme.media_links.splitlines() if ln.strip()],
            "can_start": len(attempts) < programme.max_attempts or running is not None,
            "passed": any(a.passed for a in attempts),
        },
    )


@login_required
@require_POST
def attempt_start(request: AuthedRequest, public_id: str) -> HttpResponse:
    programme = access_programme(request.user, public_id)
    if request.user.member is None:
        messages.error(request, "Tài khoản không gắn với hồ sơ đảng viên.")
        return redirect("study:programme", programme.public_id)
    try:
        attempt = services.attempt_start(member=request.user.member, programme=programme)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("study:programme", programme.public_id)
    return redirect("study:attempt", attempt.public_id)


def _answers(post: Any, attempt: Any) -> dict[str, list[str]]:
    """Form fields → {version id: [keys]}: q-<vid> for choices, o-<vid>-<key> for ordering."""
    out: dict[str, list[str]] = {}
    for item in attempt.items:
        vid = str(item["v"])
        if f"q-{vid}" in post:
            out[vid] = post.getlist(f"q-{vid}")
        positions = [(post.get(f"o-{vid}-{k}"), k) for k in item["order"]]
        if any(p for p, _ in positions):
            if any(not (p or "").isdigit() for p, _ in positions):
                raise DomainError("Câu sắp xếp: hãy đánh số thứ tự cho đủ các ý.")
            out[vid] = [k for _, k in sorted(positions, key=lambda t: int(t[0] or 0))]
    for key in post:
        if key.startswith(("q-", "o-")) and key.split("-")[1] not in {
            str(i["v"]) for i in attempt.items
        }:
            raise DomainError("Bài làm có câu hỏi không thuộc đề của đồng chí.")
    return out


@login_required
def attempt_page(request: AuthedRequest, public_id: str) -> HttpResponse:
    attempt = access_attempt(request.user, public_id)
    member = request.user.member
    assert member is not None
    if request.method == "POST":
        try:
            services.attempt_submit(
                member=member,
                attempt=attempt,
                token=request.POST.get("token", ""),
                answers=_answers(request.POST, attempt),
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "Đã nộp bài.")
        return redirect("study:attempt", attempt.public_id)
    if (
        attempt.status == AttemptStatus.IN_PROGRESS
        and timezone.now() > attempt.deadline + services.GRACE
    ):
        try:
            services.attempt_save(member=member, attempt=attempt, answers={})
        except DomainError as exc:
            messages.error(request, exc.message)
        attempt.refresh_from_db()
    items = selectors.paper(attempt)
    remaining = max(0, int((attempt.deadline - timezone.now()).total_seconds()))
    earned = points.total(member) if attempt.status != AttemptStatus.IN_PROGRESS else 0
    return render(
        request,
        "study/attempt.html",
        {
            "attempt": attempt,
            "programme": attempt.programme,
            "items": items,
            "remaining": remaining,
            "show_feedback": services.feedback_visible(attempt),
            "earned": earned,
        },
    )


@login_required
@require_POST
def attempt_autosave(request: AuthedRequest, public_id: str) -> JsonResponse:
    attempt = access_attempt(request.user, public_id)
    member = request.user.member
    assert member is not None
    try:
        services.attempt_save(
            member=member, attempt=attempt, answers=_answers(request.POST, attempt)
        )
    except DomainError as exc:
        return JsonResponse({"ok": False, "message": exc.message}, status=409)
    return JsonResponse({"ok": True, "saved_at": timezone.localtime().strftime("%H:%M:%S")})


@login_required
def certificate(request: AuthedRequest, public_id: str) -> HttpResponse:
    from ..certificate import certificate_pdf

    programme = access_programme(request.user, public_id)
    best = next((a for a in selectors.my_attempts(request.user, programme) if a.passed), None)
    if best is None:
        messages.error(request, "Giấy chứng nhận có sau khi đồng chí đạt bài kiểm tra.")
        return redirect("study:programme", programme.public_id)
    response = HttpResponse(certificate_pdf(best), content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="chung-nhan-hoc-tap.pdf"'
    return response


@login_required
def rankings(request: AuthedRequest) -> HttpResponse:
    member = request.user.member
    if member is None:
        messages.info(request, "Xếp hạng dành cho đảng viên.")
        return redirect("app:home")
    period = request.GET.get("ky", "thang")
    key = selectors.period_key(period)
    since = selectors.period_start(period)
    visibility = selectors.ranking_visibility(member)
    province, commune = selectors.ranking_scopes(member)
    individuals: list[Any] = []
    in_commune: list[Any] = []
    in_cell: list[Any] = []
    if visibility in (RankingVisibility.PUBLIC, RankingVisibility.CELL):
        in_cell = selectors.member_ranking(member.cell_path, key)
    if visibility == RankingVisibility.PUBLIC:
        individuals = selectors.member_ranking(member.cell_path[:4], key)
        in_commune = selectors.member_ranking(commune.path, key) if commune else []
    return render(
        request,
        "study/rankings.html",
        {
            "period": period,
            "in_commune": in_commune,
            "in_cell": in_cell,
            "visibility": visibility,
            "individuals": individuals,
            "units": selectors.unit_ranking(province, key) if province else [],
            "communes": selectors.unit_ranking(commune, key) if commune else [],
            "mine": points.total(member, since),
        },
    )
