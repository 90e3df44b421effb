import base64
import datetime as dt
import json
import os

import http_ece
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from sotay.conftest import Personas, Tree, make_member, make_user
from sotay.core.errors import DomainError
from sotay.members.models import Member
from sotay.notices import services
from sotay.notices.choices import AudienceRole, Channel, DeliveryStatus, NotificationKind, Priority
from sotay.notices.models import Delivery, Notice, Notification, PushSubscription
from sotay.notices.selectors import notice_reach
from sotay.orgs.choices import PositionKind
from sotay.orgs.models import Position

from .servers import local_server


def run_worker() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


def send(org, actor, **kw) -> Notice:  # noqa: ANN001
    notice = services.notice_create(
        org=org,
        actor=actor,
        title=kw.pop("title", "Họp chi ủy"),
        body=kw.pop("body", "Nội dung"),
        **kw,
    )
    return services.notice_send(notice=notice)


def test_audience_subtree_role_and_status(personas: Personas, tree: Tree) -> None:
    sec_c2 = make_member(tree.c2, "Bí Thư Hai")
    Position.objects.create(
        member=sec_c2, org=tree.c2, kind=PositionKind.SECRETARY, started_on=dt.date(2020, 1, 1)
    )
    make_member(
        tree.c2,
        "Dự Bị Mới",
        status="probationary",
        full_member_on=None,
        admitted_on=timezone.localdate() - dt.timedelta(days=20),
    )
    everyone = send(tree.g1, personas.committee)
    names = set(everyone.notifications.values_list("member__full_name", flat=True))
    assert names == {"Trần Thị Bình", "Lê Văn Cường", "Bí Thư Hai", "Dự Bị Mới"}  # not C3
    secretaries = send(tree.g1, personas.committee, audience_role=AudienceRole.CELL_SECRETARIES)
    assert set(secretaries.notifications.values_list("member__full_name", flat=True)) == {
        "Bí Thư Hai"
    }
    probation = send(tree.g1, personas.committee, audience_status="probationary")
    assert probation.recipient_count == 1
    with pytest.raises(DomainError, match="đã được gửi"):
        services.notice_send(notice=probation)


def test_empty_audience_sends_nothing(personas: Personas, tree: Tree) -> None:
    notice = services.notice_create(org=tree.c2, actor=personas.committee, title="T", body="B")
    with pytest.raises(DomainError, match="Không có đảng viên"):
        services.notice_send(notice=notice)
    assert Notification.objects.count() == 0


def test_bad_attachment_saves_nothing(personas: Personas, tree: Tree) -> None:
    fake = SimpleUploadedFile("bao-cao.pdf", b"this is not a pdf", "application/pdf")
    with pytest.raises(DomainError, match="không phải PDF"):
        services.notice_create(
            org=tree.g1, actor=personas.committee, title="T", body="B", attachments=[fake]
        )
    assert not Notice.objects.exists()


def test_default_channels(personas: Personas, tree: Tree) -> None:
    no_account = make_member(tree.c1, "Cụ Già", phone="0988000111")  # no smartphone, no account
    Member.objects.filter(pk=personas.member.member_id).update(email="cuong@example.vn")
    PushSubscription.objects.create(
        user=personas.committee, endpoint="https://push.example/x", p256dh="k", auth="a"
    )
    send(tree.c1, personas.committee, priority=Priority.URGENT)
    got = {
        (d.notification.member.full_name, d.channel)
        for d in Delivery.objects.select_related("notification__member")
    }
    assert got == {
        ("Trần Thị Bình", "push"),
        ("Lê Văn Cường", "email"),
        (no_account.full_name, "sms"),
    }


