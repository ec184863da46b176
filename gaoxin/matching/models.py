"""足迹: the incubator network's bases, service trail, needs, resources, matches,
referrals, docking and events. No logic here: see services/."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from gaoxin.matching.enums import (
    BaseKind,
    DockingOutcome,
    EventKind,
    IncubationStage,
    MatchStatus,
    NeedStatus,
    NeedType,
    ReferralStatus,
    ResourceType,
    TrailKind,
    Urgency,
)


class Base(models.Model):
    """An incubator / maker space / university park of the network: one per core Unit of kind base."""

    unit = models.OneToOneField("core.Unit", models.PROTECT, related_name="matching_base", verbose_name=_("单位"))
    kind = models.CharField(_("类型"), max_length=20, choices=BaseKind.choices, default=BaseKind.INCUBATOR)
    network = models.CharField(_("所属网络"), max_length=50, blank=True)
    city = models.CharField(_("城市"), max_length=50, blank=True)
    region_code = models.CharField(_("区划代码"), max_length=12, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("孵化基地")
        verbose_name_plural = _("孵化基地")
        ordering = ["unit__path"]

    def __str__(self) -> str:
        return self.unit.short_name or self.unit.name


class Incubation(models.Model):
    """An enterprise signed with (incubated at) a base."""

    base = models.ForeignKey(Base, models.PROTECT, related_name="incubations", verbose_name=_("基地"))
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", models.PROTECT, related_name="incubations", verbose_name=_("企业")
    )
    signed_on = models.DateField(_("签约日期"))
    industry = models.ForeignKey(
        "enterprises.Industry", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("行业")
    )
    stage = models.CharField(_("发展阶段"), max_length=16, choices=IncubationStage.choices, blank=True)
    graduated_on = models.DateField(_("毕业日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("在孵企业")
        verbose_name_plural = _("在孵企业")
        ordering = ["-signed_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["base", "enterprise"], name="incubation_unique")]

    def __str__(self) -> str:
        return f"{self.enterprise} @ {self.base}"


class TrailEntry(models.Model):
    """One step of the service trail (足迹): a visit, call, event or service logged by an operator."""

    base = models.ForeignKey(Base, models.PROTECT, related_name="trail", verbose_name=_("基地"))
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", models.PROTECT, related_name="trail", verbose_name=_("企业")
    )
    kind = models.CharField(_("类型"), max_length=16, choices=TrailKind.choices)
    occurred_at = models.DateTimeField(_("时间"), db_index=True)
    author = models.ForeignKey("core.User", models.PROTECT, related_name="+", verbose_name=_("记录人"))
    summary = models.CharField(_("摘要"), max_length=200)
    findings = models.TextField(_("发现的情况"), blank=True)
    follow_up = models.CharField(_("后续跟进"), max_length=300, blank=True)
    follow_up_due = models.DateField(_("跟进期限"), null=True, blank=True)
    follow_up_done_at = models.DateTimeField(_("跟进完成"), null=True, blank=True)
    event = models.ForeignKey(
        "matching.Event", models.SET_NULL, null=True, blank=True, related_name="trail", verbose_name=_("活动")
    )

    class Meta:
        verbose_name = _("服务足迹")
        verbose_name_plural = _("服务足迹")
        ordering = ["-occurred_at", "-id"]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d} {self.get_kind_display()} {self.enterprise}"


class Need(models.Model):
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", models.PROTECT, related_name="needs", verbose_name=_("企业")
    )
    base = models.ForeignKey(
        Base, models.PROTECT, null=True, blank=True, related_name="needs", verbose_name=_("服务基地")
    )
    # the serving base's unit: what permission scopes are checked against
    unit = models.ForeignKey("core.Unit", models.PROTECT, null=True, blank=True, related_name="+")
    type = models.CharField(_("需求类型"), max_length=16, choices=NeedType.choices)
    title = models.CharField(_("标题"), max_length=100)
    description = models.TextField(_("描述"), blank=True)
    industry = models.ForeignKey(
        "enterprises.Industry", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("行业")
    )
    amount_wan = models.DecimalField(_("金额（万元）"), max_digits=14, decimal_places=2, null=True, blank=True)
    regions = models.JSONField(_("地区偏好"), default=list, blank=True)
    urgency = models.CharField(_("紧急程度"), max_length=8, choices=Urgency.choices, default=Urgency.LOW)
    deadline = models.DateField(_("期望解决日期"), null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=NeedStatus.choices, default=NeedStatus.SUBMITTED, db_index=True
    )
    source_event = models.ForeignKey(
        "matching.Event", models.SET_NULL, null=True, blank=True, related_name="needs", verbose_name=_("来源活动")
    )
    created_by = models.ForeignKey("core.User", models.PROTECT, related_name="+", verbose_name=_("登记人"))
    created_at = models.DateTimeField(_("提交时间"), db_index=True)
    first_matched_at = models.DateTimeField(_("首次匹配"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    rating = models.PositiveSmallIntegerField(_("企业评价"), null=True, blank=True)
    rating_text = models.CharField(_("评价内容"), max_length=500, blank=True)
    rated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("企业需求")
        verbose_name_plural = _("企业需求")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


class Resource(models.Model):
    """Something a base, a partner or an enterprise offers: customers, investors, experts …"""

    type = models.CharField(_("资源类型"), max_length=24, choices=ResourceType.choices)
    title = models.CharField(_("名称"), max_length=100)
    description = models.TextField(_("描述"), blank=True)
    provider = models.CharField(_("提供方"), max_length=200, blank=True)
    base = models.ForeignKey(
        Base, models.PROTECT, null=True, blank=True, related_name="resources", verbose_name=_("登记基地")
    )
    unit = models.ForeignKey("core.Unit", models.PROTECT, null=True, blank=True, related_name="+")
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="offerings",
        verbose_name=_("提供企业"),
    )
    industries = models.JSONField(_("行业（GB/T 4754 代码）"), default=list, blank=True)
    regions = models.JSONField(_("地区"), default=list, blank=True)
    stages = models.JSONField(_("投资阶段"), default=list, blank=True)
    amount_min_wan = models.DecimalField(_("金额下限（万元）"), max_digits=14, decimal_places=2, null=True, blank=True)
    amount_max_wan = models.DecimalField(_("金额上限（万元）"), max_digits=14, decimal_places=2, null=True, blank=True)
    capacity = models.PositiveIntegerField(_("容量"), null=True, blank=True)
    remaining = models.PositiveIntegerField(_("剩余"), null=True, blank=True)
    valid_from = models.DateField(_("生效日期"), null=True, blank=True)
    valid_until = models.DateField(_("有效期至"), null=True, blank=True)
    is_active = models.BooleanField(_("有效"), default=True)
    created_by = models.ForeignKey("core.User", models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("登记时间"))
    updated_at = models.DateTimeField(_("更新时间"), db_index=True)

    class Meta:
        verbose_name = _("资源")
        verbose_name_plural = _("资源")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


class Match(models.Model):
    """A resource recommended for a need, with the engine's per-factor explanation."""

    need = models.ForeignKey(Need, models.CASCADE, related_name="matches")
    resource = models.ForeignKey(Resource, models.CASCADE, related_name="matches")
    score = models.FloatField(_("得分"))
    rank = models.PositiveSmallIntegerField(_("排名"))
    factors = models.JSONField(_("推荐理由"), default=list)
    summary = models.CharField(_("理由摘要"), max_length=300, blank=True)
    status = models.CharField(_("状态"), max_length=12, choices=MatchStatus.choices, default=MatchStatus.PROPOSED)
    created_at = models.DateTimeField()
    decided_by = models.ForeignKey("core.User", models.PROTECT, null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("匹配结果")
        verbose_name_plural = _("匹配结果")
        ordering = ["need", "rank"]
        constraints = [models.UniqueConstraint(fields=["need", "resource"], name="match_unique")]

    def __str__(self) -> str:
        return f"{self.need} → {self.resource} ({self.score:.3f})"


class LearnedWeights(models.Model):
    """Factor weights learnt from match outcomes; the newest row is the one in use."""

    weights = models.JSONField(_("权重"))
    outcomes = models.PositiveIntegerField(_("样本数"))
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("学习权重")
        verbose_name_plural = _("学习权重")
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} ({self.outcomes})"


