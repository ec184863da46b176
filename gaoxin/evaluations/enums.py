"""Enumerations of 好差评 intake. National codes are the values where a standard defines one.

The satisfaction level has ONE internal enum (`Level`); the national GB/T 39046 A.8 scheme
and the provincial low→high scheme are adapters in `schemes.py`: never exchange a bare 1–5.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.IntegerChoices):
    """Internal satisfaction level (higher is better). Not a national code: see schemes.py."""

    VERY_DISSATISFIED = 1, _("非常不满意")
    DISSATISFIED = 2, _("不满意")
    BASIC = 3, _("基本满意")
    SATISFIED = 4, _("满意")
    VERY_SATISFIED = 5, _("非常满意")


BAD_LEVELS = frozenset({Level.VERY_DISSATISFIED, Level.DISSATISFIED})


class Channel(models.IntegerChoices):
    """评价渠道 (codes seen in national/provincial interfaces). A default rating is a flag, not a channel."""

    PC = 1, _("PC 端")
    MOBILE = 2, _("移动端")
    QR = 3, _("二维码")
    DEVICE = 4, _("评价器")
    TERMINAL = 5, _("其他大厅终端")
    HOTLINE = 6, _("12345 热线")
    SMS = 7, _("短信")


class ItemKind(models.IntegerChoices):
    """办件类型 (GB/T 39046)."""

    IMMEDIATE = 1, _("即办件")
    PROMISED = 2, _("承诺件")


class ApplicantType(models.IntegerChoices):
    """服务对象 (GB/T 39046)."""

    PERSON = 1, _("自然人")
    ENTERPRISE = 2, _("企业法人")
    INSTITUTION = 3, _("事业法人")
    SOCIAL_ORG = 4, _("社会组织法人")
    AUTHORITY = 5, _("行政机关")
    OTHER_ORG = 6, _("其他组织")


class RaterType(models.TextChoices):
    PERSON = "person", _("个人")
    LEGAL = "legal", _("法人")


class CaseStatus(models.TextChoices):
    ACCEPTED = "accepted", _("已受理")
    COMPLETED = "completed", _("已办结")


class HallKind(models.TextChoices):
    CENTER = "center", _("政务服务大厅")
    TOWN = "town", _("便民服务中心")


class IntegrityFlag(models.TextChoices):
    """Patterns set at intake for the hall manager; they never block a genuine rating."""

    STATIC_NO_CASE = "static_no_case", _("静态码评价（无办件）")
    FAST_AFTER_COMPLETION = "fast_after_completion", _("办结后极短时间内评价")
    OPERATOR_ENTERED = "operator_entered", _("工作人员代录")
    LATE_CLIENT_TIME = "late_client_time", _("客户端时间异常")


class GoodRateFormula(models.TextChoices):
    THREE_LEVELS = "three", _("(非常满意+满意+基本满意)/有效评价")
    TWO_LEVELS = "two", _("(非常满意+满意)/有效评价")


class PushStatus(models.TextChoices):
    PENDING = "pending", _("待上报")
    RETRYING = "retrying", _("重试中")
    ACKED = "acked", _("已确认")
