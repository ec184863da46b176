"""Choices of the projects domain (项目立区、双招双引)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProjectLevel(models.TextChoices):
    PROVINCE = "province", _("省重点")
    CITY = "city", _("市重点")
    DISTRICT = "district", _("区重点")


class Stage(models.TextChoices):
    """The pipeline: 线索 → 储备 → 在谈 → 签约 → 开工 → 投产/竣工 (and 终止 for dropped leads)."""

    LEAD = "lead", _("线索")
    RESERVE = "reserve", _("储备")
    NEGOTIATING = "negotiating", _("在谈")
    SIGNED = "signed", _("签约")
    STARTED = "started", _("开工")
    COMPLETED = "completed", _("投产/竣工")
    DROPPED = "dropped", _("终止")


class StageGroup(models.TextChoices):
    """储备一批、在谈一批、签约一批、实施一批."""

    RESERVE = "reserve", _("储备")
    NEGOTIATING = "negotiating", _("在谈")
    SIGNED = "signed", _("签约")
    IMPLEMENTING = "implementing", _("实施")


STAGE_GROUP = {
    Stage.LEAD: StageGroup.RESERVE,
    Stage.RESERVE: StageGroup.RESERVE,
    Stage.NEGOTIATING: StageGroup.NEGOTIATING,
    Stage.SIGNED: StageGroup.SIGNED,
    Stage.STARTED: StageGroup.IMPLEMENTING,
    Stage.COMPLETED: StageGroup.IMPLEMENTING,
}


class ChainTag(models.TextChoices):
    STRENGTHEN = "strengthen", _("强链")
    BUILD = "build", _("建链")
    FILL = "fill", _("补链")
    EXTEND = "extend", _("延链")


class AmountClass(models.TextChoices):
    """Derived from the total investment, never typed."""

    BELOW = "below", _("亿元以下")
    ABOVE_1 = "above_1", _("亿元以上")
    ABOVE_5 = "above_5", _("5亿元以上")
    ABOVE_10 = "above_10", _("10亿元以上")


# lower bound in 万元 of each class (the largest match wins)
AMOUNT_CLASS_FLOOR = {
    AmountClass.ABOVE_10: 100000,
    AmountClass.ABOVE_5: 50000,
    AmountClass.ABOVE_1: 10000,
    AmountClass.BELOW: 0,
}


class EventKind(models.TextChoices):
    PROMOTION = "promotion", _("推介会")
    VIDEO_SIGNING = "video_signing", _("视频签约")
    ONLINE = "online", _("线上招商")
    FAIR = "fair", _("展会/论坛")


class IssueStatus(models.TextChoices):
    OPEN = "open", _("办理中")
    RESOLVED = "resolved", _("已解决")


class ProgressStatus(models.TextChoices):
    """Plan completion against time progress (时序进度)."""

    GREEN = "green", _("达到时序进度")
    YELLOW = "yellow", _("略低于时序进度")
    RED = "red", _("明显滞后")
    NONE = "none", _("无年度计划")


class PeerMetric(models.TextChoices):
    COMPLETED_INVESTMENT = "completed_investment", _("完成投资（万元）")
    PLAN_COMPLETION = "plan_completion", _("年度计划完成率（%）")
    PROVINCIAL_STARTED = "provincial_started", _("省重点项目开工个数")
