"""Core models: org tree, people and roles, audit trail, working-day calendar,
API tokens, notifications and import jobs. No business logic here: see services."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from gaoxin.core.enums import (
    CalendarDayKind,
    DeliveryStatus,
    ImportStatus,
    NotifyChannel,
    RegionLevel,
    Role,
    TokenKind,
    UnitKind,
)


class Region(models.Model):
    """An administrative division (GB/T 2260) or a zone that may carry a code of its own."""

    name = models.CharField(_("名称"), max_length=100)
    code = models.CharField(_("区划代码"), max_length=12, blank=True, db_index=True)
    level = models.CharField(_("层级"), max_length=16, choices=RegionLevel.choices)
    parent = models.ForeignKey("self", models.PROTECT, null=True, blank=True, related_name="children")
    # Materialised path of ids, "/1/4/9/", so descendants are one indexed prefix query.
    path = models.CharField(max_length=255, db_index=True, editable=False, default="/")
    valid_from = models.DateField(_("生效日期"), null=True, blank=True)
    valid_to = models.DateField(_("失效日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("行政区域")
        verbose_name_plural = _("行政区域")
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name


class Unit(models.Model):
    """A node of the organisation tree: 管委会, 局/办/中心, 科室, 镇街, 园区, 大厅, 基地."""

    region = models.ForeignKey(Region, models.PROTECT, related_name="units", verbose_name=_("所属区域"))
    parent = models.ForeignKey("self", models.PROTECT, null=True, blank=True, related_name="children")
    name = models.CharField(_("名称"), max_length=100)
    short_name = models.CharField(_("简称"), max_length=40, blank=True)
    kind = models.CharField(_("类型"), max_length=16, choices=UnitKind.choices)
    code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    path = models.CharField(max_length=255, db_index=True, editable=False, default="/")
    sort = models.PositiveIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)
    head = models.ForeignKey(
        "core.User", models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("负责人")
    )

    class Meta:
        verbose_name = _("单位")
        verbose_name_plural = _("单位")
        ordering = ["path"]
        constraints = [models.UniqueConstraint(fields=["parent", "name"], name="unit_unique_name_per_parent")]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    display_name = models.CharField(_("姓名"), max_length=50, blank=True)
    phone = models.CharField(_("手机号"), max_length=20, blank=True)
    unit = models.ForeignKey(
        Unit, models.PROTECT, null=True, blank=True, related_name="members", verbose_name=_("所在单位")
    )
    must_change_password = models.BooleanField(_("下次登录须改密码"), default=False)

    objects = UserManager()  # type: ignore[misc]

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self) -> str:
        return self.display_name or self.username


class RoleGrant(models.Model):
    """A role held by a user, anchored at a unit; the rule table gives its scope per action."""

    user = models.ForeignKey(User, models.CASCADE, related_name="grants")
    role = models.CharField(_("角色"), max_length=32, choices=Role.choices)
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="grants", verbose_name=_("单位"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("角色授权")
        verbose_name_plural = _("角色授权")
        constraints = [models.UniqueConstraint(fields=["user", "role", "unit"], name="grant_unique")]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} @ {self.unit}"


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: object) -> int:
        raise PermissionError("Audit events are append-only")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("Audit events are append-only")


class AuditEvent(models.Model):
    """Who did what to which object, with before/after; append-only (DB trigger too)."""

    at = models.DateTimeField(_("时间"), db_index=True)
    actor = models.ForeignKey(
        User, models.DO_NOTHING, null=True, blank=True, db_constraint=False, related_name="+", verbose_name=_("操作人")
    )
    actor_label = models.CharField(_("操作人"), max_length=150, blank=True)
    action = models.CharField(_("操作"), max_length=64, db_index=True)
    object_type = models.CharField(_("对象类型"), max_length=64, blank=True, db_index=True)
    object_id = models.CharField(_("对象ID"), max_length=64, blank=True)
    object_repr = models.CharField(_("对象"), max_length=200, blank=True)
    unit_id_ref = models.BigIntegerField(_("所属单位"), null=True, blank=True, db_index=True)
    before = models.JSONField(_("变更前"), null=True, blank=True)
    after = models.JSONField(_("变更后"), null=True, blank=True)
    ip = models.GenericIPAddressField(_("IP 地址"), null=True, blank=True)
    user_agent = models.CharField(max_length=200, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("审计日志")
        verbose_name_plural = _("审计日志")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object_idx")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_repr}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise PermissionError("Audit events are append-only")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise PermissionError("Audit events are append-only")


class CalendarYear(models.Model):
    """A year whose holidays and make-up working days are known."""

    year = models.PositiveSmallIntegerField(_("年份"), primary_key=True)
    source = models.CharField(_("来源"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("工作日历年度")
        verbose_name_plural = _("工作日历年度")
        ordering = ["-year"]

    def __str__(self) -> str:
        return str(self.year)


class CalendarDay(models.Model):
    """A day that departs from the Mon–Fri rule: a holiday, or a make-up working day (调休)."""

    date = models.DateField(_("日期"), primary_key=True)
    year = models.ForeignKey(CalendarYear, models.CASCADE, related_name="days")
    kind = models.CharField(_("类型"), max_length=16, choices=CalendarDayKind.choices)
    name = models.CharField(_("名称"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("特殊日期")
        verbose_name_plural = _("特殊日期")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()} {self.name}"


class ApiToken(models.Model):
    """A hashed, revocable credential for another system or a device."""

    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=16, choices=TokenKind.choices, default=TokenKind.SYSTEM)
    prefix = models.CharField(max_length=12, unique=True)
    key_hash = models.CharField(max_length=64)
    scopes = models.JSONField(_("权限范围"), default=list)
    unit = models.ForeignKey(Unit, models.PROTECT, null=True, blank=True, related_name="+")
    user = models.ForeignKey(
        User, models.PROTECT, null=True, blank=True, related_name="api_tokens", verbose_name=_("代表用户")
    )
    created_by = models.ForeignKey(User, models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("过期时间"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("吊销时间"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True)

    class Meta:
        verbose_name = _("API 令牌")
        verbose_name_plural = _("API 令牌")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class Notification(models.Model):
    """An in-app inbox message."""

    recipient = models.ForeignKey(User, models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=64)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    url = models.CharField(max_length=300, blank=True)
    object_type = models.CharField(max_length=64, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("站内通知")
        verbose_name_plural = _("站内通知")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread_idx")]

    def __str__(self) -> str:
        return self.title


class Delivery(models.Model):
    """One message to one external channel, with its retries and final state."""

    channel = models.CharField(_("渠道"), max_length=16, choices=NotifyChannel.choices)
    target = models.CharField(_("接收方"), max_length=200)
    subject = models.CharField(max_length=200, blank=True)
    body = models.TextField(blank=True)
    idempotency_key = models.CharField(max_length=100, unique=True)
    notification = models.ForeignKey(Notification, models.SET_NULL, null=True, blank=True, related_name="deliveries")
    status = models.CharField(_("状态"), max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    last_error = models.TextField(_("最近错误"), blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("外部推送")
        verbose_name_plural = _("外部推送")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.channel} → {self.target}: {self.status}"


class ImportJob(models.Model):
    """An Excel import: uploaded, validated (dry run), then committed all-or-nothing."""

    importer = models.CharField(_("导入类型"), max_length=64)
    file = models.FileField(upload_to="imports/%Y/%m/")
    original_name = models.CharField(max_length=200)
    created_by = models.ForeignKey(User, models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, models.PROTECT, null=True, blank=True, related_name="+")
    status = models.CharField(_("状态"), max_length=16, choices=ImportStatus.choices, default=ImportStatus.UPLOADED)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    warnings = models.JSONField(default=list, blank=True)
    preview = models.JSONField(default=list, blank=True)
    message = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("导入任务")
        verbose_name_plural = _("导入任务")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.importer} {self.original_name}"


class LoginFailure(models.Model):  # noqa: DJ008
    """Failed logins, counted per username and per address for throttling."""

    username = models.CharField(max_length=150, db_index=True)
    ip = models.GenericIPAddressField(null=True, blank=True, db_index=True)
    at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("登录失败")
        verbose_name_plural = _("登录失败")


class PeriodicRun(models.Model):
    """When the scheduler last enqueued a periodic job (gaoxin.core.periodic), and how its last run went."""

    name = models.CharField(_("任务"), max_length=100, unique=True)
    last_enqueued_at = models.DateTimeField(_("最近入队"), null=True, blank=True)
    last_started_at = models.DateTimeField(_("最近开始"), null=True, blank=True)
    last_finished_at = models.DateTimeField(_("最近完成"), null=True, blank=True)
    last_error = models.TextField(_("最近错误"), blank=True)

    class Meta:
        verbose_name = _("定时任务")
        verbose_name_plural = _("定时任务")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
