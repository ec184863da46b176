"""Enterprise API: GET /api/v1/enterprises (filtered, scoped, paginated), GET /api/v1/enterprises/{id}."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from gaoxin.core.apiutils import MAX_ID, actor_of, check_ids, require_token_scope
from gaoxin.core.errors import DomainError, NotFound, PermissionDenied
from gaoxin.core.models import User
from gaoxin.core.permissions import can
from gaoxin.enterprises import selectors
from gaoxin.enterprises.enums import QualificationKind
from gaoxin.enterprises.models import Enterprise, Industry

router = Router(tags=["enterprises"])
VIEW = "enterprises.enterprise.view"
TOKEN_SCOPE = "enterprises.read"  # noqa: S105 - a scope name, not a secret


class IndustryOut(Schema):
    code: str
    name: str


class QualificationOut(Schema):
    kind: str
    kind_label: str
    certificate_no: str
    valid_from: date
    valid_to: date | None


class EnterpriseOut(Schema):
    id: int
    name: str
    uscc: str | None
    industry: IndustryOut | None
    unit_id: int | None
    unit_name: str | None
    region_name: str | None
    address: str
    registered_on: date | None
    size: str
    tags: list[str]


class EnterpriseDetailOut(EnterpriseOut):
    description: str
    qualifications: list[QualificationOut]


class EnterprisePage(Schema):
    count: int
    page: int
    page_size: int
    results: list[EnterpriseOut]


class EnterpriseFilters(Schema):
    q: str = ""
    industry: str = ""
    qualification: str = ""
    unit: int | None = Field(None, ge=0, le=MAX_ID)
    page: int = 1
    page_size: int = 50


def _out(e: Enterprise) -> dict:
    return {
        "id": e.pk,
        "name": e.name,
        "uscc": e.uscc,
        "industry": {"code": e.industry.code, "name": e.industry.name} if e.industry is not None else None,
        "unit_id": e.unit_id,
        "unit_name": e.unit.name if e.unit is not None else None,
        "region_name": e.region.name if e.region is not None else None,
        "address": e.address,
        "registered_on": e.registered_on,
        "size": e.size,
        "tags": list(e.tags),
    }


def _actor(request: HttpRequest) -> User:
    require_token_scope(request, TOKEN_SCOPE)
    actor = actor_of(request)
    if actor is None or not can(actor, VIEW):
        raise PermissionDenied(_("您没有权限查看企业信息。"))
    return actor


@router.get("", response=EnterprisePage, summary="Enterprises the caller may see (filtered, paginated)")
def enterprise_list(request: HttpRequest, filters: Query[EnterpriseFilters]) -> dict:
    actor = _actor(request)
    if not 1 <= filters.page_size <= 200 or filters.page < 1:
        raise DomainError(_("分页参数无效：page ≥ 1，page_size 在 1 到 200 之间。"), code="paging")
    if filters.qualification and filters.qualification not in QualificationKind.values:
        raise DomainError(_("资质类型无效：%(k)s") % {"k": filters.qualification}, code="qualification")
    criteria: dict = {"q": filters.q, "qualification": filters.qualification, "unit": filters.unit}
    if filters.industry:
        industry = Industry.objects.filter(code=filters.industry.upper()).first()
        if industry is None:
            raise DomainError(_("行业代码不存在：%(c)s") % {"c": filters.industry}, code="industry")
        criteria["industry"] = industry
    qs = selectors.enterprise_search(actor, criteria)
    start = (filters.page - 1) * filters.page_size
    rows = list(qs[start : start + filters.page_size])
    return {
        "count": qs.count(),
        "page": filters.page,
        "page_size": filters.page_size,
        "results": [_out(e) for e in rows],
    }


@router.get("/{enterprise_id}", response=EnterpriseDetailOut, summary="One enterprise with its qualifications")
def enterprise_get(request: HttpRequest, enterprise_id: int) -> dict:
    check_ids(enterprise_id=enterprise_id)
    actor = _actor(request)
    enterprise = selectors.enterprise_detail(actor, enterprise_id)
    if enterprise is None:
        raise NotFound(_("企业不存在或无权查看。"))
    quals = selectors.qualifications_of(enterprise)
    return {
        **_out(enterprise),
        "description": enterprise.description,
        "qualifications": [
            {
                "kind": q.kind,
                "kind_label": str(q.get_kind_display()),
                "certificate_no": q.certificate_no,
                "valid_from": q.valid_from,
                "valid_to": q.valid_to,
            }
            for q in quals
        ],
    }
