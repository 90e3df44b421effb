"""Inbox and notice pages with the three personas; the API; query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sotay.conftest import Personas, Tree, make_member, signed_in
from sotay.core.cache import bump
from sotay.notices import services
from sotay.notices.choices import NotificationKind
from sotay.notices.models import Notice, Notification


def _notice(tree: Tree, personas: Personas, **kw) -> Notice:  # noqa: ANN003
    n = services.notice_create(
        org=tree.g1,
        actor=personas.committee,
        title="Họp triển khai",
        body="Nội dung họp",
        requires_ack=True,
        **kw,
    )
    return services.notice_send(notice=n)


def test_committee_composes_and_follows_up(personas: Personas, tree: Tree) -> None:
    client = signed_in(personas.committee)
    url = f"/quan-ly/don-vi/{tree.g1.public_id}/thong-bao/"
    assert client.get(url).status_code == 200
    bad = client.post(url, {"title": "", "body": "x", "audience_role": "all", "priority": "normal"})
    assert bad.status_code == 400 and not Notice.objects.exists()
    r = client.post(
        url,
        {
            "title": "Lịch họp",
            "body": "Thứ Sáu",
            "audience_role": "all",
            "priority": "normal",
            "requires_ack": "on",
        },
    )
    assert r.status_code == 302
    notice = Notice.objects.get()
    page = client.get(f"/quan-ly/thong-bao/{notice.public_id}/").content.decode()
    assert "0/2" in page and "Lê Văn Cường" in page
    assert "Đã gửi thông báo đến 2 đảng viên." in page  # it said "0 đảng viên"
    # Nobody in the chosen audience: a Vietnamese message and no draft left behind.
    r = client.post(
        url,
        {
            "title": "Cho đảng viên dự bị",
            "body": "x",
            "audience_role": "all",
            "audience_status": "probationary",
            "priority": "normal",
        },
    )
    assert "Không có đảng viên nào thuộc phạm vi nhận đã chọn." in r.content.decode()
    assert Notice.objects.count() == 1


@pytest.mark.parametrize("who", ["member", "outsider"])
def test_others_cannot_see_or_send_notices(personas: Personas, tree: Tree, who: str) -> None:
    notice = _notice(tree, personas)
    client = signed_in(getattr(personas, who))
    assert client.get(f"/quan-ly/thong-bao/{notice.public_id}/").status_code == 404
    assert (
        client.post(
            f"/quan-ly/don-vi/{tree.g1.public_id}/thong-bao/",
            {"title": "x", "body": "y", "audience_role": "all", "priority": "normal"},
        ).status_code
        == 404
    )


def test_member_reads_and_acknowledges(personas: Personas, tree: Tree) -> None:
    notice = _notice(tree, personas)
    client = signed_in(personas.member)
    assert 'data-testid="unread">1<' in client.get("/").content.decode()
    item = Notification.objects.get(notice=notice, member=personas.member.member)
    assert (
        client.get(f"/thong-bao/{item.pk}/")["Location"] == f"/thong-bao/cap-uy/{notice.public_id}/"
    )
    page = client.get(f"/thong-bao/cap-uy/{notice.public_id}/").content.decode()
    assert "Đã nhận" in page
    client.post(f"/thong-bao/cap-uy/{notice.public_id}/da-nhan/")
    item.refresh_from_db()
    assert item.acknowledged_at and item.read_at
    # the outsider never received it
    assert (
        signed_in(personas.outsider).get(f"/thong-bao/cap-uy/{notice.public_id}/").status_code
        == 404
    )
    assert signed_in(personas.outsider).get(f"/thong-bao/{item.pk}/").status_code == 404
    assert (
        signed_in(personas.outsider)
        .post(f"/thong-bao/cap-uy/{notice.public_id}/da-nhan/")
        .status_code
        == 404
    )


def test_inbox_query_count_does_not_grow(personas: Personas) -> None:
    client = signed_in(personas.member)
    services.notify(members=[personas.member.member_id], kind=NotificationKind.STUDY, title="Một")
    client.get("/thong-bao/")
    bump("notices")  # as notify does: the unread count is counted again below, too
    with CaptureQueriesContext(connection) as few:
        client.get("/thong-bao/")
    for i in range(25):
        services.notify(
            members=[personas.member.member_id], kind=NotificationKind.STUDY, title=f"Tin {i}"
        )
    with CaptureQueriesContext(connection) as many:
        page = client.get("/thong-bao/")
    assert len(many) == len(few) and "Tin 24" in page.content.decode()


def test_preferences_page(personas: Personas) -> None:
    client = signed_in(personas.member)
    assert client.get("/thong-bao/cai-dat/").status_code == 200
    bad = client.post("/thong-bao/cai-dat/", {"quiet_start": "22:00"})
    assert bad.status_code == 400 and "cả giờ bắt đầu và giờ kết thúc" in bad.content.decode()
    ok = client.post(
        "/thong-bao/cai-dat/",
        {
            "quiet_start": "22:00",
            "quiet_end": "06:00",
            "k_meeting": ["push", "sms"],
            "k_notice": ["push"],
        },
    )
    assert ok.status_code == 302
    pref = personas.member.notification_preference
    assert pref.channels["meeting"] == ["push", "sms"] and pref.channels["study"] == []


def test_push_subscription_endpoint(personas: Personas) -> None:
    client = signed_in(personas.member)
    r = client.post(
        "/thong-bao/day/",
        {"endpoint": "ftp://x", "keys": {"p256dh": "a", "auth": "b"}},
        content_type="application/json",
    )
    assert r.status_code == 400
    r = client.post(
        "/thong-bao/day/",
        {"endpoint": "https://push.example/1", "keys": {"p256dh": "a", "auth": "b"}},
        content_type="application/json",
    )
    assert r.status_code == 200 and personas.member.push_subscriptions.count() == 1
    client.post(
        "/thong-bao/day/",
        {"endpoint": "https://push.example/1", "unsubscribe": True},
        content_type="application/json",
    )
    assert personas.member.push_subscriptions.count() == 0


def test_api_inbox_and_acknowledge(personas: Personas, tree: Tree) -> None:
    notice = _notice(tree, personas)
    client = signed_in(personas.member)
    inbox = client.get("/api/v1/notifications").json()
    assert inbox["unread"] == 1 and inbox["items"][0]["requires_ack"] is True
    r = client.post(f"/api/v1/notices/{notice.public_id}/acknowledge")
    assert r.status_code == 200 and r.json()["acknowledged_at"]
    other = make_member(tree.c3, "Ngoài")
    services.notify(members=[other.pk], kind=NotificationKind.TASK, title="Việc riêng")
    foreign = Notification.objects.get(member=other)
    assert client.post(f"/api/v1/notifications/{foreign.pk}/read").status_code == 404


def test_attachment_only_for_recipients_and_sender(personas: Personas, tree: Tree) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    pdf = SimpleUploadedFile("ke-hoach.pdf", b"%PDF-1.4\n%test\n", "application/pdf")
    notice = services.notice_create(
        org=tree.c1, actor=personas.committee, title="Kế hoạch", body="Xem tệp", attachments=[pdf]
    )
    services.notice_send(notice=notice)
    url = f"/thong-bao/tep/{notice.attachments.get().pk}/"
    assert signed_in(personas.member).get(url).status_code == 200
    assert signed_in(personas.committee).get(url).status_code == 200
    assert signed_in(personas.outsider).get(url).status_code == 404
