"""audit_log() (one row) and audit_log_many() (rows built by audit_event()): the writers of
AuditEvent rows. Call them inside the service's transaction."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any, Required, TypedDict, Unpack

from django.db import models
from django.utils import timezone

from gaoxin.core.context import current_request_info
from gaoxin.core.models import AuditEvent, User


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(v) for v in value]
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, models.Model):
        return value.pk
    return value


def snapshot(obj: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """A JSON-able dict of a model's concrete fields (or of `fields`) for before/after."""
    names = fields or [f.attname for f in obj._meta.concrete_fields]
    return {name: _jsonable(getattr(obj, name)) for name in names}


def audit_event(
    *,
    actor: User | None,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str | int = "",
    object_repr: str = "",
    unit_id: int | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    actor_label: str = "",
) -> AuditEvent:
    """The unsaved row audit_log() writes (for audit_log_many)."""
    info = current_request_info()
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:200]
        if unit_id is None:
            unit_id = obj.pk if obj._meta.label_lower == "core.unit" else getattr(obj, "unit_id", None)
    if actor is not None and actor.is_authenticated:
        label = actor_label or f"{actor.display_name or actor.username} ({actor.username})"
        actor_obj: User | None = actor
    else:
        label = actor_label or "anonymous"
        actor_obj = None
    return AuditEvent(
        at=timezone.now(),
        actor=actor_obj,
        actor_label=label[:150],
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        object_repr=object_repr[:200],
        unit_id_ref=unit_id,
        before=_jsonable(before) if before is not None else None,
        after=_jsonable(after) if after is not None else None,
        ip=info.ip,
        user_agent=info.user_agent[:200],
    )


class AuditFields(TypedDict, total=False):
    """audit_event()'s keyword arguments (actor and action required)."""

    actor: Required[User | None]
    action: Required[str]
    obj: models.Model | None
    object_type: str
    object_id: str | int
    object_repr: str
    unit_id: int | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    actor_label: str


def audit_log(**fields: Unpack[AuditFields]) -> AuditEvent:
    event = audit_event(**fields)
    event.save(force_insert=True)
    return event


def audit_log_many(events: list[AuditEvent]) -> list[AuditEvent]:
    """Write rows built by audit_event() in one INSERT (a service that writes many objects at once)."""
    from gaoxin.core.rawfetch import insert_many

    insert_many(events)  # = AuditEvent.objects.bulk_create(events), without compiling it
    return events
