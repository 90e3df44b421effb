"""Console pages with the three personas, exports, and list query counts."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from sotay.conftest import Personas, Tree, make_member, signed_in
from sotay.members.models import Member


def unit_urls(org) -> list[str]:  # noqa: ANN001
    base = f"/quan-ly/don-vi/{org.public_id}/"
    return [
        base,
        base + "dang-vien/",
        base + "ket-qua-su-dung/",
        base + "du-bi/",
        base + "chuc-vu/",
        base + "lich-su/",
        base + "nhap/",
    ]


def test_committee_sees_its_unit_pages(personas: Personas, tree: Tree) -> None:
    client = signed_in(personas.committee)
    for url in unit_urls(tree.g1) + unit_urls(tree.c1):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("who", ["member", "outsider"])
def test_others_get_404_on_unit_pages(personas: Personas, tree: Tree, who: str) -> None:
    client = signed_in(getattr(personas, who))
    for url in unit_urls(tree.g1):
        assert client.get(url).status_code == 404, url


def test_member_record_pages_for_three_personas(personas: Personas, tree: Tree) -> None:
    target = make_member(tree.c2, "Vương Thị Quế")
    detail, edit = (
        f"/quan-ly/dang-vien/{target.public_id}/",
        f"/quan-ly/dang-vien/{target.public_id}/sua/",
    )
    assert signed_in(personas.committee).get(detail).status_code == 200
    assert signed_in(personas.committee).get(edit).status_code == 200
    for user in (personas.member, personas.outsider):
        assert signed_in(user).get(detail).status_code == 404
        assert signed_in(user).post(edit, {"full_name": "Bị sửa"}).status_code == 404
    target.refresh_from_db()
    assert target.full_name == "Vương Thị Quế"


def test_member_cannot_edit_own_record_in_console(personas: Personas) -> None:
    me = personas.member.member
    assert (
        signed_in(personas.member).get(f"/quan-ly/dang-vien/{me.public_id}/sua/").status_code == 403
    )


def test_edit_with_bad_input_changes_nothing(personas: Personas, tree: Tree) -> None:
    target = make_member(tree.c2, "Vương Thị Quế", phone="0944000001")
    client = signed_in(personas.committee)
    data = client.get(f"/quan-ly/dang-vien/{target.public_id}/sua/").context["form"].initial
    data = {k: (v.isoformat() if hasattr(v, "isoformat") else (v or "")) for k, v in data.items()}
    data.update(full_name="Vương Thị Quý", phone="12ab")
    r = client.post(f"/quan-ly/dang-vien/{target.public_id}/sua/", data)
    assert r.status_code == 400, r.context["form"].errors
    assert "Số điện thoại không hợp lệ" in r.content.decode(), r.context["form"].errors
    target.refresh_from_db()
    assert target.full_name == "Vương Thị Quế"
    data["phone"] = "0944 000 002"
    assert client.post(f"/quan-ly/dang-vien/{target.public_id}/sua/", data).status_code == 302
    target.refresh_from_db()
    assert (target.full_name, target.phone) == ("Vương Thị Quý", "0944000002")


def test_search_without_diacritics(personas: Personas, tree: Tree) -> None:
    make_member(tree.c2, "Nguyễn Thị Ánh")
    page = signed_in(personas.committee).get(
        f"/quan-ly/don-vi/{tree.g1.public_id}/dang-vien/?q=nguyen+anh"
    )
    assert "Nguyễn Thị Ánh" in page.content.decode() and "Lê Văn Cường" not in page.content.decode()


def test_member_list_query_count_does_not_grow(personas: Personas, tree: Tree) -> None:
    client = signed_in(personas.committee)
    url = f"/quan-ly/don-vi/{tree.g1.public_id}/dang-vien/"
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(30):
        make_member(tree.c2, f"Thành viên {i}")
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_export_members_xlsx(personas: Personas, tree: Tree) -> None:
    r = signed_in(personas.committee).get(
        f"/quan-ly/don-vi/{tree.g1.public_id}/dang-vien/?xuat=xlsx"
    )
    ws = load_workbook(io.BytesIO(r.content)).active
    rows = list(ws.values)
    assert rows[0][1] == "Họ và tên" and {r[1] for r in rows[1:]} == {
        "Trần Thị Bình",
        "Lê Văn Cường",
    }


def test_adoption_export(personas: Personas, tree: Tree) -> None:
    r = signed_in(personas.committee).get(
        f"/quan-ly/don-vi/{tree.g1.public_id}/ket-qua-su-dung/?xuat=xlsx"
    )
    rows = list(load_workbook(io.BytesIO(r.content)).active.values)
    assert rows[0][0] == "Thứ hạng" and rows[-1][1] == "Tổng cộng" and rows[-1][2] == 2


def test_issue_code_shows_code_once(personas: Personas, tree: Tree) -> None:
    target = make_member(tree.c2, "Cao Văn Sáng", phone="0955000001")
    r = signed_in(personas.committee).post(f"/quan-ly/dang-vien/{target.public_id}/ma-kich-hoat/")
    assert r.status_code == 200 and len(r.context["code"]) == 8
    assert (
        signed_in(personas.outsider)
        .post(f"/quan-ly/dang-vien/{target.public_id}/ma-kich-hoat/")
        .status_code
        == 404
    )


def test_transfer_between_branches_through_console(personas: Personas, tree: Tree) -> None:
    target = make_member(tree.c2, "Mạc Văn Tâm")
    committee = signed_in(personas.committee)
    committee.post(
        f"/quan-ly/dang-vien/{target.public_id}/chuyen/",
        {"to_cell_code": "c3", "kind": "official", "reason": "Chuyển công tác"},
    )
    transfer = target.transfers.get()
    # the sender cannot accept on the receiver's behalf
    assert (
        committee.post(f"/quan-ly/chuyen-sinh-hoat/{transfer.public_id}/accept/").status_code == 403
    )
    signed_in(personas.outsider).post(f"/quan-ly/chuyen-sinh-hoat/{transfer.public_id}/accept/")
    assert Member.objects.get(pk=target.pk).cell_id == tree.c3.pk
    assert (
        signed_in(personas.member)
        .post(f"/quan-ly/chuyen-sinh-hoat/{transfer.public_id}/cancel/")
        .status_code
        == 404
    )


def test_correction_queue(personas: Personas) -> None:
    from sotay.members.services import correction_request

    req = correction_request(
        member=personas.member.member,
        actor=personas.member,
        changes={"hometown": "Hà Nam"},
        reason="",
    )
    assert "Hà Nam" in signed_in(personas.committee).get("/quan-ly/dinh-chinh/").content.decode()
    assert "Hà Nam" not in signed_in(personas.outsider).get("/quan-ly/dinh-chinh/").content.decode()
    assert (
        signed_in(personas.outsider)
        .post(f"/quan-ly/dinh-chinh/{req.public_id}/", {"decision": "approve"})
        .status_code
        == 404
    )
    assert (
        signed_in(personas.member)
        .post(f"/quan-ly/dinh-chinh/{req.public_id}/", {"decision": "approve"})
        .status_code
        == 403
    )
    signed_in(personas.committee).post(
        f"/quan-ly/dinh-chinh/{req.public_id}/", {"decision": "approve"}
    )
    personas.member.member.refresh_from_db()
    assert personas.member.member.hometown == "Hà Nam"


def test_restructure_needs_orgs_capability(personas: Personas, tree: Tree) -> None:
    url = f"/quan-ly/don-vi/{tree.c2.public_id}/sap-xep/"
    r = signed_in(personas.committee).post(
        url, {"action": "merge", "t-target_code": "C1", "t-note": "QĐ 5"}
    )
    assert r.status_code == 302
    tree.c2.refresh_from_db()
    assert tree.c2.status == "merged"
    assert (
        signed_in(personas.outsider)
        .get(f"/quan-ly/don-vi/{tree.c1.public_id}/sap-xep/")
        .status_code
        == 404
    )


def test_merge_into_unit_outside_scope_is_refused(personas: Personas, tree: Tree) -> None:
    url = f"/quan-ly/don-vi/{tree.c2.public_id}/sap-xep/"
    r = signed_in(personas.committee).post(url, {"action": "merge", "t-target_code": "C3"})
    assert r.status_code == 400
    tree.c2.refresh_from_db()
    assert tree.c2.status == "active"


def test_positions_assign_and_end_through_console(personas: Personas, tree: Tree) -> None:
    target = make_member(tree.c2, "Lã Văn Bí")
    url = f"/quan-ly/don-vi/{tree.c2.public_id}/chuc-vu/"
    client = signed_in(personas.committee)
    r = client.post(
        url,
        {"member_card": target.party_card_number, "kind": "secretary", "started_on": "2024-01-01"},
    )
    assert r.status_code == 302
    role = target.positions.get()
    assert (
        signed_in(personas.outsider).post(url, {"end": f"secretary:{role.pk}"}).status_code == 404
    )
    assert signed_in(personas.member).post(url, {"end": f"secretary:{role.pk}"}).status_code == 404
    client.post(url, {"end": f"secretary:{role.pk}"})
    role.refresh_from_db()
    assert role.ended_on is not None
    bad = client.post(url, {"member_card": "999", "kind": "secretary", "started_on": "2024-01-01"})
    assert bad.status_code == 400 and "Không tìm thấy đảng viên" in bad.content.decode()


def test_probation_due_list(personas: Personas, tree: Tree) -> None:
    import datetime as dt

    from django.utils import timezone

    due = make_member(
        tree.c1,
        "Tạ Văn Sắp",
        status="probationary",
        full_member_on=None,
        admitted_on=timezone.localdate() - dt.timedelta(days=350),
    )
    make_member(
        tree.c1,
        "Tạ Văn Mới",
        status="probationary",
        full_member_on=None,
        admitted_on=timezone.localdate() - dt.timedelta(days=30),
    )
    page = signed_in(personas.committee).get(f"/quan-ly/don-vi/{tree.g1.public_id}/du-bi/")
    text = page.content.decode()
    assert due.full_name in text and "Tạ Văn Mới" not in text


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_photo_upload_checks_content_and_is_served_through_access(
    personas: Personas, tree: Tree
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    target = personas.member.member
    url = f"/quan-ly/dang-vien/{target.public_id}/anh/"
    committee = signed_in(personas.committee)
    committee.post(url, {"photo": SimpleUploadedFile("a.png", b"%PDF-1.4 fake", "image/png")})
    target.refresh_from_db()
    assert not target.photo
    assert (
        signed_in(personas.outsider)
        .post(url, {"photo": SimpleUploadedFile("a.png", PNG)})
        .status_code
        == 404
    )
    committee.post(url, {"photo": SimpleUploadedFile("a.png", PNG, "image/png")})
    target.refresh_from_db()
    assert target.photo
    assert committee.get(url)["Content-Type"] == "image/png"
    assert signed_in(personas.member).get("/ho-so/anh/").status_code == 200
    assert signed_in(personas.outsider).get(url).status_code == 404


def test_unit_page_flags_probation_due_and_exports(personas: Personas, tree: Tree) -> None:
    import datetime as dt

    from django.utils import timezone

    make_member(
        tree.c2,
        "Âu Văn Đến",
        status="probationary",
        full_member_on=None,
        admitted_on=timezone.localdate() - dt.timedelta(days=360),
    )
    client = signed_in(personas.committee)
    page = client.get(f"/quan-ly/don-vi/{tree.g1.public_id}/").content.decode()
    assert "1 đảng viên dự bị" in page
    rows = list(
        load_workbook(
            io.BytesIO(client.get(f"/quan-ly/don-vi/{tree.g1.public_id}/?xuat=xlsx").content)
        ).active.values
    )
    assert rows[0][0] == "Đơn vị" and rows[-1][0] == "Tổng cộng" and rows[-1][3] == 3
    rows = list(
        load_workbook(
            io.BytesIO(client.get(f"/quan-ly/don-vi/{tree.g1.public_id}/du-bi/?xuat=xlsx").content)
        ).active.values
    )
    assert [r[1] for r in rows[1:]] == ["Âu Văn Đến"]


def test_reset_lost_second_factor(personas: Personas, tree: Tree) -> None:
    from sotay.conftest import make_user
    from sotay.core.models import AuditEntry

    colleague = make_member(tree.c2, "Mất Điện Thoại")
    user = make_user(colleague, totp=True)
    url = f"/quan-ly/dang-vien/{colleague.public_id}/dat-lai-2-buoc/"
    assert signed_in(personas.outsider).post(url).status_code == 404
    assert signed_in(personas.member).post(url).status_code == 404
    signed_in(personas.committee).post(url)
    user.refresh_from_db()
    assert user.totp_secret == "" and user.totp_confirmed_at is None
    assert AuditEntry.objects.filter(member=colleague, action="reset_totp").exists()
    own = f"/quan-ly/dang-vien/{personas.committee.member.public_id}/dat-lai-2-buoc/"
    signed_in(personas.committee).post(own)
    personas.committee.refresh_from_db()
    assert personas.committee.totp_secret  # cannot reset one's own
