"""The dues pages through the test client with the three personas, on a fixed date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from openpyxl import load_workbook
from pypdf import PdfReader

from sotay.conftest import Personas, Tree, signed_in
from sotay.dues.choices import ChargeStatus
from sotay.dues.models import DuesCharge, DuesPayment, DuesProfile, DuesRemittance

NOV = dt.date(2026, 11, 1)


@pytest.fixture(autouse=True)
def _november() -> Iterator[None]:
    when = dt.datetime(2026, 11, 10, 9, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    with time_machine.travel(when, tick=False):
        yield


def _url(unit: object) -> str:
    return f"/quan-ly/dang-phi/{unit.public_id}/"  # type: ignore[attr-defined]


def test_the_unit_page_by_persona(personas: Personas, tree: Tree) -> None:
    committee = signed_in(personas.committee)
    page = committee.get(_url(tree.c1)).content.decode()
    assert 'data-testid="open-form"' in page and "Lê Văn Cường" in page  # profile form
    assert committee.get(_url(tree.g1)).status_code == 200
    for user in (personas.member, personas.outsider):
        assert signed_in(user).get(_url(tree.c1)).status_code == 404
    assert signed_in(personas.outsider).get(_url(tree.c3)).status_code == 200
    assert signed_in(personas.outsider).get(_url(tree.g2)).status_code == 404  # the commune above
    assert signed_in(personas.outsider).post(_url(tree.c1), {"step": "open"}).status_code == 404
    assert not DuesCharge.objects.exists()


def test_a_cell_collects_and_the_member_sees_the_receipt(personas: Personas, tree: Tree) -> None:
    committee, member = signed_in(personas.committee), personas.member.member
    assert member is not None
    assert committee.post(_url(tree.c1), {"step": "open"}).status_code == 302
    bad = committee.post(
        _url(tree.c1),
        {"step": "profile", "member": member.pk, "category": "salaried", "income": ""},
    )
    assert bad.status_code == 400 and "thu nhập hằng tháng" in bad.content.decode()
    assert not DuesProfile.objects.exists()
    committee.post(
        _url(tree.c1),
        {"step": "profile", "member": member.pk, "category": "salaried", "income": "8.200.000"},
    )
    assert DuesCharge.objects.get(member=member).amount == 82_000
    late = committee.post(
        _url(tree.c1), {"step": "pay", f"pay_{member.pk}": "on", "paid_on": "2026-11-11"}
    )
    assert late.status_code == 400 and "sau hôm nay" in late.content.decode()
    assert not DuesPayment.objects.exists()
    ok = committee.post(
        _url(tree.c1), {"step": "pay", f"pay_{member.pk}": "on", "paid_on": "2026-11-10"}
    )
    assert ok.status_code == 302
    payment = DuesPayment.objects.get()
    assert payment.amount == 82_000 and payment.months_label == "11/2026"
    assert DuesCharge.objects.get(member=member).status == ChargeStatus.PAID

    phone = signed_in(personas.member)
    mine = phone.get("/dang-phi/").content.decode()
    assert "82.000 đ" in mine and payment.receipt_no in mine
    pdf = phone.get(f"/dang-phi/bien-lai/{payment.public_id}/")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    text = PdfReader(BytesIO(pdf.content)).pages[0].extract_text()
    assert "BIÊN LAI THU ĐẢNG PHÍ" in text and "Tám mươi hai nghìn đồng" in text
    assert (
        signed_in(personas.outsider).get(f"/dang-phi/bien-lai/{payment.public_id}/").status_code
        == 404
    )
    assert committee.get(f"/dang-phi/bien-lai/{payment.public_id}/").status_code == 200

    sheet = committee.get(_url(tree.c1) + "?thang=2026-11&xuat=xlsx")
    book = load_workbook(BytesIO(sheet.content), read_only=True)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert ("Lê Văn Cường" in {r[0] for r in rows}) and rows[0][0] == "Họ và tên"
    summary = committee.get(_url(tree.g1) + "?thang=2026-11").content.decode()
    assert "Chi bộ thôn Một" in summary and "82.000 đ" in summary


def test_sending_up_and_confirming_through_the_pages(personas: Personas, tree: Tree) -> None:
    committee, member = signed_in(personas.committee), personas.member.member
    assert member is not None
    with time_machine.travel(dt.datetime(2026, 10, 15, 9, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))):
        committee.post(_url(tree.c1), {"step": "open"})
        committee.post(
            _url(tree.c1), {"step": "pay", f"pay_{member.pk}": "on", "paid_on": "2026-10-15"}
        )
    assert committee.post(_url(tree.c1), {"step": "send"}).status_code == 302
    sent = DuesRemittance.objects.get()
    assert sent.month == dt.date(2026, 10, 1) and sent.remitted == 3_500
    again = committee.post(_url(tree.c1), {"step": "send"})
    assert again.status_code == 400 and "đã nộp lên cấp trên" in again.content.decode()
    page = committee.get(_url(tree.g1)).content.decode()
    assert "Xác nhận đã nhận" in page
    assert (
        signed_in(personas.outsider)
        .post(_url(tree.g1), {"step": "confirm", "remittance": str(sent.public_id)})
        .status_code
        == 404
    )
    committee.post(_url(tree.g1), {"step": "confirm", "remittance": str(sent.public_id)})
    sent.refresh_from_db()
    assert sent.received_at is not None
    wrong = committee.post(_url(tree.g1), {"step": "confirm", "remittance": "khong-phai"})
    assert wrong.status_code == 400


def test_rates_are_configured_only_at_the_root(personas: Personas, tree: Tree) -> None:
    committee = signed_in(personas.committee)
    assert 'data-testid="rate-form"' not in committee.get(_url(tree.g1)).content.decode()
    refused = committee.post(
        _url(tree.g1),
        {
            "step": "rate",
            "category": "other",
            "kind": "fixed",
            "value": "6000",
            "valid_from": "2026-12",
        },
    )
    assert refused.status_code == 400 and "cấp cao nhất" in refused.content.decode()


def test_newcomers_are_added_to_an_open_register(personas: Personas, tree: Tree) -> None:
    from sotay.conftest import make_member

    committee = signed_in(personas.committee)
    committee.post(_url(tree.c1), {"step": "open"})
    make_member(tree.c1, "Người Mới Đến")
    page = committee.get(_url(tree.c1)).content.decode()
    assert 'data-testid="open-missing"' in page and "1 đảng viên" in page
    committee.post(_url(tree.c1), {"step": "open"})
    assert DuesCharge.objects.filter(month=NOV).count() == 3
    assert 'data-testid="open-missing"' not in committee.get(_url(tree.c1)).content.decode()


def test_the_commune_sends_a_remittance_back_through_the_page(
    personas: Personas, tree: Tree
) -> None:
    committee, member = signed_in(personas.committee), personas.member.member
    assert member is not None
    with time_machine.travel(dt.datetime(2026, 10, 15, 9, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))):
        committee.post(_url(tree.c1), {"step": "open"})
        committee.post(
            _url(tree.c1), {"step": "pay", f"pay_{member.pk}": "on", "paid_on": "2026-10-15"}
        )
    committee.post(_url(tree.c1), {"step": "send"})
    sent = DuesRemittance.objects.get()
    bad = committee.post(_url(tree.g1), {"step": "return", "remittance": str(sent.public_id)})
    assert bad.status_code == 400 and "lý do" in bad.content.decode()
    committee.post(
        _url(tree.g1),
        {"step": "return", "remittance": str(sent.public_id), "reason": "Số tiền chưa khớp"},
    )
    page = committee.get(_url(tree.c1)).content.decode()
    assert 'data-testid="remit-returned"' in page and "Số tiền chưa khớp" in page
