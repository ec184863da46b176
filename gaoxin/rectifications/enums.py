"""Enumerations of the bad-rating closed loop (差评整改)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    OPENED = "opened", _("待回访核实")
    VERIFIED = "verified", _("已核实")
    FIXING = "fixing", _("整改中")
    ANSWERED = "answered", _("已反馈")
    APPEALED = "appealed", _("申诉复核中")
    CLOSED = "closed", _("已办结")
    EXCLUDED = "excluded", _("申诉成立")


OPEN_STATUSES = frozenset({Status.OPENED, Status.VERIFIED, Status.FIXING, Status.APPEALED})


class Finding(models.TextChoices):
    TRUE = "true", _("属实")
    PARTLY = "partly", _("部分属实")
    FALSE = "false", _("不属实")


class FixMode(models.TextChoices):
    IMMEDIATE = "immediate", _("立行立改")
    PLANNED = "planned", _("限期整改")
    EXPLAIN = "explain", _("依法解释")


class Outcome(models.TextChoices):
    NONE = "", _("—")
    SATISFIED = "satisfied", _("群众满意")
    CLOSED_NO_FOLLOWUP = "no_followup", _("反馈后未追评，办结")
    CLOSED_AFTER_REOPEN = "after_reopen", _("重新整改后办结")
    APPEAL_UPHELD = "appeal_upheld", _("申诉成立，不计入统计")


class EventKind(models.TextChoices):
    OPEN = "open", _("生成工单")
    VERIFY = "verify", _("回访核实")
    PLAN = "plan", _("制定整改")
    ANSWER = "answer", _("整改反馈")
    FOLLOWUP = "followup", _("群众评价整改")
    REOPEN = "reopen", _("重新整改")
    CLOSE = "close", _("办结")
    APPEAL = "appeal", _("提出申诉")
    APPEAL_UPHOLD = "appeal_uphold", _("申诉成立")
    APPEAL_REJECT = "appeal_reject", _("申诉驳回")
    REROUTE = "reroute", _("改派")
    WARN = "warn", _("临期提醒")
    ESCALATE = "escalate", _("超期升级")
    TOPIC = "topic", _("更正问题分类")
    REVEAL = "reveal", _("查看评价人信息")
