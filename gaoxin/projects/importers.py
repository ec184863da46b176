"""Excel import of the project list, in the layout the units already keep (one row per project).

Upsert by 项目编码: a new code registers the project, a known one updates it. Amounts are 万元
or written with 亿/万. Every row is checked in the dry run (unknown unit or industry, bad USCC,
plan above total, another unit's project); nothing is written unless every row is valid.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from gaoxin.core.excel import Column, Importer, RowError, register
from gaoxin.core.models import Unit
from gaoxin.core.permissions import can, target_for_unit
from gaoxin.core.validators import validate_uscc
from gaoxin.projects.enums import ChainTag, ProjectLevel, Stage
from gaoxin.projects.models import AttractionMode, IndustryGroup, Project


def _labels(choices: Any) -> dict[str, str]:
    return {str(label): value for value, label in choices}


class ProjectImporter(Importer):
    key = "projects"
    title = gettext_noop("重点项目清单")  # translated where it is shown
    action = "projects.project.manage"
    natural_key = ("code",)
    columns = [
        Column("name", "项目名称", required=True, example="鲁芯之光半导体新产线项目"),
        Column("code", "项目编码", required=True, example="GX2022-001", help="唯一；已存在则更新"),
        Column("level", "项目级别", type="choice", choices=_labels(ProjectLevel.choices), example="市重点"),
        Column("industry", "所属产业", example="新能源新材料", help="“3+1”产业之一"),
        Column("is_manufacturing", "是否制造业", type="bool", example="是"),
        Column(
            "total_investment", "总投资", type="amount_wan", required=True, example="5.2亿", help="万元；可写“5.2亿”"
        ),
        Column("year_plan", "年度计划投资", type="amount_wan", example="12000", help="万元；可写“1.2亿”"),
        Column("plan_year", "计划年度", type="int", example="2022", help="留空为当年"),
        Column("unit", "责任单位", required=True, example="经济发展局"),
        Column("person", "责任人", example="王经理"),
        Column("mode", "招商方式", example="以商招商"),
        Column("investor_name", "投资主体", example="山东鲁芯之光半导体制造有限公司"),
        Column("investor_uscc", "投资主体统一社会信用代码", example="91371500MA3C5XXXXX"),
        Column("site", "建设地点", example="高新区新材料产业园"),
        Column("chain_tag", "链条", type="choice", choices=_labels(ChainTag.choices), example="强链"),
        Column(
            "stage",
            "项目阶段",
            type="choice",
            choices=_labels(Stage.choices),
            example="开工",
            help="仅新项目；留空为储备",
        ),
        Column("signed_on", "签约日期", type="date", example="2022-03-01"),
        Column("started_on", "开工日期", type="date", example="2022-05-10"),
    ]

    def clean_row(self, values: dict[str, Any], *, actor: Any) -> dict[str, Any]:
        from django.utils import timezone

        from gaoxin.projects.selectors import report_year

        row = dict(values)
        unit_name = values["unit"]
        unit = (
            Unit.objects.select_related("region")
            .filter(Q(name=unit_name) | Q(short_name=unit_name), is_active=True)
            .order_by("path")
            .first()
        )
        if unit is None:
            raise RowError("unit", _("找不到责任单位“%(u)s”") % {"u": unit_name})
        if not can(actor, "projects.project.manage", target_for_unit(unit)):
            raise RowError("unit", _("您无权管理“%(u)s”的项目") % {"u": unit.name})
        row["unit"] = unit
        existing = Project.objects.select_related("unit__region").filter(code=values["code"]).first()
        if existing is not None and not can(actor, "projects.project.manage", target_for_unit(existing.unit)):
            raise RowError(
                "code", _("项目“%(c)s”属于%(u)s，您无权修改") % {"c": values["code"], "u": existing.unit.name}
            )
        row["existing"] = existing
        if values.get("industry"):
            row["industry"] = IndustryGroup.objects.filter(name=values["industry"]).first()
            if row["industry"] is None:
                names = "、".join(IndustryGroup.objects.filter(is_active=True).values_list("name", flat=True))
                raise RowError("industry", _("未知的产业“%(v)s”，应为：%(n)s") % {"v": values["industry"], "n": names})
        if values.get("mode"):
            row["mode"] = AttractionMode.objects.filter(name=values["mode"]).first()
            if row["mode"] is None:
                raise RowError("mode", _("未知的招商方式“%(v)s”") % {"v": values["mode"]})
        if values.get("investor_uscc"):
            try:
                row["investor_uscc"] = validate_uscc(values["investor_uscc"])
            except ValidationError as exc:
                raise RowError("investor_uscc", str(exc.messages[0])) from None
        total = values["total_investment"]
        if total <= 0:
            raise RowError("total_investment", _("总投资应大于 0"))
        plan = values.get("year_plan")
        if plan is not None and plan > total:
            raise RowError(
                "year_plan", _("年度计划投资（%(p)s 万元）不能超过总投资（%(t)s 万元）") % {"p": plan, "t": total}
            )
        row["plan_year"] = values.get("plan_year") or report_year() or timezone.localdate().year
        return row

    def existing_keys(self, keys: list[tuple[Any, ...]]) -> set[tuple[Any, ...]]:
        codes = [k[0] for k in keys]
        return {(c,) for c in Project.objects.filter(code__in=codes).values_list("code", flat=True)}

    def upsert(self, rows: list[dict[str, Any]], *, actor: Any) -> tuple[int, int]:
        from gaoxin.core.errors import DomainError
        from gaoxin.projects.services import ProjectData, project_create, project_update

        created = updated = 0
        for row in rows:
            data = ProjectData(
                name=row["name"],
                unit=row["unit"],
                total_investment=row["total_investment"],
                level=row.get("level") or "",
                industry=row.get("industry"),
                is_manufacturing=bool(row.get("is_manufacturing")),
                person=row.get("person") or "",
                mode=row.get("mode"),
                investor_uscc=row.get("investor_uscc") or "",
                investor_name=row.get("investor_name") or "",
                site=row.get("site") or "",
                chain_tag=row.get("chain_tag") or "",
            )
            plans = {row["plan_year"]: row["year_plan"]} if row.get("year_plan") is not None else None
            existing = Project.objects.filter(code=row["code"]).select_related("unit__region").first()
            try:
                if existing is None:
                    project_create(
                        actor=actor,
                        data=data,
                        code=row["code"],
                        year_plans=plans,
                        stage=row.get("stage") or Stage.RESERVE,
                        signed_on=row.get("signed_on"),
                        started_on=row.get("started_on"),
                    )
                    created += 1
                else:
                    project_update(actor=actor, project=existing, data=data, year_plans=plans)
                    updated += 1
            except DomainError as exc:
                raise RowError("", _("项目“%(c)s”：%(m)s") % {"c": row["code"], "m": exc.message}) from exc
        return created, updated


register(ProjectImporter())
