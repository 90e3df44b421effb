"""Writing, reviewing, publishing, correcting and withdrawing items (the editorial workflow)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.db import transaction
from django.utils import timezone

from sotay.core.access import Capability, can
from sotay.core.errors import DomainError
from sotay.core.text import clean
from sotay.orgs.models import Organization

from ..access import require_write_unit
from ..choices import (
    DOC_TYPE_CODES,
    Category,
    DocLevel,
    DocType,
    ItemKind,
    ItemStatus,
    LegalStatus,
    RelationKind,
)
from ..models import Attachment, Item, ItemRelation, Revision, Section
from ..search import index
from ..structure import parse_structure

# 294-QĐ/TW, 06-HD/TW, 37-HD/BTGDVTW, 19370-CV/VPTW, 15-NQ/TU, 120-KH/ĐU...
NUMBER = re.compile(r"^\d{1,5}-[A-ZĐ]{1,6}(?:/[A-ZĐ0-9]{1,12}){1,3}$")
TEXT_FIELDS = ("title", "lead", "body", "image_caption", "issuer", "source_note")
DOC_FIELDS = ("doc_type", "number", "issuer", "level", "issued_on", "effective_on")


def normalize_number(value: str) -> str:
    """ "294 - qđ/tw" -> "294-QĐ/TW"; "" stays ""; anything else raises."""
    text = clean(value).upper().replace(" ", "").replace("–", "-")
    if not text:
        return ""
    if not NUMBER.match(text):
        raise DomainError(
            f"Số, ký hiệu “{clean(value)}” không đúng mẫu: số, gạch ngang, chữ viết tắt loại "
            "văn bản, gạch chéo, cơ quan ban hành — ví dụ 294-QĐ/TW hoặc 15-NQ/TU.",
            field="number",
        )
    return text


def _check_fields(kind: str, fields: dict[str, Any]) -> dict[str, Any]:
    out = dict(fields)
    for name in TEXT_FIELDS:
        if name in out and out[name] is not None:
            out[name] = clean(out[name]) if name != "body" else str(out[name]).strip()
    if "title" in out and not out["title"]:
        raise DomainError("Hãy nhập tiêu đề.", field="title")
    if kind == ItemKind.ARTICLE:
        if "category" in out and out["category"] not in Category.values:
            raise DomainError("Hãy chọn chuyên mục.", field="category")
        for name in DOC_FIELDS:
            out.pop(name, None)
    else:
        out.pop("category", None)
        if "number" in out:
            out["number"] = normalize_number(out["number"] or "")
            code = out["number"].split("-", 1)[1].split("/")[0] if out["number"] else ""
            if not out.get("doc_type"):
                out["doc_type"] = DOC_TYPE_CODES.get(code, DocType.OTHER)
        if "doc_type" in out and out["doc_type"] not in DocType.values:
            raise DomainError("Loại văn bản không hợp lệ.", field="doc_type")
        if "level" in out and out["level"] not in DocLevel.values:
            raise DomainError("Hãy chọn cấp ban hành.", field="level")
        issued, effective = out.get("issued_on"), out.get("effective_on")
        if isinstance(issued, dt.date) and isinstance(effective, dt.date) and effective < issued:
            raise DomainError("Ngày hiệu lực không thể trước ngày ban hành.", field="effective_on")
    return out


def _check_audience(unit: Organization, audience: Organization) -> None:
    if not audience.path.startswith(unit.path):
        raise DomainError(
            "Chỉ gửi được tới đơn vị mình hoặc các đơn vị trực thuộc.", field="audience"
        )


IMAGE_MAX_SIDE = 1280


def _store_image(item: Item, upload: Any) -> None:
    """Keep a picture light for 3G phones: at most 1280 px, re-encoded as JPEG, which also drops
    its metadata (camera, GPS position)."""
    import io

    from django.core.files.base import ContentFile
    from PIL import Image, UnidentifiedImageError

    from ..files import inspect_image

    inspect_image(upload)
    try:
        with Image.open(upload) as img:
            img.load()
            picture = img.convert("RGB")
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise DomainError("Ảnh bị hỏng, không mở được.", field="image") from exc
    picture.thumbnail((IMAGE_MAX_SIDE, IMAGE_MAX_SIDE))
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=80, optimize=True)
    item.image.save(f"{item.public_id}.jpg", ContentFile(out.getvalue()), save=False)
    item.save(update_fields=["image", "updated_at"])


def _write_sections(item: Item) -> None:
    item.sections.all().delete()
    if item.kind != ItemKind.DOCUMENT:
        return
    parsed = parse_structure(item.body)
    rows = [
        Section(
            item=item,
            position=i,
            depth=p.depth,
            kind=p.kind,
            number=p.number,
            anchor=p.anchor,
            heading=p.heading[:500],
            text=p.text,
        )
        for i, p in enumerate(parsed)
    ]
    Section.objects.bulk_create(rows)
    saved = {s.position: s for s in item.sections.all()}
    parents = []
    for i, p in enumerate(parsed):
        if p.parent is not None:
            s = saved[i]
            s.parent_id = saved[p.parent].pk
            parents.append(s)
    Section.objects.bulk_update(parents, ["parent"], batch_size=500)


@transaction.atomic
def item_create(
    *,
    user: Any,
    kind: str,
    unit: Organization,
    audience: Organization | None = None,
    image: Any = None,
    **fields: Any,
) -> Item:
    """A new draft by one of the unit's writers."""
    require_write_unit(user, unit)
    audience = audience or unit
    _check_audience(unit, audience)
    if kind not in ItemKind.values:
        raise DomainError("Loại nội dung không hợp lệ.")
    data = _check_fields(kind, fields)
    if kind == ItemKind.DOCUMENT:
        data.setdefault("legal_status", LegalStatus.IN_FORCE)
        if not data.get("level"):
            raise DomainError("Hãy chọn cấp ban hành.", field="level")
    item = Item(kind=kind, unit=unit, audience=audience, created_by=user, **data)
    item.save()
    if image:
        _store_image(item, image)
    _write_sections(item)
    index.reindex(item)
    return item


