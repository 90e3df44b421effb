import datetime as dt
from typing import Any

import pyotp
import pytest
from django.utils import timezone

from sotay.conftest import PASSWORD, Personas, Tree, make_member
from sotay.core.errors import DomainError
from sotay.core.models import AuditEntry
from sotay.members import accounts, services
from sotay.members.choices import MemberStatus, RequestStatus, TransferKind, TransferStatus
from sotay.members.models import Member, User


def test_update_records_history_and_masks_citizen_id(personas: Personas) -> None:
    member = personas.member.member
    changes = services.member_update(
        member=member,
        actor=personas.committee,
        values={"citizen_id": "001080012345", "hometown": "Thái Bình"},
    )
    assert set(changes) == {"citizen_id", "hometown"}
    entry = member.history.first()
    assert entry.changes["citizen_id"][1] == "••••345"
    assert Member.objects.get(pk=member.pk).citizen_id == "001080012345"


def test_citizen_id_is_encrypted_at_rest(personas: Personas) -> None:
    from django.db import connection

    member = personas.member.member
    services.member_update(member=member, actor=None, values={"citizen_id": "001080012345"})
    with connection.cursor() as cur:
        cur.execute("SELECT citizen_id, phone FROM members_member WHERE id = %s", [member.pk])
        raw_cid, raw_phone = cur.fetchone()
    assert "001080012345" not in raw_cid and "0911000002" not in raw_phone


def test_bad_values_change_nothing(personas: Personas) -> None:
    member = personas.member.member
    entries = member.history.count()
    with pytest.raises(DomainError, match="CCCD"):
        services.member_update(
            member=member, actor=None, values={"citizen_id": "12", "hometown": "X"}
        )
    member.refresh_from_db()
    assert member.hometown == "" and member.history.count() == entries


def test_probationary_cannot_become_full_before_12_months(tree: Tree) -> None:
    m = make_member(
        tree.c1,
        status=MemberStatus.PROBATIONARY,
        full_member_on=None,
        admitted_on=timezone.localdate() - dt.timedelta(days=100),
    )
    with pytest.raises(DomainError, match="12 tháng"):
        services.member_set_status(member=m, status=MemberStatus.FULL, actor=None)
    m.admitted_on = timezone.localdate() - dt.timedelta(days=400)
    m.save(update_fields=["admitted_on"])
    services.member_set_status(member=m, status=MemberStatus.FULL, actor=None)
    m.refresh_from_db()
    assert m.status == MemberStatus.FULL and m.full_member_on == timezone.localdate()
    assert m.history.filter(source="status").exists()


def test_removed_member_account_is_disabled(personas: Personas) -> None:
    services.member_set_status(
        member=personas.member.member, status=MemberStatus.REMOVED, actor=None
    )
    assert not User.objects.get(pk=personas.member.pk).is_active


def test_official_transfer_needs_both_committees(personas: Personas, tree: Tree) -> None:
    member = personas.member.member
    transfer = services.transfer_send(
        member=member,
        to_cell=tree.c3,
        kind=TransferKind.OFFICIAL,
        reason="Chuyển nơi cư trú",
        actor=personas.committee,
    )
    member.refresh_from_db()
    assert member.cell_id == tree.c1.pk  # nothing moves until the receiver acts
    with pytest.raises(DomainError, match="chờ tiếp nhận"):
        services.transfer_send(
            member=member,
            to_cell=tree.c2,
            kind=TransferKind.OFFICIAL,
            reason="x",
            actor=personas.committee,
        )
    transfer = services.transfer_accept(transfer=transfer, actor=personas.outsider)
    member.refresh_from_db()
    assert member.cell_id == tree.c3.pk
    assert transfer.status == TransferStatus.ACCEPTED
    assert [c.org_id for c in member.cell_history.order_by("id")] == [tree.c1.pk, tree.c3.pk]
    with pytest.raises(DomainError, match="đã được xử lý"):
        services.transfer_accept(transfer=transfer, actor=personas.outsider)


