"""The real tree on real pages (Điều lệ Điều 21–22, QĐ 294 20.3): the commune's organisation
officer sets up a đảng bộ bộ phận and moves a cell under it; the cell's secretary divides the
cell into tổ đảng and elects a leader; the member sees their group; a secretary in another
branch cannot open the cell's groups."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from .conftest import manage, phone_context, shot
from .test_foundation import sign_in

FACTS = (
    "from sotay.members.accounts import find_user; from sotay.orgs.models import Organization;"
    " m = find_user('0900000001').member; c = m.cell; g = c.get_parent();"
    " last = Organization.objects.get_children(g).filter(kind='cell').order_by('-path').first();"
    " print(m.full_name, c.public_id, g.public_id, last.public_id, last.name, sep='|')"
)


def test_partial_committee_and_party_groups(browser: Any, server: str) -> None:
    facts = manage("shell", "-c", FACTS).strip().splitlines()[-1].split("|")
    name, cell, commune, other_cell, other_name = facts
    context = phone_context(browser, server)
    page = context.new_page()
    sign_in(page, "0900000003")  # the commune's organisation officer
    page.goto(f"/quan-ly/don-vi/{commune}/sap-xep/")
    page.locator("#id_new-kind").select_option(label="Đảng bộ bộ phận")
    page.locator("#id_new-code").fill("E2E-BP")
    page.locator("#id_new-name").fill("Đảng bộ bộ phận khối Thử nghiệm")
    page.get_by_role("button", name="Thành lập").click()
    expect(page.get_by_text("Đã thành lập Đảng bộ bộ phận khối Thử nghiệm")).to_be_visible()
    page.goto(f"/quan-ly/don-vi/{other_cell}/sap-xep/")
    page.locator("#id_t-target_code").fill("E2E-BP")
    page.get_by_role("button", name="Chuyển trực thuộc").click()
    expect(page.get_by_text(f"Đã chuyển {other_name} về trực thuộc")).to_be_visible()
    expect(page.locator("nav.crumbs")).to_contain_text("Đảng bộ bộ phận khối Thử nghiệm")
    page.goto(f"/quan-ly/danh-gia/{commune}/")  # the commune still decides that cell's rating
    expect(page.get_by_text(other_name).first).to_be_visible()
    context.clear_cookies()

    sign_in(page, "0900000006")  # the secretary of a cell in another district
    response = page.goto(f"/quan-ly/don-vi/{cell}/to-dang/")
    assert response is not None and response.status == 404
    context.clear_cookies()

    sign_in(page, "0900000002")  # the secretary of the member's cell
    page.goto(f"/quan-ly/don-vi/{cell}/")
    page.get_by_test_id("more-tabs").locator("summary").click()
    page.get_by_role("link", name="Tổ đảng").click()
    page.get_by_role("button", name="Lập tổ đảng").click()
    expect(page.get_by_text("Hãy đặt tên tổ đảng")).to_be_visible()
    page.get_by_label("Tên tổ đảng mới").fill("Tổ đảng số 3")
    page.get_by_role("button", name="Lập tổ đảng").click()
    expect(page.get_by_text("Đã lập Tổ đảng số 3")).to_be_visible()
    assign = page.get_by_test_id("group-assign")
    assign.get_by_label("Vào tổ").select_option(label="Tổ đảng số 3")
    assign.get_by_label(name, exact=False).first.check()
    assign.get_by_role("button", name="Xếp vào tổ").click()
    expect(page.get_by_text("Đã xếp 1 đảng viên vào Tổ đảng số 3")).to_be_visible()
    group = page.get_by_test_id("party-group").filter(has_text="Tổ đảng số 3")
    group.get_by_label("Tổ trưởng", exact=True).select_option(label=name)
    group.get_by_role("button", name="Ghi tổ trưởng, tổ phó").click()
    expect(page.get_by_text("Đã ghi tổ trưởng, tổ phó của Tổ đảng số 3")).to_be_visible()
    shot(page, "party-groups")
    context.clear_cookies()

    sign_in(page, "0900000001")
    page.goto("/chi-bo/")
    expect(page.get_by_test_id("my-group")).to_contain_text("Tổ đảng số 3")
    expect(page.get_by_test_id("my-group")).to_contain_text(f"tổ trưởng: {name}")
    context.close()


MEMBER = (
    "from sotay.members.accounts import find_user; print(find_user('0900000001').member.full_name)"
)


def test_chi_uy_meets_without_the_members(browser: Any, server: str) -> None:
    import datetime as dt
    from zoneinfo import ZoneInfo

    member_name = manage("shell", "-c", MEMBER).strip().splitlines()[-1]
    context = phone_context(browser, server)
    page = context.new_page()
    sign_in(page, "0900000002")  # the cell's secretary; the demo's chi ủy has three members
    page.goto("/quan-ly/sinh-hoat/")
    page.get_by_label("Loại").select_option(label="Họp cấp ủy")
    when = dt.datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")) + dt.timedelta(days=2)
    page.get_by_label("Thời gian").fill(when.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Tạo buổi sinh hoạt").click()
    expect(page.get_by_test_id("meeting-status")).to_have_text("Đã lên lịch")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Họp chi ủy")
    page.get_by_role("button", name="Bắt đầu sinh hoạt").click()
    expect(page.get_by_test_id("roll-row")).to_have_count(3)  # the chi ủy only
    expect(page.get_by_test_id("roll")).not_to_contain_text(member_name)
    meeting_id = page.url.rstrip("/").split("/")[-1]
    context.clear_cookies()

    sign_in(page, "0900000001")  # a member of the cell, not on its committee
    response = page.goto(f"/sinh-hoat/{meeting_id}/")
    assert response is not None and response.status == 404
    page.goto("/sinh-hoat/")
    expect(page.get_by_text("Họp chi ủy")).to_have_count(0)
    context.clear_cookies()

    sign_in(page, "0900000006")  # the secretary of a cell in another district
    response = page.goto(f"/sinh-hoat/{meeting_id}/")
    assert response is not None and response.status == 404
    context.close()