class Referral(models.Model):
    """A need passed from one base to another (e.g. to the base near a customer)."""

    need = models.ForeignKey(Need, models.CASCADE, related_name="referrals")
    match = models.ForeignKey(Match, models.SET_NULL, null=True, blank=True, related_name="referrals")
    from_base = models.ForeignKey(Base, models.PROTECT, related_name="referrals_out", verbose_name=_("转出基地"))
    to_base = models.ForeignKey(Base, models.PROTECT, related_name="referrals_in", verbose_name=_("接收基地"))
    note = models.CharField(_("转介说明"), max_length=500, blank=True)
    status = models.CharField(_("状态"), max_length=12, choices=ReferralStatus.choices, default=ReferralStatus.PENDING)
    outcome = models.CharField(_("办理结果"), max_length=500, blank=True)
    created_by = models.ForeignKey("core.User", models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    responded_by = models.ForeignKey("core.User", models.PROTECT, null=True, blank=True, related_name="+")
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("跨基地转介")
        verbose_name_plural = _("跨基地转介")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.from_base} → {self.to_base}: {self.need}"


class Docking(models.Model):
    """A docking meeting (对接) for a need and what came of it."""

    need = models.ForeignKey(Need, models.CASCADE, related_name="dockings")
    match = models.ForeignKey(Match, models.SET_NULL, null=True, blank=True, related_name="dockings")
    referral = models.ForeignKey(Referral, models.SET_NULL, null=True, blank=True, related_name="dockings")
    base = models.ForeignKey(Base, models.PROTECT, related_name="dockings", verbose_name=_("组织基地"))
    held_on = models.DateField(_("对接日期"))
    place = models.CharField(_("地点"), max_length=200, blank=True)
    participants = models.CharField(_("参与方"), max_length=500, blank=True)
    notes = models.TextField(_("纪要"), blank=True)
    outcome = models.CharField(_("结果"), max_length=12, choices=DockingOutcome.choices, default=DockingOutcome.PENDING)
    deal_amount_wan = models.DecimalField(_("成交金额（万元）"), max_digits=14, decimal_places=2, null=True, blank=True)
    recorded_by = models.ForeignKey("core.User", models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        verbose_name = _("对接")
        verbose_name_plural = _("对接")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.held_on} {self.need}"


class Event(models.Model):
    """创业品牌活动 run by a base."""

    base = models.ForeignKey(Base, models.PROTECT, related_name="events", verbose_name=_("基地"))
    title = models.CharField(_("活动名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=16, choices=EventKind.choices)
    held_on = models.DateField(_("日期"), db_index=True)
    place = models.CharField(_("地点"), max_length=200, blank=True)
    created_by = models.ForeignKey("core.User", models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("创业活动")
        verbose_name_plural = _("创业活动")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return self.title


class EventRegistration(models.Model):
    event = models.ForeignKey(Event, models.CASCADE, related_name="registrations")
    enterprise = models.ForeignKey("enterprises.Enterprise", models.PROTECT, related_name="+")
    attended = models.BooleanField(_("已到场"), default=False)
    registered_at = models.DateTimeField()

    class Meta:
        verbose_name = _("活动报名")
        verbose_name_plural = _("活动报名")
        constraints = [models.UniqueConstraint(fields=["event", "enterprise"], name="registration_unique")]

    def __str__(self) -> str:
        return f"{self.event} · {self.enterprise}"
