"""Opening a work order for a bad rating, and the rater's rating of the fix (追评).

Both run inside evaluation_record()'s transaction through gaoxin/evaluations/hooks.py.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from gaoxin.core.audit import audit_log_many
from gaoxin.core.calendar import deadline_after
from gaoxin.core.crypto import decrypt
from gaoxin.core.models import Unit
from gaoxin.core.notify.services import notification_rows, notify, send_external
from gaoxin.core.rawfetch import insert_many
from gaoxin.core.workdays import Deadline
from gaoxin.evalstats.rollup import flags_of
from gaoxin.evalstats.services import rollup_rating_changed
from gaoxin.evaluations.enums import BAD_LEVELS
from gaoxin.evaluations.models import Rating
from gaoxin.rectifications.enums import EventKind, Outcome, Status
from gaoxin.rectifications.models import RoutingRule, WorkOrder
from gaoxin.rectifications.services._common import (
    deadlines_by_region,
    deadlines_for,
    hall_managers_of,
    handlers_of,
    load_order,
    order_event,
    transition,
)


def route(rating: Rating) -> tuple[int, RoutingRule | None]:
    """谁办理谁负责: the rating's department, unless a more specific active rule sends it elsewhere."""
    return routes([rating])[0]


def routes(ratings: list[Rating]) -> list[tuple[int, RoutingRule | None]]:
    """route() of each rating, in one read."""
    rules = list(
        RoutingRule.objects.filter(department_id__in={r.department_id for r in ratings}, is_active=True).order_by("pk")
    )
    out: list[tuple[int, RoutingRule | None]] = []
    for rating in ratings:
        best: tuple[int, RoutingRule] | None = None
        for rule in rules:
            if rule.department_id != rating.department_id:
                continue
            if rule.item_id is not None and rule.item_id != rating.item_id:
                continue
            if rule.hall_id is not None and rule.hall_id != rating.hall_id:
                continue
            rank = (2 if rule.item_id else 0) + (1 if rule.hall_id else 0)
            if best is None or rank > best[0]:
                best = (rank, rule)
        out.append((rating.department_id, None) if best is None else (best[1].assign_to_id, best[1]))
    return out


def sms_to_rater(order: WorkOrder, body: str, key: str) -> None:
    """SMS to a real-name rater (idempotent on key); anonymous raters get nothing."""
    rating = order.rating
    if not rating.is_real_name or not rating.rater_phone_enc:
        return
    phone = decrypt(rating.rater_phone_enc)
    if phone:
        send_external(channel="sms", target=phone, body=body, idempotency_key=f"rect-{order.pk}-{key}")


def order_url(order: WorkOrder) -> str:
    from django.urls import reverse

    return reverse("rectifications:order", args=[order.pk])


def work_order_open(*, rating: Rating) -> WorkOrder:
    return work_orders_open(ratings=[rating])[0]


