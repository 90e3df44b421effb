"""Planner and messaging on phones: the private iCalendar feed (parsed by a real iCalendar
parser) holds the cell's next meeting; a commune assigns a task to two cells, one reports 50%
then 100%, the other goes overdue and both sides see it; two members chat in their cell group in
real time, one goes offline, sends, reconnects, and the message arrives once."""

from __future__ import annotations

import datetime as dt
import json
import urllib.request
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar
from playwright.sync_api import expect

from .conftest import manage, shot
from .test_foundation import SECRETS, sign_in

pytestmark = pytest.mark.e2e
VN = ZoneInfo("Asia/Ho_Chi_Minh")
SECOND_SECRET = "SOTAYEETESTSECONDCELLSECRETABCDE"


def _phone(browser: Any, server: str) -> Any:
    context = browser.new_context(viewport={"width": 390, "height": 844}, base_url=server)
    context.set_default_timeout(15_000)
    return context


def _shell(code: str) -> Any:
    return json.loads(manage("shell", "-c", code).strip().splitlines()[-1])


def test_ical_feed_has_the_next_meeting(browser: Any, server: str) -> None:
    title = "Sinh hoạt chuyên đề: học tập Điều lệ Đảng"
    _shell(
        "import json, datetime as dt; from django.utils import timezone; "
        "from sotay.members.accounts import find_user; from sotay.meetings import services; "
        "u = find_user('0900000002'); "
        "m = services.meeting_create(user=u, cell=u.member.cell, kind='thematic', "
        f"starts_at=timezone.now() + dt.timedelta(days=6), title={title!r}, "
        "place='Nhà văn hóa xóm 1', topic='Điều lệ Đảng'); print(json.dumps(str(m.public_id)))"
    )
    page = _phone(browser, server).new_page()
    sign_in(page, "0900000001")
    page.get_by_role("link", name="Lịch công tác").click()
    expect(page.get_by_test_id("period")).to_contain_text("Tháng")
    page.get_by_role("link", name="Đồng bộ với lịch của điện thoại").click()
    url = page.get_by_test_id("feed-url").input_value()
    assert "/lich/ical/" in url
    # What a phone's calendar app does: fetch the address without any sign-in, and parse it.
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - our own server
        assert response.headers["Content-Type"].startswith("text/calendar")
        calendar = Calendar.from_ical(response.read())
    events = {str(e.get("summary")): e for e in calendar.walk("VEVENT")}
    assert title in events
    meeting = events[title]
    assert str(meeting.get("location")) == "Nhà văn hóa xóm 1"
    start = meeting.decoded("dtstart")
    assert start > dt.datetime.now(dt.UTC)
    page.goto(f"/lich/?xem=ngay&ngay={start.astimezone(VN).date().isoformat()}")
    expect(page.get_by_test_id("entry").filter(has_text=title)).to_be_visible()
    expect(page.get_by_test_id("day").first).to_contain_text("âm lịch ngày")
    shot(page, "calendar-day")
    # Revoked: the old address stops working.
    page.goto("/lich/dong-bo/")
    page.get_by_role("button", name="Đổi địa chỉ (thu hồi địa chỉ cũ)").click()
    with pytest.raises(urllib.error.HTTPError):
        urllib.request.urlopen(url, timeout=10)  # noqa: S310


