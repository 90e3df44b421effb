from __future__ import annotations

from typing import Any

from django import forms

from .choices import AudienceRole, AudienceStatus, Channel, NotificationKind, Priority


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class NoticeForm(forms.Form):
    title = forms.CharField(label="Tiêu đề", max_length=200)
    body = forms.CharField(label="Nội dung", widget=forms.Textarea(attrs={"rows": 6}))
    audience_role = forms.ChoiceField(label="Gửi đến", choices=AudienceRole.choices)
    audience_status = forms.ChoiceField(
        label="Chỉ đảng viên", choices=AudienceStatus.choices, required=False
    )
    priority = forms.ChoiceField(label="Mức độ", choices=Priority.choices)
    requires_ack = forms.BooleanField(label="Yêu cầu người nhận bấm “Đã nhận”", required=False)
    attachments = MultipleFileField(
        label="Tệp đính kèm (PDF, Word, ảnh; tối đa 10 MB mỗi tệp)", required=False
    )


class PreferencesForm(forms.Form):
    quiet_start = forms.TimeField(
        label="Không làm phiền từ", required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    quiet_end = forms.TimeField(
        label="đến", required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )

    def __init__(
        self, *args: Any, channels: dict[str, list[str]] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        for kind in NotificationKind:
            self.fields[f"k_{kind.value}"] = forms.MultipleChoiceField(
                label=kind.label,
                choices=Channel.choices,
                required=False,
                widget=forms.CheckboxSelectMultiple,
                initial=(channels or {}).get(kind.value, [Channel.PUSH]),
            )

    def channels(self) -> dict[str, list[str]]:
        return {k.value: self.cleaned_data.get(f"k_{k.value}", []) for k in NotificationKind}