@transaction.atomic
def item_update(
    *,
    user: Any,
    item: Item,
    audience: Organization | None = None,
    image: Any = None,
    **fields: Any,
) -> Item:
    """Edit a draft or an item waiting for review (published items are corrected instead)."""
    require_write_unit(user, item.unit)
    if item.status not in (ItemStatus.DRAFT, ItemStatus.SUBMITTED):
        raise DomainError("Tin bài đã xuất bản chỉ được đính chính (có ghi lý do).")
    data = _check_fields(item.kind, fields)
    if audience is not None:
        _check_audience(item.unit, audience)
        item.audience = audience
    for name, value in data.items():
        setattr(item, name, value)
    item.save()
    if image:
        _store_image(item, image)
    if "body" in data:
        _write_sections(item)
    index.reindex(item)
    return item


@transaction.atomic
def item_submit(*, user: Any, item: Item) -> Item:
    require_write_unit(user, item.unit)
    if item.status != ItemStatus.DRAFT:
        raise DomainError("Chỉ gửi duyệt được bản nháp.")
    item.status = ItemStatus.SUBMITTED
    item.review_note = ""
    item.save(update_fields=["status", "review_note", "updated_at"])
    return item


@transaction.atomic
def item_reject(*, user: Any, item: Item, note: str) -> Item:
    if not can(user, Capability.CONTENT_PUBLISH, item.unit):
        raise DomainError("Chỉ Ban Biên tập mới được trả lại bài.")
    if item.status != ItemStatus.SUBMITTED:
        raise DomainError("Chỉ trả lại được bài đang chờ duyệt.")
    if not clean(note):
        raise DomainError("Hãy ghi ý kiến để người viết sửa.", field="note")
    item.status, item.review_note = ItemStatus.DRAFT, clean(note)[:500]
    item.save(update_fields=["status", "review_note", "updated_at"])
    return item


@transaction.atomic
def item_publish(*, user: Any, item: Item, at: dt.datetime | None = None) -> Item:
    """Approve and publish now, or at ``at`` (then it appears by itself at that time)."""
    if not can(user, Capability.CONTENT_PUBLISH, item.unit):
        raise DomainError("Chỉ Ban Biên tập (cấp ủy) của đơn vị mới được duyệt, xuất bản.")
    if item.status not in (ItemStatus.DRAFT, ItemStatus.SUBMITTED):
        raise DomainError("Tin bài này đã xuất bản hoặc đã gỡ.")
    now = timezone.now()
    if at is not None and at < now - dt.timedelta(minutes=1):
        raise DomainError("Thời điểm xuất bản đã qua; hãy chọn thời điểm sau bây giờ.", field="at")
    item.status = ItemStatus.PUBLISHED
    item.published_at = max(at or now, now)
    item.approved_by = user
    item.review_note = ""
    item.save(update_fields=["status", "published_at", "approved_by", "review_note", "updated_at"])
    index.refresh_state(item)
    if item.kind == ItemKind.DOCUMENT:
        from ..tasks import announce_document

        published_at = item.published_at
        transaction.on_commit(
            lambda: announce_document.using(run_after=published_at).enqueue(item.pk)
        )
    return item


