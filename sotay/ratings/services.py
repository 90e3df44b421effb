"""Writes of the yearly rating, in the order of QĐ 366-QĐ/TW, Điều 12: the member (or the
organisation) assesses itself, the cell reviews and votes a proposal, the committee directly
above decides, with "hoàn thành xuất sắc" capped at 20% (or 25%) of "hoàn thành tốt". Lower
levels finish before upper ones: a cell is decided after its members, a unit after its
cells. Every function checks the actor's right itself and writes all or nothing."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from sotay.core.access import Capability, holders, require
from sotay.core.errors import DomainError
from sotay.core.text import clean
from sotay.members.models import Member
from sotay.orgs.models import Organization

from .access import decider_of
from .choices import (
    DEFAULT_EXCELLENT_PERCENT,
    LEVEL_FLOOR,
    LEVEL_ORDER,
    OUTSTANDING_EXCELLENT_PERCENT,
    CommentKind,
    RatingLevel,
    RatingStatus,
)
from .models import ExcellentCap, QualityRating, RatingComment
from .selectors import cap_percent, excellent_allowed, members_to_rate

if TYPE_CHECKING:
    from sotay.members.models import User

LABEL = dict(RatingLevel.choices)


def level_for_points(points: int) -> str:
    """The highest level the total points allow (Điều 11)."""
    return next(level for level in LEVEL_ORDER if points >= LEVEL_FLOOR[level])


def _check_self(points: int | None, level: str, strengths: str, weaknesses: str) -> None:
    if points is None or not 0 <= points <= 100:
        raise DomainError("Tổng điểm tự chấm phải từ 0 đến 100.", field="points")
    if level not in RatingLevel.values:
        raise DomainError("Hãy chọn mức tự xếp loại.", field="level")
    if LEVEL_ORDER.index(level) < LEVEL_ORDER.index(level_for_points(points)):
        raise DomainError(
            f"{points} điểm chưa đủ cho mức “{LABEL[level]}” (cần từ {LEVEL_FLOOR[level]} điểm).",
            field="level",
        )
    if not strengths:
        raise DomainError("Hãy nêu ưu điểm.", field="strengths")
    if not weaknesses:
        raise DomainError(
            "Hãy nêu hạn chế, khuyết điểm (ghi “Không” nếu không có).", field="weaknesses"
        )


def _tell(unit: Organization, title: str, url: str) -> None:
    from sotay.notices.choices import NotificationKind
    from sotay.notices.services import notify

    ids = holders(unit, Capability.RATINGS)
    if ids:
        notify(members=ids, kind=NotificationKind.ACCOUNT, title=title, url=url)


@transaction.atomic
def rating_self_assess(
    *,
    member: Member,
    actor: User,
    year: int,
    points: int | None,
    level: str,
    strengths: str,
    weaknesses: str,
    remedies: str = "",
) -> QualityRating:
    """Bước 1 for a member: their own points, level and review; editable until the cell
    has reviewed it."""
    if actor.member_id != member.pk:
        raise DomainError("Chỉ đảng viên tự đánh giá cho mình.")
    member = Member.objects.select_for_update().select_related("cell").get(pk=member.pk)
    if member.cell is None or not member.is_current:
        raise DomainError("Chỉ đảng viên đang sinh hoạt mới tự đánh giá, xếp loại.")
    strengths, weaknesses, remedies = clean(strengths), clean(weaknesses), clean(remedies)
    _check_self(points, level, strengths, weaknesses)
    rating = QualityRating.objects.filter(member=member, year=year).first()
    if rating and rating.status != RatingStatus.SELF_ASSESSED:
        raise DomainError("Chi bộ đã xem xét bản tự đánh giá năm nay; không sửa được nữa.")
    rating = rating or QualityRating(member=member, year=year, status=RatingStatus.SELF_ASSESSED)
    rating.unit = member.cell
    rating.unit_path = member.cell.path
    rating.decider = decider_of(member.cell)
    rating.self_points, rating.self_level = points, level
    rating.strengths, rating.weaknesses, rating.remedies = strengths, weaknesses, remedies
    rating.self_at = timezone.now()
    rating.save()
    return rating


@dataclass(frozen=True)
class Proposal:
    member_id: int
    level: str
    votes_for: int | None
    note: str = ""


@transaction.atomic
def ratings_propose(
    *, actor: User, cell: Organization, year: int, voters: int | None, proposals: list[Proposal]
) -> list[QualityRating]:
    """Bước 2: the cell's vote on each member's level. Every row is checked first; one bad row
    and nothing is written, with every problem listed."""
    require(actor, Capability.RATINGS, cell)
    if cell.kind != "cell":
        raise DomainError("Chi bộ mới đề xuất xếp loại đảng viên của mình.")
    rated = {m.pk: m for m in members_to_rate(cell)}
    if voters is None or not 1 <= voters <= len(rated):
        raise DomainError(
            f"Số đảng viên biểu quyết phải từ 1 đến {len(rated)} (số đảng viên của chi bộ).",
            field="voters",
        )
    if not proposals:
        raise DomainError("Chưa có đảng viên nào được đề xuất mức xếp loại.")
    existing = {
        r.member_id: r
        for r in QualityRating.objects.select_for_update().filter(
            year=year, member_id__in=[p.member_id for p in proposals]
        )
    }
    asked = _comments_missing(list(rated.values()), year)
    errors: list[str] = []
    for p in proposals:
        member = rated.get(p.member_id)
        if member is None:
            errors.append("Có đảng viên không thuộc chi bộ (hoặc đang miễn sinh hoạt).")
            continue
        rating = existing.get(p.member_id)
        if rating and rating.status == RatingStatus.DECIDED:
            errors.append(f"{member.full_name}: cấp ủy cấp trên đã quyết định, không đề xuất lại.")
        if p.level not in RatingLevel.values:
            errors.append(f"{member.full_name}: chưa chọn mức xếp loại.")
        if p.votes_for is None or not 0 <= p.votes_for <= voters:
            errors.append(f"{member.full_name}: số phiếu tán thành phải từ 0 đến {voters}.")
        elif p.votes_for * 2 <= voters:
            errors.append(
                f"{member.full_name}: mức đề xuất cần quá nửa số phiếu ({p.votes_for}/{voters})."
            )
        if member.pk in asked:
            errors.append(
                f"{member.full_name}: chưa có nhận xét của {asked[member.pk]} (Hướng dẫn 43, 7.6)."
            )
    if errors:
        raise DomainError("Chưa ghi được đề xuất: " + " ".join(errors))
    now, decider, saved = timezone.now(), decider_of(cell), []
    for p in proposals:
        member = rated[p.member_id]
        rating = existing.get(p.member_id) or QualityRating(member=member, year=year)
        rating.unit, rating.unit_path, rating.decider = cell, cell.path, decider
        rating.status = RatingStatus.PROPOSED
        rating.proposed_level, rating.votes_for, rating.voters = p.level, p.votes_for, voters
        rating.review_note = clean(p.note)[:500]
        rating.proposed_by, rating.proposed_at = actor, now
        rating.save()
        saved.append(rating)
    # The inbox rows are part of this transaction; notify() sends pushes after commit.
    _tell(
        decider,
        f"{cell.name} đề xuất xếp loại {len(saved)} đảng viên năm {year}",
        f"/quan-ly/danh-gia/{decider.public_id}/?nam={year}",
    )
    return saved


def _comments_missing(members: list[Member], year: int) -> dict[int, str]:
    """Members in temporary activity elsewhere whose host cell has not commented yet, and
    members whose asked-for comment has not come back: member id -> whose comment."""
    missing: dict[int, str] = {}
    given = {
        (c.member_id, c.from_unit_id): c
        for c in RatingComment.objects.filter(member__in=members, year=year).select_related(
            "from_unit"
        )
    }
    for m in members:
        if m.temporary_cell_id and (m.pk, m.temporary_cell_id) not in given:
            missing[m.pk] = f"chi bộ nơi sinh hoạt tạm thời ({m.temporary_cell.name})"  # type: ignore[union-attr]
    for (member_id, _), c in given.items():
        if c.given_at is None:
            missing[member_id] = c.from_unit.name
    return missing


def _check_cap(decider: Organization, year: int, *, members: bool, changes: dict[int, str]) -> None:
    """The decider's levels once ``changes`` (rating id -> level) apply must keep
    "xuất sắc" within the cap of "tốt"."""
    levels = Counter(
        QualityRating.objects.filter(
            decider=decider, year=year, status=RatingStatus.DECIDED, member__isnull=not members
        )
        .exclude(pk__in=list(changes))
        .values_list("level", flat=True)
    )
    levels.update(changes.values())
    percent = cap_percent(decider, year)
    allowed = excellent_allowed(levels[RatingLevel.GOOD], percent)
    if levels[RatingLevel.EXCELLENT] > allowed:
        whom = "đảng viên" if members else "tổ chức đảng"
        raise DomainError(
            f"Số {whom} “Hoàn thành xuất sắc nhiệm vụ” ({levels[RatingLevel.EXCELLENT]}) vượt "
            f"quá {percent}% số “Hoàn thành tốt nhiệm vụ” ({levels[RatingLevel.GOOD]}): tối đa "
            f"{allowed} (Quy định 366, Điều 11)."
        )


@transaction.atomic
def ratings_decide(
    *, actor: User, decider: Organization, year: int, levels: dict[int, str], note: str = ""
) -> list[QualityRating]:
    """Bước 3 for members: the committee's level for each proposed rating (id -> level),
    all at once so that the cap is checked on the whole set."""
    require(actor, Capability.RATINGS, decider)
    ratings = list(
        QualityRating.objects.select_for_update()
        .filter(pk__in=list(levels), decider=decider, year=year, member__isnull=False)
        .select_related("member")
    )
    if len(ratings) != len(levels) or not ratings:
        raise DomainError("Có đề xuất không thuộc quyền quyết định của cấp ủy này.")
    errors = []
    for r in ratings:
        if r.status == RatingStatus.SELF_ASSESSED:
            errors.append(f"{r.member.full_name}: chi bộ chưa đề xuất.")  # type: ignore[union-attr]
        if levels[r.pk] not in RatingLevel.values:
            errors.append(f"{r.member.full_name}: chưa chọn mức xếp loại.")  # type: ignore[union-attr]
    if errors:
        raise DomainError("Chưa quyết định được: " + " ".join(errors))
    _check_cap(decider, year, members=True, changes=levels)
    now = timezone.now()
    for r in ratings:
        r.level, r.status = levels[r.pk], RatingStatus.DECIDED
        r.decision_note, r.decided_by, r.decided_at = clean(note)[:500], actor, now
        r.save(update_fields=["level", "status", "decision_note", "decided_by", "decided_at"])
    _tell_members(ratings, year)
    return ratings


def _tell_members(ratings: list[QualityRating], year: int) -> None:
    from sotay.notices.choices import NotificationKind
    from sotay.notices.services import notify

    by_level: dict[str, list[int]] = {}
    for r in ratings:
        by_level.setdefault(r.level, []).append(r.member_id)  # type: ignore[arg-type]
    for level, ids in by_level.items():
        notify(
            members=ids,
            kind=NotificationKind.ACCOUNT,
            title=f"Kết quả xếp loại chất lượng năm {year}: {LABEL[level]}",
            url="/danh-gia/",
        )


@transaction.atomic
def org_self_assess(
    *,
    actor: User,
    org: Organization,
    year: int,
    points: int | None,
    level: str,
    strengths: str,
    weaknesses: str,
    remedies: str = "",
) -> QualityRating:
    """Bước 1 for a party organisation, by its own committee."""
    require(actor, Capability.RATINGS, org)
    strengths, weaknesses, remedies = clean(strengths), clean(weaknesses), clean(remedies)
    _check_self(points, level, strengths, weaknesses)
    rating = QualityRating.objects.select_for_update().filter(org=org, year=year).first()
    if rating and rating.status == RatingStatus.DECIDED:
        raise DomainError("Cấp ủy cấp trên đã quyết định xếp loại năm nay.")
    rating = rating or QualityRating(org=org, year=year)
    rating.unit, rating.unit_path, rating.decider = org, org.path, decider_of(org)
    rating.status = RatingStatus.PROPOSED  # an organisation's self-assessment goes up at once
    rating.self_points, rating.self_level = points, level
    rating.proposed_level = level
    rating.strengths, rating.weaknesses, rating.remedies = strengths, weaknesses, remedies
    rating.self_at = rating.proposed_at = timezone.now()
    rating.proposed_by = actor
    rating.save()
    return rating


def unrated_below(org: Organization, year: int) -> list[str]:
    """What must be decided before ``org`` itself (Điều 12, khoản 2 (3) and (5)): its members
    if it is a cell, its organisations directly below otherwise."""
    if org.kind == "cell":
        decided = set(
            QualityRating.objects.filter(
                year=year, unit=org, member__isnull=False, status=RatingStatus.DECIDED
            ).values_list("member_id", flat=True)
        )
        return [m.full_name for m in members_to_rate(org) if m.pk not in decided]
    children = list(Organization.objects.get_children(org).filter(status="active"))
    decided = set(
        QualityRating.objects.filter(
            year=year, org__in=children, status=RatingStatus.DECIDED
        ).values_list("org_id", flat=True)
    )
    return [c.name for c in children if c.pk not in decided]


@transaction.atomic
def org_rating_decide(
    *, actor: User, org: Organization, year: int, level: str, note: str = ""
) -> QualityRating:
    """Bước 3 for a party organisation: after everyone below it has been decided."""
    decider = decider_of(org)
    require(actor, Capability.RATINGS, decider)
    rating = QualityRating.objects.select_for_update().filter(org=org, year=year).first()
    if rating is None:
        raise DomainError(f"{org.name} chưa tự đánh giá, xếp loại năm {year}.")
    if level not in RatingLevel.values:
        raise DomainError("Hãy chọn mức xếp loại.", field="level")
    waiting = unrated_below(org, year)
    if waiting:
        shown = ", ".join(waiting[:5]) + (
            f" và {len(waiting) - 5} nơi khác" if len(waiting) > 5 else ""
        )
        raise DomainError(
            f"Cần quyết định xếp loại cấp dưới trước (Quy định 366, Điều 12): còn {shown}."
        )
    _check_cap(decider, year, members=False, changes={rating.pk: level})
    rating.level, rating.status = level, RatingStatus.DECIDED
    rating.decision_note, rating.decided_by, rating.decided_at = (
        clean(note)[:500],
        actor,
        timezone.now(),
    )
    rating.save(update_fields=["level", "status", "decision_note", "decided_by", "decided_at"])
    return rating


@transaction.atomic
def excellent_cap_set(
    *, actor: User, unit: Organization, year: int, percent: int, reason: str = ""
) -> ExcellentCap:
    require(actor, Capability.RATINGS, unit)
    reason = clean(reason)
    if percent not in (DEFAULT_EXCELLENT_PERCENT, OUTSTANDING_EXCELLENT_PERCENT):
        raise DomainError("Tỉ lệ tối đa là 20%, hoặc 25% khi đơn vị có thành tích nổi trội.")
    if percent == OUTSTANDING_EXCELLENT_PERCENT and not reason:
        raise DomainError(
            "Nâng tỉ lệ lên 25% cần ghi rõ thành tích xuất sắc, nổi trội của đơn vị.",
            field="reason",
        )
    cap, _ = ExcellentCap.objects.update_or_create(
        unit=unit, year=year, defaults={"percent": percent, "reason": reason, "set_by": actor}
    )
    _check_cap(unit, year, members=True, changes={})
    _check_cap(unit, year, members=False, changes={})
    return cap


@transaction.atomic
def comment_request(
    *, actor: User, member: Member, year: int, kind: str, from_unit: Organization
) -> RatingComment:
    """The rating cell asks another cell for its comment on a member's year."""
    require(actor, Capability.RATINGS, member.cell)
    if kind not in CommentKind.values:
        raise DomainError("Hãy chọn nơi nhận xét.", field="kind")
    if from_unit.kind != "cell" or from_unit.status != "active":
        raise DomainError("Nơi nhận xét phải là một chi bộ đang hoạt động.", field="from_code")
    if from_unit.pk == member.cell_id:
        raise DomainError(
            "Chi bộ nhận xét phải là nơi khác chi bộ đang đánh giá.", field="from_code"
        )
    comment, created = RatingComment.objects.get_or_create(
        member=member,
        year=year,
        from_unit=from_unit,
        defaults={
            "kind": kind,
            "asked_by_unit": member.cell,
            "from_path": from_unit.path,
            "asked_by": actor,
        },
    )
    if not created:
        raise DomainError(f"Đã hỏi ý kiến {from_unit.name} về đồng chí này năm {year}.")
    _tell(
        from_unit,
        f"{member.cell.name} xin nhận xét về đảng viên {member.full_name} năm {year}",  # type: ignore[union-attr]
        f"/quan-ly/danh-gia/{from_unit.public_id}/?nam={year}",
    )
    return comment


@transaction.atomic
def comment_give(*, actor: User, comment: RatingComment, text: str) -> RatingComment:
    """The other cell's committee writes its comment (once; it goes to the rating cell)."""
    comment = (
        RatingComment.objects.select_for_update().select_related("from_unit").get(pk=comment.pk)
    )
    require(actor, Capability.RATINGS, comment.from_unit)
    text = clean(text)
    if len(text) < 10:
        raise DomainError("Hãy viết nhận xét (ít nhất một câu).", field="text")
    if comment.given_at:
        raise DomainError("Chi bộ đã gửi nhận xét này.")
    comment.text, comment.given_by, comment.given_at = text[:4000], actor, timezone.now()
    comment.save(update_fields=["text", "given_by", "given_at", "updated_at"])
    return comment
