"""A member asks online for a transfer of party activity; the cell's committee issues it or
declines with a reason; the introduction letter is a PDF for the member and both committees.
Bad requests get a Vietnamese message and create nothing; outsiders see nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from sotay.conftest import Personas, Tree, signed_in
from sotay.core.errors import DomainError
from sotay.members import services
from sotay.members.choices import RequestStatus, TransferStatus
from sotay.members.models import Transfer, TransferRequest


def _ask(personas: Personas, **over: Any) -> TransferRequest:
    values = {"to_cell_code": "C3", "kind": "official", "reason": "Chuyển nơi cư trú"}
    values.update(over)
    member = personas.member.member
    return services.transfer_request_create(member=member, actor=personas.member, **values)


@pytest.mark.parametrize(
    ("over", "message"),
    [
        ({"to_cell_code": "KHONG-CO"}, "Không tìm thấy chi bộ"),
        ({"to_cell_code": "C1"}, "trùng với chi bộ hiện tại"),
        ({"reason": "  "}, "lý do"),
        ({"kind": "temporary"}, "ngày kết thúc"),
        ({"kind": "temporary", "until": dt.date(2020, 1, 1)}, "ngày kết thúc"),
        ({"kind": "vinh-vien"}, "chính thức hay tạm thời"),
    ],
)
def test_bad_requests_create_nothing(personas: Personas, over: dict, message: str) -> None:
    with pytest.raises(DomainError, match=message):
        _ask(personas, **over)
    assert not TransferRequest.objects.exists()


def test_only_the_member_asks_and_once_at_a_time(personas: Personas) -> None:
    with pytest.raises(DomainError, match="tự đề nghị"):
        services.transfer_request_create(
            member=personas.member.member, actor=personas.committee, to_cell_code="C3",
            kind="official", reason="Thay mặt",
        )  # fmt: skip
    _ask(personas)
    with pytest.raises(DomainError, match="đang chờ"):
        _ask(personas)
    assert TransferRequest.objects.count() == 1


def test_committee_issues_the_transfer_and_the_letter(personas: Personas, tree: Tree) -> None:
    asked = _ask(personas, kind="temporary", until=timezone.localdate() + dt.timedelta(days=60))
    assert personas.committee.member.notifications.filter(title__contains="đề nghị chuyển").exists()
    committee = signed_in(personas.committee)
    page = committee.get("/quan-ly/chuyen-sinh-hoat/").content.decode()
    assert "Đảng viên đề nghị chuyển" in page and "Lê Văn Cường" in page
    # The outsider (C3's secretary, the destination) does not decide for C1's member.
    outsider = signed_in(personas.outsider)
    assert "Lê Văn Cường" not in outsider.get("/quan-ly/chuyen-sinh-hoat/").content.decode()
    url = f"/quan-ly/chuyen-sinh-hoat/de-nghi/{asked.public_id}/issue/"
    assert outsider.post(url).status_code == 404
    r = committee.post(f"/quan-ly/chuyen-sinh-hoat/de-nghi/{asked.public_id}/decline/")
    assert r.status_code == 302
    asked.refresh_from_db()
    assert asked.status == RequestStatus.PENDING  # declining needs a reason: nothing changed
    assert committee.post(url).status_code == 302
    asked.refresh_from_db()
    transfer = asked.transfer
    assert asked.status == RequestStatus.APPROVED and transfer is not None
    assert transfer.status == TransferStatus.SENT and transfer.to_cell == tree.c3
    assert transfer.until == asked.until and transfer.sent_by == personas.committee
    assert personas.member.member.notifications.filter(title__contains="đã cấp giấy").exists()
    # The letter: the member, the sending and the receiving committees; nobody else.
    for who, path in (
        (personas.member, f"/ho-so/chuyen-sinh-hoat/{transfer.public_id}/giay-gioi-thieu.pdf"),
        (personas.committee, f"/quan-ly/chuyen-sinh-hoat/{transfer.public_id}/giay-gioi-thieu.pdf"),
        (personas.outsider, f"/quan-ly/chuyen-sinh-hoat/{transfer.public_id}/giay-gioi-thieu.pdf"),
    ):
        r = signed_in(who).get(path)
        assert r.status_code == 200 and r.content.startswith(b"%PDF"), who
    stranger = signed_in(personas.outsider)
    assert (
        stranger.get(
            f"/ho-so/chuyen-sinh-hoat/{transfer.public_id}/giay-gioi-thieu.pdf"
        ).status_code
        == 404
    )


def test_member_page_reports_errors_and_declines(personas: Personas) -> None:
    member = signed_in(personas.member)
    r = member.post("/ho-so/chuyen-sinh-hoat/", {"to_cell_code": "KHONG-CO", "kind": "official",
                                                 "reason": "Đi làm xa"})  # fmt: skip
    assert r.status_code == 400 and "Không tìm thấy chi bộ" in r.content.decode()
    assert not TransferRequest.objects.exists()
    r = member.post("/ho-so/chuyen-sinh-hoat/", {"to_cell_code": "c3", "kind": "official",
                                                 "reason": "Đi làm xa"})  # fmt: skip
    assert r.status_code == 302
    asked = TransferRequest.objects.get()
    services.transfer_request_decide(
        request=asked, actor=personas.committee, approve=False, note="Chưa đủ hồ sơ nơi đến"
    )
    page = member.get("/ho-so/chuyen-sinh-hoat/").content.decode()
    assert "Từ chối" in page and "Chưa đủ hồ sơ nơi đến" in page
    assert not Transfer.objects.exists()
