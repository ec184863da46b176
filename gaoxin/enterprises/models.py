"""Enterprise master data shared by every domain."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from gaoxin.enterprises.enums import EnterpriseSize, IndustryLevel, QualificationKind


class Industry(models.Model):
    """A node of GB/T 4754 (门类 letter, 大类 2 digits, 中类 3, 小类 4), versioned."""

    code = models.CharField(_("代码"), max_length=5)
    name = models.CharField(_("名称"), max_length=100)
    level = models.PositiveSmallIntegerField(_("层级"), choices=IndustryLevel.choices)
    parent = models.ForeignKey("self", models.PROTECT, null=True, blank=True, related_name="children")
    version = models.CharField(_("版本"), max_length=20, default="GB/T 4754-2017")

    class Meta:
        verbose_name = _("国民经济行业")
        verbose_name_plural = _("国民经济行业")
        ordering = ["version", "code"]
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="industry_unique_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Enterprise(models.Model):
    name = models.CharField(_("企业名称"), max_length=200, db_index=True)
    name_key = models.CharField(_("名称比对键"), max_length=200, blank=True, db_index=True, editable=False)
    uscc = models.CharField(_("统一社会信用代码"), max_length=18, unique=True, null=True, blank=True)
    industry = models.ForeignKey(
        Industry, models.PROTECT, null=True, blank=True, related_name="enterprises", verbose_name=_("所属行业")
    )
    region = models.ForeignKey(
        "core.Region", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("所在区域")
    )
    unit = models.ForeignKey(
        "core.Unit", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("属地/服务单位")
    )
    address = models.CharField(_("地址"), max_length=300, blank=True)
    registered_on = models.DateField(_("成立日期"), null=True, blank=True)
    size = models.CharField(_("企业规模"), max_length=16, choices=EnterpriseSize.choices, blank=True)
    tags = models.JSONField(_("标签"), default=list, blank=True)
    description = models.TextField(_("简介"), blank=True)
    is_active = models.BooleanField(_("有效"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("企业")
        verbose_name_plural = _("企业")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Qualification(models.Model):
    enterprise = models.ForeignKey(Enterprise, models.CASCADE, related_name="qualifications")
    kind = models.CharField(_("资质类型"), max_length=32, choices=QualificationKind.choices)
    certificate_no = models.CharField(_("证书/入库编号"), max_length=64, blank=True)
    valid_from = models.DateField(_("生效日期"))
    valid_to = models.DateField(_("有效期至"), null=True, blank=True)

    class Meta:
        verbose_name = _("企业资质")
        verbose_name_plural = _("企业资质")
        ordering = ["-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "kind", "valid_from"], name="qualification_unique")
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.get_kind_display()}"


class EnterpriseMember(models.Model):
    """A user who acts for an enterprise (role 企业用户, scope: self)."""

    user = models.ForeignKey("core.User", models.CASCADE, related_name="enterprise_memberships")
    enterprise = models.ForeignKey(Enterprise, models.CASCADE, related_name="members")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("企业用户")
        verbose_name_plural = _("企业用户")
        constraints = [models.UniqueConstraint(fields=["user", "enterprise"], name="member_unique")]

    def __str__(self) -> str:
        return f"{self.user} @ {self.enterprise}"
