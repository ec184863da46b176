"""Statistics kept on write: rollup counters, integrity findings, public snapshots.

RollupCounter is keyed by (dimension, key, region, grain, period start). Only the "day" and
"month" grains are stored; weeks sum days, quarters and years sum months, so every page reads
a bounded number of rows whatever the number of ratings. A service item's month counters are
also kept per ancestor region (`ITEM_BELOW`), since items are rated in every district.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from gaoxin.core.models import Region, User
from gaoxin.evaluations.models import Hall

COUNTERS: tuple[str, ...] = (
    "valid",  # first, non-default, not excluded ratings
    "l1",
    "l2",
    "l3",
    "l4",
    "l5",
    "defaults",
    "excluded",
    "rn_bad",  # real-name bad ratings
    "rn_bad_called_back",
    "bad_answered",  # bad ratings fixed and answered
    "bad_on_time",
    "appeals_filed",
    "appeals_upheld",
    "appeals_rejected",
    "followups",
    "followups_satisfied",
    "cases_completed",
    "cases_rated",  # completed cases with a non-default first rating
)


class Dimension(models.TextChoices):
    REGION = "region", _("区域")
    HALL = "hall", _("大厅")
    DEPARTMENT = "department", _("部门")
    WINDOW = "window", _("窗口")
    STAFF = "staff", _("窗口人员")
    ITEM = "item", _("事项")
    CHANNEL = "channel", _("渠道")


class Grain(models.TextChoices):
    DAY = "day", _("日")
    MONTH = "month", _("月")


# Rows of a service item's counters summed over the strict subtree of their region, month grain
# only (migration evalstats 0005). Items are the one subject rated in every district: without
# them a province's items in a month summed 20,772 rows; with them a covered area reads one row
# per item (its own rows plus these). Not a Dimension: no API or page asks for it by name.
ITEM_BELOW = "item_below"


class RollupCounter(models.Model):
    dimension = models.CharField(max_length=12, choices=Dimension.choices)
    key_id = models.BigIntegerField()
    region = models.ForeignKey(Region, models.PROTECT, related_name="+")
    grain = models.CharField(max_length=8, choices=Grain.choices)
    period_start = models.DateField()
    valid = models.IntegerField(default=0)
    l1 = models.IntegerField(default=0)
    l2 = models.IntegerField(default=0)
    l3 = models.IntegerField(default=0)
    l4 = models.IntegerField(default=0)
    l5 = models.IntegerField(default=0)
    defaults = models.IntegerField(default=0)
    excluded = models.IntegerField(default=0)
    rn_bad = models.IntegerField(default=0)
    rn_bad_called_back = models.IntegerField(default=0)
    bad_answered = models.IntegerField(default=0)
    bad_on_time = models.IntegerField(default=0)
    appeals_filed = models.IntegerField(default=0)
    appeals_upheld = models.IntegerField(default=0)
    appeals_rejected = models.IntegerField(default=0)
    followups = models.IntegerField(default=0)
    followups_satisfied = models.IntegerField(default=0)
    cases_completed = models.IntegerField(default=0)
    cases_rated = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("统计计数")
        verbose_name_plural = _("统计计数")
        constraints = [
            # the key in the order an area's figures read it (a zone, a city: its regions' rows of one
            # dimension and period), the subject last; no index leads with (dimension, key_id), whose
            # order lured PostgreSQL into walking every period of a dimension for `ORDER BY key_id LIMIT`
            models.UniqueConstraint(
                fields=["dimension", "grain", "region", "period_start", "key_id"], name="rollup_unique_key"
            )
        ]
        indexes = [
            models.Index(fields=["dimension", "grain", "period_start"], name="rollup_dim_period_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.dimension}:{self.key_id} {self.grain} {self.period_start}"


class FindingKind(models.TextChoices):
    PERFECT_LOW_COVERAGE = "perfect_low_coverage", _("好评率 100% 但主动评价率低")
    DEVICE_BURST = "device_burst", _("同一评价器短时间内集中评价")
    FAST_STAFF_TERMINAL = "fast_staff_terminal", _("员工操作终端办结后数秒内评价")
    PHONE_MANY_CASES = "phone_many_cases", _("同一手机号评价多个办件")
    DEFAULT_SHARE = "default_share", _("默认评价占比过高")
    DISTRIBUTION = "distribution", _("窗口评价分布偏离大厅（卡方检验）")


class FindingStatus(models.TextChoices):
    OPEN = "open", _("待核查")
    CONFIRMED = "confirmed", _("确认异常")
    DISMISSED = "dismissed", _("排除")


class IntegrityFinding(models.Model):
    """A suspicious pattern for the hall manager. Never blocks, changes or deletes a rating."""

    hall = models.ForeignKey(Hall, models.PROTECT, related_name="+", verbose_name=_("大厅"))
    region = models.ForeignKey(Region, models.PROTECT, related_name="+")
    kind = models.CharField(_("类型"), max_length=32, choices=FindingKind.choices)
    subject = models.CharField(_("对象"), max_length=200)
    fingerprint = models.CharField(max_length=120, unique=True)
    evidence = models.JSONField(_("证据"), default=dict)
    status = models.CharField(_("状态"), max_length=12, choices=FindingStatus.choices, default=FindingStatus.OPEN)
    decided_by = models.ForeignKey(User, models.PROTECT, null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(_("核查意见"), blank=True)
    detected_at = models.DateTimeField(_("发现时间"))

    class Meta:
        verbose_name = _("异常线索")
        verbose_name_plural = _("异常线索")
        ordering = ["-detected_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.subject}"


class PublicSnapshot(models.Model):
    """The cached public disclosure of a region (no personal data), refreshed daily."""

    region = models.ForeignKey(Region, models.PROTECT, related_name="+")
    generated_at = models.DateTimeField()
    payload = models.JSONField()

    class Meta:
        verbose_name = _("公开数据快照")
        verbose_name_plural = _("公开数据快照")
        ordering = ["-generated_at", "-id"]

    def __str__(self) -> str:
        return f"{self.region_id} @ {self.generated_at}"
