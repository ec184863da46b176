"""Work-order API: the ledger (scoped) and one work order's timeline."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema

from gaoxin.core.apiutils import MAX_ID, actor_of, check_ids, require_token_scope
from gaoxin.core.errors import PermissionDenied
from gaoxin.core.permissions import can
from gaoxin.rectifications.selectors import ledger, order_for

router = Router(tags=["差评整改"])


class OrderOut(Schema):
    id: int
    number: str
    status: str
    level: int
    department: str
    topic: str
    is_real_name: bool
    opened_at: datetime
    callback_due_at: datetime
    fix_due_at: datetime
    is_provisional: bool
    outcome: str


class EventOut(Schema):
    at: datetime
    kind: str
    actor: str
    from_status: str
    to_status: str
    note: str


class OrderDetailOut(OrderOut):
    events: list[EventOut]


def _row(o) -> dict:
    return {
        "id": o.pk,
        "number": o.number,
        "status": o.status,
        "level": o.level,
        "department": o.department.name,
        "topic": o.topic,
        "is_real_name": o.is_real_name,
        "opened_at": o.opened_at,
        "callback_due_at": o.callback_due_at,
        "fix_due_at": o.fix_due_at,
        "is_provisional": o.callback_due_provisional or o.fix_due_provisional,
        "outcome": o.outcome,
    }


def _actor(request: HttpRequest):
    require_token_scope(request, "rectifications.read")
    user = actor_of(request)
    if user is None or not can(user, "rectifications.order.view"):
        raise PermissionDenied(_("您没有权限查看差评工单。"))
    return user


@router.get("/orders", response=list[OrderOut], summary="差评整改台账")
def orders(request: HttpRequest, status: str = "", limit: int = 50, offset: int = 0):
    user = _actor(request)
    qs = ledger(user, filters={"status": status})
    limit = max(1, min(limit, 200))
    offset = max(0, min(offset, MAX_ID))  # as the ratings list: an OFFSET beyond the integers is a SQL error
    return [_row(o) for o in qs[offset : offset + limit]]


@router.get("/orders/{order_id}", response=OrderDetailOut, summary="差评工单及办理记录")
def order(request: HttpRequest, order_id: int):
    check_ids(order_id=order_id)
    o = order_for(_actor(request), order_id)
    events = [
        {
            "at": e.at,
            "kind": e.kind,
            "actor": e.actor_label,
            "from_status": e.from_status,
            "to_status": e.to_status,
            "note": e.note,
        }
        for e in o.events.order_by("at", "id")
    ]
    return _row(o) | {"events": events}
