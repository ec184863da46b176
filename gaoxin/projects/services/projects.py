"""Project library writes: create, update, annual plans, stage moves, milestones."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gaoxin.core.audit import audit_log, snapshot
from gaoxin.core.errors import Conflict, DomainError
from gaoxin.core.models import Unit, User
from gaoxin.core.validators import validate_uscc
from gaoxin.projects import workflow
from gaoxin.projects.enums import ChainTag, ProjectLevel, Stage
from gaoxin.projects.models import (
    AttractionMode,
    Event,
    IndustryGroup,
    Milestone,
    MilestoneTemplate,
    Project,
    ProjectYearPlan,
    StageChange,
    Trip,
)
from gaoxin.projects.services._common import check, today

EDITABLE = (
    "name",
    "level",
    "industry",
    "is_manufacturing",
    "total_investment",
    "unit",
    "person",
    "phone",
    "mode",
    "investor_uscc",
    "investor_name",
    "site",
    "chain_tag",
    "description",
)
MAX_AMOUNT = Decimal("99999999999")


@dataclass
class ProjectData:
    """What a form, the API or an import row says about a project (already parsed)."""

    name: str
    unit: Unit
    total_investment: Decimal
    level: str = ""
    industry: IndustryGroup | None = None
    is_manufacturing: bool = False
    person: str = ""
    phone: str = ""
    mode: AttractionMode | None = None
    investor_uscc: str = ""
    investor_name: str = ""
    site: str = ""
    chain_tag: str = ""
    description: str = ""


def _amount(value: Any, label: str, *, allow_zero: bool = False) -> Decimal:
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        raise DomainError(_("%(f)s应为数字（万元）。") % {"f": label}, code="amount_invalid") from None
    if not amount.is_finite() or amount < 0 or (amount == 0 and not allow_zero):
        raise DomainError(_("%(f)s应大于 0（万元）。") % {"f": label}, code="amount_invalid")
    if amount > MAX_AMOUNT:
        raise DomainError(_("%(f)s过大，请以万元为单位填写。") % {"f": label}, code="amount_invalid")
    return amount.quantize(Decimal("0.01"))


def _clean(data: ProjectData) -> dict[str, Any]:
    errors = []
    name = (data.name or "").strip()
    if not name:
        errors.append(_("项目名称不能为空。"))
    if data.level not in ("", *ProjectLevel.values):
        errors.append(_("项目级别无效：%(v)s") % {"v": data.level})
    if data.chain_tag not in ("", *ChainTag.values):
        errors.append(_("链条标签无效：%(v)s") % {"v": data.chain_tag})
    uscc = (data.investor_uscc or "").strip().upper()
    if uscc:
        try:
            uscc = validate_uscc(uscc)
        except ValidationError as exc:
            errors.append(str(exc.messages[0]))
    try:
        total = _amount(data.total_investment, _("总投资"))
    except DomainError as exc:
        errors.append(exc.message)
        total = Decimal(0)
    if errors:
        raise DomainError("；".join(errors), code="project_invalid", details=errors)
    return {
        "name": name[:200],
        "level": data.level,
        "industry": data.industry,
        "is_manufacturing": bool(data.is_manufacturing),
        "total_investment": total,
        "unit": data.unit,
        "person": (data.person or "").strip()[:50],
        "phone": (data.phone or "").strip()[:20],
        "mode": data.mode,
        "investor_uscc": uscc,
        "investor_name": (data.investor_name or "").strip()[:200],
        "site": (data.site or "").strip()[:200],
        "chain_tag": data.chain_tag,
        "description": data.description or "",
    }


def _investor(uscc: str, name: str, actor: User | None) -> Any:
    """The investor in the enterprise master data: found by USCC, or registered with its name."""
    if not uscc:
        return None
    from gaoxin.enterprises.models import Enterprise

    existing = Enterprise.objects.filter(uscc=uscc).first()
    if existing is not None or not name:
        return existing
    from gaoxin.enterprises.services import enterprise_create

    return enterprise_create(actor=actor, name=name, uscc=uscc)


def _next_code(year: int) -> str:
    prefix = f"XM{year}"
    last = Project.objects.filter(code__startswith=prefix).order_by("-code").values_list("code", flat=True).first()
    seq = int(last[len(prefix) :]) + 1 if last and last[len(prefix) :].isdigit() else 1
    return f"{prefix}{seq:04d}"


def _clean_plans(plans: Mapping[int, Any] | None, total: Decimal) -> dict[int, Decimal]:
    result: dict[int, Decimal] = {}
    for year, amount in (plans or {}).items():
        if not 2000 <= int(year) <= 2100:
            raise DomainError(_("年度无效：%(y)s") % {"y": year}, code="plan_year")
        value = _amount(amount, _("%(y)s 年计划投资") % {"y": year}, allow_zero=True)
        if value > total:
            raise DomainError(
                _("%(y)s 年计划投资（%(a)s 万元）不能超过总投资（%(t)s 万元）。") % {"y": year, "a": value, "t": total},
                code="plan_exceeds_total",
            )
        result[int(year)] = value
    if sum(result.values(), Decimal(0)) > total:
        raise DomainError(_("各年度计划投资之和不能超过总投资。"), code="plan_exceeds_total")
    return result


def _validate_history(
    stage: str, stage_since: date, signed_on: date | None, started_on: date | None, completed_on: date | None
) -> None:
    if stage_since > today():
        raise DomainError(_("阶段日期不能晚于今天。"), code="stage_date_future")
    needs = workflow.path_to(stage)
    if Stage.SIGNED in needs and signed_on is None:
        raise DomainError(_("“%(s)s”阶段的项目须填写签约日期。") % {"s": Stage(stage).label}, code="signed_on_missing")
    if Stage.STARTED in needs and started_on is None:
        raise DomainError(_("“%(s)s”阶段的项目须填写开工日期。") % {"s": Stage(stage).label}, code="started_on_missing")
    if Stage.COMPLETED in needs and completed_on is None:
        raise DomainError(_("已投产/竣工的项目须填写投产/竣工日期。"), code="completed_on_missing")
    dates = [d for d in (signed_on, started_on, completed_on) if d is not None]
    if dates != sorted(dates):
        raise DomainError(_("日期顺序有误：签约、开工、投产/竣工日期应依次不早于前者。"), code="stage_date_order")
    if any(d > today() for d in dates):
        raise DomainError(_("签约、开工、投产/竣工日期不能晚于今天。"), code="stage_date_future")


def project_create(
    *,
    actor: User | None,
    data: ProjectData,
    code: str = "",
    year_plans: Mapping[int, Any] | None = None,
    stage: str = Stage.LEAD,
    stage_since: date | None = None,
    signed_on: date | None = None,
    started_on: date | None = None,
    completed_on: date | None = None,
    event: Event | None = None,
    trip: Trip | None = None,
) -> Project:
    """Register a project. A project already under way may be entered at its current stage
    with its dates (one StageChange row "录入"); later moves go through project_stage_move()."""
    check(actor, "projects.project.manage", data.unit)
    return _project_create(
        actor=actor,
        data=data,
        code=code,
        year_plans=year_plans,
        stage=stage,
        stage_since=stage_since,
        signed_on=signed_on,
        started_on=started_on,
        completed_on=completed_on,
        event=event,
        trip=trip,
    )


def _project_create(
    *,
    actor: User | None,
    data: ProjectData,
    code: str,
    year_plans: Mapping[int, Any] | None,
    stage: str,
    stage_since: date | None,
    signed_on: date | None,
    started_on: date | None,
    completed_on: date | None,
    event: Event | None,
    trip: Trip | None,
) -> Project:
    values = _clean(data)
    plans = _clean_plans(year_plans, values["total_investment"])
    if stage not in Stage.values:
        raise DomainError(_("未知的项目阶段：%(s)s") % {"s": stage}, code="stage_unknown")
    if stage in (Stage.SIGNED, Stage.STARTED, Stage.COMPLETED):
        since = stage_since or {Stage.SIGNED: signed_on, Stage.STARTED: started_on}.get(Stage(stage)) or completed_on
    else:
        since = stage_since or today()
    if since is None:
        since = today()
    _validate_history(stage, since, signed_on, started_on, completed_on)
    code = (code or "").strip()
    with transaction.atomic():
        if not code:
            code = _next_code(since.year)
        if Project.objects.filter(code=code).exists():
            raise Conflict(_("项目编码“%(c)s”已存在。") % {"c": code}, code="project_code_taken")
        project = Project.objects.create(
            code=code[:40],
            stage=stage,
            stage_since=since,
            signed_on=signed_on,
            started_on=started_on,
            completed_on=completed_on,
            event=event,
            trip=trip,
            investor=_investor(values["investor_uscc"], values["investor_name"], actor),
            **values,
        )
        ProjectYearPlan.objects.bulk_create(
            [ProjectYearPlan(project=project, year=y, amount=a) for y, a in sorted(plans.items())]
        )
        StageChange.objects.create(project=project, from_stage="", to_stage=stage, on=since, by=actor, note=_("录入"))
        audit_log(
            actor=actor,
            action="projects.project.create",
            obj=project,
            after={**snapshot(project), "year_plans": {str(y): str(a) for y, a in plans.items()}},
        )
    return project


def project_update(
    *, actor: User | None, project: Project, data: ProjectData, year_plans: Mapping[int, Any] | None = None
) -> Project:
    """Edit a project's data (the actor must manage both its current and its new unit)."""
    check(actor, "projects.project.manage", project.unit)
    if data.unit.pk != project.unit_id:
        check(actor, "projects.project.manage", data.unit)
    values = _clean(data)
    with transaction.atomic():
        locked = Project.objects.select_for_update().get(pk=project.pk)
        existing = {p.year: p.amount for p in locked.year_plans.all()}
        plans = _clean_plans({**existing, **(year_plans or {})}, values["total_investment"])
        before = {**snapshot(locked), "year_plans": {str(y): str(a) for y, a in existing.items()}}
        for field, value in values.items():
            setattr(locked, field, value)
        locked.investor = _investor(values["investor_uscc"], values["investor_name"], actor)
        locked.save()
        for year, amount in plans.items():
            ProjectYearPlan.objects.update_or_create(project=locked, year=year, defaults={"amount": amount})
        audit_log(
            actor=actor,
            action="projects.project.update",
            obj=locked,
            before=before,
            after={**snapshot(locked), "year_plans": {str(y): str(a) for y, a in plans.items()}},
        )
    return locked


