from __future__ import annotations

from django import forms

from .choices import OrgKind


class OrgCreateForm(forms.Form):
    kind = forms.ChoiceField(label="Loại", choices=OrgKind.choices)
    code = forms.CharField(label="Mã đơn vị", max_length=40)
    name = forms.CharField(label="Tên đơn vị", max_length=255)
    address = forms.CharField(label="Địa chỉ", max_length=255, required=False)


class OrgTargetForm(forms.Form):
    target_code = forms.CharField(label="Mã đơn vị đích", max_length=40)
    note = forms.CharField(label="Căn cứ (số quyết định...)", max_length=500, required=False)
