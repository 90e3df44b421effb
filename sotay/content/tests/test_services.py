"""The editorial workflow, uploads and bad input: clear Vietnamese messages, nothing half-saved."""

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone

from sotay.conftest import Personas, Tree
from sotay.content import services
from sotay.content.choices import Category, DocLevel, ItemKind, ItemStatus, LegalStatus
from sotay.content.models import Attachment, Item, Revision, SearchEntry, Section
from sotay.content.search import search
from sotay.core.errors import DomainError
from sotay.members.models import User


def _draft(user: User, tree: Tree, **kw) -> Item:  # noqa: ANN003
    fields = {"title": "Tin mới", "body": "Nội dung", "category": Category.PROVINCE} | kw
    return services.item_create(user=user, kind=ItemKind.ARTICLE, unit=tree.g1, **fields)


def test_writer_drafts_board_publishes(writer: User, personas: Personas, tree: Tree) -> None:
    item = _draft(writer, tree, audience=tree.c1)
    assert item.status == ItemStatus.DRAFT and item.audience_path == tree.c1.path
    with pytest.raises(DomainError, match="Ban Biên tập"):
        services.item_publish(user=writer, item=item)
    services.item_submit(user=writer, item=item)
    services.item_reject(user=personas.committee, item=item, note="Thêm ảnh")
    assert item.status == ItemStatus.DRAFT and item.review_note == "Thêm ảnh"
    services.item_submit(user=writer, item=item)
    services.item_publish(user=personas.committee, item=item)
    item.refresh_from_db()
    assert item.status == ItemStatus.PUBLISHED and item.approved_by == personas.committee


def test_scheduled_publication(personas: Personas, tree: Tree) -> None:
    item = _draft(personas.committee, tree, title="Hẹn giờ đăng")
    at = timezone.now() + dt.timedelta(hours=2)
    services.item_publish(user=personas.committee, item=item, at=at)
    assert search("hen gio dang", audience_paths=None).total == 0  # not yet
    Item.objects.filter(pk=item.pk).update(published_at=timezone.now() - dt.timedelta(seconds=1))
    SearchEntry.objects.filter(item=item).update(
        published_at=timezone.now() - dt.timedelta(seconds=1)
    )
    assert search("hen gio dang", audience_paths=None).total == 1
    other = _draft(personas.committee, tree)
    with pytest.raises(DomainError, match="đã qua"):
        services.item_publish(
            user=personas.committee, item=other, at=timezone.now() - dt.timedelta(days=1)
        )


def test_correction_keeps_history_and_reindexes(personas: Personas, tree: Tree) -> None:
    item = services.item_publish(
        user=personas.committee, item=_draft(personas.committee, tree, title="Hội nghi")
    )
    with pytest.raises(DomainError, match="lý do"):
        services.item_correct(user=personas.committee, item=item, note="", title="Hội nghị")
    with pytest.raises(DomainError, match="đính chính"):
        services.item_update(user=personas.committee, item=item, title="Lén sửa")
    services.item_correct(
        user=personas.committee, item=item, note="Sửa lỗi chính tả", title="Hội nghị toàn thể"
    )
    item.refresh_from_db()
    assert item.version == 2 and item.corrected_at is not None
    assert Revision.objects.get(item=item).title == "Hội nghi"
    assert search("toan the", audience_paths=None).total == 1


def test_withdraw_needs_reason_and_keeps_the_item(personas: Personas, tree: Tree) -> None:
    item = services.item_publish(user=personas.committee, item=_draft(personas.committee, tree))
    with pytest.raises(DomainError, match="lý do"):
        services.item_withdraw(user=personas.committee, item=item, reason=" ")
    services.item_withdraw(user=personas.committee, item=item, reason="Thông tin chưa chính xác")
    assert Item.objects.get(pk=item.pk).status == ItemStatus.WITHDRAWN


def test_bad_document_number_changes_nothing(personas: Personas, tree: Tree) -> None:
    for number in ("294/QĐ-TW", "QĐ-294", "294-QĐ", "abc"):
        with pytest.raises(DomainError, match="không đúng mẫu"):
            services.item_create(
                user=personas.committee,
                kind=ItemKind.DOCUMENT,
                unit=tree.g1,
                title="Quy định",
                number=number,
                level=DocLevel.GRASSROOTS,
            )
    assert not Item.objects.exists()
    assert services.normalize_number(" 294 - qđ/tw ") == "294-QĐ/TW"


