"""Forms parse input only; the services validate and write."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gaoxin.matching.enums import (
    DockingOutcome,
    EventKind,
    NeedType,
    ReferralStatus,
    ResourceType,
    TrailKind,
    Urgency,
)

# no max_length here: the service gives the one clear message for too-long text
TEXTAREA = forms.Textarea(attrs={"rows": 4, "class": "form-control"})


class BootstrapMixin:
    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        for field in self.fields.values():  # type: ignore[attr-defined]
            widget = field.widget
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            widget.attrs.setdefault("class", css)


class NeedForm(BootstrapMixin, forms.Form):
    enterprise = forms.TypedChoiceField(label=_("企业"), coerce=int, required=False)
    type = forms.CharField(label=_("需求类型"), widget=forms.Select(choices=NeedType.choices))
    title = forms.CharField(label=_("标题"), required=False, strip=False)
    description = forms.CharField(label=_("描述"), required=False, widget=TEXTAREA, strip=False)
    amount_wan = forms.CharField(label=_("金额（万元）"), required=False)
    regions = forms.CharField(
        label=_("地区偏好"), required=False, help_text=_("区划代码或名称，逗号分隔，如：新疆, 500000")
    )
    urgency = forms.CharField(label=_("紧急程度"), widget=forms.Select(choices=Urgency.choices), initial=Urgency.LOW)
    deadline = forms.DateField(label=_("期望解决日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


class ResourceForm(BootstrapMixin, forms.Form):
    base = forms.TypedChoiceField(label=_("登记基地"), coerce=int)
    type = forms.CharField(label=_("资源类型"), widget=forms.Select(choices=ResourceType.choices))
    title = forms.CharField(label=_("名称"), required=False)
    provider = forms.CharField(label=_("提供方"), required=False)
    description = forms.CharField(label=_("描述"), required=False, widget=TEXTAREA)
    industries = forms.CharField(
        label=_("行业代码"), required=False, help_text=_("GB/T 4754 代码，逗号分隔，如 C34, C3491")
    )
    regions = forms.CharField(label=_("地区"), required=False, help_text=_("区划代码或名称；“全国”表示不限"))
    stages = forms.CharField(label=_("投资阶段"), required=False, help_text=_("如：天使, A"))
    amount_min_wan = forms.CharField(label=_("金额下限（万元）"), required=False)
    amount_max_wan = forms.CharField(label=_("金额上限（万元）"), required=False)
    capacity = forms.CharField(label=_("容量"), required=False)
    valid_until = forms.DateField(label=_("有效期至"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


class ReferralForm(BootstrapMixin, forms.Form):
    to_base = forms.TypedChoiceField(label=_("接收基地"), coerce=int)
    match = forms.IntegerField(label=_("关联匹配"), required=False, widget=forms.HiddenInput)
    note = forms.CharField(label=_("转介说明"), required=False)


class ReferralRespondForm(BootstrapMixin, forms.Form):
    status = forms.CharField(widget=forms.Select(choices=ReferralStatus.choices))
    outcome = forms.CharField(label=_("办理结果"), required=False)


class DockingForm(BootstrapMixin, forms.Form):
    base = forms.TypedChoiceField(label=_("组织基地"), coerce=int)
    match = forms.TypedChoiceField(label=_("对接资源"), coerce=int, required=False, empty_value=None)
    held_on = forms.DateField(label=_("对接日期"), widget=forms.DateInput(attrs={"type": "date"}))
    place = forms.CharField(label=_("地点"), required=False)
    participants = forms.CharField(label=_("参与方"), required=False)
    notes = forms.CharField(label=_("纪要"), required=False, widget=TEXTAREA)
    outcome = forms.CharField(label=_("结果"), widget=forms.Select(choices=DockingOutcome.choices))
    deal_amount_wan = forms.CharField(label=_("成交金额（万元）"), required=False)


class RatingForm(BootstrapMixin, forms.Form):
    rating = forms.TypedChoiceField(label=_("评分"), coerce=int, choices=[(i, f"{i} ★") for i in range(5, 0, -1)])
    text = forms.CharField(label=_("评价"), required=False)


class TrailForm(BootstrapMixin, forms.Form):
    base = forms.TypedChoiceField(label=_("基地"), coerce=int)
    enterprise = forms.TypedChoiceField(label=_("企业"), coerce=int)
    kind = forms.CharField(label=_("类型"), widget=forms.Select(choices=TrailKind.choices))
    occurred_at = forms.DateTimeField(label=_("时间"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    summary = forms.CharField(label=_("摘要"), required=False)
    findings = forms.CharField(label=_("发现的情况"), required=False, widget=TEXTAREA)
    follow_up = forms.CharField(label=_("后续跟进"), required=False)
    follow_up_due = forms.DateField(label=_("跟进期限"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


class EventForm(BootstrapMixin, forms.Form):
    base = forms.TypedChoiceField(label=_("基地"), coerce=int)
    title = forms.CharField(label=_("活动名称"), required=False)
    kind = forms.CharField(label=_("类型"), widget=forms.Select(choices=EventKind.choices))
    held_on = forms.DateField(label=_("日期"), widget=forms.DateInput(attrs={"type": "date"}))
    place = forms.CharField(label=_("地点"), required=False)
