"""The rating API with the three personas."""

from __future__ import annotations

from sotay.conftest import Personas, Tree, signed_in
from sotay.ratings.models import QualityRating

GOOD = {"points": 85, "level": "good", "strengths": "Dự họp đủ", "weaknesses": "Không"}


def test_a_member_reads_and_sends_their_self_assessment(personas: Personas) -> None:
    client = signed_in(personas.member)
    mine = client.get("/api/v1/me/rating").json()
    assert mine["rating"] is None and mine["evidence"]["meetings_held"] == 0
    bad = client.put("/api/v1/me/rating", GOOD | {"points": 60}, content_type="application/json")
    assert bad.status_code == 400 and "chưa đủ" in bad.json()["detail"]
    assert not QualityRating.objects.exists()
    ok = client.put("/api/v1/me/rating", GOOD, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["status"] == "self_assessed"
    assert client.get("/api/v1/me/rating").json()["rating"]["self_points"] == 85


def test_a_units_ratings_by_persona(personas: Personas, tree: Tree) -> None:
    signed_in(personas.member).put("/api/v1/me/rating", GOOD, content_type="application/json")
    url = f"/api/v1/units/{tree.c1.public_id}/ratings"
    rows = signed_in(personas.committee).get(url).json()
    assert [r["subject"] for r in rows] == ["Lê Văn Cường"]
    assert signed_in(personas.member).get(url).status_code == 404
    assert signed_in(personas.outsider).get(url).status_code == 404
