"""Core API: who am I, and working-day deadlines for other systems."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema

from gaoxin.core.calendar import deadline_after
from gaoxin.core.errors import DomainError
from gaoxin.core.permissions import grants_of

router = Router(tags=["core"])


class GrantOut(Schema):
    role: str
    unit_id: int


class MeOut(Schema):
    username: str
    display_name: str
    unit_id: int | None
    grants: list[GrantOut]


class DeadlineOut(Schema):
    start: date
    working_days: int
    due_date: date
    is_provisional: bool


@router.get("/me", response=MeOut, summary="The calling user and their role grants")
def me(request: HttpRequest) -> MeOut:
    user = request.user
    if not user.is_authenticated:
        raise DomainError(_("该令牌不代表任何用户。"), code="no_user")
    return MeOut(
        username=user.username,
        display_name=user.display_name,  # type: ignore[union-attr]
        unit_id=user.unit_id,  # type: ignore[union-attr]
        grants=[GrantOut(role=g.role.value, unit_id=g.unit_id) for g in grants_of(user)],  # type: ignore[arg-type]
    )


@router.get("/workdays/deadline", response=DeadlineOut, summary="Add N working days on the Chinese calendar")
def workdays_deadline(request: HttpRequest, start: date, days: int) -> DeadlineOut:
    if not 0 <= days <= 365:
        raise DomainError(_("工作日天数应在 0 到 365 之间。"), code="days_range")
    deadline = deadline_after(start, days)
    return DeadlineOut(
        start=start, working_days=days, due_date=deadline.due_date, is_provisional=deadline.is_provisional
    )
