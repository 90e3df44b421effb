"""A stale form (CSRF failure) gets a Vietnamese page that says nothing changed."""

from django.test import Client


def test_csrf_failure_page_is_vietnamese(db: object) -> None:
    client = Client(HTTP_HOST="127.0.0.1", enforce_csrf_checks=True)
    response = client.post("/dang-nhap/", {"identifier": "0900000001", "password": "x"})
    assert response.status_code == 403
    assert "Trang này đã cũ" in response.content.decode()
    assert "no-store" in client.get("/dang-nhap/")["Cache-Control"]
