"""Resources offered by bases, partners and enterprises; every change re-matches open needs."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gaoxin.core.audit import audit_log, snapshot
from gaoxin.core.errors import DomainError
from gaoxin.core.models import User
from gaoxin.core.permissions import target_for_unit
from gaoxin.enterprises.models import Enterprise
from gaoxin.matching.access import resource_target
from gaoxin.matching.enums import ResourceType
from gaoxin.matching.models import Base, Resource
from gaoxin.matching.services._common import (
    DESCRIPTION_MAX,
    TITLE_MAX,
    check,
    clean_amount,
    clean_choice,
    clean_codes,
    clean_text,
)

EDITABLE = (
    "type", "title", "description", "provider", "industries", "regions", "stages", "amount_min_wan",
    "amount_max_wan", "capacity", "remaining", "valid_from", "valid_until",
)  # fmt: skip


def _clean(data: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {
        "type": clean_choice(data.get("type"), ResourceType, label=_("资源类型")),
        "title": clean_text(data.get("title"), label=_("名称"), max_length=TITLE_MAX),
        "description": clean_text(data.get("description"), label=_("描述"), max_length=DESCRIPTION_MAX, required=False),
        "provider": clean_text(data.get("provider"), label=_("提供方"), max_length=200, required=False),
        "industries": clean_codes(data.get("industries"), label=_("行业")),
        "regions": clean_codes(data.get("regions"), label=_("地区")),
        "stages": clean_codes(data.get("stages"), label=_("投资阶段")),
        "amount_min_wan": clean_amount(data.get("amount_min_wan"), label=_("金额下限")),
        "amount_max_wan": clean_amount(data.get("amount_max_wan"), label=_("金额上限")),
        "valid_from": data.get("valid_from"),
        "valid_until": data.get("valid_until"),
    }
    lo, hi = out["amount_min_wan"], out["amount_max_wan"]
    if lo is not None and hi is not None and hi < lo:
        raise DomainError(_("金额上限不能小于下限。"), code="amount_range")
    for key in ("capacity", "remaining"):
        value = data.get(key)
        if value in (None, ""):
            out[key] = None
            continue
        try:
            out[key] = int(value)
        except (TypeError, ValueError):
            raise DomainError(_("容量和剩余应为整数。"), code="capacity_invalid") from None
        if out[key] < 0:
            raise DomainError(_("容量和剩余不能为负数。"), code="capacity_negative")
    if out["capacity"] is not None and out["remaining"] is None:
        out["remaining"] = out["capacity"]
    if out["capacity"] is not None and out["remaining"] > out["capacity"]:
        raise DomainError(_("剩余不能大于容量。"), code="remaining_gt_capacity")
    vf, vu = out["valid_from"], out["valid_until"]
    if isinstance(vf, date) and isinstance(vu, date) and vu < vf:
        raise DomainError(_("有效期至不能早于生效日期。"), code="validity_range")
    return out


def resource_create(
    *,
    actor: User | None,
    base: Base | None = None,
    enterprise: Enterprise | None = None,
    now: Any = None,
    rematch: bool = True,
    **data: Any,
) -> Resource:
    """Register a resource (type, title, industries, regions, amounts, capacity, validity)."""
    unknown = set(data) - set(EDITABLE)
    if unknown:
        raise DomainError(_("未知字段：%(f)s") % {"f": "、".join(sorted(unknown))}, code="unknown_field")
    clean = _clean(data)
    unit = base.unit if base else None
    check(actor, "matching.resource.manage", target_for_unit(unit))
    if not clean["provider"]:
        clean["provider"] = enterprise.name if enterprise else (str(base) if base else "")
    moment = now or timezone.now()
    with transaction.atomic():
        resource = Resource.objects.create(
            base=base, unit=unit, enterprise=enterprise, created_by=actor or _creator(base), created_at=moment,
            updated_at=moment, **clean,
        )  # fmt: skip
        audit_log(actor=actor, action="matching.resource.create", obj=resource, after=snapshot(resource))
        if rematch:
            _enqueue(resource.pk)
    return resource


def resource_update(*, actor: User | None, resource: Resource, now: Any = None, **data: Any) -> Resource:
    unknown = set(data) - set(EDITABLE)
    if unknown:
        raise DomainError(_("未知字段：%(f)s") % {"f": "、".join(sorted(unknown))}, code="unknown_field")
    check(actor, "matching.resource.manage", resource_target(resource))
    merged = {k: getattr(resource, k) for k in EDITABLE} | data
    clean = _clean(merged)
    with transaction.atomic():
        before = snapshot(resource)
        for key, value in clean.items():
            setattr(resource, key, value)
        resource.updated_at = now or timezone.now()
        resource.save()
        audit_log(actor=actor, action="matching.resource.update", obj=resource, before=before, after=snapshot(resource))
        _enqueue(resource.pk)
    return resource


def resource_deactivate(*, actor: User | None, resource: Resource, now: Any = None) -> Resource:
    check(actor, "matching.resource.manage", resource_target(resource))
    with transaction.atomic():
        resource.is_active = False
        resource.updated_at = now or timezone.now()
        resource.save(update_fields=["is_active", "updated_at"])
        audit_log(actor=actor, action="matching.resource.deactivate", obj=resource, before={"is_active": True},
                  after={"is_active": False})  # fmt: skip
    return resource


def _creator(base: Base | None) -> User:
    from gaoxin.matching.services.needs import _system_user

    return _system_user(base)


def _enqueue(resource_id: int) -> None:
    from gaoxin.matching.tasks import rematch_for_resource

    transaction.on_commit(lambda: rematch_for_resource.enqueue(resource_id))
