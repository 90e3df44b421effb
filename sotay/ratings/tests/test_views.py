"""The rating pages through the test client, with the three personas."""

from __future__ import annotations

import datetime as dt

from sotay.conftest import Personas, Tree, make_member, make_user, signed_in
from sotay.orgs.choices import PositionKind
from sotay.orgs.models import Position
from sotay.ratings.choices import RatingStatus
from sotay.ratings.models import QualityRating
from sotay.ratings.selectors import rating_year


def test_the_unit_page_by_persona(personas: Personas, tree: Tree) -> None:
    url = f"/quan-ly/danh-gia/{tree.c1.public_id}/"
    committee = signed_in(personas.committee).get(url)
    assert committee.status_code == 200
    page = committee.content.decode()
    assert "Lê Văn Cường" in page and 'data-testid="propose-form"' in page
    assert signed_in(personas.member).get(url).status_code == 404
    assert signed_in(personas.outsider).get(url).status_code == 404
    # The outsider's own cell is theirs to review, the commune above it is not.
    assert (
        signed_in(personas.outsider).get(f"/quan-ly/danh-gia/{tree.c3.public_id}/").status_code
        == 200
    )
    assert (
        signed_in(personas.outsider).get(f"/quan-ly/danh-gia/{tree.g1.public_id}/").status_code
        == 404
    )


def test_a_member_assesses_themselves_on_the_phone(personas: Personas) -> None:
    client = signed_in(personas.member)
    assert "Kết quả trong năm" in client.get("/danh-gia/").content.decode()
    bad = client.post(
        "/danh-gia/",
        {"points": "75", "level": "excellent", "strengths": "Tốt", "weaknesses": "Không"},
    )
    assert bad.status_code == 400 and "chưa đủ" in bad.content.decode()
    assert not QualityRating.objects.exists()
    ok = client.post(
        "/danh-gia/",
        {"points": "88", "level": "good", "strengths": "Dự họp đủ", "weaknesses": "Không"},
    )
    assert ok.status_code == 302
    rating = QualityRating.objects.get()
    assert rating.year == rating_year() and rating.status == RatingStatus.SELF_ASSESSED


def test_a_cell_proposes_and_the_commune_decides_through_the_pages(
    personas: Personas, tree: Tree
) -> None:
    member = make_member(tree.c1, "Đỗ Văn Giáp")
    Position.objects.create(
        member=member, org=tree.c1, kind=PositionKind.SECRETARY, started_on=dt.date(2020, 1, 1)
    )
    secretary = signed_in(make_user(member, totp=True))
    cell_url = f"/quan-ly/danh-gia/{tree.c1.public_id}/"
    from sotay.members.models import Member

    ids = list(Member.objects.filter(cell=tree.c1).values_list("pk", flat=True))
    form = {"step": "propose", "voters": "3"} | {f"level_{i}": "good" for i in ids}
    bad = secretary.post(cell_url, form | {f"votes_{i}": "1" for i in ids})
    assert bad.status_code == 400 and "quá nửa" in bad.content.decode()
    assert not QualityRating.objects.exists()
    assert secretary.post(cell_url, form | {f"votes_{i}": "3" for i in ids}).status_code == 302
    assert QualityRating.objects.filter(status=RatingStatus.PROPOSED).count() == 3
    commune_url = f"/quan-ly/danh-gia/{tree.g1.public_id}/"
    assert secretary.get(commune_url).status_code == 404
    committee = signed_in(personas.committee)
    page = committee.get(commune_url).content.decode()
    assert page.count('data-testid="decide-row"') == 3
    decide = {"step": "decide"} | {f"final_{r.pk}": "good" for r in QualityRating.objects.all()}
    assert secretary.post(commune_url, decide).status_code == 404
    assert committee.post(commune_url, decide).status_code == 302
    assert QualityRating.objects.filter(status=RatingStatus.DECIDED).count() == 3


def test_the_years_results_export_for_the_deciding_committee(
    personas: Personas, tree: Tree
) -> None:
    import io

    from openpyxl import load_workbook

    from sotay.members.models import Member
    from sotay.ratings import services

    member = make_member(tree.c1, "Đỗ Văn Giáp")
    Position.objects.create(
        member=member, org=tree.c1, kind=PositionKind.SECRETARY, started_on=dt.date(2020, 1, 1)
    )
    secretary = make_user(member, totp=True)
    year = rating_year()
    proposals = [services.Proposal(m.pk, "good", 3) for m in Member.objects.filter(cell=tree.c1)]
    proposed = services.ratings_propose(
        actor=secretary, cell=tree.c1, year=year, voters=3, proposals=proposals
    )
    services.ratings_decide(
        actor=personas.committee, decider=tree.g1, year=year,
        levels={r.pk: "good" for r in proposed},
    )  # fmt: skip
    url = f"/quan-ly/danh-gia/{tree.g1.public_id}/?nam={year}&xuat=xlsx"
    response = signed_in(personas.committee).get(url)
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    assert book.sheetnames == [f"Tổng hợp năm {year}", "Đảng viên", "Tổ chức đảng"]
    summary = list(book[f"Tổng hợp năm {year}"].iter_rows(values_only=True))
    assert summary[2][:3] == ("Hoàn thành tốt nhiệm vụ", 3, 100)
    names = [row[1] for row in book["Đảng viên"].iter_rows(min_row=2, values_only=True)]
    assert sorted(names) == sorted(
        Member.objects.filter(cell=tree.c1).values_list("full_name", flat=True)
    )
    assert signed_in(personas.outsider).get(url).status_code == 404
    assert signed_in(personas.member).get(url).status_code == 404
