"""News articles, party documents with their structure, bulletins, bookmarks, reading receipts.

Every item is published by a unit and addressed to a unit's subtree (``audience_path`` is that
unit's tree path); a member sees what any ancestor of their cell published. Nothing is deleted:
items move through draft → submitted → published → withdrawn, and every correction of a
published item leaves a ``Revision``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from sotay.core.models import PublicModel
from sotay.orgs.models import Organization

from .choices import (
    BookmarkKind,
    BulletinKind,
    BulletinStatus,
    Category,
    DocLevel,
    DocType,
    ItemKind,
    ItemStatus,
    LegalStatus,
    RelationKind,
    SectionKind,
)


class Item(PublicModel):
    """A news article or a party document, with its editorial state and audience."""

    kind = models.CharField("loại", max_length=16, choices=ItemKind.choices)
    title = models.CharField("tiêu đề", max_length=400)
    lead = models.TextField("tóm tắt / sapo", blank=True)
    body = models.TextField("nội dung", blank=True)
    category = models.CharField("chuyên mục", max_length=20, choices=Category.choices, blank=True)
    image = models.FileField("ảnh", upload_to="content/images/%Y/%m/", blank=True)
    image_caption = models.CharField("chú thích ảnh", max_length=300, blank=True)
    unit = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="published_items",
        verbose_name="đơn vị đăng",
    )
    audience = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="addressed_items",
        verbose_name="gửi tới (cả các đơn vị trực thuộc)",
    )
    audience_path = models.CharField(max_length=255, editable=False)
    status = models.CharField(
        "trạng thái", max_length=16, choices=ItemStatus.choices, default=ItemStatus.DRAFT
    )
    published_at = models.DateTimeField("xuất bản lúc", null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_reason = models.CharField("lý do gỡ", max_length=300, blank=True)
    version = models.PositiveIntegerField("lần sửa", default=1)
    corrected_at = models.DateTimeField("đính chính lúc", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    review_note = models.CharField("ý kiến duyệt", max_length=500, blank=True)
    # Documents only.
    doc_type = models.CharField("loại văn bản", max_length=16, choices=DocType.choices, blank=True)
    number = models.CharField("số, ký hiệu", max_length=60, blank=True)
    issuer = models.CharField("cơ quan ban hành", max_length=200, blank=True)
    level = models.CharField("cấp ban hành", max_length=16, choices=DocLevel.choices, blank=True)
    issued_on = models.DateField("ngày ban hành", null=True, blank=True)
    effective_on = models.DateField("ngày hiệu lực", null=True, blank=True)
    legal_status = models.CharField(
        "hiệu lực", max_length=16, choices=LegalStatus.choices, blank=True
    )
    source_note = models.CharField("nguồn", max_length=500, blank=True)

    class Meta:
        verbose_name = "tin bài / văn kiện"
        verbose_name_plural = "tin bài và văn kiện"
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(fields=["audience_path", "status", "published_at"]),
            models.Index(fields=["status", "published_at"]),
            models.Index(fields=["unit", "status"]),
            models.Index(fields=["number"]),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}".strip() if self.number else self.title

    def save(self, *args: object, **kwargs: object) -> None:
        if self.audience_id is not None:
            self.audience_path = self.audience.path
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def is_document(self) -> bool:
        return self.kind == ItemKind.DOCUMENT


class ItemRelation(models.Model):
    """``source`` amends, replaces or implements ``target`` (shown on both documents)."""

    source = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="relations_out")
    target = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="relations_in")
    kind = models.CharField(max_length=16, choices=RelationKind.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "target", "kind"], name="uniq_item_relation")
        ]

    def __str__(self) -> str:
        return f"{self.source_id} {self.kind} {self.target_id}"


class Section(models.Model):
    """One structural unit of a document (chương, điều, khoản, mục...), linkable by ``anchor``."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveIntegerField()
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    depth = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(max_length=16, choices=SectionKind.choices)
    number = models.CharField(max_length=20, blank=True)
    anchor = models.CharField(max_length=60)
    heading = models.CharField(max_length=500, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["item", "position"]
        constraints = [
            models.UniqueConstraint(fields=["item", "anchor"], name="uniq_section_anchor")
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """ "Điều 5", "Khoản 2", "Mục 4.2" — how a citation names this section."""
        if self.kind == SectionKind.PREAMBLE:
            return self.heading or "Phần mở đầu"
        if self.kind == SectionKind.EXCERPT:
            return self.heading
        return f"{self.get_kind_display()} {self.number}".strip()


class Attachment(PublicModel):
    """A PDF or DOCX attached to an item; its text is extracted for search."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="content/files/%Y/%m/")
    name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    text = models.TextField(blank=True)
    pages = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class Revision(models.Model):
    """The state of a published item before a correction, with who corrected it and why."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField()
    title = models.CharField(max_length=400)
    lead = models.TextField(blank=True)
    body = models.TextField(blank=True)
    note = models.CharField("lý do đính chính", max_length=500)
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-version"]

    def __str__(self) -> str:
        return f"{self.item_id} v{self.version}"


class SearchEntry(models.Model):
    """One searchable passage: an article, a document's header, one article of a document, or a
    chunk of an attachment. ``tokens`` is the folded text (a-z0-9 words) that the database's
    full-text index reads — SQLite FTS5 or a PostgreSQL tsvector — so both behave the same."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="search_entries")
    section = models.ForeignKey(Section, null=True, on_delete=models.CASCADE, related_name="+")
    attachment = models.ForeignKey(
        Attachment, null=True, on_delete=models.CASCADE, related_name="+"
    )
    anchor = models.CharField(max_length=60, blank=True)
    label = models.CharField(max_length=500, blank=True)
    text = models.TextField(blank=True)
    number_tokens = models.CharField(max_length=120, blank=True)
    title_tokens = models.TextField(blank=True)
    tokens = models.TextField(blank=True)
    # Copies of the item's fields for filtering inside the index query.
    kind = models.CharField(max_length=16)
    doc_type = models.CharField(max_length=16, blank=True)
    level = models.CharField(max_length=16, blank=True)
    legal_status = models.CharField(max_length=16, blank=True)
    year = models.PositiveSmallIntegerField(null=True)
    audience_path = models.CharField(max_length=255)
    published_at = models.DateTimeField(null=True)
    live = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["item"])]

    def __str__(self) -> str:
        return self.label


class Bookmark(models.Model):
    """An item (or one article of it) a user saved — bookmarked or to read later."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="bookmarks"
    )
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="bookmarks")
    kind = models.CharField(max_length=16, choices=BookmarkKind.choices)
    anchor = models.CharField(max_length=60, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "item", "kind", "anchor"], name="uniq_bookmark")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind} {self.item_id}"