def project_stage_move(
    *, actor: User | None, project: Project, to_stage: str, on: date | None = None, note: str = ""
) -> Project:
    """Move a project along the pipeline (workflow.TRANSITIONS); records who and when."""
    check(actor, "projects.stage.move", project.unit)
    on = on or today()
    with transaction.atomic():
        locked = Project.objects.select_for_update().get(pk=project.pk)
        workflow.check_transition(locked.stage, to_stage)
        if on > today():
            raise DomainError(_("阶段日期不能晚于今天。"), code="stage_date_future")
        if on < locked.stage_since:
            raise DomainError(
                _("阶段日期不能早于进入当前阶段的日期（%(d)s）。") % {"d": locked.stage_since}, code="stage_date_order"
            )
        before = {"stage": locked.stage, "stage_since": locked.stage_since}
        from_stage = locked.stage
        locked.stage, locked.stage_since = to_stage, on
        fields = ["stage", "stage_since", "updated_at"]
        if to_stage == Stage.SIGNED:
            locked.signed_on = on
            fields.append("signed_on")
        elif to_stage == Stage.STARTED:
            locked.started_on = on
            fields.append("started_on")
        elif to_stage == Stage.COMPLETED:
            locked.completed_on = on
            fields.append("completed_on")
        locked.save(update_fields=fields)
        StageChange.objects.create(
            project=locked, from_stage=from_stage, to_stage=to_stage, on=on, by=actor, note=(note or "")[:300]
        )
        if to_stage == Stage.SIGNED and not locked.milestones.exists():
            _apply_templates(locked, on)
        audit_log(
            actor=actor,
            action="projects.stage.move",
            obj=locked,
            before=before,
            after={"stage": to_stage, "stage_since": on, "note": note},
        )
    return locked


