"""The bad-rating closed loop: work orders, their timeline, routing rules, deadline policies,
appeal evidence and the persisted complaint-topic model. Status changes only through
`workflow.py` (called by services); no logic in save()."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from gaoxin.core.models import Region, Unit, User
from gaoxin.evaluations.models import Case, Hall, Rating, ServiceItem
from gaoxin.rectifications.enums import EventKind, Finding, FixMode, Outcome, Status


class RectificationPolicy(models.Model):
    """Deadlines of a region in working days; a null field inherits from the parent region."""

    region = models.OneToOneField(Region, models.PROTECT, related_name="rectification_policy", verbose_name=_("区域"))
    callback_days = models.PositiveSmallIntegerField(_("回访核实时限（工作日）"), null=True, blank=True)
    fix_days = models.PositiveSmallIntegerField(_("整改反馈时限（工作日）"), null=True, blank=True)
    warn_hours = models.PositiveSmallIntegerField(_("到期前提醒（小时）"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("整改时限规则")
        verbose_name_plural = _("整改时限规则")

    def __str__(self) -> str:
        return str(self.region)


class RoutingRule(models.Model):
    """谁办理谁负责, with exceptions: ratings of `department` (optionally of one hall or item)
    go to `assign_to`. The most specific active rule wins (item > hall > department)."""

    department = models.ForeignKey(Unit, models.PROTECT, related_name="+", verbose_name=_("评价所属部门"))
    hall = models.ForeignKey(Hall, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("大厅"))
    item = models.ForeignKey(
        ServiceItem, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("事项")
    )
    assign_to = models.ForeignKey(Unit, models.PROTECT, related_name="+", verbose_name=_("责任单位"))
    note = models.CharField(_("说明"), max_length=200, blank=True)
    is_active = models.BooleanField(_("启用"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("派单规则")
        verbose_name_plural = _("派单规则")
        ordering = ["department_id", "id"]

    def __str__(self) -> str:
        return f"{self.department} → {self.assign_to}"


class WorkOrder(models.Model):
    """One 差评 work order, opened in the rating's transaction."""

    number = models.CharField(_("工单编号"), max_length=32, unique=True)
    rating = models.OneToOneField(Rating, models.PROTECT, related_name="work_order", verbose_name=_("差评"))
    case = models.ForeignKey(Case, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("办件"))
    hall = models.ForeignKey(Hall, models.PROTECT, related_name="+", verbose_name=_("大厅"))
    item = models.ForeignKey(ServiceItem, models.PROTECT, null=True, blank=True, related_name="+")
    region = models.ForeignKey(Region, models.PROTECT, related_name="+", verbose_name=_("行政区域"))
    department = models.ForeignKey(Unit, models.PROTECT, related_name="+", verbose_name=_("责任单位"))
    routing_rule = models.ForeignKey(RoutingRule, models.SET_NULL, null=True, blank=True, related_name="+")
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.OPENED)
    level = models.PositiveSmallIntegerField(_("满意度"))
    is_real_name = models.BooleanField(_("实名"), default=False)
    text = models.TextField(_("文字评价"), blank=True)
    topic = models.CharField(_("问题分类"), max_length=16, blank=True)
    topic_confidence = models.FloatField(default=0)
    topic_corrected = models.BooleanField(_("分类已更正"), default=False)
    # deadlines (working-day calendar; provisional when a year has no calendar)
    callback_due_at = models.DateTimeField(_("回访核实期限"))
    callback_due_provisional = models.BooleanField(default=False)
    fix_due_at = models.DateTimeField(_("整改反馈期限"))
    fix_due_provisional = models.BooleanField(default=False)
    # call-back and verification
    called_back = models.BooleanField(_("已回访"), default=False)
    callback_notes = models.TextField(_("回访记录"), blank=True)
    finding = models.CharField(_("核实结论"), max_length=8, choices=Finding.choices, blank=True)
    finding_notes = models.TextField(_("核实说明"), blank=True)
    # fix
    fix_mode = models.CharField(_("整改方式"), max_length=16, choices=FixMode.choices, blank=True)
    fix_plan = models.TextField(_("整改措施"), blank=True)
    plan_due_date = models.DateField(_("计划完成日期"), null=True, blank=True)
    answer = models.TextField(_("反馈内容"), blank=True)
    # rater's rating of the fix
    followup_rating = models.OneToOneField(
        Rating, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("追评")
    )
    reopen_count = models.PositiveSmallIntegerField(_("重新整改次数"), default=0)
    # appeal
    appeal_reasons = models.TextField(_("申诉理由"), blank=True)
    appeal_filed_at = models.DateTimeField(_("申诉时间"), null=True, blank=True)
    appeal_decision = models.TextField(_("复核意见"), blank=True)
    appeal_upheld = models.BooleanField(_("申诉成立"), null=True, blank=True)
    appeal_decided_by = models.ForeignKey(User, models.PROTECT, null=True, blank=True, related_name="+")
    appeal_decided_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(_("结果"), max_length=16, choices=Outcome.choices, blank=True)
    # step times
    opened_at = models.DateTimeField(_("生成时间"))
    verified_at = models.DateTimeField(_("核实时间"), null=True, blank=True)
    fixing_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(_("反馈时间"), null=True, blank=True)
    first_answered_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    answered_on_time = models.BooleanField(_("按时整改"), null=True, blank=True)
    # warnings and escalation (the periodic job never repeats one)
    callback_warned_at = models.DateTimeField(null=True, blank=True)
    fix_warned_at = models.DateTimeField(null=True, blank=True)
    callback_escalated_at = models.DateTimeField(null=True, blank=True)
    fix_escalated_at = models.DateTimeField(null=True, blank=True)
    escalated = models.BooleanField(_("已升级督办"), default=False)

    class Meta:
        verbose_name = _("差评工单")
        verbose_name_plural = _("差评工单")
        ordering = ["-opened_at", "-id"]
        indexes = [
            models.Index(fields=["department", "status"], name="wo_department_status_idx"),
            models.Index(fields=["hall", "opened_at"], name="wo_hall_opened_idx"),
            models.Index(fields=["status", "fix_due_at"], name="wo_status_fix_due_idx"),
        ]

    def __str__(self) -> str:
        return self.number


