"""Planner and messaging API with the three personas."""

import datetime as dt
import uuid

from django.utils import timezone

from sotay.conftest import Personas, Tree, signed_in

J = "application/json"


def test_planner_api(personas: Personas, tree: Tree) -> None:
    member = signed_in(personas.member)
    start = timezone.now() + dt.timedelta(days=1)
    made = member.post(
        "/api/v1/events", {"title": "Họp tổ", "starts_at": start.isoformat()}, content_type=J
    )
    assert made.status_code == 201
    today = timezone.localdate()
    entries = member.get(
        f"/api/v1/calendar?start={today}&end={today + dt.timedelta(days=3)}"
    ).json()
    assert [e["title"] for e in entries] == ["Họp tổ"] and entries[0]["lunar"]
    unit_event = member.post(
        "/api/v1/events",
        {"title": "Lịch xã", "starts_at": start.isoformat(), "unit": str(tree.g1.public_id)},
        content_type=J,
    )
    assert unit_event.status_code == 400
    committee = signed_in(personas.committee)
    task = committee.post(
        "/api/v1/tasks",
        {
            "unit": str(tree.g1.public_id),
            "title": "Báo cáo quý",
            "due_at": (timezone.now() + dt.timedelta(days=2)).isoformat(),
            "member_cards": [personas.member.member.party_card_number],
        },
        content_type=J,
    )
    assert task.status_code == 201, task.content
    outsider = signed_in(personas.outsider).post(
        "/api/v1/tasks",
        {
            "unit": str(tree.g1.public_id),
            "title": "x",
            "due_at": (timezone.now() + dt.timedelta(days=2)).isoformat(),
        },
        content_type=J,
    )
    assert outsider.status_code == 400
    mine = member.get("/api/v1/assignments").json()
    assert [a["task"] for a in mine] == ["Báo cáo quý"]
    reported = member.post(
        f"/api/v1/assignments/{mine[0]['id']}/reports",
        {"percent": 40, "text": "Đang làm"},
        content_type=J,
    )
    assert reported.json()["percent"] == 40
    assert (
        signed_in(personas.outsider)
        .post(f"/api/v1/assignments/{mine[0]['id']}/reports", {"percent": 90}, content_type=J)
        .status_code
        == 404
    )
    note = member.post(
        "/api/v1/notes", {"title": "Ý kiến", "body": "Về Điều lệ"}, content_type=J
    ).json()
    assert [n["title"] for n in member.get("/api/v1/notes?q=dieu le").json()] == ["Ý kiến"]
    assert signed_in(personas.committee).get("/api/v1/notes").json() == []
    assert signed_in(personas.committee).delete(f"/api/v1/notes/{note['id']}").status_code == 404
    feed = member.get("/api/v1/calendar/feed").json()["url"]
    assert member.post("/api/v1/calendar/feed/revoke").json()["url"] != feed


def test_messaging_api(personas: Personas, tree: Tree) -> None:
    member = signed_in(personas.member)
    rows = member.get("/api/v1/conversations").json()
    group = next(r for r in rows if r["kind"] == "cell")
    key = str(uuid.uuid4())
    url = f"/api/v1/conversations/{group['id']}/messages"
    first = member.post(url, {"client_id": key, "body": "Xin chào"}, content_type=J)
    again = member.post(url, {"client_id": key, "body": "Xin chào"}, content_type=J)
    assert first.status_code == 201 and again.status_code == 200
    assert first.json()["id"] == again.json()["id"]
    assert [m["body"] for m in member.get(url).json()] == ["Xin chào"]
    assert signed_in(personas.outsider).get(url).status_code == 404
    assert (
        signed_in(personas.outsider)
        .post(url, {"client_id": str(uuid.uuid4()), "body": "x"}, content_type=J)
        .status_code
        == 404
    )
    refused = member.post(
        "/api/v1/conversations/direct",
        {"who": personas.outsider.member.party_card_number},
        content_type=J,
    )
    assert refused.status_code == 400
    ok = signed_in(personas.committee).post(
        "/api/v1/conversations/direct",
        {"who": personas.member.member.party_card_number},
        content_type=J,
    )
    assert ok.status_code == 201
