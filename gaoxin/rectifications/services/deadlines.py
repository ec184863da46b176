"""Warnings before a deadline and escalation when overdue (run by the periodic job)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from gaoxin.core.notify.services import notify
from gaoxin.rectifications.enums import EventKind, Status
from gaoxin.rectifications.models import WorkOrder
from gaoxin.rectifications.services._common import (
    deadlines_for,
    hall_managers_of,
    handlers_of,
    load_order,
    record_event,
)
from gaoxin.rectifications.services.opening import order_url, sms_to_rater

CALLBACK_STEP = (Status.OPENED,)
FIX_STEP = (Status.OPENED, Status.VERIFIED, Status.FIXING)


def _warn(order: WorkOrder, step: str, due: datetime) -> None:
    label = _("回访核实") if step == "callback" else _("整改反馈")
    record_event(
        order,
        EventKind.WARN,
        actor=None,
        note=_("%(s)s将于 %(d)s 到期") % {"s": label, "d": f"{timezone.localtime(due):%Y-%m-%d %H:%M}"},
        data={"step": step},
    )
    notify(
        recipients=handlers_of(order.department),
        kind="rectifications.warn",
        title=_("工单 %(n)s %(s)s即将到期") % {"n": order.number, "s": label},
        url=order_url(order),
        object_type="rectifications.workorder",
        object_id=order.pk,
    )


def _escalate(order: WorkOrder, step: str) -> None:
    label = _("回访核实") if step == "callback" else _("整改反馈")
    order.escalated = True
    record_event(
        order,
        EventKind.ESCALATE,
        actor=None,
        note=_("%(s)s已超期，升级至部门负责人和大厅管理员") % {"s": label},
        data={"step": step},
    )
    recipients = hall_managers_of(order.hall.unit)
    if order.department.head_id:
        recipients.append(order.department.head)  # type: ignore[arg-type]  # head_id checked
    notify(
        recipients=recipients,
        kind="rectifications.escalate",
        title=_("工单 %(n)s %(s)s超期") % {"n": order.number, "s": label},
        url=order_url(order),
        object_type="rectifications.workorder",
        object_id=order.pk,
    )
    if step == "fix":
        sms_to_rater(order, _("您反映的问题正在督办中，我们将尽快给您答复。"), f"escalate-{order.reopen_count}")


def work_orders_deadline_scan(*, now: datetime | None = None) -> dict[str, int]:
    """Warn before and escalate after each step's deadline, once each (idempotent)."""
    now = now or timezone.now()
    counts = {"warned": 0, "escalated": 0}
    open_ids = list(
        WorkOrder.objects.filter(status__in=FIX_STEP)
        .filter(Q(callback_escalated_at__isnull=True) | Q(fix_escalated_at__isnull=True))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for pk in sorted(open_ids):
        with transaction.atomic():
            order = load_order(pk)
            warn = timedelta(hours=deadlines_for(order.region).warn_hours)
            changed: list[str] = []
            if order.status in CALLBACK_STEP:
                if now > order.callback_due_at and order.callback_escalated_at is None:
                    _escalate(order, "callback")
                    order.callback_escalated_at = now
                    changed += ["callback_escalated_at", "escalated"]
                    counts["escalated"] += 1
                elif order.callback_due_at - warn <= now <= order.callback_due_at and order.callback_warned_at is None:
                    _warn(order, "callback", order.callback_due_at)
                    order.callback_warned_at = now
                    changed.append("callback_warned_at")
                    counts["warned"] += 1
            if order.status in FIX_STEP:
                if now > order.fix_due_at and order.fix_escalated_at is None:
                    _escalate(order, "fix")
                    order.fix_escalated_at = now
                    changed += ["fix_escalated_at", "escalated"]
                    counts["escalated"] += 1
                elif order.fix_due_at - warn <= now <= order.fix_due_at and order.fix_warned_at is None:
                    _warn(order, "fix", order.fix_due_at)
                    order.fix_warned_at = now
                    changed.append("fix_warned_at")
                    counts["warned"] += 1
            if changed:
                order.save(update_fields=sorted(set(changed)))
    return counts
