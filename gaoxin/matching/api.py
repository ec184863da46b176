"""足迹 JSON API: needs (list, create, detail), matches of a need, resources."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from gaoxin.core.apiutils import MAX_ID, actor_of, check_ids, require_token_scope
from gaoxin.core.errors import DomainError, NotFound, PermissionDenied
from gaoxin.core.permissions import can, enterprise_ids_of
from gaoxin.enterprises.models import Enterprise
from gaoxin.matching import selectors, services
from gaoxin.matching.access import require_on_need

router = Router(tags=["matching"])
MAX_LIMIT = 100


class NeedIn(Schema):
    type: str
    title: str
    description: str = ""
    enterprise_id: int | None = Field(None, ge=0, le=MAX_ID)
    amount_wan: Decimal | str | None = None
    regions: list[str] = []
    urgency: str = "low"
    deadline: date | None = None


class NeedOut(Schema):
    id: int
    enterprise_id: int
    enterprise: str
    base_id: int | None
    type: str
    type_label: str
    title: str
    description: str
    amount_wan: Decimal | None
    regions: list[str]
    urgency: str
    deadline: date | None
    status: str
    status_label: str
    created_at: datetime
    first_matched_at: datetime | None
    resolved_at: datetime | None
    rating: int | None


class NeedPage(Schema):
    count: int
    items: list[NeedOut]


class FactorOut(Schema):
    name: str
    label: str
    value: float
    weight: float
    contribution: float
    reason: str


class MatchOut(Schema):
    id: int
    rank: int
    score: float
    status: str
    resource_id: int
    resource: str
    resource_type: str
    provider: str
    summary: str
    factors: list[FactorOut]


class ResourceOut(Schema):
    id: int
    type: str
    type_label: str
    title: str
    provider: str
    base_id: int | None
    industries: list[str]
    regions: list[str]
    amount_min_wan: Decimal | None
    amount_max_wan: Decimal | None
    capacity: int | None
    remaining: int | None
    valid_until: date | None


class ResourcePage(Schema):
    count: int
    items: list[ResourceOut]


def _actor(request: HttpRequest) -> Any:
    actor = actor_of(request)
    if actor is None:
        raise PermissionDenied(_("该令牌不代表任何用户。"), code="no_user")
    return actor


def _need_out(n: Any) -> NeedOut:
    return NeedOut(
        id=n.pk, enterprise_id=n.enterprise_id, enterprise=n.enterprise.name, base_id=n.base_id, type=n.type,
        type_label=n.get_type_display(), title=n.title, description=n.description, amount_wan=n.amount_wan,
        regions=n.regions, urgency=n.urgency, deadline=n.deadline, status=n.status,
        status_label=n.get_status_display(), created_at=n.created_at, first_matched_at=n.first_matched_at,
        resolved_at=n.resolved_at, rating=n.rating,
    )  # fmt: skip


def _limits(limit: int, offset: int) -> tuple[int, int]:
    if not 1 <= limit <= MAX_LIMIT or not 0 <= offset <= MAX_ID:
        raise DomainError(_("分页参数无效：每页 1 到 %(n)d 条。") % {"n": MAX_LIMIT}, code="paging")
    return limit, offset


@router.get("/needs", response=NeedPage, summary="Needs the caller may view (filters: status, type, q)")
def needs_list(
    request: HttpRequest, status: str = "", type: str = "", q: str = "", limit: int = 20, offset: int = 0
) -> NeedPage:
    require_token_scope(request, "matching.need.view")
    actor = _actor(request)
    limit, offset = _limits(limit, offset)
    qs = selectors.needs_for(actor, status=status, type=type, q=q[:100])
    return NeedPage(count=qs.count(), items=[_need_out(n) for n in qs[offset : offset + limit]])


@router.post(
    "/needs", response={201: NeedOut}, summary="Submit a need (enterprise) or record one for an enterprise (operator)"
)
def needs_create(request: HttpRequest, payload: NeedIn) -> Status:
    require_token_scope(request, "matching.need.create")
    actor = _actor(request)
    enterprise_id = payload.enterprise_id
    if enterprise_id is None:
        own = sorted(enterprise_ids_of(actor))
        if len(own) != 1:
            raise DomainError(_("请指定企业（enterprise_id）。"), code="enterprise_required")
        enterprise_id = own[0]
    enterprise = Enterprise.objects.select_related("industry").filter(pk=enterprise_id).first()
    if enterprise is None:
        raise NotFound(_("企业不存在。"))
    need = services.need_create(
        actor=actor, enterprise=enterprise, type=payload.type, title=payload.title, description=payload.description,
        amount_wan=payload.amount_wan, regions=payload.regions, urgency=payload.urgency, deadline=payload.deadline,
    )  # fmt: skip
    return Status(201, _need_out(need))


def _need_or_404(actor: Any, pk: int, action: str = "matching.need.view") -> Any:
    check_ids(need=pk)
    need = selectors.need_detail(pk)
    if need is None:
        raise NotFound(_("需求不存在或无权查看。"))
    require_on_need(actor, action, need)
    return need


@router.get("/needs/{need_id}", response=NeedOut, summary="One need")
def needs_detail(request: HttpRequest, need_id: int) -> NeedOut:
    require_token_scope(request, "matching.need.view")
    return _need_out(_need_or_404(_actor(request), need_id))


@router.get("/needs/{need_id}/matches", response=list[MatchOut], summary="Ranked matches of a need, with reasons")
def needs_matches(request: HttpRequest, need_id: int) -> list[MatchOut]:
    require_token_scope(request, "matching.match.view")
    actor = _actor(request)
    need = _need_or_404(actor, need_id)
    require_on_need(actor, "matching.match.view", need)
    return [
        MatchOut(
            id=m.pk,
            rank=m.rank,
            score=m.score,
            status=m.status,
            resource_id=m.resource_id,
            resource=m.resource.title,
            resource_type=m.resource.type,
            provider=m.resource.provider,
            summary=m.summary,
            factors=[FactorOut(**f) for f in m.factors],
        )
        for m in selectors.matches_of(need)
    ]


@router.get("/resources", response=ResourcePage, summary="Resources of the network (filters: type, q)")
def resources_list(request: HttpRequest, type: str = "", q: str = "", limit: int = 20, offset: int = 0) -> ResourcePage:
    require_token_scope(request, "matching.resource.view")
    actor = _actor(request)
    if not can(actor, "matching.resource.view"):
        raise PermissionDenied(_("您没有权限执行此操作。"))
    limit, offset = _limits(limit, offset)
    qs = selectors.resources_for(actor, type=type, q=q[:100])
    items = [
        ResourceOut(
            id=r.pk,
            type=r.type,
            type_label=r.get_type_display(),
            title=r.title,
            provider=r.provider,
            base_id=r.base_id,
            industries=r.industries,
            regions=r.regions,
            amount_min_wan=r.amount_min_wan,
            amount_max_wan=r.amount_max_wan,
            capacity=r.capacity,
            remaining=r.remaining,
            valid_until=r.valid_until,
        )
        for r in qs[offset : offset + limit]
    ]
    return ResourcePage(count=qs.count(), items=items)
