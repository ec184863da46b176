"""Pipeline reads (kanban, funnel, conversions, time in stage) and attraction activities.

Re-exported by gaoxin.projects.selectors, which pages and the API import.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from gaoxin.core.models import User
from gaoxin.projects import workflow
from gaoxin.projects.enums import STAGE_GROUP, Stage, StageGroup
from gaoxin.projects.models import Event, Project, StageChange, Trip

ZERO = Decimal(0)


def _visible(user: User) -> Any:
    from gaoxin.projects.selectors import visible_events, visible_projects, visible_trips

    return visible_projects(user), visible_events(user), visible_trips(user)


# --- pipeline ------------------------------------------------------------------------------


@dataclass
class PipelineFilters:
    industry: int | None = None
    mode: int | None = None
    unit: int | None = None
    year: int | None = None  # projects that entered the pipeline that year


def pipeline_projects(user: User, f: PipelineFilters | None = None) -> QuerySet[Project]:
    f = f or PipelineFilters()
    qs = _visible(user)[0]
    if f.industry:
        qs = qs.filter(industry_id=f.industry)
    if f.mode:
        qs = qs.filter(mode_id=f.mode)
    if f.unit:
        qs = qs.filter(unit_id=f.unit)
    if f.year:
        qs = qs.filter(created_at__year__lte=f.year).filter(Q(stage_since__year=f.year) | Q(signed_on__year=f.year))
    return qs


def kanban(user: User, f: PipelineFilters | None = None, per_column: int = 20) -> list[dict[str, Any]]:
    """The board: each stage's count and amount, and its newest `per_column` cards (the rest are
    one click away in the filtered list), so the page stays the same size as the pipeline grows."""
    qs = pipeline_projects(user, f).select_related("unit", "industry")
    counts = {
        r["stage"]: (r["n"], r["s"]) for r in qs.values("stage").annotate(n=Count("id"), s=Sum("total_investment"))
    }
    columns = []
    for stage in [*workflow.ORDER, Stage.DROPPED]:
        n, s = counts.get(stage, (0, ZERO))
        items = list(qs.filter(stage=stage).order_by("-stage_since", "code")[:per_column])
        columns.append(
            {
                "stage": stage,
                "label": stage.label,
                "count": n,
                "amount": s or ZERO,
                "items": items,
                "more": max(n - len(items), 0),
            }
        )
    return columns


def pipeline_summary(user: User, f: PipelineFilters | None = None) -> dict[str, Any]:
    """Counts and amounts per stage group, conversion between stages, days in stage, breakdowns."""
    qs = pipeline_projects(user, f)
    rows: list[dict[str, Any]] = [
        dict(r) for r in qs.values("id", "stage", "total_investment", "industry__name", "mode__name", "unit__name")
    ]
    groups: dict[StageGroup, dict[str, Any]] = {g: {"label": g.label, "count": 0, "amount": ZERO} for g in StageGroup}
    breakdown: dict[str, dict[str, dict[str, Any]]] = {"industry": {}, "mode": {}, "unit": {}}
    for r in rows:
        group = STAGE_GROUP.get(Stage(r["stage"]))
        if group is None:
            continue
        groups[group]["count"] += 1
        groups[group]["amount"] += r["total_investment"]
        for dim, key in (("industry", "industry__name"), ("mode", "mode__name"), ("unit", "unit__name")):
            name = r[key] or "—"
            cell = breakdown[dim].setdefault(name, {g.value: 0 for g in StageGroup} | {"amount": ZERO, "total": 0})
            cell[group.value] += 1
            cell["total"] += 1
            cell["amount"] += r["total_investment"]
    # how far each project got, and how long it stayed in each stage
    ids = [r["id"] for r in rows]
    reached: dict[int, int] = defaultdict(int)
    durations: dict[str, list[int]] = defaultdict(list)
    last: dict[int, tuple[str, date]] = {}
    for pid, frm, to, on in (
        StageChange.objects.filter(project_id__in=ids)
        .order_by("project_id", "on", "id")
        .values_list("project_id", "from_stage", "to_stage", "on")
    ):
        for s in (frm, to):
            if s in workflow.ORDER:
                reached[pid] = max(reached[pid], workflow.ORDER.index(Stage(s)) + 1)
        prev = last.get(pid)
        if prev is not None and prev[0] in workflow.ORDER:
            durations[prev[0]].append((on - prev[1]).days)
        last[pid] = (to, on)
    conversions = []
    for i, stage in enumerate(workflow.ORDER[:-1]):
        nxt = workflow.ORDER[i + 1]
        base = sum(1 for pid in ids if reached[pid] >= i + 1)
        won = sum(1 for pid in ids if reached[pid] >= i + 2)
        conversions.append(
            {
                "from": stage.label,
                "to": nxt.label,
                "base": base,
                "converted": won,
                "rate": (Decimal(won) * 100 / base).quantize(Decimal("0.1")) if base else None,
            }
        )
    days = [
        {
            "stage": s.label,
            "avg_days": round(sum(durations[s.value]) / len(durations[s.value]), 1) if durations[s.value] else None,
            "n": len(durations[s.value]),
        }
        for s in workflow.ORDER[:-1]
    ]
    return {
        "groups": [{"key": g.value, **groups[g]} for g in StageGroup],
        "conversions": conversions,
        "days_in_stage": days,
        "breakdown": {dim: sorted(v.items(), key=lambda kv: -kv[1]["total"]) for dim, v in breakdown.items()},
        "total": len(rows),
    }


# --- activities ---------------------------------------------------------------------------


def activity_stats(qs: QuerySet[Any]) -> QuerySet[Any]:
    """Annotate events or trips with their leads, signed projects and amounts."""
    signed = Q(leads__stage__in=[Stage.SIGNED, Stage.STARTED, Stage.COMPLETED])
    return qs.annotate(
        lead_count=Count("leads", distinct=True),
        lead_amount=Sum("leads__total_investment"),
        signed_count=Count("leads", filter=signed, distinct=True),
        signed_amount=Sum("leads__total_investment", filter=signed),
    )


def event_list(user: User, year: int | None = None, kind: str = "", q: str = "") -> QuerySet[Event]:
    qs = _visible(user)[1].select_related("unit")
    if year:
        qs = qs.filter(held_on__year=year)
    if kind:
        qs = qs.filter(kind=kind)
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(place__icontains=q))
    return activity_stats(qs).order_by("-held_on", "-id")


def trip_list(user: User, year: int | None = None, city: str = "", q: str = "") -> QuerySet[Trip]:
    qs = _visible(user)[2].select_related("unit")
    if year:
        qs = qs.filter(start_on__year=year)
    if city:
        qs = qs.filter(destination=city)
    if q:
        qs = qs.filter(Q(companies_visited__icontains=q) | Q(delegation__icontains=q) | Q(summary__icontains=q))
    return activity_stats(qs).order_by("-start_on", "-id")
