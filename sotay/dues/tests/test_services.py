"""Party dues with three personas — the committee of commune G1 (which keeps the dues of
cells C1 and C2), a member of C1, and the secretary of C3 in another branch — on a fixed
date, so that "this month" and "a month that is over" are known. Bad input gets a
Vietnamese message and writes nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from sotay.conftest import Personas, Tree, make_member, make_user
from sotay.core.errors import DomainError
from sotay.dues import selectors, services
from sotay.dues.choices import ChargeStatus, DuesCategory, RateKind
from sotay.dues.models import DuesCharge, DuesPayment, DuesProfile, DuesRate, DuesRemittance
from sotay.dues.services import PaymentEntry
from sotay.members.models import Member, User
from sotay.orgs.choices import OrgKind, StaffRoleKind
from sotay.orgs.models import StaffRole
from sotay.orgs.services import org_create

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
NOV, OCT, SEP, AUG = (dt.date(2026, m, 1) for m in (11, 10, 9, 8))


@pytest.fixture(autouse=True)
def _november() -> Iterator[None]:
    with time_machine.travel(dt.datetime(2026, 11, 10, 9, tzinfo=TZ), tick=False):
        yield


def _at(day: dt.date) -> Any:
    return time_machine.travel(dt.datetime.combine(day, dt.time(9), tzinfo=TZ), tick=False)


def _root_staff(tree: Tree) -> User:
    member = make_member(tree.c2, "Vũ Văn Tỉnh")
    StaffRole.objects.create(
        member=member, org=tree.province, kind=StaffRoleKind.OFFICE, started_on=dt.date(2020, 1, 1)
    )
    return make_user(member, totp=True)


def _pay(actor: User, cell: Any, member: Member, *months: dt.date, on: dt.date) -> DuesPayment:
    entry = PaymentEntry(member.pk, tuple(months))
    return services.payments_record(actor=actor, cell=cell, entries=[entry], paid_on=on)[0]


def test_amounts_follow_the_category_and_the_documented_defaults(
    personas: Personas, tree: Tree
) -> None:
    staff, member = personas.committee, personas.member.member
    assert member is not None
    for category, income, amount in (
        (DuesCategory.SALARIED, 8_500_000, 85_000),
        (DuesCategory.PENSIONER, 6_000_050, 30_000),
        (DuesCategory.OTHER, 0, 5_000),
        (DuesCategory.STUDENT, 0, 2_000),
    ):
        services.profile_set(actor=staff, member=member, category=category, income=income)
        member.refresh_from_db()
        assert selectors.expected_amount(member, NOV) == amount
    no_profile = make_member(tree.c1, "Hà Văn Mới")
    assert selectors.expected_amount(no_profile, NOV) == 5_000


@pytest.mark.parametrize(
    ("category", "income", "message"),
    [
        (DuesCategory.SALARIED, None, "thu nhập hằng tháng"),
        (DuesCategory.PENSIONER, 0, "thu nhập hằng tháng"),
        (DuesCategory.SALARIED, 5_000_000_000, "quá lớn"),
        ("nong_dan", 0, "đối tượng"),
    ],
)
def test_bad_profiles_write_nothing(
    personas: Personas, category: str, income: Any, message: str
) -> None:
    with pytest.raises(DomainError, match=message):
        services.profile_set(
            actor=personas.committee,
            member=personas.member.member,
            category=category,
            income=income,
        )
    assert not DuesProfile.objects.exists()


def test_only_the_committee_over_the_cell_keeps_profiles(personas: Personas) -> None:
    for actor in (personas.member, personas.outsider):
        with pytest.raises(PermissionDenied):
            services.profile_set(
                actor=actor, member=personas.member.member, category="other", income=0
            )
    assert not DuesProfile.objects.exists()


def test_opening_a_month_charges_each_member_where_they_pay(personas: Personas, tree: Tree) -> None:
    visitor = make_member(tree.c1, "Đinh Văn Tạm")
    Member.objects.filter(pk=visitor.pk).update(temporary_cell=tree.c2)
    later = make_member(
        tree.c1, "Kết Nạp Sau", admitted_on=dt.date(2026, 11, 2), full_member_on=None,
        status="probationary",
    )  # fmt: skip
    opened = services.charges_open(actor=personas.committee, cell=tree.c1, month=OCT)
    charged = set(DuesCharge.objects.filter(month=OCT).values_list("member_id", flat=True))
    assert visitor.pk not in charged and later.pk not in charged  # pays at C2; admitted later
    assert opened == len(charged) == 2  # the two personas of C1
    assert services.charges_open(actor=personas.committee, cell=tree.c1, month=OCT) == 0
    services.charges_open(actor=personas.committee, cell=tree.c2, month=OCT)
    assert DuesCharge.objects.get(member=visitor, month=OCT).cell == tree.c2  # QĐ 294, 9.3 c
    with pytest.raises(DomainError, match="tháng này hoặc"):
        services.charges_open(actor=personas.committee, cell=tree.c1, month=dt.date(2026, 12, 1))
    with pytest.raises(DomainError, match="chi bộ"):
        services.charges_open(actor=personas.committee, cell=tree.g1, month=OCT)
    for actor in (personas.member, personas.outsider):
        with pytest.raises(PermissionDenied):
            services.charges_open(actor=actor, cell=tree.c1, month=NOV)


def test_a_batch_with_a_bad_row_writes_nothing_and_names_every_problem(
    personas: Personas, tree: Tree
) -> None:
    staff, member = personas.committee, personas.member.member
    assert member is not None and staff.member is not None
    services.charges_open(actor=staff, cell=tree.c1, month=NOV)
    stranger = make_member(tree.c3, "Người Chi Bộ Khác")
    entries = [
        PaymentEntry(member.pk, (NOV, OCT)),  # October was never opened
        PaymentEntry(stranger.pk, (NOV,)),
        PaymentEntry(staff.member.pk, (NOV,)),
    ]
    with pytest.raises(DomainError) as caught:
        services.payments_record(actor=staff, cell=tree.c1, entries=entries, paid_on=NOV)
    assert "Lê Văn Cường: tháng 10/2026 chưa lập sổ thu" in caught.value.message
    assert "Người Chi Bộ Khác: không đóng đảng phí tại chi bộ này" in caught.value.message
    assert not DuesPayment.objects.exists()
    assert not DuesCharge.objects.filter(status=ChargeStatus.PAID).exists()
    with pytest.raises(DomainError, match="sau hôm nay"):
        _pay(staff, tree.c1, member, NOV, on=dt.date(2026, 11, 11))
    with pytest.raises(DomainError, match="Chưa chọn"):
        services.payments_record(actor=staff, cell=tree.c1, entries=[], paid_on=NOV)


def test_receipts_are_numbered_and_cover_arrears(personas: Personas, tree: Tree) -> None:
    staff, member = personas.committee, personas.member.member
    assert member is not None
    for month in (SEP, OCT, NOV):
        services.charges_open(actor=staff, cell=tree.c1, month=month)
    first = _pay(staff, tree.c1, member, NOV, OCT, on=dt.date(2026, 11, 3))
    assert first.receipt_no == "2026-00001" and first.amount == 10_000
    assert {c.month for c in first.charges.all()} == {OCT, NOV}
    with pytest.raises(DomainError, match="tháng 11/2026 đã nộp"):
        _pay(staff, tree.c1, member, NOV, on=dt.date(2026, 11, 4))
    assert _pay(staff, tree.c1, member, SEP, on=dt.date(2026, 11, 4)).receipt_no == "2026-00002"
    assert selectors.arrears_of([member], NOV)[member.pk].count == 0


def test_three_unpaid_months_are_flagged_unless_excused(personas: Personas, tree: Tree) -> None:
    staff, member = personas.committee, personas.member.member
    assert member is not None
    for month in (AUG, SEP, OCT, NOV):
        services.charges_open(actor=staff, cell=tree.c1, month=month)
    rows = {r.member.pk: r for r in selectors.register(tree.c1, NOV)}
    assert rows[member.pk].arrears.count == 3 and rows[member.pk].flagged
    with pytest.raises(DomainError, match="lý do"):
        services.charge_excuse(actor=staff, cell=tree.c1, member=member, month=AUG, reason=" ")
    services.charge_excuse(
        actor=staff, cell=tree.c1, member=member, month=AUG, reason="Ốm dài ngày, nằm viện"
    )
    rows = {r.member.pk: r for r in selectors.register(tree.c1, NOV)}
    assert rows[member.pk].arrears.count == 2 and not rows[member.pk].flagged
    with pytest.raises(DomainError, match="được miễn"):
        _pay(staff, tree.c1, member, AUG, on=NOV)


def test_money_goes_up_the_tree_keeping_each_share(personas: Personas, tree: Tree) -> None:
    staff, member = personas.committee, personas.member.member
    assert member is not None and staff.member is not None
    services.profile_set(actor=staff, member=member, category="salaried", income=9_000_000)
    member.refresh_from_db()
    services.charges_open(actor=staff, cell=tree.c1, month=OCT)
    with _at(dt.date(2026, 10, 20)):
        _pay(staff, tree.c1, member, OCT, on=dt.date(2026, 10, 20))  # 90.000 đ
        with pytest.raises(DomainError, match="tháng đã kết thúc"):
            services.remittance_send(actor=staff, unit=tree.c1, month=OCT)
    _pay(staff, tree.c1, staff.member, OCT, on=dt.date(2026, 10, 31))  # 5.000 đ, dated October
    with pytest.raises(DomainError, match="chưa có khoản thu"):
        services.remittance_send(actor=staff, unit=tree.c2, month=OCT)
    sent = services.remittance_send(actor=staff, unit=tree.c1, month=OCT)
    assert (sent.collected, sent.retained_percent, sent.retained, sent.remitted) == (
        95_000, 30, 28_500, 66_500,
    )  # fmt: skip
    assert sent.to_unit == tree.g1
    with pytest.raises(DomainError, match="đã nộp lên cấp trên"):
        services.remittance_send(actor=staff, unit=tree.c1, month=OCT)
    late = make_member(tree.c1, "Nộp Muộn")
    services.charges_open(actor=staff, cell=tree.c1, month=OCT)
    with pytest.raises(DomainError, match="đã nộp lên cấp trên"):
        _pay(staff, tree.c1, late, OCT, on=dt.date(2026, 10, 30))
    receipt = DuesPayment.objects.filter(member=member).get()
    with pytest.raises(DomainError, match="đã nộp lên cấp trên"):
        services.payment_void(actor=staff, payment=receipt, reason="Nhập nhầm")
    with pytest.raises(PermissionDenied):
        services.remittance_confirm(actor=personas.outsider, remittance=sent)
    services.remittance_confirm(actor=staff, remittance=sent)  # received on 10 November
    with pytest.raises(DomainError, match="đã được xác nhận"):
        services.remittance_confirm(actor=staff, remittance=sent)
    assert selectors.inflow(tree.g1, OCT) == 0 and selectors.inflow(tree.g1, NOV) == 66_500
    with _at(dt.date(2026, 12, 2)):
        up = services.remittance_send(actor=staff, unit=tree.g1, month=NOV)
    assert (up.retained, up.remitted, up.to_unit) == (33_250, 33_250, tree.u1)


def test_a_cell_directly_under_a_district_keeps_the_grassroots_share(tree: Tree) -> None:
    direct = org_create(parent=tree.u1, kind=OrgKind.CELL, code="CS", name="Chi bộ cơ sở")
    assert selectors.share_level(tree.c1) == "cell"
    assert selectors.share_level(direct) == "grassroots"
    assert selectors.share_level(tree.province) == "provincial"


def test_voiding_a_receipt_makes_the_months_owed_again(personas: Personas, tree: Tree) -> None:
    staff, member = personas.committee, personas.member.member
    assert member is not None
    services.charges_open(actor=staff, cell=tree.c1, month=NOV)
    receipt = _pay(staff, tree.c1, member, NOV, on=NOV)
    with pytest.raises(DomainError, match="lý do"):
        services.payment_void(actor=staff, payment=receipt, reason="")
    with pytest.raises(PermissionDenied):
        services.payment_void(actor=personas.outsider, payment=receipt, reason="Sai")
    services.payment_void(actor=staff, payment=receipt, reason="Ghi nhầm người")
    assert DuesCharge.objects.get(member=member, month=NOV).status == ChargeStatus.DUE
    with pytest.raises(DomainError, match="đã hủy"):
        services.payment_void(actor=staff, payment=receipt, reason="Lần nữa")
    assert _pay(staff, tree.c1, member, NOV, on=NOV).receipt_no == "2026-00002"


def test_rates_are_set_at_the_root_from_a_month_on(personas: Personas, tree: Tree) -> None:
    root = _root_staff(tree)
    member = personas.member.member
    assert member is not None
    services.profile_set(actor=root, member=member, category="salaried", income=7_000_000)
    services.charges_open(actor=root, cell=tree.c1, month=NOV)
    with pytest.raises(DomainError, match="cấp cao nhất"):
        services.rate_set(
            actor=personas.committee, category="salaried", kind="percent", value="2",
            valid_from=NOV,
        )  # fmt: skip
    for value, kind, valid_from, message in (
        ("12", RateKind.PERCENT, NOV, "không quá 10%"),
        ("abc", RateKind.PERCENT, NOV, "không quá 10%"),
        ("2500.5", RateKind.FIXED, NOV, "số đồng"),
        ("1", RateKind.PERCENT, OCT, "không sửa các tháng đã qua"),
    ):
        with pytest.raises(DomainError, match=message):
            services.rate_set(
                actor=root, category="salaried", kind=kind, value=value, valid_from=valid_from
            )
    assert not DuesRate.objects.exists()
    services.rate_set(
        actor=root, category="salaried", kind="percent", value="1,5", valid_from=NOV,
        note="Quy định mới",
    )  # fmt: skip
    assert DuesCharge.objects.get(member=member, month=NOV).amount == 105_000
    assert selectors.rates_in_effect(OCT)["salaried"].value == 1
    with pytest.raises(DomainError, match="0 đến 100"):
        services.share_set(actor=root, level="cell", percent=120, valid_from=NOV)
    services.share_set(actor=root, level="cell", percent=40, valid_from=NOV)
    assert selectors.shares_in_effect(NOV)["cell"] == 40
    assert selectors.shares_in_effect(OCT)["cell"] == 30


def test_the_worker_opens_the_month_everywhere_once(personas: Personas, tree: Tree) -> None:
    make_member(tree.c3, "Thành Viên Ba")
    created = services.charges_open_everywhere()
    assert created == Member.objects.current().count() == DuesCharge.objects.count()
    assert services.charges_open_everywhere() == 0
    assert not DuesRemittance.objects.exists()


def test_the_report_centre_counts_dues_per_month(personas: Personas, tree: Tree) -> None:
    from sotay.reports import rollup
    from sotay.reports.models import Rollup

    staff, member = personas.committee, personas.member.member
    assert member is not None and staff.member is not None
    for month in (OCT, NOV):
        services.charges_open(actor=staff, cell=tree.c1, month=month)
    _pay(staff, tree.c1, staff.member, NOV, on=dt.date(2026, 11, 5))
    _pay(staff, tree.c1, member, OCT, on=dt.date(2026, 11, 6))  # October's, paid in November
    rollup.refresh([OCT, NOV])
    nov = Rollup.objects.get(path=tree.g1.path, month=NOV).values
    assert (nov["dues_charged"], nov["dues_members_paid"]) == (2, 1)
    assert (nov["dues_due"], nov["dues_paid"], nov["dues_collected"]) == (10_000, 5_000, 10_000)
    assert nov["dues_in_arrears"] == 1  # the staff member still owes October
    oct_ = Rollup.objects.get(path=tree.c1.path, month=OCT).values
    assert oct_["dues_charged"] == 2 and "dues_collected" not in oct_
    assert oct_["dues_members_paid"] == 1  # the member's October charge is paid (in November)


def test_the_worker_keeps_one_opening_task_queued(personas: Personas) -> None:
    from django_tasks_db.models import DBTaskResult

    from sotay.dues import tasks

    assert tasks.ensure_scheduled() and not tasks.ensure_scheduled()
    assert tasks.open_month.call() == Member.objects.current().count()
    queued = DBTaskResult.objects.filter(task_path=tasks.open_month.module_path, status="READY")
    assert queued.count() == 2  # the one ensured, and the next run the call queued


def test_the_demo_writer_keeps_the_id_sequence_right(personas: Personas, tree: Tree) -> None:
    """insert_rows with explicit ids (the dues demo's receipts) must leave the ORM able to add
    the next receipt: on PostgreSQL the sequence is moved past the inserted ids."""
    import uuid

    from django.db import connection

    from sotay.core.db import insert_rows

    member = personas.member.member
    assert member is not None
    now = DuesPayment._meta.get_field("created_at").get_db_prep_value(
        dt.datetime(2026, 11, 2, 9, tzinfo=TZ), connection
    )
    public_id = DuesPayment._meta.get_field("public_id").get_db_prep_value(uuid.uuid4(), connection)
    row = (900, public_id, now, now, member.pk, tree.c1.pk, tree.c1.path, "2026-00900", 5000,
           "11/2026", dt.date(2026, 11, 2), "")  # fmt: skip
    from sotay.dues.demo import PAYMENT_FIELDS

    insert_rows(DuesPayment, PAYMENT_FIELDS, [row])
    stored = DuesPayment.objects.get(pk=900)
    assert stored.paid_on == dt.date(2026, 11, 2) and stored.created_at.day == 2
    services.charges_open(actor=personas.committee, cell=tree.c1, month=NOV)
    assert _pay(personas.committee, tree.c1, member, NOV, on=NOV).pk > 900


def test_a_wrong_remittance_is_sent_back_and_sent_again(personas: Personas, tree: Tree) -> None:
    staff, member = personas.committee, personas.member.member
    assert member is not None and staff.member is not None
    services.charges_open(actor=staff, cell=tree.c1, month=OCT)
    wrong = _pay(staff, tree.c1, staff.member, OCT, on=dt.date(2026, 10, 20))
    _pay(staff, tree.c1, member, OCT, on=dt.date(2026, 10, 21))
    sent = services.remittance_send(actor=staff, unit=tree.c1, month=OCT)
    assert sent.collected == 10_000
    with pytest.raises(PermissionDenied):
        services.remittance_return(actor=personas.outsider, remittance=sent, reason="Sai")
    with pytest.raises(DomainError, match="lý do"):
        services.remittance_return(actor=staff, remittance=sent, reason=" ")
    services.remittance_return(actor=staff, remittance=sent, reason="Thu trùng một biên lai")
    with pytest.raises(DomainError, match="đã trả lại"):
        services.remittance_confirm(actor=staff, remittance=sent)
    assert selectors.remittance_of(tree.c1, OCT) is None
    # The month is open again: the wrong receipt is voided and the month passed up anew.
    services.payment_void(actor=staff, payment=wrong, reason="Thu trùng")
    again = services.remittance_send(actor=staff, unit=tree.c1, month=OCT)
    assert again.collected == 5_000 and again.pk != sent.pk
    services.remittance_confirm(actor=staff, remittance=again)
    with pytest.raises(DomainError, match="đã được xác nhận"):
        services.remittance_return(actor=staff, remittance=again, reason="Muộn")
    assert selectors.inflow(tree.g1, NOV) == again.remitted
