"""Forms of the meetings app (parsing only; rules live in the services)."""

from __future__ import annotations

from django import forms

from .choices import AbsenceReason, MeetingKind, Rating

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DT_FORMATS = ["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M"]


class ScheduleForm(forms.Form):
    day_of_month = forms.IntegerField(label="Ngày sinh hoạt hằng tháng", min_value=1, max_value=28)
    time = forms.TimeField(
        label="Giờ", widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    place = forms.CharField(label="Địa điểm", max_length=200, required=False)
    online_link = forms.URLField(
        label="Đường dẫn họp trực tuyến (nếu có)", required=False, assume_scheme="https"
    )


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(label="Loại", choices=MeetingKind.choices)
    starts_at = forms.DateTimeField(label="Thời gian", widget=DATETIME, input_formats=DT_FORMATS)
    title = forms.CharField(
        label="Tên buổi sinh hoạt (để trống: tự đặt)", max_length=300, required=False
    )
    topic = forms.CharField(label="Chuyên đề", max_length=300, required=False)
    place = forms.CharField(label="Địa điểm", max_length=200, required=False)
    online_link = forms.URLField(
        label="Đường dẫn họp trực tuyến", required=False, assume_scheme="https"
    )


class CommitteeMeetingForm(forms.Form):
    """A meeting of the unit's committee (chi ủy, đảng ủy): the same fields, no kind."""

    starts_at = forms.DateTimeField(label="Thời gian", widget=DATETIME, input_formats=DT_FORMATS)
    title = forms.CharField(label="Tên cuộc họp (để trống: tự đặt)", max_length=300, required=False)
    place = forms.CharField(label="Địa điểm", max_length=200, required=False)
    online_link = forms.URLField(
        label="Đường dẫn họp trực tuyến", required=False, assume_scheme="https"
    )


class MeetingEditForm(forms.Form):
    starts_at = forms.DateTimeField(label="Thời gian", widget=DATETIME, input_formats=DT_FORMATS)
    title = forms.CharField(label="Tên buổi sinh hoạt", max_length=300)
    topic = forms.CharField(label="Chuyên đề", max_length=300, required=False)
    place = forms.CharField(label="Địa điểm", max_length=200, required=False)
    online_link = forms.URLField(
        label="Đường dẫn họp trực tuyến", required=False, assume_scheme="https"
    )
    agenda = forms.CharField(
        label="Chương trình", widget=forms.Textarea(attrs={"rows": 8}), required=False
    )


class DraftForm(forms.Form):
    text = forms.CharField(
        label="Dự thảo nghị quyết (mỗi đoạn một dòng)", widget=forms.Textarea(attrs={"rows": 10})
    )
    note = forms.CharField(label="Ghi chú sửa đổi", max_length=300, required=False)


class AbsenceForm(forms.Form):
    reason = forms.ChoiceField(label="Lý do", choices=AbsenceReason.choices)
    note = forms.CharField(label="Ghi chú", max_length=200, required=False)


class MinutesForm(forms.Form):
    chair = forms.CharField(label="Chủ trì", max_length=120)
    secretary = forms.CharField(label="Thư ký", max_length=120)
    content = forms.CharField(label="Nội dung, diễn biến", widget=forms.Textarea(attrs={"rows": 5}))
    opinions = forms.CharField(
        label="Ý kiến phát biểu", widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    conclusions = forms.CharField(
        label="Kết luận của chủ trì", widget=forms.Textarea(attrs={"rows": 3})
    )
    votes_for = forms.IntegerField(label="Tán thành", min_value=0)
    votes_against = forms.IntegerField(label="Không tán thành", min_value=0, initial=0)
    votes_abstain = forms.IntegerField(label="Không biểu quyết", min_value=0, initial=0)
    resolution = forms.CharField(
        label="Nghị quyết được thông qua", widget=forms.Textarea(attrs={"rows": 6})
    )
    ended_at = forms.TimeField(
        label="Kết thúc lúc",
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )


class RatingForm(forms.Form):
    rating = forms.ChoiceField(label="Chi bộ tự đánh giá buổi sinh hoạt", choices=Rating.choices)


class CommonDateForm(forms.Form):
    day = forms.DateField(
        label="Ngày sinh hoạt chung", widget=forms.DateInput(attrs={"type": "date"})
    )
    time = forms.TimeField(label="Giờ", widget=forms.TimeInput(attrs={"type": "time"}))
