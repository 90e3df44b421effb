"""Forms of the study app (parsing only)."""

from __future__ import annotations

from typing import Any

from django import forms

from sotay.content.forms import UnitChoiceField
from sotay.orgs.models import Organization

from .choices import Difficulty, FeedbackMode, ProgrammeKind
from .models import QuestionCategory

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProgrammeForm(forms.Form):
    kind = forms.ChoiceField(label="Loại", choices=ProgrammeKind.choices)
    title = forms.CharField(label="Tên chương trình", max_length=300)
    description = forms.CharField(
        label="Nội dung cần học (tóm tắt)", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    audience = UnitChoiceField(
        label="Giao cho (đơn vị và các đơn vị trực thuộc)",
        queryset=Organization.objects.none(),
        empty_label=None,
    )
    starts_on = forms.DateField(label="Từ ngày", widget=DATE)
    ends_on = forms.DateField(label="Đến ngày", widget=DATE)
    materials = forms.ModelMultipleChoiceField(
        label="Tài liệu cần học",
        queryset=Organization.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    media_links = forms.CharField(
        label="Đường dẫn âm thanh, video (mỗi dòng một đường dẫn)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    draw_category = forms.ModelChoiceField(
        label="Rút câu hỏi từ chủ đề",
        queryset=QuestionCategory.objects.none(),
        required=False,
        empty_label="Mọi chủ đề",
    )
    draw_difficulty = forms.ChoiceField(
        label="Độ khó", required=False, choices=[("", "Mọi độ khó"), *Difficulty.choices]
    )
    question_count = forms.IntegerField(label="Số câu hỏi", min_value=1, max_value=100, initial=10)
    time_limit_minutes = forms.IntegerField(
        label="Thời gian làm bài (phút)", min_value=1, max_value=240, initial=15
    )
    max_attempts = forms.IntegerField(
        label="Số lần làm tối đa", min_value=1, max_value=10, initial=2
    )
    pass_percent = forms.IntegerField(
        label="Đạt khi đúng từ (%)", min_value=1, max_value=100, initial=70
    )
    feedback = forms.ChoiceField(label="Đáp án, giải thích", choices=FeedbackMode.choices)

    def __init__(
        self, *args: Any, units: Any, categories: Any, documents: Any = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["materials"].queryset = documents  # type: ignore[attr-defined]
        self.fields["audience"].queryset = units  # type: ignore[attr-defined]
        self.fields["draw_category"].queryset = categories  # type: ignore[attr-defined]


class BankUploadForm(forms.Form):
    file = forms.FileField(label="Tệp câu hỏi (.xlsx theo mẫu)")
    unit = UnitChoiceField(
        label="Ngân hàng của đơn vị", queryset=Organization.objects.none(), empty_label=None
    )

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["file"].widget.attrs["accept"] = ".xlsx,.csv"
