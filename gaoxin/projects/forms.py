"""Forms of the projects pages: parse input only; writes go through services."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from gaoxin.core.excel.columns import parse_amount_wan
from gaoxin.core.models import Unit
from gaoxin.projects.enums import ChainTag, EventKind, PeerMetric, ProjectLevel, Stage
from gaoxin.projects.models import AttractionMode, IndustryGroup
from gaoxin.projects.services import ProjectData


class AmountField(forms.CharField):
    """万元, or as written: "1.5亿", "3,000万元"."""

    default_error_messages = {"invalid": _("金额格式无法识别（示例：1.5亿、3,000万元、15000）。")}

    def to_python(self, value: Any) -> Any:
        value = super().to_python(value)
        if value in ("", None):
            return None
        try:
            return parse_amount_wan(value)
        except (ValueError, ArithmeticError):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


class DateInput(forms.DateInput):
    input_type = "date"


class ProjectForm(forms.Form):
    name = forms.CharField(label=_("项目名称"), max_length=200)
    code = forms.CharField(label=_("项目编码"), max_length=40, required=False, help_text=_("留空自动生成"))
    level = forms.ChoiceField(
        label=_("项目级别"), choices=[("", _("非重点项目")), *ProjectLevel.choices], required=False
    )
    industry = forms.ModelChoiceField(
        label=_("所属产业"), queryset=IndustryGroup.objects.filter(is_active=True), required=False
    )
    is_manufacturing = forms.BooleanField(label=_("制造业项目"), required=False)
    total_investment = AmountField(label=_("总投资（万元）"))
    year_plan = AmountField(label=_("本年度计划投资（万元）"), required=False)
    unit = forms.ModelChoiceField(label=_("责任单位"), queryset=Unit.objects.none())
    person = forms.CharField(label=_("责任人"), max_length=50, required=False)
    phone = forms.CharField(label=_("联系电话"), max_length=20, required=False)
    mode = forms.ModelChoiceField(
        label=_("招商方式"), queryset=AttractionMode.objects.filter(is_active=True), required=False
    )
    investor_name = forms.CharField(label=_("投资主体"), max_length=200, required=False)
    investor_uscc = forms.CharField(label=_("投资主体统一社会信用代码"), max_length=18, required=False)
    site = forms.CharField(label=_("建设地点"), max_length=200, required=False)
    chain_tag = forms.ChoiceField(label=_("链条"), choices=[("", "—"), *ChainTag.choices], required=False)
    description = forms.CharField(label=_("建设内容"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args: Any, units: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["unit"]).queryset = units if units is not None else Unit.objects.none()

    def project_data(self) -> ProjectData:
        d = self.cleaned_data
        return ProjectData(
            name=d["name"],
            unit=d["unit"],
            total_investment=d["total_investment"],
            level=d["level"],
            industry=d["industry"],
            is_manufacturing=d["is_manufacturing"],
            person=d["person"],
            phone=d["phone"],
            mode=d["mode"],
            investor_uscc=d["investor_uscc"],
            investor_name=d["investor_name"],
            site=d["site"],
            chain_tag=d["chain_tag"],
            description=d["description"],
        )


class LeadForm(forms.Form):
    name = forms.CharField(label=_("项目名称"), max_length=200)
    unit = forms.ModelChoiceField(label=_("责任单位"), queryset=Unit.objects.none())
    industry = forms.ModelChoiceField(
        label=_("所属产业"), queryset=IndustryGroup.objects.filter(is_active=True), required=False
    )
    mode = forms.ModelChoiceField(
        label=_("招商方式"), queryset=AttractionMode.objects.filter(is_active=True), required=False
    )
    total_investment = AmountField(label=_("预计总投资（万元）"))
    investor_name = forms.CharField(label=_("投资主体"), max_length=200, required=False)
    is_manufacturing = forms.BooleanField(label=_("制造业项目"), required=False)

    def __init__(self, *args: Any, units: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["unit"]).queryset = units if units is not None else Unit.objects.none()

    def project_data(self) -> ProjectData:
        d = self.cleaned_data
        return ProjectData(
            name=d["name"],
            unit=d["unit"],
            total_investment=d["total_investment"],
            industry=d["industry"],
            mode=d["mode"],
            investor_name=d["investor_name"],
            is_manufacturing=d["is_manufacturing"],
        )


class StageForm(forms.Form):
    to_stage = forms.ChoiceField(label=_("变更为"), choices=Stage.choices)
    on = forms.DateField(label=_("日期"), required=False, widget=DateInput)
    note = forms.CharField(label=_("说明"), max_length=300, required=False)


class MilestoneForm(forms.Form):
    name = forms.CharField(label=_("节点"), max_length=50)
    planned_on = forms.DateField(label=_("计划完成日期"), widget=DateInput)


class ProgressForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    month = forms.IntegerField(label=_("月份"), min_value=1, max_value=12)
    amount = AmountField(label=_("当月完成投资（万元）"))
    progress = forms.CharField(label=_("形象进度"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class IssueForm(forms.Form):
    title = forms.CharField(label=_("问题"), max_length=200)
    description = forms.CharField(label=_("详细描述"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    assigned_unit = forms.ModelChoiceField(label=_("责任单位"), queryset=Unit.objects.none())
    working_days = forms.IntegerField(label=_("办理时限（工作日）"), min_value=1, max_value=60, initial=5)

    def __init__(self, *args: Any, units: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["assigned_unit"]).queryset = (
            units if units is not None else Unit.objects.none()
        )


class ResolveForm(forms.Form):
    resolution = forms.CharField(label=_("办理结果"), widget=forms.Textarea(attrs={"rows": 2}))


class EventForm(forms.Form):
    kind = forms.ChoiceField(label=_("类型"), choices=EventKind.choices)
    title = forms.CharField(label=_("名称"), max_length=200)
    held_on = forms.DateField(label=_("举办日期"), widget=DateInput)
    place = forms.CharField(label=_("地点/平台"), max_length=200, required=False)
    unit = forms.ModelChoiceField(label=_("组织单位"), queryset=Unit.objects.none())
    description = forms.CharField(label=_("简介"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args: Any, units: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["unit"]).queryset = units if units is not None else Unit.objects.none()


class TripForm(forms.Form):
    destination = forms.CharField(label=_("目的地城市"), max_length=50)
    start_on = forms.DateField(label=_("出发日期"), widget=DateInput)
    end_on = forms.DateField(label=_("返回日期"), widget=DateInput)
    delegation = forms.CharField(label=_("团组成员"), max_length=300)
    companies_visited = forms.CharField(
        label=_("拜访企业（每行一家）"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    unit = forms.ModelChoiceField(label=_("组织单位"), queryset=Unit.objects.none())
    summary = forms.CharField(label=_("成果摘要"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args: Any, units: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["unit"]).queryset = units if units is not None else Unit.objects.none()


class PeerForm(forms.Form):
    district = forms.CharField(label=_("县市区"), max_length=50)
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    month = forms.IntegerField(label=_("截至月份"), min_value=1, max_value=12)
    metric = forms.ChoiceField(label=_("指标"), choices=PeerMetric.choices)
    value = forms.DecimalField(label=_("数值"), min_value=0, max_digits=16, decimal_places=2)
    source = forms.CharField(label=_("来源"), max_length=200, required=False)
