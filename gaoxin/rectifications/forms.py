from django import forms
from django.utils.translation import gettext_lazy as _

from gaoxin.rectifications.enums import Finding, FixMode, Status
from gaoxin.rectifications.topics import TOPIC_LABELS, TOPICS


class LedgerFilterForm(forms.Form):
    q = forms.CharField(label=_("关键字"), required=False)
    status = forms.ChoiceField(label=_("状态"), required=False, choices=[("", _("全部状态")), *Status.choices])
    topic = forms.ChoiceField(
        label=_("问题分类"), required=False, choices=[("", _("全部分类"))] + [(t, TOPIC_LABELS[t]) for t in TOPICS]
    )
    overdue = forms.BooleanField(label=_("仅超期"), required=False)
    since = forms.DateField(label=_("起"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("止"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


class VerifyForm(forms.Form):
    called_back = forms.BooleanField(label=_("已电话回访评价人"), required=False)
    callback_notes = forms.CharField(label=_("回访记录"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    finding = forms.ChoiceField(label=_("核实结论"), choices=Finding.choices)
    notes = forms.CharField(label=_("核实情况"), widget=forms.Textarea(attrs={"rows": 2}))


class PlanForm(forms.Form):
    mode = forms.ChoiceField(label=_("整改方式"), choices=FixMode.choices)
    plan = forms.CharField(label=_("整改措施 / 解释依据"), widget=forms.Textarea(attrs={"rows": 2}))
    plan_due_date = forms.DateField(
        label=_("计划完成日期（限期整改）"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("反馈内容"), widget=forms.Textarea(attrs={"rows": 2}))


class AppealForm(forms.Form):
    reasons = forms.CharField(label=_("申诉理由"), widget=forms.Textarea(attrs={"rows": 3}))


class DecideForm(forms.Form):
    uphold = forms.TypedChoiceField(
        label=_("复核结论"),
        coerce=lambda v: v == "1",
        choices=[("1", _("申诉成立（不计入统计）")), ("0", _("驳回，继续整改"))],
    )
    decision = forms.CharField(label=_("复核意见"), widget=forms.Textarea(attrs={"rows": 2}))


class CloseForm(forms.Form):
    note = forms.CharField(label=_("办结说明"), required=False)


class RerouteForm(forms.Form):
    department = forms.IntegerField(label=_("新责任单位"))
    reason = forms.CharField(label=_("改派理由"))


class TopicForm(forms.Form):
    topic = forms.ChoiceField(label=_("问题分类"), choices=[(t, TOPIC_LABELS[t]) for t in TOPICS])