def work_orders_open(*, ratings: list[Rating]) -> list[WorkOrder]:
    """Open the work order of each of these stored first bad ratings, routed, with its deadlines,
    OPEN event, audit row, handlers' inbox messages and the rater's SMS: a fixed number of
    statements for the whole list (a group of ratings recorded together opens its orders at once)."""
    from gaoxin.rectifications.services.topics import topic_predict

    if not ratings:
        return []
    now = timezone.now()
    routed = routes(ratings)
    limits = deadlines_by_region([r.region for r in ratings])
    due: dict[int, Deadline] = {}  # deadline_after(now, days) by days

    def after(days: int) -> Deadline:
        if days not in due:
            due[days] = deadline_after(now, days)
        return due[days]

    orders, dues = [], []
    for rating, (department_id, rule) in zip(ratings, routed, strict=True):
        callback = after(limits[rating.region_id].callback_days)
        fix = after(limits[rating.region_id].fix_days)
        dues.append((callback, fix))
        prediction = topic_predict(rating.text) if rating.text.strip() else None
        orders.append(
            WorkOrder(
                number=f"ZG{timezone.localtime(now):%Y%m%d}{rating.pk:07d}",
                rating=rating,
                case_id=rating.case_id,
                hall_id=rating.hall_id,
                item_id=rating.item_id,
                region_id=rating.region_id,
                department_id=department_id,
                routing_rule=rule,
                status=Status.OPENED,
                level=rating.level,
                is_real_name=rating.is_real_name,
                text=rating.text,
                topic=prediction.topic if prediction else "other",
                topic_confidence=prediction.confidence if prediction else 0.0,
                callback_due_at=callback.due_at,
                callback_due_provisional=callback.is_provisional,
                fix_due_at=fix.due_at,
                fix_due_provisional=fix.is_provisional,
                opened_at=now,
            )
        )
    insert_many(orders)  # = WorkOrder.objects.bulk_create(orders), without compiling it
    # the orders' relations from what is at hand (their ratings; a rating's hall, with its
    # region, is already loaded), the departments in one read: no select_related reload
    units = Unit.objects.in_bulk({o.department_id for o in orders})
    handlers: dict[int, list] = {}
    events, audits, messages = [], [], []
    for order, (_department, rule), (callback, fix) in zip(orders, routed, dues, strict=True):
        order.department = units[order.department_id]
        event, audit = order_event(
            order,
            EventKind.OPEN,
            actor=None,
            to_status=Status.OPENED,
            note=_("派至 %(d)s") % {"d": order.department.name},
            data={
                "department": order.department_id,
                "rule": rule.pk if rule else None,
                "callback_due": callback.due_at.isoformat(),
                "fix_due": fix.due_at.isoformat(),
                "provisional": callback.is_provisional or fix.is_provisional,
            },
        )
        events.append(event)
        audits.append(audit)
        if order.department_id not in handlers:
            handlers[order.department_id] = handlers_of(order.department)
        messages += notification_rows(
            recipients=handlers[order.department_id],
            kind="rectifications.open",
            title=_("新差评工单 %(n)s") % {"n": order.number},
            body=_("请于 %(d)s 前回访核实。") % {"d": f"{timezone.localtime(callback.due_at):%Y-%m-%d %H:%M}"},
            url=order_url(order),
            object_type="rectifications.workorder",
            object_id=order.pk,
        )
    insert_many(events)
    audit_log_many(audits)
    if messages:
        insert_many(messages)
    for order in orders:
        sms_to_rater(
            order,
            _("您的评价已收到，责任单位将在 %(d)s 前与您联系核实。")
            % {"d": f"{timezone.localtime(order.callback_due_at):%m月%d日}"},
            "open",
        )
    return orders


def _order_for_case(case_id: int) -> int | None:
    return WorkOrder.objects.filter(case_id=case_id, rating__rating_no=1).values_list("pk", flat=True).first()


def work_order_followup(*, rating: Rating) -> WorkOrder | None:
    """The rater rated the fix: 满意/基本满意 closes; 不满意 reopens once and escalates."""
    pk = _order_for_case(rating.case_id)  # type: ignore[arg-type]
    if pk is None:
        return None
    order = load_order(pk)
    if order.status != Status.ANSWERED:
        return order
    before = flags_of(order)
    order.followup_rating = rating
    now = timezone.now()
    if rating.level in BAD_LEVELS and order.reopen_count == 0:
        order.reopen_count = 1
        order.escalated = True
        fix = deadline_after(now, deadlines_for(order.region).fix_days)
        order.fix_due_at, order.fix_due_provisional = fix.due_at, fix.is_provisional
        order.fixing_at = now
        order.fix_warned_at = order.fix_escalated_at = None
        transition(
            order,
            Status.FIXING,
            actor=None,
            note=_("群众对整改不满意，重新整改并升级督办"),
            data={"followup_level": rating.level, "fix_due": fix.due_at.isoformat()},
        )
        recipients = hall_managers_of(order.hall.unit) + ([order.department.head] if order.department.head else [])
        notify(
            recipients=recipients,
            kind="rectifications.escalate",
            title=_("差评工单 %(n)s 群众不满意，已重新整改") % {"n": order.number},
            url=order_url(order),
            object_type="rectifications.workorder",
            object_id=order.pk,
        )
    else:
        order.outcome = Outcome.SATISFIED if rating.level not in BAD_LEVELS else Outcome.CLOSED_AFTER_REOPEN
        order.closed_at = now
        transition(
            order,
            Status.CLOSED,
            actor=None,
            note=_("群众评价整改：%(l)s") % {"l": rating.get_level_display()},
            data={"followup_level": rating.level},
        )
    order.save()
    rollup_rating_changed(rating=order.rating, before=before, after=flags_of(order))
    return order


def rectification_on_rating(*, rating: Rating) -> WorkOrder | None:
    """Hook for every stored rating (inside evaluation_record's transaction)."""
    if rating.rating_no == 1:
        if rating.is_default or rating.level not in BAD_LEVELS:
            return None
        return work_order_open(rating=rating)
    if rating.rating_no == 2 and rating.case_id:
        return work_order_followup(rating=rating)
    return None
