"""Helpers of the work-order services: policy, targets, recipients, the transition writer."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Required, TypedDict, Unpack

from django.utils import timezone
from django.utils.translation import gettext as _

from gaoxin.core.audit import audit_event
from gaoxin.core.enums import Role
from gaoxin.core.errors import PermissionDenied
from gaoxin.core.models import AuditEvent, Region, RoleGrant, Unit, User
from gaoxin.core.permissions import can, target_for_unit
from gaoxin.rectifications import workflow
from gaoxin.rectifications.enums import Status
from gaoxin.rectifications.models import RectificationPolicy, WorkOrder, WorkOrderEvent


@dataclass(frozen=True)
class Deadlines:
    callback_days: int = 1  # call back and verify: 1 working day
    fix_days: int = 5  # fix and answer: 5 working days (Shandong)
    warn_hours: int = 4  # warn this long before a deadline


DEFAULT_DEADLINES = Deadlines()


def deadlines_for(region: Region) -> Deadlines:
    """Nearest region up the tree that sets a field wins; then the defaults."""
    return deadlines_by_region([region])[region.pk]


def deadlines_by_region(regions: Iterable[Region]) -> dict[int, Deadlines]:
    """deadlines_for() of each region, in one read."""
    paths = {r.pk: [int(p) for p in r.path.strip("/").split("/") if p] or [r.pk] for r in regions}
    ids = {i for path in paths.values() for i in path}
    rows = {p.region_id: p for p in RectificationPolicy.objects.filter(region_id__in=ids)}
    out = {}
    for region_id, path in paths.items():
        values: dict[str, int] = {}
        for rid in reversed(path):
            row = rows.get(rid)
            if row is None:
                continue
            for name in ("callback_days", "fix_days", "warn_hours"):
                if name not in values and getattr(row, name) is not None:
                    values[name] = getattr(row, name)
        out[region_id] = Deadlines(**{**DEFAULT_DEADLINES.__dict__, **values})
    return out


def load_order(order: WorkOrder | int) -> WorkOrder:
    """The order with what permission checks need, locked for update inside a transaction."""
    pk = order.pk if isinstance(order, WorkOrder) else order
    return (
        WorkOrder.objects.select_for_update(of=("self",))
        .select_related("department__region", "hall__unit__region", "rating__region", "rating__hall__unit")
        .get(pk=pk)
    )


def require_handle(actor: User | None, order: WorkOrder, action: str = "rectifications.order.handle") -> None:
    """Handling actions are checked on the responsible department only."""
    if actor is None or not can(actor, action, target_for_unit(order.department)):
        raise PermissionDenied(_("只有责任单位的差评处理人可以办理该工单。"), code="not_handler")


def require_supervise(actor: User | None, action: str, order: WorkOrder) -> None:
    """Supervision passes on the department or on the hall's unit."""
    targets = (target_for_unit(order.department), target_for_unit(order.hall.unit))
    if actor is None or not any(can(actor, action, t) for t in targets):
        raise PermissionDenied(_("您没有权限执行此操作。"))


def _users_with_role(role: Role, unit: Unit) -> list[User]:
    ancestors = [int(p) for p in unit.path.strip("/").split("/") if p]
    ids = RoleGrant.objects.filter(role=role, unit_id__in=ancestors).values_list("user_id", flat=True)
    return list(User.objects.filter(pk__in=ids, is_active=True).order_by("pk"))


def handlers_of(unit: Unit) -> list[User]:
    return _users_with_role(Role.HANDLER, unit)


def hall_managers_of(unit: Unit) -> list[User]:
    return _users_with_role(Role.HALL_MANAGER, unit)


def actor_label(actor: User | None) -> str:
    if actor is None:
        return _("系统")
    return actor.display_name or actor.username


class EventFields(TypedDict, total=False):
    """order_event()'s keyword arguments after the order and kind (actor required)."""

    actor: Required[User | None]
    note: str
    data: dict | None
    from_status: str
    to_status: str


def record_event(order: WorkOrder, kind: str, **fields: Unpack[EventFields]) -> WorkOrderEvent:
    event, audit = order_event(order, kind, **fields)
    event.save(force_insert=True)
    audit.save(force_insert=True)
    return event


def order_event(
    order: WorkOrder,
    kind: str,
    *,
    actor: User | None,
    note: str = "",
    data: dict | None = None,
    from_status: str = "",
    to_status: str = "",
) -> tuple[WorkOrderEvent, AuditEvent]:
    """The unsaved event row and audit row record_event() writes (for services writing many)."""
    event = WorkOrderEvent(
        order=order,
        at=timezone.now(),
        actor=actor if actor is not None and actor.is_authenticated else None,
        actor_label=actor_label(actor)[:150],
        kind=kind,
        from_status=from_status,
        to_status=to_status,
        note=note,
        data=data or {},
    )
    audit = audit_event(
        actor=actor,
        action=f"rectifications.order.{kind}",
        obj=order,
        unit_id=order.department_id,
        before={"status": from_status} if from_status else None,
        after={"status": to_status or order.status, **(data or {})},
    )
    return event, audit


def transition(order: WorkOrder, to: str, *, actor: User | None, note: str = "", data: dict | None = None) -> str:
    """Check the pair against workflow.TRANSITIONS, set the status, write the event and audit."""
    previous = order.status
    kind = workflow.check(previous, to)
    order.status = to
    record_event(order, kind, actor=actor, note=note, data=data, from_status=previous, to_status=to)
    return kind


def require_text(value: str, message: str, *, code: str) -> str:
    from gaoxin.core.errors import DomainError

    text = (value or "").strip()
    if not text:
        raise DomainError(message, code=code)
    return text


__all__ = ["Status"]
