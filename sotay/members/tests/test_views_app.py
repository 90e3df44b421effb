import datetime as dt

from sotay.conftest import Personas, Tree, make_member, signed_in
from sotay.core.models import AuditEntry
from sotay.members.models import CorrectionRequest


def test_home_record_cell_pages(personas: Personas) -> None:
    client = signed_in(personas.member)
    for url in ["/", "/ho-so/", "/chi-bo/", "/cai-dat/", "/ho-so/ai-da-xem/", "/ho-so/dinh-chinh/"]:
        assert client.get(url).status_code == 200, url


def test_my_cell_shows_contacts_only_when_shared(personas: Personas, tree: Tree) -> None:
    make_member(tree.c1, "Hồ Văn Kín", phone="0933000001", share_phone=False)
    make_member(tree.c1, "Hồ Văn Mở", phone="0933000002", share_phone=True)
    page = signed_in(personas.member).get("/chi-bo/").content.decode()
    assert "Hồ Văn Kín" in page and "0933000001" not in page and "0933000002" in page
    assert "Phạm Thị Dung" not in page  # another branch


def test_large_text_preference_is_remembered(personas: Personas) -> None:
    client = signed_in(personas.member)
    client.post("/cai-dat/", {"large_text": "on"})
    assert 'class="large-text"' in client.get("/").content.decode()


def test_correction_request_from_app(personas: Personas) -> None:
    client = signed_in(personas.member)
    form = client.get("/ho-so/dinh-chinh/").context["form"]
    data = {
        k: (v.isoformat() if isinstance(v, dt.date) else v or "") for k, v in form.initial.items()
    }
    data.update(hometown="Hưng Yên", reason="Theo lý lịch")
    r = client.post("/ho-so/dinh-chinh/", data)
    assert r.status_code == 302, r.content.decode()[:2000]
    req = CorrectionRequest.objects.get()
    assert req.changes == {"hometown": "Hưng Yên"}
    data["citizen_id"] = "123"
    r = client.post("/ho-so/dinh-chinh/", data)
    assert r.status_code == 400 and "CCCD" in r.content.decode()


def test_who_looked_at_my_record(personas: Personas) -> None:
    target = personas.member.member
    signed_in(personas.committee).get(f"/quan-ly/dang-vien/{target.public_id}/")
    assert AuditEntry.objects.filter(member=target, action="view_record").count() == 1
    page = signed_in(personas.member).get("/ho-so/ai-da-xem/").content.decode()
    assert "Trần Thị Bình" in page


def test_pwa_files(personas: Personas) -> None:
    client = signed_in(personas.member)
    manifest = client.get("/manifest.webmanifest").json()
    assert manifest["display"] == "standalone" and manifest["lang"] == "vi"
    sw = client.get("/sw.js")
    assert sw["Service-Worker-Allowed"] == "/" and b"/offline/" in sw.content
    assert client.get("/offline/").status_code == 200


def test_member_changes_password(personas: Personas) -> None:
    from sotay.conftest import PASSWORD

    client = signed_in(personas.member)
    bad = client.post(
        "/cai-dat/mat-khau/",
        {
            "old_password": "sai",
            "new_password1": "Mat-khau-moi-1",
            "new_password2": "Mat-khau-moi-1",
        },
    )
    assert bad.status_code == 400
    personas.member.refresh_from_db()
    assert personas.member.check_password(PASSWORD)
    ok = client.post(
        "/cai-dat/mat-khau/",
        {
            "old_password": PASSWORD,
            "new_password1": "Mat-khau-moi-1",
            "new_password2": "Mat-khau-moi-1",
        },
    )
    assert ok.status_code == 302 and client.get("/").status_code == 200  # still signed in
    personas.member.refresh_from_db()
    assert personas.member.check_password("Mat-khau-moi-1")
