"""The dues API with the three personas."""

from __future__ import annotations

from django.utils import timezone

from sotay.conftest import Personas, Tree, signed_in
from sotay.dues import services
from sotay.dues.selectors import this_month
from sotay.dues.services import PaymentEntry


def test_a_member_reads_their_dues_and_receipts(personas: Personas, tree: Tree) -> None:
    member = personas.member.member
    assert member is not None
    services.charges_open(actor=personas.committee, cell=tree.c1, month=this_month())
    services.payments_record(
        actor=personas.committee,
        cell=tree.c1,
        entries=[PaymentEntry(member.pk, (this_month(),))],
        paid_on=timezone.localdate(),
    )
    mine = signed_in(personas.member).get("/api/v1/me/dues").json()
    assert mine["monthly_amount"] == 5_000 and mine["category"] is None
    assert mine["months"][0]["status"] == "paid" and mine["receipts"][0]["amount"] == 5_000


def test_a_units_month_by_persona(personas: Personas, tree: Tree) -> None:
    services.charges_open(actor=personas.committee, cell=tree.c1, month=this_month())
    cell = f"/api/v1/units/{tree.c1.public_id}/dues"
    rows = signed_in(personas.committee).get(cell).json()["members"]
    assert {r["member"] for r in rows} == {"Lê Văn Cường", "Trần Thị Bình"}
    units = signed_in(personas.committee).get(f"/api/v1/units/{tree.g1.public_id}/dues").json()
    assert [u["code"] for u in units["units"]] == ["C2", "C1"]  # by name
    bad = signed_in(personas.committee).get(cell + "?month=2026-13")
    assert bad.status_code == 400 and "Tháng không hợp lệ" in bad.json()["detail"]
    for user in (personas.member, personas.outsider):
        assert signed_in(user).get(cell).status_code == 404
