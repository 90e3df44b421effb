"""Forms of the planner (parsing only)."""

from __future__ import annotations

from typing import Any

from django import forms

from sotay.content.forms import UnitChoiceField
from sotay.orgs.models import Organization

WHEN = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
FORMATS = ["%Y-%m-%dT%H:%M"]
REMIND = [
    (0, "Không nhắc"),
    (15, "Trước 15 phút"),
    (60, "Trước 1 giờ"),
    (24 * 60, "Trước 1 ngày"),
]


class EventForm(forms.Form):
    title = forms.CharField(label="Tên sự kiện", max_length=200)
    starts_at = forms.DateTimeField(label="Bắt đầu", widget=WHEN, input_formats=FORMATS)
    ends_at = forms.DateTimeField(
        label="Kết thúc", widget=WHEN, input_formats=FORMATS, required=False
    )
    all_day = forms.BooleanField(label="Cả ngày", required=False)
    place = forms.CharField(label="Địa điểm", max_length=200, required=False)
    description = forms.CharField(
        label="Ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    remind_minutes = forms.TypedChoiceField(
        label="Nhắc tôi", choices=REMIND, coerce=int, initial=60, required=False
    )
    unit = UnitChoiceField(
        label="Lịch của đơn vị (để trống: lịch cá nhân)",
        queryset=Organization.objects.none(),
        required=False,
        empty_label="— Lịch cá nhân —",
    )

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if units is None or not units.exists():
            del self.fields["unit"]
        else:
            self.fields["unit"].queryset = units  # type: ignore[attr-defined]


class TaskForm(forms.Form):
    unit = UnitChoiceField(
        label="Đơn vị giao", queryset=Organization.objects.none(), empty_label=None
    )
    title = forms.CharField(label="Nhiệm vụ", max_length=300)
    description = forms.CharField(
        label="Nội dung, yêu cầu", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    due_at = forms.DateTimeField(label="Hạn hoàn thành", widget=WHEN, input_formats=FORMATS)
    file = forms.FileField(label="Tệp đính kèm (PDF, DOCX, ảnh)", required=False)
    units = forms.ModelMultipleChoiceField(
        label="Giao cho đơn vị trực thuộc",
        queryset=Organization.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    members = forms.CharField(
        label="Giao cho đảng viên (số thẻ đảng, mỗi dòng một số)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, units: Any, children: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["units"].queryset = children  # type: ignore[attr-defined]
        self.fields["units"].label_from_instance = lambda o: o.name  # type: ignore[attr-defined]


class ReportForm(forms.Form):
    percent = forms.IntegerField(label="Tiến độ (%)", min_value=0, max_value=100)
    text = forms.CharField(
        label="Nội dung báo cáo", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    file = forms.FileField(label="Tệp kèm theo (PDF, DOCX, ảnh)", required=False)


class NoteForm(forms.Form):
    title = forms.CharField(label="Tiêu đề", max_length=200, required=False)
    body = forms.CharField(
        label="Nội dung", required=False, widget=forms.Textarea(attrs={"rows": 8})
    )
