"""Statistics API: figures per dimension and period, from rollups (fixed number of queries)."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema

from gaoxin.core.apiutils import actor_of, require_token_scope
from gaoxin.core.errors import DomainError, PermissionDenied
from gaoxin.core.permissions import can
from gaoxin.evalstats.models import Dimension
from gaoxin.evalstats.selectors import PERIODS, default_region, figures_by, good_rate_formula, region_figures

router = Router(tags=["好差评统计"])


class FiguresOut(Schema):
    key_id: int
    name: str
    valid: int
    l1: int
    l2: int
    l3: int
    l4: int
    l5: int
    bad: int
    defaults: int
    excluded: int
    cases_completed: int
    cases_rated: int
    good_rate: float | None
    bad_rate: float | None
    satisfaction: float | None
    active_rate: float | None
    callback_rate: float | None
    fix_rate: float | None
    on_time_rate: float | None
    appeals_filed: int
    appeals_upheld: int
    appeals_rejected: int


class StatsOut(Schema):
    period: str
    date: date
    dimension: str
    formula: str
    total: FiguresOut
    rows: list[FiguresOut]


@router.get("/figures", response=StatsOut, summary="按维度和周期的评价统计（含样本量和覆盖率）")
def figures(request: HttpRequest, dimension: str = "department", period: str = "month", on: date | None = None):
    require_token_scope(request, "evalstats.read")
    user = actor_of(request)
    if user is None or not can(user, "evalstats.stats.view"):
        raise PermissionDenied(_("您没有权限查看统计。"))
    if dimension not in Dimension.values or period not in PERIODS:
        raise DomainError(_("维度或周期无效。"), code="invalid_query")
    ref = on or timezone.localdate()
    region = default_region(user)
    if region is None:
        raise DomainError(_("没有可统计的区域。"), code="no_region")
    formula = good_rate_formula(region)
    total = region_figures(user, region=region, period=period, ref=ref, formula=formula)
    rows = figures_by(user, dimension=dimension, period=period, ref=ref, region=region, formula=formula)
    return {
        "period": period,
        "date": ref,
        "dimension": dimension,
        "formula": formula,
        "total": total.as_dict(),
        "rows": [r.as_dict() for r in rows],
    }