def test_task_to_two_cells_progress_and_overdue(browser: Any, server: str) -> None:
    # The second cell's secretary gets an account (committee accounts use a second factor).
    info = _shell(
        "import json; from django.utils import timezone; "
        "from sotay.members.accounts import find_user; from sotay.members.models import User; "
        "from sotay.orgs.models import Organization, Position; "
        "from sotay.core.demo.generator import DEMO_PASSWORD; "
        "p = find_user('0900000001').member; "
        "cells = list(Organization.objects.filter(path__startswith=p.cell_path[:12], kind='cell')"
        ".order_by('path')[:2]); "
        "sec = Position.objects.filter(org=cells[1], kind='secretary').select_related('member')"
        ".first().member; "
        "User.objects.filter(member=sec).exists() or User.objects.create_user("
        "'dv' + sec.party_card_number, DEMO_PASSWORD, member=sec, activated_at=timezone.now(), "
        f"totp_secret={SECOND_SECRET!r}, totp_confirmed_at=timezone.now()); "
        "type(sec).objects.filter(pk=sec.pk).update(has_account=True); "
        "print(json.dumps({'card': sec.party_card_number, 'cells': [c.name for c in cells]}))"
    )
    SECRETS[info["card"]] = SECOND_SECRET
    first_cell, second_cell = info["cells"]
    title = "Rà soát đảng viên được miễn sinh hoạt năm 2026"

    commune = _phone(browser, server).new_page()
    sign_in(commune, "0900000003")
    commune.goto("/quan-ly/nhiem-vu/")
    commune.get_by_label("Nhiệm vụ *", exact=True).fill(title)
    commune.get_by_label("Nội dung, yêu cầu").fill("Lập danh sách, gửi kèm biên bản họp chi bộ.")
    due = (dt.datetime.now(VN) + dt.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    commune.get_by_label("Hạn hoàn thành *").fill(due)
    commune.get_by_label(first_cell).check()
    commune.get_by_label(second_cell).check()
    commune.get_by_role("button", name="Giao nhiệm vụ").click()
    expect(commune.locator(".messages")).to_contain_text("Đã giao nhiệm vụ")
    task_url = commune.url

    secretary = _phone(browser, server).new_page()
    sign_in(secretary, "0900000002")
    secretary.goto("/nhiem-vu/")
    secretary.get_by_test_id("assignment").filter(has_text=title).click()
    for percent, text in ((50, "Đã rà soát xóm 1"), (100, "Hoàn thành, gửi danh sách")):
        secretary.get_by_label("Tiến độ (%)").fill(str(percent))
        secretary.get_by_label("Nội dung báo cáo").fill(text)
        secretary.get_by_role("button", name="Gửi báo cáo").click()
        expect(secretary.get_by_test_id("percent")).to_have_text(f"{percent}%")
    expect(secretary.get_by_test_id("report")).to_have_count(2)

    # The deadline passes (moved into the past here) and the worker's overdue check runs.
    _shell(
        "import json, datetime as dt; from django.utils import timezone; "
        "from sotay.planner.models import Task; "
        "from sotay.planner.services.tasks import flag_overdue_now; "
        f"t = Task.objects.get(title={title!r}); "
        "Task.objects.filter(pk=t.pk).update(due_at=timezone.now() - dt.timedelta(minutes=5)); "
        "print(json.dumps(flag_overdue_now(t.pk)))"
    )
    commune.goto(task_url)
    expect(commune.get_by_test_id("late-count")).to_have_text("1 quá hạn")
    done = commune.get_by_test_id("assignee").filter(has_text=first_cell)
    late = commune.get_by_test_id("assignee").filter(has_text=second_cell)
    expect(done).to_contain_text("Hoàn thành")
    expect(late).to_contain_text("Quá hạn")
    shot(commune, "task-progress")

    other = _phone(browser, server).new_page()
    sign_in(other, info["card"])
    other.goto("/nhiem-vu/")
    row = other.get_by_test_id("assignment").filter(has_text=title)
    expect(row.get_by_test_id("overdue")).to_be_visible()
    other.goto("/thong-bao/")
    expect(other.get_by_text(f"Quá hạn: {title}").first).to_be_visible()


def test_cell_chat_in_real_time_offline_and_once(browser: Any, server: str) -> None:
    alice_ctx, bob_ctx = _phone(browser, server), _phone(browser, server)
    alice, bob = alice_ctx.new_page(), bob_ctx.new_page()
    sign_in(alice, "0900000001")
    sign_in(bob, "0900000002")
    for page in (alice, bob):
        page.goto("/tin-nhan/")
        page.get_by_test_id("conversation").filter(has_text="Nhóm chi bộ").first.click()
        expect(page.get_by_test_id("chat-state")).to_have_text("Đã kết nối")

    alice.get_by_label("Tin nhắn", exact=True).fill("Chiều nay 14 giờ họp chi ủy mở rộng.")
    alice.get_by_role("button", name="Gửi").click()
    arrived = bob.get_by_test_id("message").filter(has_text="14 giờ họp chi ủy")
    expect(arrived).to_have_count(1)  # pushed over the websocket; Bob did not reload

    # Bob loses the connection, writes anyway; the message waits on his phone.
    bob_ctx.set_offline(True)
    expect(bob.get_by_test_id("chat-state")).to_contain_text("Mất kết nối")
    text = "Tôi đang ở ruộng, sóng yếu, sẽ đến muộn 15 phút."
    bob.get_by_label("Tin nhắn", exact=True).fill(text)
    bob.get_by_role("button", name="Gửi").click()
    expect(bob.locator(".msg.pending").filter(has_text="sóng yếu")).to_have_count(1)
    expect(alice.get_by_test_id("message").filter(has_text="sóng yếu")).to_have_count(0)
    shot(bob, "chat-offline")

    bob_ctx.set_offline(False)
    expect(bob.get_by_test_id("chat-state")).to_have_text("Đã kết nối")
    expect(alice.get_by_test_id("message").filter(has_text="sóng yếu")).to_have_count(1)
    expect(bob.locator(".msg.pending")).to_have_count(0)
    # Reloading (and resending anything still in the outbox) never duplicates it.
    bob.reload()
    alice.reload()
    expect(alice.get_by_test_id("message").filter(has_text="sóng yếu")).to_have_count(1)
    stored = _shell(
        "import json; from sotay.messaging.models import Message; "
        f"print(json.dumps(Message.objects.filter(body={text!r}).count()))"
    )
    assert stored == 1
    # Script in a message stays text.
    alice.get_by_label("Tin nhắn", exact=True).fill("<img src=x onerror=alert(1)>")
    alice.get_by_role("button", name="Gửi").click()
    expect(bob.get_by_test_id("message").filter(has_text="<img src=x")).to_have_count(1)
    assert bob.locator(".chat img[src='x']").count() == 0
    shot(alice, "chat-after")
