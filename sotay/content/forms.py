"""Forms of the content app (parsing only; rules live in the services)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from sotay.orgs.models import Organization

from .choices import BulletinKind, Category, DocLevel, DocType, ItemKind, LegalStatus

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Organization) -> str:
        return obj.name


class ItemForm(forms.Form):
    title = forms.CharField(label="Tiêu đề", max_length=400)
    lead = forms.CharField(
        label="Tóm tắt (sapo)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    body = forms.CharField(
        label="Nội dung",
        required=False,
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text="Văn kiện: giữ nguyên các dòng “Chương I”, “Điều 1.”, “1.”, “1.1.” để hệ "
        "thống tách chương, điều, khoản, mục (mỗi điều có đường dẫn riêng).",
    )
    audience = UnitChoiceField(
        label="Gửi tới (đơn vị và toàn bộ đơn vị trực thuộc)",
        queryset=Organization.objects.none(),
        empty_label=None,
    )
    category = forms.ChoiceField(
        label="Chuyên mục", choices=[("", "—"), *Category.choices], required=False
    )
    image = forms.FileField(label="Ảnh minh họa (JPEG, PNG, tối đa 5 MB)", required=False)
    image_caption = forms.CharField(label="Chú thích ảnh", max_length=300, required=False)
    doc_type = forms.ChoiceField(
        label="Loại văn bản",
        choices=[("", "Tự nhận từ số, ký hiệu"), *DocType.choices],
        required=False,
    )
    number = forms.CharField(
        label="Số, ký hiệu",
        max_length=60,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "ví dụ 15-NQ/TU"}),
    )
    issuer = forms.CharField(label="Cơ quan ban hành", max_length=200, required=False)
    level = forms.ChoiceField(
        label="Cấp ban hành", choices=[("", "—"), *DocLevel.choices], required=False
    )
    issued_on = forms.DateField(label="Ngày ban hành", required=False, widget=DATE_INPUT)
    effective_on = forms.DateField(label="Ngày hiệu lực", required=False, widget=DATE_INPUT)

    ARTICLE_ONLY = ("category", "image", "image_caption")
    DOCUMENT_ONLY = ("doc_type", "number", "issuer", "level", "issued_on", "effective_on")

    def __init__(self, *args: Any, kind: str, units: QuerySet[Organization], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.fields["audience"].queryset = units  # type: ignore[attr-defined]
        drop = self.DOCUMENT_ONLY if kind == ItemKind.ARTICLE else self.ARTICLE_ONLY
        for name in drop:
            del self.fields[name]
        if kind == ItemKind.ARTICLE:
            self.fields["category"].required = True
        else:
            self.fields["level"].required = True

    def service_fields(self) -> dict[str, Any]:
        data = {k: v for k, v in self.cleaned_data.items() if k not in ("audience", "image")}
        return data


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="Lý do", max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )


class PublishForm(forms.Form):
    at = forms.DateTimeField(
        label="Hẹn giờ xuất bản (bỏ trống = xuất bản ngay)",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M"],
    )


class AttachmentForm(forms.Form):
    file = forms.FileField(label="Tệp PDF hoặc DOCX")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from .files import max_upload_bytes

        super().__init__(*args, **kwargs)
        limit = max_upload_bytes()
        field = self.fields["file"]
        field.label = f"Tệp PDF hoặc DOCX (tối đa {limit // 1024 // 1024} MB)"
        # The browser refuses an oversized file at once (no 200 MB upload over 3G); the
        # server checks again.
        field.widget.attrs.update({"accept": ".pdf,.docx", "data-max-bytes": str(limit)})


class RelationForm(forms.Form):
    kind = forms.ChoiceField(
        label="Văn bản này",
        choices=[
            ("amends", "sửa đổi, bổ sung"),
            ("replaces", "thay thế"),
            ("implements", "hướng dẫn thi hành"),
        ],
    )
    target_number = forms.CharField(label="văn bản số, ký hiệu", max_length=60)


class SearchForm(forms.Form):
    q = forms.CharField(label="Tìm kiếm", max_length=300, required=False)
    loai = forms.ChoiceField(
        choices=[("", "Tất cả"), *ItemKind.choices], required=False, label="Loại"
    )
    the_loai = forms.ChoiceField(
        choices=[("", "Mọi loại văn bản"), *DocType.choices], required=False, label="Loại văn bản"
    )
    cap = forms.ChoiceField(
        choices=[("", "Mọi cấp"), *DocLevel.choices], required=False, label="Cấp"
    )
    hieu_luc = forms.ChoiceField(
        choices=[("", "Mọi tình trạng"), *LegalStatus.choices], required=False, label="Hiệu lực"
    )
    nam = forms.IntegerField(required=False, min_value=1930, max_value=2100, label="Năm")
    trang = forms.IntegerField(required=False, min_value=1, max_value=50)
    trong = forms.UUIDField(required=False)


class BulletinForm(forms.Form):
    kind = forms.ChoiceField(label="Loại bản tin", choices=BulletinKind.choices)
    title = forms.CharField(label="Tiêu đề", max_length=300)
    issue_month = forms.DateField(
        label="Tháng (chọn một ngày bất kỳ trong tháng)", widget=DATE_INPUT
    )
    intro = forms.CharField(
        label="Lời giới thiệu, định hướng sinh hoạt",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    unit = UnitChoiceField(
        label="Đơn vị phát hành", queryset=Organization.objects.none(), empty_label=None
    )

    def __init__(self, *args: Any, units: QuerySet[Organization], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
