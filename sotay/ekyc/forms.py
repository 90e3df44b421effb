from __future__ import annotations

from django import forms

from .models import Turn

PHOTO = forms.ClearableFileInput(attrs={"accept": "image/*", "capture": "environment"})
SELFIE = forms.ClearableFileInput(attrs={"accept": "image/*", "capture": "user"})


class CardForm(forms.Form):
    card = forms.FileField(
        label="Ảnh mặt trước thẻ đảng viên",
        help_text="Đặt thẻ trên nền tối, chụp thẳng, đủ sáng, thẻ chiếm phần lớn khung hình.",
        widget=PHOTO,
    )


class ConfirmForm(forms.Form):
    full_name = forms.CharField(label="Họ và tên", max_length=120)
    birth_date = forms.CharField(label="Sinh ngày (ngày/tháng/năm)", max_length=10)
    admitted_on = forms.CharField(label="Vào Đảng ngày (ngày/tháng/năm)", max_length=10)
    card_number = forms.CharField(label="Số thẻ", max_length=12)
    issued_by = forms.CharField(label="Nơi cấp", max_length=200, required=False)
    selfie_front = forms.FileField(
        label="Ảnh 1: chân dung nhìn thẳng",
        help_text="Chụp một mình đồng chí, nhìn thẳng vào máy, đủ sáng.",
        widget=SELFIE,
    )
    selfie_turn = forms.FileField(label="Ảnh 2: quay đầu", widget=SELFIE)

    def __init__(self, *args: object, turn: str = Turn.LEFT, problems: dict[str, str] | None = None,
                 **kwargs: object) -> None:  # fmt: skip
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        side = Turn(turn).label
        self.fields["selfie_turn"].label = f"Ảnh 2: quay đầu {side.upper()}"
        self.fields[
            "selfie_turn"
        ].help_text = (
            f"Chụp lại, lần này quay mặt {side} một chút (khoảng 30 độ), vẫn thấy rõ hai mắt."
        )
        for name, problem in (problems or {}).items():
            if name in self.fields:
                self.fields[name].help_text = f"⚠ {problem}"


class PasswordForm(forms.Form):
    password = forms.CharField(label="Mật khẩu mới", widget=forms.PasswordInput, min_length=8)
    password2 = forms.CharField(label="Nhập lại mật khẩu", widget=forms.PasswordInput)

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("password") and data.get("password") != data.get("password2"):
            self.add_error("password2", "Hai lần nhập mật khẩu không giống nhau.")
        return data


class DecideForm(forms.Form):
    note = forms.CharField(
        label="Ghi chú (bắt buộc khi không duyệt)", max_length=500, required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )  # fmt: skip
