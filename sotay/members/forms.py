"""Forms: parse and validate input; services enforce the domain rules."""

from __future__ import annotations

from django import forms

from sotay.orgs.choices import PositionKind, StaffRoleKind

from .choices import MemberStatus, TransferKind
from .models import Member
from .rules import CORRECTABLE_FIELDS, RECORD_FIELDS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SignInForm(forms.Form):
    identifier = forms.CharField(
        label="Số điện thoại hoặc số thẻ đảng viên",
        max_length=64,
        widget=forms.TextInput(
            attrs={"autocomplete": "username", "inputmode": "tel", "autofocus": True}
        ),
    )
    password = forms.CharField(
        label="Mật khẩu", widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )


class OtpForm(forms.Form):
    code = forms.CharField(
        label="Mã 6 số từ ứng dụng xác thực",
        max_length=8,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True}
        ),
    )


class ActivateForm(forms.Form):
    identifier = forms.CharField(
        label="Số điện thoại hoặc số thẻ đảng viên",
        max_length=64,
        widget=forms.TextInput(attrs={"inputmode": "tel"}),
    )
    code = forms.CharField(
        label="Mã kích hoạt (8 số, do bí thư chi bộ cấp)",
        max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    password = forms.CharField(label="Mật khẩu mới (ít nhất 8 ký tự)", widget=forms.PasswordInput)
    password2 = forms.CharField(label="Nhập lại mật khẩu mới", widget=forms.PasswordInput)

    def clean(self) -> dict:
        data = super().clean() or {}
        if data.get("password") and data.get("password") != data.get("password2"):
            self.add_error("password2", "Hai mật khẩu không giống nhau.")
        return data


class PreferencesForm(forms.Form):
    large_text = forms.BooleanField(label="Chữ lớn", required=False)
    high_contrast = forms.BooleanField(label="Tương phản cao (dễ nhìn ngoài nắng)", required=False)
    simple_mode = forms.BooleanField(
        label="Chế độ đơn giản: trang chủ chỉ có ba nút lớn Nghe – Hỏi – Họp", required=False
    )
    share_phone = forms.BooleanField(
        label="Cho đảng viên cùng chi bộ xem số điện thoại của tôi", required=False
    )
    share_email = forms.BooleanField(
        label="Cho đảng viên cùng chi bộ xem email của tôi", required=False
    )


class MemberForm(forms.ModelForm):
    class Meta:
        model = Member
        fields = list(RECORD_FIELDS)
        widgets = {
            "birth_date": DATE,
            "admitted_on": DATE,
            "full_member_on": DATE,
            "citizen_id": forms.TextInput(attrs={"inputmode": "numeric"}),
            "phone": forms.TextInput(attrs={"inputmode": "tel"}),
        }


class CorrectionForm(forms.ModelForm):
    reason = forms.CharField(
        label="Lý do / giấy tờ chứng minh",
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    class Meta:
        model = Member
        fields = CORRECTABLE_FIELDS
        widgets = MemberForm.Meta.widgets

    def _post_clean(self) -> None:
        # The model is not saved from this form; skip model validation (service validates).
        pass


class StatusForm(forms.Form):
    status = forms.ChoiceField(label="Trạng thái mới", choices=MemberStatus.choices)
    effective_on = forms.DateField(label="Ngày hiệu lực", widget=DATE)
    note = forms.CharField(label="Căn cứ (số quyết định...)", max_length=500, required=False)


class TransferForm(forms.Form):
    to_cell_code = forms.CharField(label="Mã chi bộ nơi đến", max_length=40)
    kind = forms.ChoiceField(label="Hình thức", choices=TransferKind.choices)
    until = forms.DateField(label="Đến ngày (nếu tạm thời)", required=False, widget=DATE)
    reason = forms.CharField(label="Lý do", max_length=500)


class TransferRequestForm(forms.Form):
    to_cell_code = forms.CharField(
        label="Mã chi bộ nơi đến", max_length=40, help_text="Hỏi cấp ủy nơi đến mã chi bộ."
    )
    kind = forms.ChoiceField(label="Hình thức", choices=TransferKind.choices)
    until = forms.DateField(label="Đến ngày (nếu chuyển tạm thời)", required=False, widget=DATE)
    reason = forms.CharField(
        label="Lý do", max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )


class DecisionForm(forms.Form):
    note = forms.CharField(
        label="Ý kiến", max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class RoleForm(forms.Form):
    member_card = forms.CharField(label="Số thẻ đảng viên", max_length=20)
    kind = forms.ChoiceField(
        label="Chức vụ / vai trò", choices=[*PositionKind.choices, *StaffRoleKind.choices]
    )
    started_on = forms.DateField(label="Từ ngày", widget=DATE)


class ImportForm(forms.Form):
    kind = forms.ChoiceField(
        label="Loại dữ liệu", choices=[("members", "Đảng viên"), ("units", "Đơn vị")]
    )
    file = forms.FileField(label="Tệp .xlsx hoặc .csv")


class MemberFilterForm(forms.Form):
    q = forms.CharField(
        label="Tìm theo tên, số thẻ, số điện thoại",
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "vd: nguyen van hung"}),
    )
    status = forms.ChoiceField(
        label="Trạng thái",
        required=False,
        choices=[("", "Đang sinh hoạt (tất cả)"), *MemberStatus.choices, ("all", "Mọi trạng thái")],
    )
    activated = forms.ChoiceField(
        label="Tài khoản",
        required=False,
        choices=[("", "Tất cả"), ("yes", "Đã kích hoạt"), ("no", "Chưa kích hoạt")],
    )
