"""Projects API: the project list and detail, the pipeline summary, and stage moves."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from gaoxin.core.apiutils import MAX_ID, actor_of, check_ids, require_token_scope
from gaoxin.core.errors import NotFound, PermissionDenied
from gaoxin.core.permissions import require
from gaoxin.projects import selectors
from gaoxin.projects.services import project_stage_move

router = Router(tags=["projects"])


class ProjectOut(Schema):
    id: int
    code: str
    name: str
    level: str
    industry: str | None
    is_manufacturing: bool
    total_investment: Decimal
    amount_class: str
    unit_id: int
    unit: str
    mode: str | None
    chain_tag: str
    stage: str
    stage_since: date
    signed_on: date | None
    started_on: date | None


class YearPlanOut(Schema):
    year: int
    amount: Decimal


class StageChangeOut(Schema):
    from_stage: str
    to_stage: str
    on: date
    by: str | None


class MilestoneOut(Schema):
    name: str
    planned_on: date
    actual_on: date | None


class ProjectDetailOut(ProjectOut):
    investor_name: str
    investor_uscc: str
    site: str
    year_plans: list[YearPlanOut]
    stage_changes: list[StageChangeOut]
    milestones: list[MilestoneOut]
    completed_investment: Decimal


class ProjectPage(Schema):
    count: int
    items: list[ProjectOut]


class GroupOut(Schema):
    key: str
    label: str
    count: int
    amount: Decimal


class ConversionOut(Schema):
    from_stage: str
    to_stage: str
    base: int
    converted: int
    rate: Decimal | None


class PipelineOut(Schema):
    total: int
    groups: list[GroupOut]
    conversions: list[ConversionOut]


class StageMoveIn(Schema):
    to_stage: str
    on: date | None = None
    note: str = ""


class ProjectQuery(Schema):
    q: str = ""
    level: str = ""
    stage: str = ""
    industry: int | None = Field(None, ge=0, le=MAX_ID)
    unit: int | None = Field(None, ge=0, le=MAX_ID)
    mode: int | None = Field(None, ge=0, le=MAX_ID)
    signed_year: int | None = Field(None, ge=1990, le=2100)
    key_year: int | None = Field(None, ge=1990, le=2100)
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0, le=MAX_ID)  # an OFFSET beyond the integers is a SQL error


def _user(request: HttpRequest) -> Any:
    user = actor_of(request)
    if user is None:
        raise PermissionDenied(_("该令牌不代表任何用户。"), code="no_user")
    return user


def _out(p: Any) -> dict[str, Any]:
    return {
        "id": p.pk,
        "code": p.code,
        "name": p.name,
        "level": p.level,
        "industry": p.industry.name if p.industry_id else None,
        "is_manufacturing": p.is_manufacturing,
        "total_investment": p.total_investment,
        "amount_class": p.amount_class.value,
        "unit_id": p.unit_id,
        "unit": p.unit.name,
        "mode": p.mode.name if p.mode_id else None,
        "chain_tag": p.chain_tag,
        "stage": p.stage,
        "stage_since": p.stage_since,
        "signed_on": p.signed_on,
        "started_on": p.started_on,
    }


@router.get("/", response=ProjectPage, summary="Projects the caller may see (filtered, paged)")
def project_list(request: HttpRequest, filters: Query[ProjectQuery]) -> dict[str, Any]:
    require_token_scope(request, "projects.read")
    user = _user(request)
    require(user, "projects.project.view")
    f = selectors.ProjectFilters(
        q=filters.q[:100],
        level=filters.level,
        stage=filters.stage,
        industry=filters.industry,
        unit=filters.unit,
        mode=filters.mode,
        signed_year=filters.signed_year,
        key_year=filters.key_year,
    )
    qs = selectors.project_list(user, f)
    limit = min(max(filters.limit, 1), 200)
    offset = max(filters.offset, 0)
    return {"count": qs.count(), "items": [_out(p) for p in qs[offset : offset + limit]]}


@router.get("/pipeline", response=PipelineOut, summary="Pipeline: counts and amounts per stage group, conversions")
def pipeline(
    request: HttpRequest, industry: int | None = None, mode: int | None = None, unit: int | None = None
) -> dict[str, Any]:
    require_token_scope(request, "projects.read")
    check_ids(industry=industry, mode=mode, unit=unit)
    user = _user(request)
    require(user, "projects.project.view")
    s = selectors.pipeline_summary(user, selectors.PipelineFilters(industry=industry, mode=mode, unit=unit))
    return {
        "total": s["total"],
        "groups": [
            {"key": g["key"], "label": str(g["label"]), "count": g["count"], "amount": g["amount"]} for g in s["groups"]
        ],
        "conversions": [
            {
                "from_stage": str(c["from"]),
                "to_stage": str(c["to"]),
                "base": c["base"],
                "converted": c["converted"],
                "rate": c["rate"],
            }
            for c in s["conversions"]
        ],
    }


def _project(request: HttpRequest, project_id: int) -> Any:
    check_ids(project_id=project_id)
    user = _user(request)
    require(user, "projects.project.view")
    project = selectors.project_detail(user, project_id)
    if project is None:
        raise NotFound(_("项目不存在或无权查看。"))
    return user, project


@router.get("/{project_id}", response=ProjectDetailOut, summary="One project with plans, stages and milestones")
def project_detail(request: HttpRequest, project_id: int) -> dict[str, Any]:
    require_token_scope(request, "projects.read")
    _u, p = _project(request, project_id)
    return {
        **_out(p),
        "investor_name": p.investor_name,
        "investor_uscc": p.investor_uscc,
        "site": p.site,
        "year_plans": [{"year": y.year, "amount": y.amount} for y in p.year_plans.all()],
        "stage_changes": [
            {"from_stage": c.from_stage, "to_stage": c.to_stage, "on": c.on, "by": str(c.by) if c.by else None}
            for c in p.stage_changes.select_related("by")
        ],
        "milestones": [
            {"name": m.name, "planned_on": m.planned_on, "actual_on": m.actual_on} for m in p.milestones.all()
        ],
        "completed_investment": sum((r.amount for r in p.progress_reports.all()), start=Decimal(0)),
    }


@router.post("/{project_id}/stage", response=ProjectOut, summary="Move a project along the pipeline")
def project_stage(request: HttpRequest, project_id: int, payload: StageMoveIn) -> dict[str, Any]:
    require_token_scope(request, "projects.write")
    user, p = _project(request, project_id)
    moved = project_stage_move(actor=user, project=p, to_stage=payload.to_stage, on=payload.on, note=payload.note[:300])
    moved.unit, moved.industry, moved.mode = p.unit, p.industry, p.mode
    return _out(moved)
