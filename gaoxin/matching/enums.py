"""Choices of the 足迹 domain: bases, trail, needs, resources, matches, referrals, docking, events."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class BaseKind(models.TextChoices):
    INCUBATOR = "incubator", _("孵化器")
    MAKER_SPACE = "maker_space", _("众创空间")
    UNIVERSITY_PARK = "university_park", _("大学科技园")


class IncubationStage(models.TextChoices):
    SEED = "seed", _("种子期")
    STARTUP = "startup", _("初创期")
    GROWTH = "growth", _("成长期")
    MATURE = "mature", _("成熟期")


class TrailKind(models.TextChoices):
    VISIT = "visit", _("走访")
    CALL = "call", _("电话")
    EVENT = "event", _("活动")
    SERVICE = "service", _("服务")


class NeedType(models.TextChoices):
    MARKET = "market", _("客户/市场渠道")
    FUNDING = "funding", _("融资")
    TECHNOLOGY = "technology", _("技术/研发合作")
    TALENT = "talent", _("人才")
    SPACE = "space", _("场地/厂房")
    POLICY = "policy", _("政策/资质申报")
    SUPPLY = "supply", _("供应链/采购")
    OTHER = "other", _("其他")


class Urgency(models.TextChoices):
    LOW = "low", _("一般")
    NORMAL = "normal", _("较急")
    HIGH = "high", _("紧急")


class NeedStatus(models.TextChoices):
    SUBMITTED = "submitted", _("已提交")
    MATCHING = "matching", _("匹配中")
    DOCKING = "docking", _("对接中")
    RESOLVED = "resolved", _("已解决")
    UNRESOLVED = "unresolved", _("未解决")
    CLOSED = "closed", _("已关闭")


OPEN_NEED_STATUSES = (NeedStatus.SUBMITTED, NeedStatus.MATCHING, NeedStatus.DOCKING)
FINAL_NEED_STATUSES = (NeedStatus.RESOLVED, NeedStatus.UNRESOLVED, NeedStatus.CLOSED)


class ResourceType(models.TextChoices):
    CUSTOMER = "customer", _("客户（采购需求）")
    INVESTOR = "investor", _("投资机构")
    EXPERT = "expert", _("专家")
    LAB = "lab", _("高校/科研实验室")
    SERVICE_PROVIDER = "service_provider", _("服务机构")
    SPACE = "space", _("场地")
    POLICY = "policy", _("政策")
    SUPPLIER = "supplier", _("供应商")
    ENTERPRISE_OFFERING = "enterprise_offering", _("企业产品/服务")
    OTHER = "other", _("其他")


class MatchStatus(models.TextChoices):
    PROPOSED = "proposed", _("推荐")
    ACCEPTED = "accepted", _("已采纳")
    REJECTED = "rejected", _("已否决")
    DEAL = "deal", _("已成交")


class ReferralStatus(models.TextChoices):
    PENDING = "pending", _("待接收")
    ACCEPTED = "accepted", _("已接收")
    DECLINED = "declined", _("已退回")
    COMPLETED = "completed", _("已办结")


class DockingOutcome(models.TextChoices):
    PENDING = "pending", _("待跟进")
    DEAL = "deal", _("达成合作")
    NO_DEAL = "no_deal", _("未达成")


class EventKind(models.TextChoices):
    ROADSHOW = "roadshow", _("项目路演")
    SALON = "salon", _("创业沙龙")
    TRAINING = "training", _("培训讲座")
    MATCHMAKING = "matchmaking", _("供需对接会")
    COMPETITION = "competition", _("创新创业大赛")
    OTHER = "other", _("其他")


class IndustryGroup(models.TextChoices):
    """The zone's "3+1" industry groups."""

    NEW_ENERGY_MATERIALS = "new_energy_materials", _("新能源新材料")
    HIGH_END_EQUIPMENT = "high_end_equipment", _("高端装备")
    HEALTH = "health", _("医养健康")
    OTHER = "other", _("其他产业")