class WorkOrderEvent(models.Model):
    """The timeline of a work order: every transition and action, with actor and time."""

    order = models.ForeignKey(WorkOrder, models.PROTECT, related_name="events", verbose_name=_("工单"))
    at = models.DateTimeField(_("时间"))
    actor = models.ForeignKey(User, models.PROTECT, null=True, blank=True, related_name="+")
    actor_label = models.CharField(_("操作人"), max_length=150, blank=True)
    kind = models.CharField(_("动作"), max_length=16, choices=EventKind.choices)
    from_status = models.CharField(max_length=16, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=16, choices=Status.choices, blank=True)
    note = models.TextField(_("说明"), blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("工单记录")
        verbose_name_plural = _("工单记录")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.order_id} {self.kind}"


class AppealEvidence(models.Model):
    order = models.ForeignKey(WorkOrder, models.PROTECT, related_name="evidence", verbose_name=_("工单"))
    file = models.FileField(_("证据材料"), upload_to="rectifications/appeals/%Y/%m/")
    name = models.CharField(_("文件名"), max_length=200)
    uploaded_by = models.ForeignKey(User, models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField()

    class Meta:
        verbose_name = _("申诉证据")
        verbose_name_plural = _("申诉证据")

    def __str__(self) -> str:
        return self.name


class TopicModelState(models.Model):
    """The persisted complaint-topic model (TopicModel.to_dict()), updated by corrections."""

    key = models.CharField(max_length=32, unique=True, default="default")
    state = models.JSONField()
    n_corrections = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("问题分类模型")
        verbose_name_plural = _("问题分类模型")

    def __str__(self) -> str:
        return self.key


__all__ = ["EventKind", "Finding", "FixMode", "Outcome", "Status"]