def _apply_templates(project: Project, start: date) -> list[Milestone]:
    return Milestone.objects.bulk_create(
        [
            Milestone(
                project=project, template=t, name=t.name, planned_on=start + timedelta(days=t.offset_days), sort=t.sort
            )
            for t in MilestoneTemplate.objects.filter(is_active=True)
        ]
    )


def milestone_plan(
    *, actor: User | None, project: Project, name: str, planned_on: date, actual_on: date | None = None
) -> Milestone:
    """Add a milestone to a project's plan (or re-plan an existing one of that name)."""
    check(actor, "projects.project.manage", project.unit)
    name = (name or "").strip()
    if not name:
        raise DomainError(_("节点名称不能为空。"), code="milestone_name")
    if actual_on is not None and actual_on > today():
        raise DomainError(_("实际完成日期不能晚于今天。"), code="milestone_future")
    with transaction.atomic():
        existing = Milestone.objects.filter(project=project, name=name).first()
        before = snapshot(existing) if existing else None
        milestone, _created = Milestone.objects.update_or_create(
            project=project,
            name=name[:50],
            defaults={"planned_on": planned_on, "actual_on": actual_on} if actual_on else {"planned_on": planned_on},
        )
        audit_log(
            actor=actor,
            action="projects.milestone.plan",
            obj=milestone,
            unit_id=project.unit_id,
            before=before,
            after=snapshot(milestone),
        )
    return milestone


