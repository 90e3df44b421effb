from __future__ import annotations

from django import forms

from .choices import (
    DEFAULT_EXCELLENT_PERCENT,
    OUTSTANDING_EXCELLENT_PERCENT,
    CommentKind,
    RatingLevel,
)

LEVEL_CHOICES = [("", "— chọn mức —"), *RatingLevel.choices]


class SelfAssessmentForm(forms.Form):
    points = forms.IntegerField(
        label="Tổng điểm tự chấm (0–100)",
        min_value=0,
        max_value=100,
        help_text=(
            "Từ 90 điểm: xuất sắc; 70 đến dưới 90: tốt; 50 đến dưới 70: hoàn thành; "
            "dưới 50: không hoàn thành."
        ),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    level = forms.ChoiceField(label="Tự xếp loại", choices=LEVEL_CHOICES)
    strengths = forms.CharField(label="Ưu điểm", widget=forms.Textarea(attrs={"rows": 3}))
    weaknesses = forms.CharField(
        label="Hạn chế, khuyết điểm", widget=forms.Textarea(attrs={"rows": 3})
    )
    remedies = forms.CharField(
        label="Nguyên nhân, hướng khắc phục",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CapForm(forms.Form):
    percent = forms.TypedChoiceField(
        label="Tỉ lệ “xuất sắc” tối đa so với số “tốt”",
        coerce=int,
        choices=[
            (DEFAULT_EXCELLENT_PERCENT, "20% (mặc định)"),
            (OUTSTANDING_EXCELLENT_PERCENT, "25% (đơn vị có thành tích xuất sắc, nổi trội)"),
        ],
    )
    reason = forms.CharField(label="Lý do (khi chọn 25%)", required=False, max_length=500)


class CommentRequestForm(forms.Form):
    card = forms.CharField(label="Số thẻ đảng viên", max_length=20)
    kind = forms.ChoiceField(label="Xin nhận xét của", choices=CommentKind.choices)
    from_code = forms.CharField(label="Mã chi bộ nơi nhận xét", max_length=40)