@pytest.mark.django_db(transaction=True)
def test_deliveries_run_on_worker_and_never_twice(personas: Personas, tree: Tree) -> None:
    Member.objects.filter(pk=personas.member.member_id).update(email="cuong@example.vn")
    notice = send(tree.c1, personas.committee)
    run_worker()
    delivery = Delivery.objects.get(channel=Channel.EMAIL)
    assert delivery.status == DeliveryStatus.SENT and len(mail.outbox) == 1
    assert mail.outbox[0].subject == notice.title
    assert services.deliver(delivery.pk) == "skipped"  # a second run does not send again
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_sms_gateway_retry_with_backoff_sends_once(
    personas: Personas, tree: Tree, settings
) -> None:  # noqa: ANN001
    make_member(tree.c2, "Cụ Ông", phone="0977000222")
    with local_server([503, 200]) as (url, gateway):
        settings.SMS_GATEWAY, settings.SMS_HTTP_URL, settings.SMS_HTTP_TOKEN = "http", url, "t0ken"
        services.notify(
            members=Member.objects.filter(full_name="Cụ Ông"),
            kind=NotificationKind.MEETING,
            title="Họp chi bộ tối nay",
            body="19:30 tại nhà văn hóa",
        )
        run_worker()
        run_worker()
    delivery = Delivery.objects.get(channel=Channel.SMS)
    assert (
        delivery.status == DeliveryStatus.SENT
        and delivery.attempts == 2
        and delivery.provider_id == "msg-2"
    )
    assert len(gateway.requests) == 2
    sent = json.loads(gateway.requests[-1]["body"])
    assert sent["to"] == "0977000222" and sent["text"].startswith("Họp chi bộ tối nay")
    assert gateway.requests[-1]["headers"]["authorization"] == "Bearer t0ken"


def _browser_keys() -> tuple[ec.EllipticCurvePrivateKey, str, bytes, str]:
    key = ec.generate_private_key(ec.SECP256R1())
    public = key.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    auth = os.urandom(16)
    b64 = lambda b: base64.urlsafe_b64encode(b).rstrip(b"=").decode()  # noqa: E731
    return key, b64(public), auth, b64(auth)


@pytest.mark.django_db(transaction=True)
def test_web_push_round_trip_and_expired_subscription(personas: Personas, tree: Tree) -> None:
    key, p256dh, auth, auth_b64 = _browser_keys()
    with (
        local_server([201]) as (url, push_service),
        local_server([410]) as (gone_url, gone_service),
    ):
        services.push_subscribe(
            user=personas.member, endpoint=f"{url}/sub/1", p256dh=p256dh, auth=auth_b64
        )
        services.push_subscribe(
            user=personas.member, endpoint=f"{gone_url}/sub/2", p256dh=p256dh, auth=auth_b64
        )
        services.notify(
            members=[personas.member.member_id],
            kind=NotificationKind.NOTICE,
            title="Thông báo mới",
            body="Mời đồng chí dự họp",
            url="/thong-bao/",
        )
        run_worker()
    assert push_service.requests, list(Delivery.objects.values("status", "last_error"))
    request = push_service.requests[0]
    assert request["headers"]["content-encoding"] == "aes128gcm"
    assert request["headers"]["authorization"].startswith("vapid t=")
    plain = http_ece.decrypt(
        request["body"], private_key=key, auth_secret=auth, version="aes128gcm"
    )
    delivery = Delivery.objects.get(channel="push")
    assert json.loads(plain) == {
        "title": "Thông báo mới",
        "body": "Mời đồng chí dự họp",
        "url": "/thong-bao/",
        "tag": f"sotay-d{delivery.pk}",  # a re-send after a crash replaces, not doubles
    }
    assert request["headers"]["topic"] == f"sotay-d{delivery.pk}"
    assert len(gone_service.requests) == 1
    assert list(PushSubscription.objects.values_list("endpoint", flat=True)) == [f"{url}/sub/1"]
    assert Delivery.objects.get(channel=Channel.PUSH).status == DeliveryStatus.SENT


