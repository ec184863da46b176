"""Key projects, the attraction pipeline, monthly progress, issues, events and trips.

Amounts are Decimal in 万元. No logic in save(); writes are in services/.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from gaoxin.projects.enums import (
    AMOUNT_CLASS_FLOOR,
    AmountClass,
    ChainTag,
    EventKind,
    IssueStatus,
    PeerMetric,
    ProjectLevel,
    Stage,
)


def amount_class_of(amount: Decimal | int | None) -> AmountClass:
    value = Decimal(amount or 0)
    for cls, floor in AMOUNT_CLASS_FLOOR.items():
        if value >= floor:
            return cls
    return AmountClass.BELOW


class IndustryGroup(models.Model):
    """A "3+1" industry group (configurable)."""

    name = models.CharField(_("名称"), max_length=50, unique=True)
    sort = models.PositiveSmallIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("产业方向")
        verbose_name_plural = _("产业方向")
        ordering = ["sort", "id"]

    def __str__(self) -> str:
        return self.name


class AttractionMode(models.Model):
    """以商招商, 人才招商, 产业招商, 基金招商, … (configurable)."""

    name = models.CharField(_("名称"), max_length=50, unique=True)
    sort = models.PositiveSmallIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("招商方式")
        verbose_name_plural = _("招商方式")
        ordering = ["sort", "id"]

    def __str__(self) -> str:
        return self.name


class MilestoneTemplate(models.Model):
    """A milestone every project plans (立项, 土地, 规划, 环评, 施工许可 …); configurable."""

    name = models.CharField(_("名称"), max_length=50, unique=True)
    sort = models.PositiveSmallIntegerField(_("排序"), default=0)
    offset_days = models.PositiveSmallIntegerField(_("建议用时（天，自签约起）"), default=30)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("节点模板")
        verbose_name_plural = _("节点模板")
        ordering = ["sort", "id"]

    def __str__(self) -> str:
        return self.name


class Event(models.Model):
    """An attraction event: 推介会, 视频签约, 线上招商 …"""

    kind = models.CharField(_("类型"), max_length=20, choices=EventKind.choices)
    title = models.CharField(_("名称"), max_length=200)
    held_on = models.DateField(_("举办日期"), db_index=True)
    place = models.CharField(_("地点/平台"), max_length=200, blank=True)
    unit = models.ForeignKey("core.Unit", models.PROTECT, related_name="+", verbose_name=_("组织单位"))
    description = models.TextField(_("简介"), blank=True)
    created_by = models.ForeignKey("core.User", models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("招商活动")
        verbose_name_plural = _("招商活动")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return self.title


class Trip(models.Model):
    """外出招商: a delegation's trip to a city, with the companies visited."""

    destination = models.CharField(_("目的地城市"), max_length=50, db_index=True)
    start_on = models.DateField(_("出发日期"), db_index=True)
    end_on = models.DateField(_("返回日期"))
    delegation = models.CharField(_("团组成员"), max_length=300)
    companies_visited = models.TextField(_("拜访企业"), blank=True, help_text=_("每行一家"))
    unit = models.ForeignKey("core.Unit", models.PROTECT, related_name="+", verbose_name=_("组织单位"))
    summary = models.TextField(_("成果摘要"), blank=True)
    created_by = models.ForeignKey("core.User", models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("外出招商")
        verbose_name_plural = _("外出招商")
        ordering = ["-start_on", "-id"]

    def __str__(self) -> str:
        return f"{self.destination} {self.start_on:%Y-%m-%d}"

    @property
    def companies(self) -> list[str]:
        return [line.strip() for line in self.companies_visited.splitlines() if line.strip()]


class Project(models.Model):
    name = models.CharField(_("项目名称"), max_length=200)
    code = models.CharField(_("项目编码"), max_length=40, unique=True)
    level = models.CharField(_("项目级别"), max_length=16, choices=ProjectLevel.choices, blank=True, db_index=True)
    industry = models.ForeignKey(
        IndustryGroup, models.PROTECT, null=True, blank=True, related_name="projects", verbose_name=_("所属产业")
    )
    is_manufacturing = models.BooleanField(_("制造业项目"), default=False)
    total_investment = models.DecimalField(_("总投资（万元）"), max_digits=14, decimal_places=2)
    unit = models.ForeignKey("core.Unit", models.PROTECT, related_name="+", verbose_name=_("责任单位"))
    person = models.CharField(_("责任人"), max_length=50, blank=True)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    mode = models.ForeignKey(
        AttractionMode, models.PROTECT, null=True, blank=True, related_name="projects", verbose_name=_("招商方式")
    )
    investor = models.ForeignKey(
        "enterprises.Enterprise", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("投资主体")
    )
    investor_name = models.CharField(_("投资主体名称"), max_length=200, blank=True)
    investor_uscc = models.CharField(_("投资主体统一社会信用代码"), max_length=18, blank=True)
    site = models.CharField(_("建设地点"), max_length=200, blank=True)
    chain_tag = models.CharField(_("链条"), max_length=16, choices=ChainTag.choices, blank=True)
    description = models.TextField(_("建设内容"), blank=True)
    stage = models.CharField(_("阶段"), max_length=16, choices=Stage.choices, default=Stage.LEAD, db_index=True)
    stage_since = models.DateField(_("进入本阶段日期"))
    signed_on = models.DateField(_("签约日期"), null=True, blank=True, db_index=True)
    started_on = models.DateField(_("开工日期"), null=True, blank=True, db_index=True)
    completed_on = models.DateField(_("投产/竣工日期"), null=True, blank=True)
    event = models.ForeignKey(
        Event, models.SET_NULL, null=True, blank=True, related_name="leads", verbose_name=_("来源活动")
    )
    trip = models.ForeignKey(
        Trip, models.SET_NULL, null=True, blank=True, related_name="leads", verbose_name=_("来源外出招商")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("项目")
        verbose_name_plural = _("项目")
        ordering = ["code"]
        indexes = [models.Index(fields=["unit", "stage"], name="project_unit_stage_idx")]

    def __str__(self) -> str:
        return self.name

    @property
    def amount_class(self) -> AmountClass:
        return amount_class_of(self.total_investment)

    @property
    def is_key(self) -> bool:
        return bool(self.level)


class ProjectYearPlan(models.Model):
    project = models.ForeignKey(Project, models.CASCADE, related_name="year_plans")
    year = models.PositiveSmallIntegerField(_("年度"), db_index=True)
    amount = models.DecimalField(_("年度计划投资（万元）"), max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = _("年度计划投资")
        verbose_name_plural = _("年度计划投资")
        ordering = ["year"]
        constraints = [models.UniqueConstraint(fields=["project", "year"], name="project_year_plan_unique")]

    def __str__(self) -> str:
        return f"{self.project} {self.year}: {self.amount}"


class StageChange(models.Model):
    project = models.ForeignKey(Project, models.CASCADE, related_name="stage_changes")
    from_stage = models.CharField(_("原阶段"), max_length=16, choices=Stage.choices, blank=True)
    to_stage = models.CharField(_("新阶段"), max_length=16, choices=Stage.choices)
    on = models.DateField(_("日期"))
    by = models.ForeignKey(
        "core.User", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("操作人")
    )
    note = models.CharField(_("说明"), max_length=300, blank=True)
    at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("阶段变更")
        verbose_name_plural = _("阶段变更")
        ordering = ["on", "id"]

    def __str__(self) -> str:
        return f"{self.project}: {self.from_stage} → {self.to_stage}"


class Milestone(models.Model):
    project = models.ForeignKey(Project, models.CASCADE, related_name="milestones")
    template = models.ForeignKey(MilestoneTemplate, models.SET_NULL, null=True, blank=True, related_name="+")
    name = models.CharField(_("节点"), max_length=50)
    planned_on = models.DateField(_("计划完成日期"))
    actual_on = models.DateField(_("实际完成日期"), null=True, blank=True)
    sort = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("项目节点")
        verbose_name_plural = _("项目节点")
        ordering = ["sort", "planned_on", "id"]
        constraints = [models.UniqueConstraint(fields=["project", "name"], name="milestone_unique_name")]

    def __str__(self) -> str:
        return f"{self.project} {self.name}"


class ProgressReport(models.Model):
    """月度调度: completed investment of one project in one month, reported by its unit."""

    project = models.ForeignKey(Project, models.CASCADE, related_name="progress_reports")
    unit = models.ForeignKey("core.Unit", models.PROTECT, related_name="+", verbose_name=_("填报单位"))
    year = models.PositiveSmallIntegerField(_("年度"))
    month = models.PositiveSmallIntegerField(_("月份"))
    amount = models.DecimalField(_("当月完成投资（万元）"), max_digits=14, decimal_places=2)
    progress = models.TextField(_("形象进度"), blank=True)
    reported_by = models.ForeignKey("core.User", models.PROTECT, null=True, blank=True, related_name="+")
    reported_at = models.DateTimeField(_("填报时间"))
    is_late = models.BooleanField(_("逾期填报"), default=False)

    class Meta:
        verbose_name = _("月度调度")
        verbose_name_plural = _("月度调度")
        ordering = ["year", "month", "id"]
        constraints = [models.UniqueConstraint(fields=["project", "year", "month"], name="progress_unique_month")]
        indexes = [models.Index(fields=["year", "month"], name="progress_year_month_idx")]

    def __str__(self) -> str:
        return f"{self.project} {self.year}-{self.month:02d}"


class ProgressPhoto(models.Model):
    report = models.ForeignKey(ProgressReport, models.CASCADE, related_name="photos")
    file = models.FileField(_("照片"), upload_to="projects/progress/%Y/%m/")
    name = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = _("现场照片")
        verbose_name_plural = _("现场照片")

    def __str__(self) -> str:
        return self.name or str(self.file.name or "")


class ProgressReminder(models.Model):
    """One reminder per unit and month, so the daily job never repeats itself."""

    unit = models.ForeignKey("core.Unit", models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    month = models.PositiveSmallIntegerField()
    missing = models.PositiveIntegerField(_("未填报项目数"))
    sent_at = models.DateTimeField()

    class Meta:
        verbose_name = _("调度催报")
        verbose_name_plural = _("调度催报")
        constraints = [models.UniqueConstraint(fields=["unit", "year", "month"], name="reminder_unique_month")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.year}-{self.month:02d}"


class Issue(models.Model):
    """问题协调/督办: a problem on a project, assigned to a unit with a working-day deadline."""

    project = models.ForeignKey(Project, models.CASCADE, related_name="issues")
    title = models.CharField(_("问题"), max_length=200)
    description = models.TextField(_("详细描述"), blank=True)
    assigned_unit = models.ForeignKey("core.Unit", models.PROTECT, related_name="+", verbose_name=_("责任单位"))
    raised_by = models.ForeignKey("core.User", models.PROTECT, null=True, blank=True, related_name="+")
    raised_at = models.DateTimeField(_("提出时间"))
    working_days = models.PositiveSmallIntegerField(_("办理时限（工作日）"))
    due_at = models.DateTimeField(_("办理期限"))
    due_is_provisional = models.BooleanField(default=False)
    status = models.CharField(_("状态"), max_length=16, choices=IssueStatus.choices, default=IssueStatus.OPEN)
    escalated_at = models.DateTimeField(_("升级督办时间"), null=True, blank=True)
    resolution = models.TextField(_("办理结果"), blank=True)
    resolved_by = models.ForeignKey("core.User", models.PROTECT, null=True, blank=True, related_name="+")
    resolved_at = models.DateTimeField(_("办结时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("协调问题")
        verbose_name_plural = _("协调问题")
        ordering = ["-raised_at", "-id"]
        indexes = [models.Index(fields=["status", "due_at"], name="issue_status_due_idx")]

    def __str__(self) -> str:
        return self.title


class PeerFigure(models.Model):
    """A published figure of another district of the city, for ranking the zone among them."""

    region = models.ForeignKey("core.Region", models.PROTECT, related_name="+", verbose_name=_("比较所属区域"))
    district = models.CharField(_("县市区"), max_length=50)
    year = models.PositiveSmallIntegerField(_("年度"))
    month = models.PositiveSmallIntegerField(_("截至月份"))
    metric = models.CharField(_("指标"), max_length=32, choices=PeerMetric.choices)
    value = models.DecimalField(_("数值"), max_digits=16, decimal_places=2)
    source = models.CharField(_("来源"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("兄弟县区指标")
        verbose_name_plural = _("兄弟县区指标")
        ordering = ["year", "month", "metric", "district"]
        constraints = [
            models.UniqueConstraint(fields=["region", "district", "year", "month", "metric"], name="peer_unique")
        ]

    def __str__(self) -> str:
        return f"{self.district} {self.year}-{self.month} {self.metric}"
