"""双招双引 writes: events, trips, the leads they produce, and peer districts' figures."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from gaoxin.core.audit import audit_log, snapshot
from gaoxin.core.errors import DomainError
from gaoxin.core.models import Region, Unit, User
from gaoxin.core.permissions import Target, require
from gaoxin.projects.enums import EventKind, PeerMetric, Stage
from gaoxin.projects.models import Event, PeerFigure, Project, Trip
from gaoxin.projects.services._common import check, today
from gaoxin.projects.services.projects import ProjectData, _project_create


def event_create(
    *, actor: User | None, kind: str, title: str, held_on: date, unit: Unit, place: str = "", description: str = ""
) -> Event:
    check(actor, "projects.activity.manage", unit)
    errors = []
    if kind not in EventKind.values:
        errors.append(_("活动类型无效。"))
    if not (title or "").strip():
        errors.append(_("活动名称不能为空。"))
    if held_on is None:
        errors.append(_("请填写举办日期。"))
    if errors:
        raise DomainError("；".join(errors), code="event_invalid", details=errors)
    with transaction.atomic():
        event = Event.objects.create(
            kind=kind,
            title=title.strip()[:200],
            held_on=held_on,
            unit=unit,
            place=(place or "").strip()[:200],
            description=description or "",
            created_by=actor,
        )
        audit_log(actor=actor, action="projects.event.create", obj=event, after=snapshot(event))
    return event


def trip_create(
    *,
    actor: User | None,
    destination: str,
    start_on: date,
    end_on: date,
    delegation: str,
    unit: Unit,
    companies_visited: str = "",
    summary: str = "",
) -> Trip:
    check(actor, "projects.activity.manage", unit)
    errors = []
    if not (destination or "").strip():
        errors.append(_("目的地城市不能为空。"))
    if not (delegation or "").strip():
        errors.append(_("请填写团组成员。"))
    if start_on is None or end_on is None:
        errors.append(_("请填写出发和返回日期。"))
    elif end_on < start_on:
        errors.append(_("返回日期不能早于出发日期。"))
    if errors:
        raise DomainError("；".join(errors), code="trip_invalid", details=errors)
    with transaction.atomic():
        trip = Trip.objects.create(
            destination=destination.strip()[:50],
            start_on=start_on,
            end_on=end_on,
            delegation=delegation.strip()[:300],
            companies_visited=companies_visited or "",
            unit=unit,
            summary=summary or "",
            created_by=actor,
        )
        audit_log(actor=actor, action="projects.trip.create", obj=trip, after=snapshot(trip))
    return trip


def lead_create(
    *,
    actor: User | None,
    data: ProjectData,
    event: Event | None = None,
    trip: Trip | None = None,
    on: date | None = None,
    code: str = "",
    year_plans: dict[int, Any] | None = None,
) -> Project:
    """A lead (线索) produced by an event or a trip: a project at stage 线索 linked to its source."""
    if event is None and trip is None:
        raise DomainError(_("线索须来自一次招商活动或外出招商。"), code="lead_source")
    source_unit = event.unit if event is not None else trip.unit  # type: ignore[union-attr]
    check(actor, "projects.activity.manage", source_unit)
    source_day = event.held_on if event is not None else trip.start_on  # type: ignore[union-attr]
    on = on or today()
    if on < source_day:
        raise DomainError(_("线索日期不能早于活动日期（%(d)s）。") % {"d": source_day}, code="lead_date")
    # the attraction officers register leads for any responsible unit of the zone
    check(actor, "projects.project.view", data.unit)
    return _project_create(
        actor=actor,
        data=data,
        code=code,
        stage=Stage.LEAD,
        stage_since=on,
        event=event,
        trip=trip,
        year_plans=year_plans,
        signed_on=None,
        started_on=None,
        completed_on=None,
    )


def peer_figure_set(
    *,
    actor: User | None,
    region: Region,
    district: str,
    year: int,
    month: int,
    metric: str,
    value: Any,
    source: str = "",
) -> PeerFigure:
    """Record (or correct) one published figure of another district for one period (1–month)."""
    if actor is not None:
        require(actor, "projects.peer.manage", _region_target(region))
    errors = []
    district = (district or "").strip()
    if not district:
        errors.append(_("县市区名称不能为空。"))
    if metric not in PeerMetric.values:
        errors.append(_("指标无效。"))
    if not 1 <= int(month) <= 12:
        errors.append(_("月份应为 1–12。"))
    try:
        number = Decimal(str(value))
        if not number.is_finite() or number < 0:
            raise InvalidOperation
    except (InvalidOperation, ValueError):
        errors.append(_("数值应为不小于 0 的数字。"))
        number = Decimal(0)
    if errors:
        raise DomainError("；".join(errors), code="peer_invalid", details=errors)
    with transaction.atomic():
        existing = PeerFigure.objects.filter(
            region=region, district=district, year=year, month=month, metric=metric
        ).first()
        before = snapshot(existing) if existing else None
        figure, _created = PeerFigure.objects.update_or_create(
            region=region,
            district=district[:50],
            year=year,
            month=month,
            metric=metric,
            defaults={"value": number.quantize(Decimal("0.01")), "source": (source or "")[:200]},
        )
        audit_log(actor=actor, action="projects.peer.set", obj=figure, before=before, after=snapshot(figure))
    return figure


def _region_target(region: Region) -> Target:
    return Target(unit_path=None, region_path=region.path)
