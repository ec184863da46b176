"""好差评 intake: halls, windows, staff, service items, cases, ratings, devices, policies,
exchange queue. No business logic here: writes are in services/, reads in selectors.py.

Ratings are immutable: the model, its queryset and a database trigger refuse changes.
An upheld appeal excludes a rating through a separate `RatingExclusion` row.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gaoxin.core.models import ApiToken, Region, Unit, User
from gaoxin.evaluations.enums import (
    BAD_LEVELS,
    ApplicantType,
    CaseStatus,
    Channel,
    GoodRateFormula,
    HallKind,
    ItemKind,
    Level,
    PushStatus,
)

DEVICE_ONLINE_SECONDS = 120


class Hall(models.Model):
    """A 政务服务大厅 or a town/street 便民服务中心: one per core Unit of kind "hall"."""

    unit = models.OneToOneField(Unit, models.PROTECT, related_name="evaluation_hall", verbose_name=_("单位"))
    name = models.CharField(_("名称"), max_length=100)
    code = models.CharField(_("大厅编码"), max_length=32, unique=True)
    kind = models.CharField(_("类型"), max_length=16, choices=HallKind.choices, default=HallKind.CENTER)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    region = models.ForeignKey(Region, models.PROTECT, related_name="+", verbose_name=_("行政区域"))
    is_active = models.BooleanField(_("启用"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("大厅")
        verbose_name_plural = _("大厅")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Window(models.Model):
    """A service window in a hall, stationed by a department (谁办理谁负责)."""

    hall = models.ForeignKey(Hall, models.PROTECT, related_name="windows", verbose_name=_("大厅"))
    number = models.CharField(_("窗口号"), max_length=16)
    name = models.CharField(_("窗口名称"), max_length=100)
    department = models.ForeignKey(Unit, models.PROTECT, related_name="+", verbose_name=_("进驻部门"))
    is_active = models.BooleanField(_("启用"), default=True)
    # The case just completed at this window, for the evaluator to show its rating screen.
    pending_case = models.ForeignKey(
        "Case", models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("待评价办件")
    )
    pending_since = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("窗口")
        verbose_name_plural = _("窗口")
        ordering = ["hall", "number"]
        constraints = [models.UniqueConstraint(fields=["hall", "number"], name="window_unique_number_per_hall")]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"


class Staff(models.Model):
    """Window staff: a core user stationed at a window, with a personal static QR code."""

    user = models.OneToOneField(User, models.PROTECT, related_name="evaluation_staff", verbose_name=_("用户"))
    hall = models.ForeignKey(Hall, models.PROTECT, related_name="staff", verbose_name=_("大厅"))
    window = models.ForeignKey(
        Window, models.PROTECT, null=True, blank=True, related_name="staff", verbose_name=_("窗口")
    )
    job_number = models.CharField(_("工号"), max_length=32, blank=True)
    photo = models.FileField(_("照片"), upload_to="evaluations/staff/", blank=True)
    qr_version = models.PositiveIntegerField(_("二维码版本"), default=1)
    qr_revoked_at = models.DateTimeField(_("二维码停用时间"), null=True, blank=True)
    is_active = models.BooleanField(_("在岗"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("窗口人员")
        verbose_name_plural = _("窗口人员")
        ordering = ["hall", "job_number", "id"]

    def __str__(self) -> str:
        return str(self.user)

    @property
    def display_name(self) -> str:
        return self.user.display_name or self.user.username


class ServiceItem(models.Model):
    """A 政务服务事项."""

    code = models.CharField(_("事项编码"), max_length=64, unique=True)
    name = models.CharField(_("事项名称"), max_length=200)
    department = models.ForeignKey(Unit, models.PROTECT, related_name="+", verbose_name=_("实施部门"))
    kind = models.PositiveSmallIntegerField(_("办件类型"), choices=ItemKind.choices, default=ItemKind.IMMEDIATE)
    time_limit_days = models.PositiveSmallIntegerField(_("承诺时限（工作日）"), default=0)
    is_zero_trip = models.BooleanField(_("零跑腿"), default=False)
    is_one_go = models.BooleanField(_("一次办好"), default=False)
    is_online = models.BooleanField(_("网上可办"), default=False)
    is_active = models.BooleanField(_("启用"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("服务事项")
        verbose_name_plural = _("服务事项")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Case(models.Model):
    """A 办件: accepted at a window, completed by the clerk, then rated."""

    number = models.CharField(_("办件编号"), max_length=50, unique=True)
    item = models.ForeignKey(ServiceItem, models.PROTECT, related_name="cases", verbose_name=_("事项"))
    hall = models.ForeignKey(Hall, models.PROTECT, related_name="cases", verbose_name=_("大厅"))
    window = models.ForeignKey(
        Window, models.PROTECT, null=True, blank=True, related_name="cases", verbose_name=_("窗口")
    )
    staff = models.ForeignKey(
        Staff, models.PROTECT, null=True, blank=True, related_name="cases", verbose_name=_("经办人")
    )
    department = models.ForeignKey(Unit, models.PROTECT, related_name="+", verbose_name=_("责任部门"))
    region = models.ForeignKey(Region, models.PROTECT, related_name="+", verbose_name=_("行政区域"))
    applicant_type = models.PositiveSmallIntegerField(
        _("服务对象类型"), choices=ApplicantType.choices, default=ApplicantType.PERSON
    )
    applicant_name_enc = models.TextField(blank=True)
    applicant_phone_enc = models.TextField(blank=True)
    applicant_id_enc = models.TextField(blank=True)
    applicant_phone_index = models.CharField(max_length=32, blank=True, db_index=True)
    applicant_phone_last4 = models.CharField(max_length=4, blank=True)
    status = models.CharField(_("办件状态"), max_length=16, choices=CaseStatus.choices, default=CaseStatus.ACCEPTED)
    accepted_at = models.DateTimeField(_("受理时间"))
    completed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    created_by = models.ForeignKey(User, models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("办件")
        verbose_name_plural = _("办件")
        ordering = ["-accepted_at", "-id"]
        indexes = [
            models.Index(fields=["window", "status", "accepted_at"], name="case_window_status_idx"),
            models.Index(fields=["staff", "accepted_at"], name="case_staff_idx"),
            models.Index(fields=["region", "completed_at"], name="case_region_completed_idx"),
        ]

    def __str__(self) -> str:
        return self.number


class RatingQuerySet(models.QuerySet["Rating"]):
    def update(self, **kwargs: object) -> int:
        raise PermissionError("Ratings are never edited")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("Ratings are never deleted")

    def active(self) -> RatingQuerySet:
        """Ratings actually given (not system defaults) and not excluded after an appeal."""
        return self.filter(is_default=False, exclusion__isnull=True)


class Rating(models.Model):
    """One rating. Immutable: never updated or deleted (model, queryset and DB trigger)."""

    uuid = models.UUIDField(_("客户端编号"), unique=True)
    # Every index is paid by every rating: the foreign keys below that lead an index of Meta
    # (case: the unique (case, rating_no); hall, window, staff, department, region: (…, received_at))
    # get no index of their own, and the mostly empty operator and submitted_by get partial ones.
    # So is every foreign-key constraint: the database checks each one per inserted row (an index
    # probe and a row lock in the parent table), which cost more than the row and all its indexes
    # (docs/performance.md, session 6). The organisation a rating is filed under (hall, window,
    # staff, department, item, region, device) is copied from the case or device the service
    # read in the same transaction, and none of those rows is ever deleted (no service deletes
    # them, the admin is read-only, and PROTECT still refuses it in Django): those copies carry
    # no database constraint (db_constraint=False). The rating's case and the people who entered
    # it keep theirs.
    case = models.ForeignKey(
        Case, models.PROTECT, null=True, blank=True, related_name="ratings", verbose_name=_("办件"), db_index=False
    )
    hall = models.ForeignKey(
        Hall, models.PROTECT, related_name="ratings", verbose_name=_("大厅"), db_index=False, db_constraint=False
    )
    window = models.ForeignKey(
        Window,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="ratings",
        verbose_name=_("窗口"),
        db_index=False,
        db_constraint=False,
    )
    staff = models.ForeignKey(
        Staff,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="ratings",
        verbose_name=_("窗口人员"),
        db_index=False,
        db_constraint=False,
    )
    department = models.ForeignKey(
        Unit, models.PROTECT, related_name="+", verbose_name=_("责任部门"), db_index=False, db_constraint=False
    )
    item = models.ForeignKey(
        ServiceItem,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="ratings",
        verbose_name=_("事项"),
        db_constraint=False,
    )
    region = models.ForeignKey(
        Region, models.PROTECT, related_name="+", verbose_name=_("行政区域"), db_index=False, db_constraint=False
    )
    channel = models.PositiveSmallIntegerField(_("评价渠道"), choices=Channel.choices, null=True, blank=True)
    level = models.PositiveSmallIntegerField(_("满意度"), choices=Level.choices)
    tags = models.JSONField(_("评价内容代码"), default=list, blank=True)
    tag_set_version = models.CharField(_("评价内容版本"), max_length=16, blank=True)
    text = models.TextField(_("文字评价"), blank=True)
    rating_no = models.PositiveSmallIntegerField(_("评价次数"), default=1)
    is_real_name = models.BooleanField(_("实名"), default=False)
    rater_type = models.CharField(_("评价人类型"), max_length=8, blank=True)
    rater_name_enc = models.TextField(blank=True)
    rater_phone_enc = models.TextField(blank=True)
    rater_id_enc = models.TextField(blank=True)
    rater_phone_index = models.CharField(max_length=32, blank=True)
    is_default = models.BooleanField(_("默认评价"), default=False)
    device = models.ForeignKey(
        "Device",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="ratings",
        verbose_name=_("评价器"),
        db_constraint=False,
    )
    operator = models.ForeignKey(
        User, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("代录人员"), db_index=False
    )
    submitted_by = models.ForeignKey(User, models.PROTECT, null=True, blank=True, related_name="+", db_index=False)
    client_ip = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(_("评价时间"))
    received_at = models.DateTimeField(_("接收时间"))
    integrity_flags = models.JSONField(_("异常标记"), default=list, blank=True)

    objects = RatingQuerySet.as_manager()

    class Meta:
        verbose_name = _("评价")
        verbose_name_plural = _("评价")
        ordering = ["-received_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "rating_no"], condition=Q(case__isnull=False), name="rating_one_per_case_and_no"
            ),
            models.CheckConstraint(condition=Q(level__gte=1, level__lte=5), name="rating_level_range"),
            models.CheckConstraint(condition=Q(rating_no__in=[1, 2]), name="rating_no_first_or_followup"),
            models.CheckConstraint(
                condition=Q(is_default=True) | Q(channel__isnull=False), name="rating_channel_unless_default"
            ),
        ]
        indexes = [
            models.Index(fields=["staff", "received_at"], name="rating_staff_idx"),
            models.Index(fields=["window", "received_at"], name="rating_window_idx"),
            models.Index(fields=["hall", "received_at"], name="rating_hall_idx"),
            models.Index(fields=["department", "received_at"], name="rating_department_idx"),
            models.Index(fields=["region", "received_at"], name="rating_region_idx"),
            models.Index(fields=["rater_phone_index"], name="rating_rater_phone_idx"),
            models.Index(fields=["operator"], condition=Q(operator__isnull=False), name="rating_operator_idx"),
            models.Index(
                fields=["submitted_by"], condition=Q(submitted_by__isnull=False), name="rating_submitted_by_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case or self.hall} · {self.get_level_display()}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise PermissionError("Ratings are never edited")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise PermissionError("Ratings are never deleted")

    @property
    def is_bad(self) -> bool:
        return self.level in BAD_LEVELS


class RatingExclusion(models.Model):
    """Excludes a rating from statistics after an upheld appeal; the rating itself stays."""

    rating = models.OneToOneField(Rating, models.PROTECT, related_name="exclusion", verbose_name=_("评价"))
    reason = models.TextField(_("排除理由"))
    decided_by = models.ForeignKey(User, models.PROTECT, related_name="+", verbose_name=_("决定人"))
    decided_at = models.DateTimeField(_("决定时间"))
    appeal_ref = models.CharField(_("申诉编号"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("评价排除")
        verbose_name_plural = _("评价排除")

    def __str__(self) -> str:
        return f"{self.rating_id}: {self.reason[:40]}"


class RatingPolicy(models.Model):
    """Rating rules of a region; a null field inherits from the parent region (then defaults)."""

    region = models.OneToOneField(Region, models.PROTECT, related_name="rating_policy", verbose_name=_("区域"))
    supplementary_days = models.PositiveSmallIntegerField(_("补充评价期（工作日）"), null=True, blank=True)
    default_rating_enabled = models.BooleanField(_("启用默认评价"), null=True, blank=True)
    default_rating_after_days = models.PositiveSmallIntegerField(_("默认评价天数（自然日）"), null=True, blank=True)
    default_rating_level = models.PositiveSmallIntegerField(
        _("默认评价等级"), choices=Level.choices, null=True, blank=True
    )
    good_rate_formula = models.CharField(_("好评率口径"), max_length=8, choices=GoodRateFormula.choices, blank=True)
    static_qr_limit = models.PositiveSmallIntegerField(_("静态码限次"), null=True, blank=True)
    static_qr_window_minutes = models.PositiveSmallIntegerField(_("静态码限次时段（分钟）"), null=True, blank=True)
    fast_rating_seconds = models.PositiveIntegerField(_("办结后过快评价阈值（秒）"), null=True, blank=True)
    upstream_url = models.CharField(_("上报地址"), max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(User, models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("评价规则")
        verbose_name_plural = _("评价规则")

    def __str__(self) -> str:
        return str(self.region)


class Device(models.Model):
    """An evaluator (评价器) at a window; authenticates with a device API token."""

    hall = models.ForeignKey(Hall, models.PROTECT, related_name="devices", verbose_name=_("大厅"))
    window = models.ForeignKey(
        Window, models.PROTECT, null=True, blank=True, related_name="devices", verbose_name=_("窗口")
    )
    name = models.CharField(_("名称"), max_length=100)
    token = models.OneToOneField(
        ApiToken, models.PROTECT, null=True, blank=True, related_name="evaluation_device", verbose_name=_("令牌")
    )
    last_seen_at = models.DateTimeField(_("最近在线"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("停用时间"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("评价器")
        verbose_name_plural = _("评价器")
        ordering = ["hall", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_online(self) -> bool:
        return (
            self.revoked_at is None
            and self.last_seen_at is not None
            and timezone.now() - self.last_seen_at <= timedelta(seconds=DEVICE_ONLINE_SECONDS)
        )


class RateLimitHit(models.Model):
    """One counted event for a rate limit key (e.g. static-QR ratings per address per staff)."""

    key = models.CharField(max_length=128)
    at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["key", "at"], name="ratelimit_key_at_idx")]

    def __str__(self) -> str:
        return f"{self.key} @ {self.at}"


class UpstreamPush(models.Model):
    """A rating queued for the upstream (provincial) platform, retried until acknowledged."""

    rating = models.OneToOneField(Rating, models.PROTECT, related_name="upstream_push", verbose_name=_("评价"))
    url = models.CharField(_("上报地址"), max_length=300)
    status = models.CharField(_("状态"), max_length=16, choices=PushStatus.choices, default=PushStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    next_attempt_at = models.DateTimeField(_("下次尝试"))
    acked_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    last_error = models.TextField(_("最近错误"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("上报队列")
        verbose_name_plural = _("上报队列")
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="upstream_due_idx")]

    def __str__(self) -> str:
        return f"{self.rating_id} {self.status}"
