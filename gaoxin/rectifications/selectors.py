"""Reads of the bad-rating closed loop."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from gaoxin.core.models import User
from gaoxin.core.permissions import scope_q
from gaoxin.rectifications.enums import Status
from gaoxin.rectifications.models import WorkOrder


def followup_allowed(case) -> bool:
    """True when the case's work order has been answered and no follow-up rating exists yet."""
    return WorkOrder.objects.filter(
        case_id=case.pk, rating__rating_no=1, status=Status.ANSWERED, followup_rating=None
    ).exists()


def orders_visible(user: User) -> QuerySet[WorkOrder]:
    """Orders of the user's departments; hall supervisors (who decide appeals) also see their halls'."""
    q = scope_q(user, "rectifications.order.view", unit="department") | scope_q(
        user, "rectifications.appeal.decide", unit="hall__unit"
    )
    return WorkOrder.objects.filter(q)


__all__ = ["Q", "followup_allowed", "orders_visible"]


def ledger(user: User, *, filters: dict | None = None) -> QuerySet[WorkOrder]:
    """The 台账: visible work orders with the filters of the ledger page."""
    from django.utils import timezone

    f = filters or {}
    qs = orders_visible(user).select_related("department", "hall", "item", "case", "rating")
    if f.get("status"):
        qs = qs.filter(status=f["status"])
    if f.get("department"):
        qs = qs.filter(department_id=f["department"])
    if f.get("topic"):
        qs = qs.filter(topic=f["topic"])
    if f.get("since"):
        qs = qs.filter(opened_at__date__gte=f["since"])
    if f.get("until"):
        qs = qs.filter(opened_at__date__lte=f["until"])
    if f.get("overdue"):
        now = timezone.now()
        qs = qs.filter(
            Q(status=Status.OPENED, callback_due_at__lt=now)
            | Q(status__in=[Status.OPENED, Status.VERIFIED, Status.FIXING], fix_due_at__lt=now)
        )
    if f.get("q"):
        qs = qs.filter(Q(number__icontains=f["q"]) | Q(case__number__icontains=f["q"]) | Q(text__icontains=f["q"]))
    return qs.order_by("-opened_at", "-id")


def overdue_steps(order: WorkOrder, now=None) -> list[str]:
    from django.utils import timezone

    now = now or timezone.now()
    steps = []
    if order.status == Status.OPENED and now > order.callback_due_at:
        steps.append("callback")
    if order.status in (Status.OPENED, Status.VERIFIED, Status.FIXING) and now > order.fix_due_at:
        steps.append("fix")
    return steps


def step_durations(order: WorkOrder) -> list[tuple[str, object]]:
    """Time spent per step (timedelta or None while running)."""
    from django.utils.translation import gettext as _

    def span(a, b):
        return (b - a) if a and b else None

    return [
        (_("回访核实"), span(order.opened_at, order.verified_at)),
        (_("制定整改"), span(order.verified_at, order.fixing_at)),
        (_("整改反馈"), span(order.fixing_at, order.first_answered_at or order.answered_at)),
        (_("群众评价至办结"), span(order.answered_at, order.closed_at)),
    ]


def order_for(user: User, pk: int) -> WorkOrder:
    from gaoxin.core.errors import NotFound

    order = (
        orders_visible(user)
        .select_related(
            "department__region",
            "hall__unit__region",
            "item",
            "case",
            "rating",
            "routing_rule",
            "appeal_decided_by",
            "followup_rating",
        )
        .filter(pk=pk)
        .first()
    )
    if order is None:
        raise NotFound("工单不存在或无权查看。")
    return order


def top_topics(user: User, *, by: str = "department", limit: int = 10) -> list[dict]:
    """What people complain about: counts of topics per department (or item)."""
    from django.db.models import Count

    from gaoxin.rectifications.topics import TOPIC_LABELS

    field = "department__name" if by == "department" else "item__name"
    rows = (
        orders_visible(user)
        .exclude(status=Status.EXCLUDED)
        .values(field, "topic")
        .annotate(n=Count("id"))
        .order_by("-n", field, "topic")[: limit * 6]
    )
    return [
        {
            "subject": r[field] or "—",
            "topic": r["topic"],
            "label": TOPIC_LABELS.get(r["topic"], r["topic"]),
            "n": r["n"],
        }
        for r in rows
    ]
