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
    q = scope_q(user, "rectifications.order.view", unit="department") | scope_q(
        user, "rectifications.order.view", unit="hall__unit"
    )
    return WorkOrder.objects.filter(q)


__all__ = ["Q", "followup_allowed", "orders_visible"]