def test_document_structure_and_relations(personas: Personas, tree: Tree) -> None:
    old = services.item_create(
        user=personas.committee,
        kind=ItemKind.DOCUMENT,
        unit=tree.g1,
        title="Quy chế cũ",
        number="01-QC/ĐU",
        level=DocLevel.GRASSROOTS,
        body="Điều 1.\nMột\nĐiều 2.\nHai",
    )
    assert list(Section.objects.filter(item=old).values_list("anchor", flat=True)) == [
        "dieu-1",
        "dieu-2",
    ]
    new = services.item_create(
        user=personas.committee,
        kind=ItemKind.DOCUMENT,
        unit=tree.g1,
        title="Quy chế mới",
        number="02-QC/ĐU",
        level=DocLevel.GRASSROOTS,
    )
    services.relation_add(user=personas.committee, source=new, target=old, kind="replaces")
    old.refresh_from_db()
    assert old.legal_status == LegalStatus.REPLACED


def test_audience_must_be_inside_the_unit(personas: Personas, tree: Tree) -> None:
    with pytest.raises(DomainError, match="trực thuộc"):
        _draft(personas.committee, tree, audience=tree.c3)
    with pytest.raises(PermissionDenied):
        services.item_create(
            user=personas.member,
            kind=ItemKind.ARTICLE,
            unit=tree.c1,
            title="x",
            category=Category.PROVINCE,
        )
    assert not Item.objects.exists()


def _pdf_bytes(text: str) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.multi_cell(0, 8, text)
    return bytes(pdf.output())


def _docx_bytes(text: str) -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_attachments_are_checked_and_searchable(personas: Personas, tree: Tree) -> None:
    item = services.item_publish(user=personas.committee, item=_draft(personas.committee, tree))
    pdf = SimpleUploadedFile("ke-hoach.pdf", _pdf_bytes("Ke hoach tong ve sinh moi truong"))
    services.attachment_add(user=personas.committee, item=item, upload=pdf)
    docx_file = SimpleUploadedFile("bao-cao.docx", _docx_bytes("Báo cáo sơ kết thu đảng phí"))
    services.attachment_add(user=personas.committee, item=item, upload=docx_file)
    assert search("ve sinh moi truong", audience_paths=None).hits[0].anchor.startswith("tep-")
    assert search("dang phi", audience_paths=None).total == 1
    fake = SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 this is an exe")
    with pytest.raises(DomainError, match="không phải PDF"):
        services.attachment_add(user=personas.committee, item=item, upload=fake)
    broken = SimpleUploadedFile("hong.pdf", b"%PDF-1.7\n garbage without objects")
    with pytest.raises(DomainError, match="PDF"):
        services.attachment_add(user=personas.committee, item=item, upload=broken)
    not_docx = SimpleUploadedFile("van-ban.docx", b"PK\x03\x04 not really a zip")
    with pytest.raises(DomainError, match="DOCX"):
        services.attachment_add(user=personas.committee, item=item, upload=not_docx)
    text = SimpleUploadedFile("ghi-chu.txt", b"plain text")
    with pytest.raises(DomainError, match="PDF hoặc DOCX"):
        services.attachment_add(user=personas.committee, item=item, upload=text)
    assert Attachment.objects.filter(item=item).count() == 2


@override_settings(CONTENT_MAX_UPLOAD_MB=1)
def test_too_large_upload_is_refused(personas: Personas, tree: Tree) -> None:
    item = _draft(personas.committee, tree)
    big = SimpleUploadedFile("lon.pdf", b"%PDF-1.4\n" + b"0" * (2 * 1024 * 1024))
    with pytest.raises(DomainError, match="quá lớn"):
        services.attachment_add(user=personas.committee, item=item, upload=big)
    assert not Attachment.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_document_announcement_reaches_the_audience(personas: Personas, tree: Tree) -> None:
    from django.core.management import call_command

    from sotay.notices.models import Notification

    doc = services.item_create(
        user=personas.committee,
        kind=ItemKind.DOCUMENT,
        unit=tree.g1,
        title="Nghị quyết xã",
        number="05-NQ/ĐU",
        level=DocLevel.GRASSROOTS,
    )
    services.item_publish(user=personas.committee, item=doc)  # queues the task on commit
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    got = set(Notification.objects.filter(kind="content").values_list("member_id", flat=True))
    assert personas.member.member_id in got and personas.outsider.member_id not in got


def test_article_image_is_shrunk_and_stripped(personas: Personas, tree: Tree) -> None:
    from PIL import Image

    raw = io.BytesIO()
    Image.new("RGB", (3000, 2000), "red").save(raw, "PNG")
    upload = SimpleUploadedFile("anh.png", raw.getvalue())
    item = _draft(personas.committee, tree, image=upload)
    with Image.open(item.image.open("rb")) as img:
        assert img.format == "JPEG" and max(img.size) == 1280
    with pytest.raises(DomainError, match="JPEG, PNG"):
        _draft(
            personas.committee, tree, title="Ảnh giả", image=SimpleUploadedFile("a.jpg", b"GIF89a")
        )
    assert not Item.objects.filter(title="Ảnh giả").exists()