def test_quiet_hours_defer_push_but_not_urgent(personas: Personas, tree: Tree) -> None:
    now = timezone.localtime()
    start = (now - dt.timedelta(hours=1)).time().replace(second=0, microsecond=0)
    end = (now + dt.timedelta(hours=1)).time().replace(second=0, microsecond=0)
    services.preferences_save(user=personas.member, channels={}, quiet_start=start, quiet_end=end)
    PushSubscription.objects.create(
        user=personas.member, endpoint="https://push.example/y", p256dh="k", auth="a"
    )
    services.notify(
        members=[personas.member.member_id], kind=NotificationKind.STUDY, title="Học tập"
    )
    services.notify(
        members=[personas.member.member_id], kind=NotificationKind.NOTICE, title="Khẩn", urgent=True
    )
    normal, urgent = Delivery.objects.order_by("id")
    assert normal.not_before is not None and normal.not_before > timezone.now()
    assert urgent.not_before is None
    with pytest.raises(DomainError):
        services.preferences_save(
            user=personas.member, channels={}, quiet_start=start, quiet_end=None
        )


@pytest.mark.django_db(transaction=True)
def test_moved_reminder_sends_nothing_for_the_old_time(personas: Personas) -> None:
    from django_tasks_db.models import DBTaskResult

    member_id = personas.member.member_id
    soon = timezone.now() - dt.timedelta(seconds=1)  # due now
    services.reminder_schedule(
        key="meeting:42:24h",
        run_at=soon,
        member_ids=[member_id],
        kind=NotificationKind.MEETING,
        title="Mai họp chi bộ",
    )
    services.reminder_move(key="meeting:42:24h", run_at=soon + dt.timedelta(days=1))
    run_worker()  # runs the old (due) task only: it is stale
    assert not Notification.objects.exists()
    # a day later the moved reminder is due and goes out once
    DBTaskResult.objects.filter(status="READY").update(
        run_after=timezone.now() - dt.timedelta(seconds=1)
    )
    from sotay.notices.models import Reminder

    Reminder.objects.update(run_at=timezone.now())
    run_worker()
    assert Notification.objects.filter(member_id=member_id, title="Mai họp chi bộ").count() == 1


def test_cancelled_reminder_never_fires(personas: Personas) -> None:
    reminder = services.reminder_schedule(
        key="task:7",
        run_at=timezone.now(),
        member_ids=[personas.member.member_id],
        kind=NotificationKind.TASK,
        title="Hạn nộp báo cáo",
    )
    services.reminder_cancel(key="task:7")
    assert services.reminder_fire_now(reminder_id=reminder.pk, version=reminder.version) is False
    assert (
        services.reminder_fire_now(reminder_id=reminder.pk, version=reminder.version + 1) is False
    )


def test_acknowledgement_and_reach(personas: Personas, tree: Tree) -> None:
    other = make_member(tree.c2, "Người Thứ Ba")
    make_user(other)
    notice = send(tree.g1, personas.committee, requires_ack=True)
    item = Notification.objects.get(notice=notice, member=personas.member.member)
    services.notice_acknowledge(notification=item)
    total, units = notice_reach(notice)
    assert (total.total, total.acknowledged, total.read) == (3, 1, 1)
    by_unit = {u.org.code: (u.acknowledged, u.total) for u in units}
    assert by_unit == {"C1": (1, 2), "C2": (0, 1)}
    plain = send(tree.g1, personas.committee)
    with pytest.raises(DomainError):
        services.notice_acknowledge(notification=plain.notifications.first())


def test_requeue_stuck_deliveries(personas: Personas, tree: Tree) -> None:
    Member.objects.filter(pk=personas.member.member_id).update(email="cuong@example.vn")
    services.notify(members=[personas.member.member_id], kind=NotificationKind.NOTICE, title="T")
    delivery = Delivery.objects.get()
    Delivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.SENDING, claimed_at=timezone.now() - dt.timedelta(hours=1)
    )
    assert services.requeue_stuck(older_than=dt.timedelta(minutes=30)) == 1
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.QUEUED
    assert services.requeue_stuck(older_than=dt.timedelta(minutes=30)) == 0