def milestone_complete(*, actor: User | None, milestone: Milestone, actual_on: date | None = None) -> Milestone:
    project = milestone.project
    check(actor, "projects.project.manage", project.unit)
    actual_on = actual_on or today()
    if actual_on > today():
        raise DomainError(_("实际完成日期不能晚于今天。"), code="milestone_future")
    with transaction.atomic():
        before = snapshot(milestone)
        milestone.actual_on = actual_on
        milestone.save(update_fields=["actual_on"])
        audit_log(
            actor=actor,
            action="projects.milestone.complete",
            obj=milestone,
            unit_id=project.unit_id,
            before=before,
            after=snapshot(milestone),
        )
    return milestone


def milestone_apply_templates(*, actor: User | None, project: Project, start: date) -> list[Milestone]:
    """Plan every active template milestone not yet planned, counted from `start`."""
    check(actor, "projects.project.manage", project.unit)
    with transaction.atomic():
        have = set(project.milestones.values_list("name", flat=True))
        rows = Milestone.objects.bulk_create(
            [
                Milestone(
                    project=project,
                    template=t,
                    name=t.name,
                    planned_on=start + timedelta(days=t.offset_days),
                    sort=t.sort,
                )
                for t in MilestoneTemplate.objects.filter(is_active=True)
                if t.name not in have
            ]
        )
        audit_log(
            actor=actor,
            action="projects.milestone.apply_templates",
            obj=project,
            after={"start": start, "names": [m.name for m in rows]},
        )
    return rows


DEFAULT_INDUSTRIES = ["新能源新材料", "高端装备", "医养健康", "现代服务业"]
DEFAULT_MODES = ["以商招商", "人才招商", "产业招商", "基金招商", "驻地招商", "平台招商"]
DEFAULT_MILESTONES = [("立项", 30), ("土地", 60), ("规划", 90), ("环评", 90), ("施工许可", 120)]


def reference_data_ensure(*, actor: User | None) -> None:
    """Make sure the configurable tables have their defaults (after a flush, or a new install)."""
    if actor is not None:
        check(actor, "projects.project.manage", None)
    with transaction.atomic():
        added = []
        for i, name in enumerate(DEFAULT_INDUSTRIES):
            if IndustryGroup.objects.get_or_create(name=name, defaults={"sort": i})[1]:
                added.append(name)
        for i, name in enumerate(DEFAULT_MODES):
            if AttractionMode.objects.get_or_create(name=name, defaults={"sort": i})[1]:
                added.append(name)
        for i, (name, days) in enumerate(DEFAULT_MILESTONES):
            if MilestoneTemplate.objects.get_or_create(name=name, defaults={"sort": i, "offset_days": days})[1]:
                added.append(name)
        if added:
            audit_log(
                actor=actor,
                action="projects.reference.ensure",
                object_type="projects.reference",
                after={"added": added},
            )