@transaction.atomic
def item_correct(*, user: Any, item: Item, note: str, **fields: Any) -> Item:
    """Correct a published item; the previous wording is kept as a revision, shown to readers."""
    if not can(user, Capability.CONTENT_PUBLISH, item.unit):
        raise DomainError("Chỉ Ban Biên tập mới được đính chính tin bài đã xuất bản.")
    if item.status != ItemStatus.PUBLISHED:
        raise DomainError("Chỉ đính chính được tin bài đang xuất bản.")
    if not clean(note):
        raise DomainError("Hãy ghi lý do đính chính.", field="note")
    data = _check_fields(item.kind, fields)
    changed = {k: v for k, v in data.items() if getattr(item, k) != v}
    if not changed:
        raise DomainError("Nội dung chưa thay đổi.")
    Revision.objects.create(
        item=item,
        version=item.version,
        title=item.title,
        lead=item.lead,
        body=item.body,
        note=clean(note)[:500],
        editor=user,
    )
    for name, value in changed.items():
        setattr(item, name, value)
    item.version += 1
    item.corrected_at = timezone.now()
    item.save()
    if "body" in changed:
        _write_sections(item)
    index.reindex(item)
    return item


@transaction.atomic
def item_withdraw(*, user: Any, item: Item, reason: str) -> Item:
    """Take a published item down, with a reason; it is kept, never deleted."""
    if not can(user, Capability.CONTENT_PUBLISH, item.unit):
        raise DomainError("Chỉ Ban Biên tập mới được gỡ tin bài.")
    if item.status == ItemStatus.WITHDRAWN:
        raise DomainError("Tin bài đã được gỡ trước đó.")
    if not clean(reason):
        raise DomainError("Hãy ghi lý do gỡ.", field="reason")
    item.status = ItemStatus.WITHDRAWN
    item.withdrawn_at = timezone.now()
    item.withdrawn_reason = clean(reason)[:300]
    item.save(update_fields=["status", "withdrawn_at", "withdrawn_reason", "updated_at"])
    index.refresh_state(item)
    return item


@transaction.atomic
def attachment_add(*, user: Any, item: Item, upload: Any) -> Attachment:
    """Attach a PDF or DOCX (checked by content); its text becomes searchable."""
    from ..files import inspect_document

    require_write_unit(user, item.unit)
    if item.status == ItemStatus.WITHDRAWN:
        raise DomainError("Tin bài đã gỡ, không thêm tệp được.")
    extracted = inspect_document(upload)
    name = clean(upload.name)[:255] or "tep-dinh-kem"
    attachment = Attachment(
        item=item,
        name=name,
        content_type=extracted.content_type,
        size=upload.size,
        text=extracted.text,
        pages=extracted.pages,
    )
    attachment.file.save(name, upload, save=False)
    attachment.save()
    index.reindex(item)
    return attachment


@transaction.atomic
def relation_add(*, user: Any, source: Item, target: Item, kind: str) -> ItemRelation:
    """Record that ``source`` amends/replaces/implements ``target``; updates target's status."""
    require_write_unit(user, source.unit)
    if kind not in RelationKind.values:
        raise DomainError("Quan hệ văn bản không hợp lệ.")
    if source.pk == target.pk or not (source.is_document and target.is_document):
        raise DomainError("Chỉ liên kết được giữa hai văn kiện khác nhau.")
    relation, _ = ItemRelation.objects.get_or_create(source=source, target=target, kind=kind)
    new_status = {
        RelationKind.AMENDS: LegalStatus.AMENDED,
        RelationKind.REPLACES: LegalStatus.REPLACED,
    }
    if kind in new_status:
        target.legal_status = new_status[RelationKind(kind)]
        target.save(update_fields=["legal_status", "updated_at"])
        index.refresh_state(target)
    return relation


def item_announce(item_id: int) -> int:
    """Put a "new document" notification in the inbox of every member of the audience.

    Runs from the task queue at the publication time; does nothing if the item was
    withdrawn or rescheduled meanwhile.
    """
    from django.urls import reverse

    from sotay.core.access import subtree_q
    from sotay.members.models import Member
    from sotay.notices.choices import NotificationKind
    from sotay.notices.services import notify

    item = Item.objects.filter(pk=item_id, status=ItemStatus.PUBLISHED).first()
    if item is None or item.published_at is None or item.published_at > timezone.now():
        return 0
    members = Member.objects.current().filter(
        subtree_q(item.audience_path, "cell_path"), has_account=True
    )
    with transaction.atomic():
        return notify(
            members=members,
            kind=NotificationKind.CONTENT,
            title=f"Văn kiện mới: {item.number} {item.title}".replace("  ", " ")[:200],
            body=item.lead[:300],
            url=reverse("content:item", args=[item.public_id]),
        )
