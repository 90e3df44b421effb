"""The yearly rating in the order of QĐ 366, Điều 12, with three personas: the committee of
the deciding unit (organisation staff of commune G1), a member of cell C1, and the secretary
of cell C3 in another branch. Bad input gets a Vietnamese message and writes nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from sotay.conftest import Personas, Tree, make_member, make_user
from sotay.core.errors import DomainError
from sotay.members.models import Member, User
from sotay.orgs.choices import PositionKind
from sotay.orgs.models import Position
from sotay.ratings import services
from sotay.ratings.choices import RatingLevel, RatingStatus
from sotay.ratings.models import QualityRating, RatingComment
from sotay.ratings.services import Proposal

YEAR = 2026


def _secretary(cell: Any, name: str = "Đỗ Văn Giáp") -> User:
    member = make_member(cell, name)
    Position.objects.create(
        member=member, org=cell, kind=PositionKind.SECRETARY, started_on=dt.date(2020, 1, 1)
    )
    return make_user(member, totp=True)


def _self(user: User, points: int = 85, level: str = RatingLevel.GOOD, **over: Any) -> Any:
    values = {"strengths": "Gương mẫu, dự họp đầy đủ", "weaknesses": "Không"} | over
    return services.rating_self_assess(
        member=user.member, actor=user, year=YEAR, points=points, level=level, **values
    )


def _propose(secretary: User, cell: Any, levels: dict[Member, str], voters: int = 3) -> Any:
    proposals = [Proposal(m.pk, level, voters) for m, level in levels.items()]
    return services.ratings_propose(
        actor=secretary, cell=cell, year=YEAR, voters=voters, proposals=proposals
    )


@pytest.mark.parametrize(
    ("points", "level", "over", "message"),
    [
        (101, RatingLevel.GOOD, {}, "từ 0 đến 100"),
        (None, RatingLevel.GOOD, {}, "từ 0 đến 100"),
        (75, RatingLevel.EXCELLENT, {}, "chưa đủ"),
        (85, "rat-tot", {}, "mức tự xếp loại"),
        (85, RatingLevel.GOOD, {"strengths": "  "}, "ưu điểm"),
        (85, RatingLevel.GOOD, {"weaknesses": ""}, "hạn chế"),
    ],
)
def test_bad_self_assessments_write_nothing(
    personas: Personas, points: Any, level: str, over: dict, message: str
) -> None:
    with pytest.raises(DomainError, match=message):
        _self(personas.member, points, level, **over)
    assert not QualityRating.objects.exists()


def test_a_lower_level_than_the_points_allow_is_accepted_and_only_the_member_assesses(
    personas: Personas,
) -> None:
    rating = _self(personas.member, 92, RatingLevel.GOOD)
    assert rating.status == RatingStatus.SELF_ASSESSED and rating.decider.code == "G1"
    with pytest.raises(DomainError, match="tự đánh giá cho mình"):
        services.rating_self_assess(
            member=personas.member.member, actor=personas.committee, year=YEAR, points=90,
            level=RatingLevel.EXCELLENT, strengths="x", weaknesses="y",
        )  # fmt: skip


def test_the_three_steps_and_who_may_take_each(personas: Personas, tree: Tree) -> None:
    secretary = _secretary(tree.c1)
    _self(personas.member)
    members = {personas.member.member: RatingLevel.GOOD, secretary.member: RatingLevel.GOOD}
    with pytest.raises(PermissionDenied):
        _propose(personas.outsider, tree.c1, members)  # another branch
    with pytest.raises(PermissionDenied):
        _propose(personas.member, tree.c1, members)  # a member of the cell, not its committee
    proposed = _propose(secretary, tree.c1, members)
    assert {r.status for r in proposed} == {RatingStatus.PROPOSED}
    assert personas.committee.member.notifications.filter(title__contains="đề xuất").exists()
    # The member can no longer change the reviewed self-assessment.
    with pytest.raises(DomainError, match="không sửa được"):
        _self(personas.member, 60, RatingLevel.DONE)
    levels = {r.pk: r.proposed_level for r in proposed}
    with pytest.raises(PermissionDenied):
        services.ratings_decide(actor=secretary, decider=tree.g1, year=YEAR, levels=levels)
    with pytest.raises(PermissionDenied):
        services.ratings_decide(actor=personas.outsider, decider=tree.g1, year=YEAR, levels=levels)
    decided = services.ratings_decide(
        actor=personas.committee, decider=tree.g1, year=YEAR, levels=levels, note="QĐ số 12"
    )
    assert {r.level for r in decided} == {RatingLevel.GOOD}
    assert personas.member.member.notifications.filter(title__contains="Hoàn thành tốt").exists()
    with pytest.raises(DomainError, match="đã quyết định"):
        _propose(secretary, tree.c1, {personas.member.member: RatingLevel.DONE})


@pytest.mark.parametrize(
    ("voters", "votes", "message"),
    [
        (3, 1, "quá nửa"),
        (2, 1, "quá nửa"),
        (99, 50, "từ 1 đến"),
        (0, 0, "từ 1 đến"),
        (3, 4, "từ 0 đến 3"),
    ],
)
def test_the_vote_must_carry_and_a_bad_row_writes_no_row(
    personas: Personas, tree: Tree, voters: int, votes: int, message: str
) -> None:
    secretary = _secretary(tree.c1)
    proposals = [
        Proposal(secretary.member.pk, RatingLevel.GOOD, voters),
        Proposal(personas.member.member.pk, RatingLevel.GOOD, votes),
    ]
    with pytest.raises(DomainError, match=message):
        services.ratings_propose(
            actor=secretary, cell=tree.c1, year=YEAR, voters=voters, proposals=proposals
        )
    assert not QualityRating.objects.exists()


def test_excellent_is_capped_at_20_percent_of_good_or_25_with_a_reason(
    tree: Tree, personas: Personas
) -> None:
    secretary = _secretary(tree.c1)
    cell_members = [make_member(tree.c1, f"Đảng viên {i}") for i in range(8)]
    everyone = list(Member.objects.filter(cell=tree.c1))  # 8 + staff, member, secretary = 11
    levels = {m: RatingLevel.GOOD for m in everyone}
    levels[cell_members[0]] = levels[cell_members[1]] = RatingLevel.EXCELLENT
    proposed = _propose(secretary, tree.c1, levels, voters=len(everyone))
    final = {r.pk: r.proposed_level for r in proposed}  # 2 excellent, 9 good: 20% of 9 = 1
    with pytest.raises(DomainError, match=r"vượt quá 20% .*tối đa 1"):
        services.ratings_decide(actor=personas.committee, decider=tree.g1, year=YEAR, levels=final)
    assert not QualityRating.objects.filter(status=RatingStatus.DECIDED).exists()
    with pytest.raises(DomainError, match="ghi rõ thành tích"):
        services.excellent_cap_set(actor=personas.committee, unit=tree.g1, year=YEAR, percent=25)
    with pytest.raises(DomainError, match="20%, hoặc 25%"):
        services.excellent_cap_set(actor=personas.committee, unit=tree.g1, year=YEAR, percent=50)
    with pytest.raises(PermissionDenied):
        services.excellent_cap_set(
            actor=secretary, unit=tree.g1, year=YEAR, percent=25, reason="Tự nâng"
        )
    services.excellent_cap_set(
        actor=personas.committee, unit=tree.g1, year=YEAR, percent=25, reason="Dẫn đầu tỉnh"
    )  # 25% of 9 = 2
    services.ratings_decide(actor=personas.committee, decider=tree.g1, year=YEAR, levels=final)
    assert QualityRating.objects.filter(level=RatingLevel.EXCELLENT).count() == 2
    with pytest.raises(DomainError, match="vượt quá 20%"):  # lowering the cap is checked too
        services.excellent_cap_set(actor=personas.committee, unit=tree.g1, year=YEAR, percent=20)


def _assess_org(user: User, org: Any, level: str = RatingLevel.GOOD) -> Any:
    return services.org_self_assess(
        actor=user, org=org, year=YEAR, points=80, level=level,
        strengths="Họp đủ 12 kỳ", weaknesses="Chưa có chuyên đề quý IV",
    )  # fmt: skip


def test_lower_levels_are_decided_first(personas: Personas, tree: Tree) -> None:
    secretary = _secretary(tree.c1)
    _assess_org(secretary, tree.c1)
    with pytest.raises(PermissionDenied):
        _assess_org(personas.member, tree.c1)
    with pytest.raises(DomainError, match="cấp dưới trước.*Lê Văn Cường"):
        services.org_rating_decide(
            actor=personas.committee, org=tree.c1, year=YEAR, level=RatingLevel.GOOD
        )
    everyone = {m: RatingLevel.GOOD for m in Member.objects.filter(cell=tree.c1)}
    proposed = _propose(secretary, tree.c1, everyone)
    services.ratings_decide(
        actor=personas.committee, decider=tree.g1, year=YEAR,
        levels={r.pk: r.proposed_level for r in proposed},
    )  # fmt: skip
    with pytest.raises(PermissionDenied):  # the cell does not decide its own rating
        services.org_rating_decide(actor=secretary, org=tree.c1, year=YEAR, level="good")
    services.org_rating_decide(
        actor=personas.committee, org=tree.c1, year=YEAR, level=RatingLevel.GOOD
    )
    # The commune: after both its cells; decided by the district above it.
    _assess_org(personas.committee, tree.g1)
    with pytest.raises(PermissionDenied):
        services.org_rating_decide(actor=personas.committee, org=tree.g1, year=YEAR, level="good")


def test_a_member_in_temporary_activity_needs_the_host_cells_comment(
    personas: Personas, tree: Tree
) -> None:
    secretary, host = _secretary(tree.c1), _secretary(tree.c2, "Vũ Thị Hoa")
    member = personas.member.member
    Member.objects.filter(pk=member.pk).update(temporary_cell=tree.c2)
    member.refresh_from_db()
    with pytest.raises(DomainError, match="nhận xét của chi bộ nơi sinh hoạt tạm thời"):
        _propose(secretary, tree.c1, {member: RatingLevel.GOOD})
    comment = services.comment_request(
        actor=secretary, member=member, year=YEAR, kind="temporary", from_unit=tree.c2
    )
    with pytest.raises(DomainError, match="Đã hỏi ý kiến"):
        services.comment_request(
            actor=secretary, member=member, year=YEAR, kind="temporary", from_unit=tree.c2
        )
    with pytest.raises(DomainError, match="Thôn Hai|Chi bộ thôn Hai"):
        _propose(secretary, tree.c1, {member: RatingLevel.GOOD})
    with pytest.raises(PermissionDenied):
        services.comment_give(actor=personas.outsider, comment=comment, text="Tốt, gương mẫu.")
    with pytest.raises(DomainError, match="ít nhất một câu"):
        services.comment_give(actor=host, comment=comment, text="ok")
    services.comment_give(actor=host, comment=comment, text="Tham gia đầy đủ sinh hoạt ở thôn.")
    assert RatingComment.objects.get().given_at is not None
    assert _propose(secretary, tree.c1, {member: RatingLevel.GOOD})


def test_decided_ratings_feed_the_report_rollup(personas: Personas, tree: Tree) -> None:
    from django.utils import timezone

    from sotay.reports.rollup import month_counts

    secretary = _secretary(tree.c1)
    everyone = {m: RatingLevel.GOOD for m in Member.objects.filter(cell=tree.c1)}
    proposed = _propose(secretary, tree.c1, everyone)
    services.ratings_decide(
        actor=personas.committee, decider=tree.g1, year=YEAR,
        levels={r.pk: r.proposed_level for r in proposed},
    )  # fmt: skip
    _assess_org(secretary, tree.c1)
    services.org_rating_decide(actor=personas.committee, org=tree.c1, year=YEAR, level="good")
    counts = month_counts(timezone.localdate().replace(day=1))
    assert counts[tree.province.path]["rated_members"] == 3
    assert counts[tree.g1.path]["rated_good"] == 3
    assert counts[tree.g1.path]["rated_orgs"] == 1 and counts[tree.c3.path]["rated_members"] == 0
