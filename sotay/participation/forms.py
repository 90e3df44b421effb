"""Forms of participation (parsing only), and reading a survey's answers from a POST."""

from __future__ import annotations

from typing import Any

from django import forms

from sotay.content.forms import UnitChoiceField
from sotay.orgs.models import Organization

from .choices import AudienceRole, AudienceStatus, InquiryKind, QuestionType
from .models import SurveyQuestion

WHEN = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
LINES = forms.Textarea(attrs={"rows": 4})


class SurveyForm(forms.Form):
    prefix = "ks"  # shares a page with DraftForm
    title = forms.CharField(label="Tên khảo sát", max_length=300)
    intro = forms.CharField(
        label="Lời giới thiệu", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    audience = UnitChoiceField(
        label="Khảo sát (đơn vị và các đơn vị trực thuộc)",
        queryset=Organization.objects.none(),
        empty_label=None,
    )
    audience_role = forms.ChoiceField(
        label="Đối tượng", choices=AudienceRole.choices, required=False
    )
    audience_status = forms.ChoiceField(
        label="Loại đảng viên", choices=AudienceStatus.choices, required=False
    )
    anonymous = forms.BooleanField(
        label="Ẩn danh (không ai, kể cả quản trị, biết ai trả lời gì)", required=False
    )
    opens_at = forms.DateTimeField(label="Bắt đầu", widget=WHEN, input_formats=["%Y-%m-%dT%H:%M"])
    closes_at = forms.DateTimeField(label="Kết thúc", widget=WHEN, input_formats=["%Y-%m-%dT%H:%M"])

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["audience"].queryset = units  # type: ignore[attr-defined]


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(label="Loại câu hỏi", choices=QuestionType.choices)
    text = forms.CharField(label="Câu hỏi", max_length=500)
    options = forms.CharField(
        label="Phương án (mỗi dòng một phương án; câu bảng: các cột)", required=False, widget=LINES
    )
    rows = forms.CharField(label="Các dòng (chỉ cho câu bảng)", required=False, widget=LINES)
    scale_min = forms.IntegerField(
        label="Thang điểm: thấp nhất", initial=1, min_value=0, max_value=10
    )
    scale_max = forms.IntegerField(
        label="Thang điểm: cao nhất", initial=5, min_value=1, max_value=10
    )
    required = forms.BooleanField(label="Bắt buộc trả lời", required=False, initial=True)
    show_if_question = forms.ChoiceField(label="Chỉ hiện khi câu", required=False)
    show_if_options = forms.CharField(
        label="…được chọn phương án số (ví dụ 2 hoặc 1,3)", required=False, max_length=60
    )

    def __init__(self, *args: Any, questions: list[SurveyQuestion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["show_if_question"]
        field.choices = [("", "— luôn hiện —")] + [
            (q.key, f"Câu {q.position}: {q.text[:60]}")
            for q in questions
            if q.kind in (QuestionType.SINGLE, QuestionType.MULTIPLE)
        ]


class DraftForm(forms.Form):
    prefix = "dt"
    title = forms.CharField(label="Tên dự thảo", max_length=300)
    summary = forms.CharField(
        label="Tóm tắt, đề nghị góp ý", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    audience = UnitChoiceField(
        label="Lấy ý kiến (đơn vị và các đơn vị trực thuộc)",
        queryset=Organization.objects.none(),
        empty_label=None,
    )
    closes_at = forms.DateTimeField(
        label="Hạn góp ý", widget=WHEN, input_formats=["%Y-%m-%dT%H:%M"]
    )
    file = forms.FileField(label="Tệp dự thảo (DOCX, PDF hoặc TXT)", required=False)
    text = forms.CharField(
        label="…hoặc dán nội dung (mỗi đoạn một dòng)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["audience"].queryset = units  # type: ignore[attr-defined]


class ReviseForm(forms.Form):
    note = forms.CharField(label="Sửa đổi gì so với bản trước", max_length=300, required=False)
    file = forms.FileField(label="Tệp bản mới (DOCX, PDF hoặc TXT)", required=False)
    text = forms.CharField(
        label="…hoặc dán nội dung bản mới", required=False, widget=forms.Textarea(attrs={"rows": 6})
    )


class InquiryForm(forms.Form):
    to = UnitChoiceField(label="Gửi tới", queryset=Organization.objects.none(), empty_label=None)
    kind = forms.ChoiceField(label="Loại", choices=InquiryKind.choices)
    subject = forms.CharField(label="Tiêu đề", max_length=200)
    body = forms.CharField(
        label="Nội dung", widget=forms.Textarea(attrs={"rows": 5, "maxlength": 5000})
    )
    public_consent = forms.BooleanField(
        label="Đồng ý công khai câu hỏi (không kèm tên) cùng câu trả lời cho đảng viên khác",
        required=False,
    )

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to"].queryset = units  # type: ignore[attr-defined]


def lines(value: str) -> list[str]:
    return [line.strip() for line in (value or "").splitlines() if line.strip()]


def survey_answers(post: Any, questions: list[SurveyQuestion]) -> dict[str, Any]:
    """Form fields → answers: q1=key; q6=key (repeated); q3=number; q4-<key>=position;
    q5-<row>=column key; q2=text."""
    out: dict[str, Any] = {}
    for q in questions:
        if q.kind == QuestionType.MULTIPLE:
            out[q.key] = post.getlist(q.key)
        elif q.kind == QuestionType.RANKING:
            positions = [(post.get(f"{q.key}-{o['key']}", "").strip(), o["key"]) for o in q.options]
            if any(p for p, _ in positions):
                if not all(p.isdigit() for p, _ in positions):
                    from sotay.core.errors import DomainError

                    raise DomainError(
                        f"Câu {q.position}: hãy đánh số thứ tự cho đủ các ý.", field=q.key
                    )
                ranked = sorted(positions, key=lambda t: int(t[0]))
                if len({p for p, _ in positions}) != len(positions):
                    from sotay.core.errors import DomainError

                    raise DomainError(
                        f"Câu {q.position}: mỗi số thứ tự chỉ dùng một lần.", field=q.key
                    )
                out[q.key] = [k for _, k in ranked]
        elif q.kind == QuestionType.MATRIX:
            out[q.key] = {
                r["key"]: post.get(f"{q.key}-{r['key']}")
                for r in q.rows
                if post.get(f"{q.key}-{r['key']}")
            }
        else:
            out[q.key] = post.get(q.key, "")
    return out