def test_temporary_transfer_keeps_home_cell(personas: Personas, tree: Tree) -> None:
    member = personas.member.member
    with pytest.raises(DomainError, match="ngày kết thúc"):
        services.transfer_send(
            member=member,
            to_cell=tree.c3,
            kind=TransferKind.TEMPORARY,
            reason="Đi làm xa",
            actor=personas.committee,
        )
    t = services.transfer_send(
        member=member,
        to_cell=tree.c3,
        kind=TransferKind.TEMPORARY,
        reason="Đi làm xa",
        until=timezone.localdate() + dt.timedelta(days=90),
        actor=personas.committee,
    )
    services.transfer_accept(transfer=t, actor=personas.outsider)
    member.refresh_from_db()
    assert member.cell_id == tree.c1.pk and member.temporary_cell_id == tree.c3.pk
    # the receiving committee may now see the record, not edit it
    from sotay.members.access import access_member

    assert access_member(personas.outsider, member.public_id, "view") == member


def test_temporary_transfer_ends_after_its_last_day(
    personas: Personas, tree: Tree, django_capture_on_commit_callbacks: Any
) -> None:
    from django_tasks_db.models import DBTaskResult

    from sotay.members.tasks import temporary_transfer_end

    member = personas.member.member
    until = timezone.localdate() + dt.timedelta(days=30)
    t = services.transfer_send(
        member=member, to_cell=tree.c3, kind=TransferKind.TEMPORARY, reason="Đi làm xa",
        until=until, actor=personas.committee,
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        services.transfer_accept(transfer=t, actor=personas.outsider)
    queued = DBTaskResult.objects.get(task_path=temporary_transfer_end.module_path)
    assert timezone.localtime(queued.run_after).date() == until + dt.timedelta(days=1)
    # On its last day nothing changes; the day after, the member is home again.
    assert not services.temporary_transfer_end(transfer_id=t.pk, today=until)
    member.refresh_from_db()
    assert member.temporary_cell_id == tree.c3.pk
    day_after = until + dt.timedelta(days=1)
    assert services.temporary_transfer_end(transfer_id=t.pk, today=day_after)
    member.refresh_from_db()
    t.refresh_from_db()
    assert member.temporary_cell_id is None and member.cell_id == tree.c1.pk
    assert t.status == TransferStatus.RETURNED
    assert member.history.first().changes == {"temporary_cell": [tree.c3.name, None]}
    assert member.notifications.filter(title__contains="Đã hết thời hạn").exists()
    assert not services.temporary_transfer_end(transfer_id=t.pk, today=day_after)  # once


def test_correction_changes_nothing_until_approved(personas: Personas) -> None:
    member = personas.member.member
    req = services.correction_request(
        member=member,
        actor=personas.member,
        changes={"birth_date": dt.date(1981, 6, 2), "hometown": "Nam Định"},
        reason="Theo giấy khai sinh",
    )
    member.refresh_from_db()
    assert member.birth_date == dt.date(1980, 5, 1)
    with pytest.raises(DomainError, match="chờ"):
        services.correction_request(
            member=member, actor=personas.member, changes={"hometown": "Huế"}, reason=""
        )
    with pytest.raises(DomainError, match="lý do"):
        services.correction_decide(request=req, actor=personas.committee, approve=False)
    services.correction_decide(request=req, actor=personas.committee, approve=True)
    member.refresh_from_db()
    assert member.birth_date == dt.date(1981, 6, 2) and member.hometown == "Nam Định"
    req.refresh_from_db()
    assert req.status == RequestStatus.APPROVED
    assert member.history.filter(source="correction").exists()


def test_correction_without_change_is_refused(personas: Personas) -> None:
    with pytest.raises(DomainError, match="chưa thay đổi"):
        services.correction_request(
            member=personas.member.member,
            actor=personas.member,
            changes={"full_name": "Lê Văn Cường"},
            reason="",
        )


def test_activation_code_flow(tree: Tree, personas: Personas) -> None:
    newcomer = make_member(tree.c1, "Bùi Thị Lan", phone="0988777666")
    code = accounts.activation_code_issue(member=newcomer, actor=personas.committee)
    with pytest.raises(DomainError, match="không đúng"):
        accounts.account_activate(
            identifier="0988777666", code="00000000", password="Mot-mat-khau-dai"
        )
    user = accounts.account_activate(
        identifier="+84 988 777 666", code=code, password="Mot-mat-khau-dai"
    )
    assert user.member == newcomer and user.activated_at is not None
    newcomer.refresh_from_db()
    assert newcomer.has_account
    assert accounts.check_credentials("0988777666", "Mot-mat-khau-dai", None).user == user
    with pytest.raises(DomainError):  # one-time
        accounts.account_activate(identifier="0988777666", code=code, password="Mot-mat-khau-khac")
    assert AuditEntry.objects.filter(member=newcomer, action="issue_code").exists()


def test_sign_in_by_card_number_and_lockout(personas: Personas) -> None:
    card = personas.member.member.party_card_number
    assert accounts.check_credentials(card, PASSWORD, "10.0.0.1").user == personas.member
    for _ in range(5):
        assert accounts.check_credentials(card, "sai", "10.0.0.1").user is None
    locked = accounts.check_credentials(card, PASSWORD, "10.0.0.1")
    assert locked.user is None and "tạm khóa" in locked.error
    # the same account by phone is the same identifier only if typed the same; lock is per key
    assert accounts.is_locked(card, None)


def test_totp_codes_cannot_be_replayed(personas: Personas) -> None:
    user = personas.committee
    code = pyotp.TOTP(user.totp_secret).now()
    assert accounts.totp_verify(user, code, None)
    assert not accounts.totp_verify(user, code, None)
    assert accounts.needs_second_factor(user) and not accounts.needs_second_factor(personas.member)


def test_audit_skips_own_record(personas: Personas) -> None:
    services.audit_record(actor=personas.member, member=personas.member.member)
    services.audit_record(actor=personas.committee, member=personas.member.member)
    assert list(AuditEntry.objects.values_list("actor_name", flat=True)) == ["Trần Thị Bình"]


def test_transferred_secretary_loses_rights_over_old_cell(personas: Personas, tree: Tree) -> None:
    from sotay.core import access
    from sotay.core.access import Capability
    from sotay.orgs.models import Position

    secretary = make_member(tree.c2, "Bí Thư Đi")
    Position.objects.create(
        member=secretary, org=tree.c2, kind="secretary", started_on=dt.date(2020, 1, 1)
    )
    from sotay.conftest import make_user

    user = make_user(secretary)
    assert access.can(user, Capability.MEMBERS_EDIT, tree.c2)
    t = services.transfer_send(
        member=secretary,
        to_cell=tree.c3,
        kind=TransferKind.OFFICIAL,
        reason="Chuyển công tác",
        actor=personas.committee,
    )
    services.transfer_accept(transfer=t, actor=personas.outsider)
    user = User.objects.get(pk=user.pk)
    assert not access.can(user, Capability.MEMBERS_EDIT, tree.c2)
    assert Position.objects.get(member=secretary).ended_on == timezone.localdate()


def test_removed_member_roles_end(personas: Personas, tree: Tree) -> None:
    from sotay.orgs.models import StaffRole

    services.member_set_status(
        member=personas.committee.member, status=MemberStatus.REMOVED, actor=None
    )
    assert StaffRole.objects.get(member=personas.committee.member).ended_on is not None


def test_member_is_told_about_correction_and_transfer(personas: Personas, tree: Tree) -> None:
    from sotay.notices.models import Notification

    member = personas.member.member
    req = services.correction_request(
        member=member, actor=personas.member, changes={"hometown": "Huế"}, reason=""
    )
    services.correction_decide(
        request=req, actor=personas.committee, approve=False, note="Thiếu giấy tờ"
    )
    t = services.transfer_send(
        member=member,
        to_cell=tree.c3,
        kind=TransferKind.OFFICIAL,
        reason="Chuyển nhà",
        actor=personas.committee,
    )
    services.transfer_accept(transfer=t, actor=personas.outsider)
    titles = list(
        Notification.objects.filter(member=member).order_by("id").values_list("title", "body")
    )
    assert titles[0] == ("Đề nghị đính chính hồ sơ bị từ chối", "Thiếu giấy tờ")
    assert titles[1][0].startswith("Chi bộ thôn Ba đã tiếp nhận bạn")