class ReadReceipt(models.Model):
    """A member opened an item, and maybe read it to the end. ``cell_path`` is the member's cell
    at the time, so the committee's per-unit view is one indexed group-by."""

    member = models.ForeignKey(
        "members.Member", on_delete=models.CASCADE, related_name="read_receipts"
    )
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="receipts")
    cell_path = models.CharField(max_length=255)
    opened_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["member", "item"], name="uniq_read_receipt")]
        indexes = [models.Index(fields=["item", "cell_path"])]

    def __str__(self) -> str:
        return f"{self.member_id} đọc {self.item_id}"


class Bulletin(PublicModel):
    """The monthly cell-meeting bulletin (Hướng dẫn 37-HD/BTGDVTW), assembled from items."""

    kind = models.CharField(max_length=16, choices=BulletinKind.choices)
    title = models.CharField("tiêu đề", max_length=300)
    issue_month = models.DateField("tháng")
    intro = models.TextField("lời giới thiệu", blank=True)
    unit = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    audience_path = models.CharField(max_length=255, editable=False)
    status = models.CharField(
        max_length=16, choices=BulletinStatus.choices, default=BulletinStatus.DRAFT
    )
    published_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-issue_month", "-id"]
        indexes = [models.Index(fields=["audience_path", "status", "issue_month"])]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: object, **kwargs: object) -> None:
        if self.unit_id is not None:
            self.audience_path = self.unit.path
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class BulletinEntry(models.Model):
    """One chosen item in a bulletin, in order, with the editor's short note."""

    bulletin = models.ForeignKey(Bulletin, on_delete=models.CASCADE, related_name="entries")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField()
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["bulletin", "position"]
        constraints = [
            models.UniqueConstraint(fields=["bulletin", "item"], name="uniq_bulletin_item")
        ]

    def __str__(self) -> str:
        return f"{self.bulletin_id}#{self.position}"
