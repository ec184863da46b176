"""The working-day calendar stored in the database: loading (cached) and maintenance."""

from __future__ import annotations

import threading
import time as _time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.utils.translation import gettext as _

from gaoxin.core.audit import audit_log
from gaoxin.core.enums import CalendarDayKind
from gaoxin.core.errors import DomainError
from gaoxin.core.models import CalendarDay, CalendarYear, User
from gaoxin.core.workdays import Deadline, WorkCalendar, add_working_days, working_days_between

HOLIDAY_NAMES_ZH = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "Mid-autumn Festival": "中秋节",
    "National Day": "国庆节",
    "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}

_CACHE_SECONDS = 300
_lock = threading.Lock()
_cached: tuple[float, WorkCalendar] | None = None


def work_calendar() -> WorkCalendar:
    """The calendar, loaded from the database at most every few minutes per process."""
    global _cached
    now = _time.monotonic()
    cached = _cached
    if cached is not None and now - cached[0] < _CACHE_SECONDS:
        return cached[1]
    with _lock:
        years = frozenset(CalendarYear.objects.values_list("year", flat=True))
        holidays: set[date] = set()
        makeups: set[date] = set()
        for day, kind in CalendarDay.objects.values_list("date", "kind"):
            (holidays if kind == CalendarDayKind.HOLIDAY else makeups).add(day)
        calendar = WorkCalendar(frozenset(holidays), frozenset(makeups), years)
        _cached = (now, calendar)
        return calendar


def invalidate_calendar_cache() -> None:
    global _cached
    _cached = None


def deadline_after(start: date | datetime, working_days: int) -> Deadline:
    return add_working_days(work_calendar(), start, working_days)


def working_days_since(start: date | datetime, end: date | datetime) -> int:
    return working_days_between(work_calendar(), start, end)


@dataclass(frozen=True)
class DaySpec:
    date: date
    kind: str
    name: str = ""


def calendar_year_set(*, actor: User | None, year: int, days: Iterable[DaySpec], source: str) -> CalendarYear:
    """Create or replace a year's holidays and make-up working days (all or nothing)."""
    days = list(days)
    errors = []
    seen: set[date] = set()
    for spec in days:
        if spec.date.year != year:
            errors.append(_("%(date)s 不属于 %(year)s 年") % {"date": spec.date, "year": year})
        if spec.kind not in CalendarDayKind.values:
            errors.append(_("%(date)s 的类型无效") % {"date": spec.date})
        if spec.date in seen:
            errors.append(_("%(date)s 重复出现") % {"date": spec.date})
        if spec.kind == CalendarDayKind.WORKDAY and spec.date.weekday() < 5:
            errors.append(_("%(date)s 是周一至周五，不需要登记为调休上班日") % {"date": spec.date})
        seen.add(spec.date)
    if not days:
        errors.append(_("至少需要一个节假日"))
    if not source.strip():
        errors.append(_("请填写依据（如国务院办公厅通知文号）"))
    if errors:
        raise DomainError("；".join(errors), code="calendar_invalid", details=errors)
    with transaction.atomic():
        existing = CalendarYear.objects.filter(year=year).first()
        before = None
        if existing is not None:
            before = {
                "source": existing.source,
                "days": [f"{d.date}:{d.kind}" for d in existing.days.order_by("date")],
            }
            existing.days.all().delete()
            existing.source = source
            existing.save(update_fields=["source"])
            cal_year = existing
        else:
            cal_year = CalendarYear.objects.create(year=year, source=source)
        CalendarDay.objects.bulk_create(
            [
                CalendarDay(date=s.date, year=cal_year, kind=s.kind, name=s.name)
                for s in sorted(days, key=lambda s: s.date)
            ]
        )
        audit_log(
            actor=actor,
            action="calendar.year_set",
            obj=cal_year,
            before=before,
            after={"source": source, "days": [f"{s.date}:{s.kind}" for s in sorted(days, key=lambda s: s.date)]},
        )
        transaction.on_commit(invalidate_calendar_cache)
    return cal_year


def seed_from_chinesecalendar() -> int:
    """Load 2004–2026 from the chinesecalendar package into empty years. Returns years added."""
    from chinese_calendar import constants

    by_year: dict[int, list[DaySpec]] = {}
    for day, name in constants.holidays.items():
        by_year.setdefault(day.year, []).append(DaySpec(day, CalendarDayKind.HOLIDAY, HOLIDAY_NAMES_ZH.get(name, name)))
    for day, name in constants.workdays.items():
        by_year.setdefault(day.year, []).append(DaySpec(day, CalendarDayKind.WORKDAY, HOLIDAY_NAMES_ZH.get(name, name)))
    existing = set(CalendarYear.objects.values_list("year", flat=True))
    added = 0
    with transaction.atomic():
        for year, specs in sorted(by_year.items()):
            if year in existing:
                continue
            cal_year = CalendarYear.objects.create(year=year, source="chinesecalendar 1.11.0")
            CalendarDay.objects.bulk_create(
                [CalendarDay(date=s.date, year=cal_year, kind=s.kind, name=s.name) for s in specs]
            )
            added += 1
    invalidate_calendar_cache()
    return added
