"""Forms of the 好差评 pages: parse input only; services validate the rules."""

from __future__ import annotations

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from gaoxin.core.models import Unit
from gaoxin.evaluations.enums import ApplicantType, Channel, HallKind, ItemKind, Level
from gaoxin.evaluations.models import Window
from gaoxin.evaluations.policy import TAG_SET_VERSION, TAG_SETS
from gaoxin.evaluations.ui_selectors import LEVELS_DISPLAY


def tag_choices(group: str) -> list[tuple[str, str]]:
    return [(code, str(label)) for code, label in TAG_SETS[TAG_SET_VERSION][group].items()]  # type: ignore[union-attr,attr-defined]


class RatingForm(forms.Form):
    """A rater's form (mobile QR page and PC web): level, tags, text, real name or anonymous."""

    uuid = forms.UUIDField(widget=forms.HiddenInput)
    level = forms.TypedChoiceField(
        label=_("满意度"),
        coerce=int,
        widget=forms.RadioSelect,
        choices=[(int(lv), lv.label) for lv in LEVELS_DISPLAY],
        error_messages={"required": _("请选择满意度。")},
    )
    tags = forms.MultipleChoiceField(label=_("评价内容"), required=False, widget=forms.CheckboxSelectMultiple)
    text = forms.CharField(
        label=_("文字评价（选填）"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )
    real_name = forms.BooleanField(label=_("实名评价"), required=False)
    name = forms.CharField(label=_("姓名"), required=False, max_length=50)
    phone = forms.CharField(label=_("手机号"), required=False, max_length=20)
    consent = forms.BooleanField(label=_("我同意提供姓名和手机号，仅用于差评回访和整改反馈"), required=False)

    def __init__(self, *args: object, tag_group: str = "online", **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["tags"].choices = tag_choices(tag_group)  # type: ignore[attr-defined]
        if not self.is_bound:
            self.initial.setdefault("uuid", uuid.uuid4())

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("real_name"):
            phone = "".join(ch for ch in (data.get("phone") or "") if ch.isdigit())
            if not (data.get("name") or "").strip():
                self.add_error("name", _("实名评价请填写姓名。"))
            if len(phone) != 11 or not phone.startswith("1"):
                self.add_error("phone", _("请填写 11 位手机号码。"))
            if not data.get("consent"):
                self.add_error("consent", _("实名评价须勾选同意提供个人信息。"))
            data["phone"] = phone
        else:
            data["name"], data["phone"] = "", ""
        return data

    def rater(self) -> dict[str, object] | None:
        d = self.cleaned_data
        if not d.get("real_name"):
            return None
        return {"name": d["name"].strip(), "phone": d["phone"], "consent": True}


class CaseLookupForm(forms.Form):
    number = forms.CharField(label=_("办件编号"), max_length=50)
    phone_last4 = forms.RegexField(
        label=_("申请人手机号后四位"), regex=r"^\d{4}$", error_messages={"invalid": _("请填写 4 位数字。")}
    )


class CaseAcceptForm(forms.Form):
    item = forms.TypedChoiceField(label=_("办理事项"), coerce=int)
    number = forms.CharField(label=_("办件编号"), max_length=50, required=False, help_text=_("留空则自动编号"))
    applicant_type = forms.TypedChoiceField(
        label=_("服务对象类型"), coerce=int, choices=ApplicantType.choices, initial=ApplicantType.PERSON
    )
    applicant_name = forms.CharField(label=_("申请人"), max_length=50, required=False)
    applicant_phone = forms.CharField(label=_("联系电话"), max_length=20, required=False)

    def __init__(self, *args: object, items: list[tuple[int, str]] = (), **kwargs: object) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["item"].choices = list(items)  # type: ignore[attr-defined]


class DeviceRegisterForm(forms.Form):
    name = forms.CharField(label=_("评价器名称"), max_length=100)
    window = forms.TypedChoiceField(label=_("所在窗口"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args: object, windows: list[tuple[int, str]] = (), **kwargs: object) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["window"].choices = [("", _("（不绑定窗口）")), *windows]  # type: ignore[attr-defined]


class RatingFilterForm(forms.Form):
    level = forms.ChoiceField(
        label=_("满意度"),
        required=False,
        choices=[("", _("全部满意度")), *[(str(int(lv)), lv.label) for lv in LEVELS_DISPLAY]],
    )
    channel = forms.ChoiceField(
        label=_("渠道"), required=False, choices=[("", _("全部渠道")), *[(str(v), lbl) for v, lbl in Channel.choices]]
    )
    date_from = forms.DateField(label=_("起始日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("截止日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


LEVEL_LABELS = {int(lv): lv.label for lv in Level}


# ---- single-record edit forms: prefilled from the record; only the fields its service may change


class RecordForm(forms.Form):
    """Initial values are the record's own; `changes()` gives only the fields the user changed."""

    def __init__(self, data: object = None, *, instance: object, **kwargs: object) -> None:
        initial = {name: getattr(instance, name) for name in self.base_fields}
        super().__init__(data, initial=initial, **kwargs)  # type: ignore[arg-type]

    def changes(self) -> dict[str, object]:
        return {name: self.cleaned_data[name] for name in self.changed_data}


class UnitChoiceField(forms.ModelChoiceField):
    """A department select: unit names; choices are set by the form from a selector."""

    default_error_messages = {"required": _("请选择部门。"), "invalid_choice": _("请从列表中选择部门。")}

    def __init__(self, **kwargs: object) -> None:
        super().__init__(queryset=Unit.objects.none(), **kwargs)  # type: ignore[arg-type]

    def label_from_instance(self, obj: Unit) -> str:  # type: ignore[override]
        return obj.name


class HallForm(RecordForm):
    name = forms.CharField(label=_("大厅名称"), max_length=100, error_messages={"required": _("请填写大厅名称。")})
    code = forms.CharField(label=_("大厅编码"), max_length=32, error_messages={"required": _("请填写大厅编码。")})
    kind = forms.ChoiceField(
        label=_("大厅类型"), choices=HallKind.choices, error_messages={"invalid_choice": _("请选择大厅类型。")}
    )
    address = forms.CharField(label=_("地址"), max_length=200, required=False)
    is_active = forms.BooleanField(label=_("启用"), required=False)


class WindowForm(RecordForm):
    number = forms.CharField(label=_("窗口号"), max_length=16, error_messages={"required": _("请填写窗口号。")})
    name = forms.CharField(label=_("窗口名称"), max_length=100, error_messages={"required": _("请填写窗口名称。")})
    department = UnitChoiceField(label=_("进驻部门"))
    is_active = forms.BooleanField(label=_("启用"), required=False)

    def __init__(self, data: object = None, *, instance: object, departments: object, **kwargs: object) -> None:
        super().__init__(data, instance=instance, **kwargs)
        self.fields["department"].queryset = departments  # type: ignore[attr-defined]


class StaffForm(RecordForm):
    window = forms.ModelChoiceField(
        label=_("窗口"),
        queryset=Window.objects.none(),
        required=False,
        empty_label=_("（未安排窗口）"),
        error_messages={"invalid_choice": _("请选择本大厅的窗口。")},
    )
    job_number = forms.CharField(
        label=_("工号"), max_length=32, required=False, error_messages={"max_length": _("工号不能超过 32 个字符。")}
    )
    is_active = forms.BooleanField(label=_("在岗"), required=False)

    def __init__(self, data: object = None, *, instance: object, windows: object, **kwargs: object) -> None:
        super().__init__(data, instance=instance, **kwargs)
        self.fields["window"].queryset = windows  # type: ignore[attr-defined]


class ItemForm(RecordForm):
    name = forms.CharField(label=_("事项名称"), max_length=200, error_messages={"required": _("请填写事项名称。")})
    department = UnitChoiceField(label=_("实施部门"))
    kind = forms.TypedChoiceField(
        label=_("办件类型"),
        coerce=int,
        choices=ItemKind.choices,
        error_messages={"invalid_choice": _("请选择办件类型。")},
    )
    time_limit_days = forms.IntegerField(
        label=_("承诺时限（工作日）"),
        min_value=0,
        max_value=3650,
        help_text=_("即办件填 0"),
        error_messages={
            "required": _("请填写承诺时限（即办件填 0）。"),
            "invalid": _("请填写整数。"),
            "min_value": _("承诺时限不能为负数。"),
            "max_value": _("承诺时限不能超过 3650 个工作日。"),
        },
    )
    is_zero_trip = forms.BooleanField(label=_("零跑腿"), required=False)
    is_one_go = forms.BooleanField(label=_("一次办好"), required=False)
    is_online = forms.BooleanField(label=_("网上可办"), required=False)
    is_active = forms.BooleanField(label=_("启用"), required=False)

    def __init__(self, data: object = None, *, instance: object, departments: object, **kwargs: object) -> None:
        super().__init__(data, instance=instance, **kwargs)
        self.fields["department"].queryset = departments  # type: ignore[attr-defined]
