"""Enterprise forms: list filters, create/edit, qualification, member."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _l

from gaoxin.core.models import Unit
from gaoxin.enterprises.enums import EnterpriseSize, QualificationKind
from gaoxin.enterprises.models import Industry


class IndustryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Industry) -> str:
        indent = "\u3000" * (obj.level - 1)
        return f"{indent}{obj.code} {obj.name}"


class EnterpriseFilterForm(forms.Form):
    q = forms.CharField(label=_l("名称/信用代码"), required=False)
    industry = IndustryChoiceField(label=_l("行业"), queryset=Industry.objects.none(), required=False)
    qualification = forms.ChoiceField(
        label=_l("资质"), required=False, choices=[("", _l("全部")), *list(QualificationKind.choices)]
    )
    unit = forms.ModelChoiceField(label=_l("属地单位"), queryset=Unit.objects.none(), required=False)

    def __init__(self, *args: object, units: object = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["industry"].queryset = Industry.objects.filter(level__lte=2).order_by("code")  # type: ignore[attr-defined]
        self.fields["unit"].queryset = units if units is not None else Unit.objects.none()  # type: ignore[attr-defined]
        for name in ("industry", "qualification", "unit"):
            self.fields[name].widget.attrs["class"] = "form-select form-select-sm"


class EnterpriseForm(forms.Form):
    name = forms.CharField(label=_l("企业名称"), max_length=200)
    uscc = forms.CharField(label=_l("统一社会信用代码"), max_length=24, required=False)
    industry = IndustryChoiceField(label=_l("所属行业"), queryset=Industry.objects.none(), required=False)
    unit = forms.ModelChoiceField(label=_l("属地/服务单位"), queryset=Unit.objects.none(), required=False)
    address = forms.CharField(label=_l("地址"), max_length=300, required=False)
    registered_on = forms.DateField(
        label=_l("成立日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    size = forms.ChoiceField(label=_l("企业规模"), required=False, choices=[("", "—"), *list(EnterpriseSize.choices)])
    tags = forms.CharField(label=_l("标签"), required=False, help_text=_l("以顿号或逗号分隔"))
    description = forms.CharField(label=_l("简介"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: object, units: object = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["industry"].queryset = Industry.objects.order_by("code")  # type: ignore[attr-defined]
        self.fields["unit"].queryset = units if units is not None else Unit.objects.none()  # type: ignore[attr-defined]
        for name, field in self.fields.items():
            select = isinstance(field.widget, forms.Select)
            field.widget.attrs["class"] = "form-select" if select else "form-control"
            if name == "uscc":
                field.widget.attrs["class"] += " font-monospace"

    def clean_tags(self) -> list[str]:
        import re

        return [t for t in re.split(r"[、,，;；\s]+", self.cleaned_data.get("tags") or "") if t]


class QualificationForm(forms.Form):
    kind = forms.ChoiceField(label=_l("资质类型"), choices=QualificationKind.choices)
    certificate_no = forms.CharField(label=_l("证书/入库编号"), max_length=64, required=False)
    valid_from = forms.DateField(label=_l("生效日期"), widget=forms.DateInput(attrs={"type": "date"}))
    valid_to = forms.DateField(label=_l("有效期至"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for field in self.fields.values():
            base = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs["class"] = f"{base} {base}-sm"


class MemberForm(forms.Form):
    username = forms.CharField(label=_l("用户名"), max_length=150)
