from django.db import models
from django.utils.translation import gettext_lazy as _


class RegionLevel(models.TextChoices):
    PROVINCE = "province", _("省")
    CITY = "city", _("市")
    COUNTY = "county", _("县/区")
    ZONE = "zone", _("开发区/高新区")
    TOWN = "town", _("乡镇/街道")


class UnitKind(models.TextChoices):
    COMMITTEE = "committee", _("管委会")
    BUREAU = "bureau", _("局/办/中心")
    SECTION = "section", _("科室")
    TOWN = "town", _("镇街")
    PARK = "park", _("园区")
    HALL = "hall", _("政务服务大厅")
    BASE = "base", _("孵化基地")
    ENTERPRISE = "enterprise", _("企业")


class Role(models.TextChoices):
    SYSTEM_ADMIN = "system_admin", _("系统管理员")
    ZONE_LEADER = "zone_leader", _("管委会领导")
    DEPT_OFFICER = "dept_officer", _("部门工作人员")
    HALL_MANAGER = "hall_manager", _("大厅管理员")
    WINDOW_STAFF = "window_staff", _("窗口人员")
    HANDLER = "handler", _("差评处理人")
    INCUBATOR_OPERATOR = "incubator_operator", _("孵化基地运营人员")
    ENTERPRISE_USER = "enterprise_user", _("企业用户")


class Scope(models.IntegerChoices):
    """How far a role's grant reaches, from narrowest to widest."""

    SELF = 1, _("本人")
    UNIT = 2, _("本单位")
    SUBTREE = 3, _("本单位及下级")
    REGION = 4, _("本区域")
    ALL = 5, _("全部")


class CalendarDayKind(models.TextChoices):
    HOLIDAY = "holiday", _("法定节假日")
    WORKDAY = "workday", _("调休上班")


class TokenKind(models.TextChoices):
    SYSTEM = "system", _("外部系统")
    DEVICE = "device", _("设备")


class NotifyChannel(models.TextChoices):
    INBOX = "inbox", _("站内信")
    SMS = "sms", _("短信")
    WECOM = "wecom", _("企业微信")
    DINGTALK = "dingtalk", _("钉钉")
    EMAIL = "email", _("电子邮件")
    WEBHOOK = "webhook", _("Webhook")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("待发送")
    SENT = "sent", _("已发送")
    RETRYING = "retrying", _("重试中")
    FAILED = "failed", _("发送失败")
    SKIPPED = "skipped", _("渠道未配置")


class ImportStatus(models.TextChoices):
    UPLOADED = "uploaded", _("已上传")
    VALIDATING = "validating", _("校验中")
    INVALID = "invalid", _("校验未通过")
    READY = "ready", _("待确认导入")
    COMMITTING = "committing", _("导入中")
    DONE = "done", _("已导入")
    FAILED = "failed", _("导入失败")
