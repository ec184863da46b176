"""Statistics API: figures per dimension and period, from rollups (fixed number of queries)."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router
from pydantic import BaseModel

from gaoxin.core.apiutils import actor_of, require_token_scope
from gaoxin.core.errors import DomainError, PermissionDenied
from gaoxin.core.permissions import can
from gaoxin.evalstats.models import Dimension
from gaoxin.evalstats.selectors import PERIODS, default_region, figures_page, good_rate_formula, region_figures

router = Router(tags=["好差评统计"])

# A page holds every subject of a zone today (its ~200 service items); a city or a province has
# thousands of departments or staff, which are read a page at a time.
DEFAULT_LIMIT = 200
MAX_LIMIT = 1000


# Plain pydantic models, not ninja Schemas: the view builds them from dicts it made itself, and
# pydantic validates a dict in its core, where a Schema resolves every field of every row through
# Python getattr (what made thousands of rows cost hundreds of milliseconds).
class FiguresOut(BaseModel):
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


class StatsOut(BaseModel):
    period: str
    date: date
    dimension: str
    formula: str
    total: FiguresOut
    count: int
    limit: int
    offset: int
    rows: list[FiguresOut]


@router.get("/figures", response=StatsOut, summary="按维度和周期的评价统计（含样本量和覆盖率）")
def figures(
    request: HttpRequest,
    dimension: str = "department",
    period: str = "month",
    on: date | None = None,
    limit: int = Query(
        DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="每页对象数（count 为对象总数，按 key_id 排序分页）"
    ),
    offset: int = Query(0, ge=0, le=2_147_483_647, description="跳过的对象数"),
):
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
    count, rows = figures_page(
        user, dimension=dimension, period=period, ref=ref, region=region, formula=formula, limit=limit, offset=offset
    )
    return StatsOut.model_validate(
        {
            "period": period,
            "date": ref,
            "dimension": dimension,
            "formula": formula,
            "total": total.as_dict(),
            "count": count,
            "limit": limit,
            "offset": offset,
            "rows": [r.as_dict() for r in rows],
        }
    )
