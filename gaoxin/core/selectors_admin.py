"""Reads of the core admin pages: audit search, calendar years, tokens, import jobs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from gaoxin.core.enums import CalendarDayKind
from gaoxin.core.models import ApiToken, AuditEvent, CalendarDay, CalendarYear, ImportJob, Unit, User
from gaoxin.core.permissions import scope_q


def audit_visible(user: User) -> QuerySet[AuditEvent]:
    """Audit rows the user may read: all (ALL scope), or rows of units in their REGION/SUBTREE scope.

    (core.selectors.audit_events_for passes unit=None to scope_q, which drops REGION grants.)"""
    q = scope_q(user, "core.audit.view", unit=None, region="region")
    if q == Q():
        return AuditEvent.objects.all()
    if q == Q(pk__in=[]):
        return AuditEvent.objects.none()
    return AuditEvent.objects.filter(unit_id_ref__in=Unit.objects.filter(q).values("pk"))


def audit_search(user: User, filters: dict[str, Any]) -> QuerySet[AuditEvent]:
    qs = audit_visible(user)
    if filters.get("actor"):
        qs = qs.filter(actor_label__icontains=filters["actor"].strip())
    if filters.get("action"):
        action = filters["action"].strip()
        qs = qs.filter(Q(action=action) | Q(action__startswith=f"{action}."))
    if filters.get("object_type"):
        qs = qs.filter(object_type=filters["object_type"].strip())
    if filters.get("object_id"):
        qs = qs.filter(object_id=filters["object_id"].strip())
    tz = timezone.get_current_timezone()
    if filters.get("date_from"):
        qs = qs.filter(at__gte=datetime.combine(filters["date_from"], time.min, tzinfo=tz))
    if filters.get("date_to"):
        qs = qs.filter(at__lt=datetime.combine(filters["date_to"] + timedelta(days=1), time.min, tzinfo=tz))
    return qs.order_by("-at", "-id")


@dataclass(frozen=True)
class YearSummary:
    year: int
    source: str
    holidays: int
    makeup_days: int
    working_days: int
    is_missing: bool = False


def working_days_in_year(year: int, holidays: set[date], makeups: set[date]) -> int:
    day, end, count = date(year, 1, 1), date(year, 12, 31), 0
    while day <= end:
        if day in makeups or (day.weekday() < 5 and day not in holidays):
            count += 1
        day += timedelta(days=1)
    return count


def calendar_years(today: date | None = None) -> list[YearSummary]:
    """Every stored year with its counts, plus next year flagged as missing when absent."""
    today = today or timezone.localdate()
    years = list(
        CalendarYear.objects.annotate(
            n_holidays=Count("days", filter=Q(days__kind=CalendarDayKind.HOLIDAY)),
            n_makeups=Count("days", filter=Q(days__kind=CalendarDayKind.WORKDAY)),
        ).order_by("-year")
    )
    by_year: dict[int, tuple[set[date], set[date]]] = {y.year: (set(), set()) for y in years}
    for day, kind, year_id in CalendarDay.objects.values_list("date", "kind", "year_id"):
        by_year[year_id][0 if kind == CalendarDayKind.HOLIDAY else 1].add(day)
    result = [
        YearSummary(y.year, y.source, y.n_holidays, y.n_makeups, working_days_in_year(y.year, *by_year[y.year]))
        for y in years
    ]
    for wanted in (today.year + 1, today.year):
        if wanted not in by_year:
            result.insert(0, YearSummary(wanted, "", 0, 0, working_days_in_year(wanted, set(), set()), is_missing=True))
    return result


def calendar_year_detail(year: int) -> tuple[CalendarYear | None, list[CalendarDay]]:
    cal = CalendarYear.objects.filter(year=year).first()
    return cal, list(CalendarDay.objects.filter(year_id=year).order_by("date")) if cal else []


def tokens_list() -> QuerySet[ApiToken]:
    return ApiToken.objects.select_related("unit", "user", "created_by").order_by(
        F("revoked_at").asc(nulls_first=True), "-created_at", "-id"
    )


def import_jobs_for(user: User) -> QuerySet[ImportJob]:
    return ImportJob.objects.filter(created_by=user).order_by("-created_at", "-id")
