"""Reads of the projects domain: lists, figures of the report, rankings, pipeline, timeline.

Amounts are 万元 (Decimal). "This year" is conf.REPORT_YEAR, or the latest year that has
annual plans (so the 2022 demo reads as 2022), or the calendar year.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Max, Q, QuerySet, Sum
from django.utils import timezone

from gaoxin.core.models import Region, Unit, User
from gaoxin.core.permissions import scope_q
from gaoxin.projects import conf
from gaoxin.projects.enums import (
    AMOUNT_CLASS_FLOOR,
    AmountClass,
    ChainTag,
    IssueStatus,
    PeerMetric,
    ProgressStatus,
    ProjectLevel,
    Stage,
)
from gaoxin.projects.models import (
    AttractionMode,
    Event,
    IndustryGroup,
    Issue,
    PeerFigure,
    ProgressReport,
    Project,
    ProjectYearPlan,
    Trip,
)

ZERO = Decimal(0)
ABOVE_1 = AMOUNT_CLASS_FLOOR[AmountClass.ABOVE_1]


def report_year() -> int:
    if conf.REPORT_YEAR:
        return conf.REPORT_YEAR
    this_year = timezone.localdate().year
    latest = ProjectYearPlan.objects.filter(year__lte=this_year).aggregate(y=Max("year"))["y"]
    return latest or this_year


def latest_report_month(year: int) -> int:
    """The last month of `year` with any progress report (0 if none)."""
    return ProgressReport.objects.filter(year=year).aggregate(m=Max("month"))["m"] or 0


def visible_projects(user: User) -> QuerySet[Project]:
    return Project.objects.filter(scope_q(user, "projects.project.view"))


def visible_events(user: User) -> QuerySet[Event]:
    return Event.objects.filter(scope_q(user, "projects.activity.view"))


def visible_trips(user: User) -> QuerySet[Trip]:
    return Trip.objects.filter(scope_q(user, "projects.activity.view"))


# --- project list -------------------------------------------------------------------------


@dataclass
class ProjectFilters:
    q: str = ""
    level: str = ""
    industry: int | None = None
    stage: str = ""
    unit: int | None = None
    mode: int | None = None
    manufacturing: str = ""  # "1" / "0" / ""
    chain: str = ""
    amount_class: str = ""
    key_year: int | None = None  # only projects with an annual plan that year
    signed_year: int | None = None
    started_year: int | None = None
    event: int | None = None
    trip: int | None = None

    def labels(self) -> dict[str, str]:
        """Human-readable filters, for export sheets."""
        out = {}
        for name, value in self.__dict__.items():
            if value not in ("", None):
                out[name] = str(value)
        return out


def amount_class_q(cls: str, field_name: str = "total_investment") -> Q:
    floors = sorted(AMOUNT_CLASS_FLOOR.items(), key=lambda kv: kv[1])
    for i, (c, floor) in enumerate(floors):
        if c == cls:
            q = Q(**{f"{field_name}__gte": floor})
            if c == AmountClass.BELOW:
                return Q(**{f"{field_name}__lt": floors[i + 1][1]})
            return q
    return Q()


def project_list(user: User, f: ProjectFilters | None = None) -> QuerySet[Project]:
    f = f or ProjectFilters()
    qs = visible_projects(user).select_related("unit", "industry", "mode")
    if f.q:
        qs = qs.filter(Q(name__icontains=f.q) | Q(code__icontains=f.q) | Q(investor_name__icontains=f.q))
    if f.level == "key":
        qs = qs.exclude(level="")
    elif f.level == "none":
        qs = qs.filter(level="")
    elif f.level:
        qs = qs.filter(level=f.level)
    if f.industry:
        qs = qs.filter(industry_id=f.industry)
    if f.stage:
        qs = qs.filter(stage=f.stage)
    if f.unit:
        qs = qs.filter(unit_id=f.unit)
    if f.mode:
        qs = qs.filter(mode_id=f.mode)
    if f.manufacturing in ("1", "0"):
        qs = qs.filter(is_manufacturing=f.manufacturing == "1")
    if f.chain == "any":
        qs = qs.exclude(chain_tag="")
    elif f.chain:
        qs = qs.filter(chain_tag=f.chain)
    if f.amount_class:
        qs = qs.filter(amount_class_q(f.amount_class))
    if f.key_year:
        qs = qs.exclude(level="").filter(year_plans__year=f.key_year)
    if f.signed_year:
        qs = qs.filter(signed_on__year=f.signed_year)
    if f.started_year:
        qs = qs.filter(started_on__year=f.started_year)
    if f.event:
        qs = qs.filter(event_id=f.event)
    if f.trip:
        qs = qs.filter(trip_id=f.trip)
    return qs.order_by("code")


def with_year_figures(qs: QuerySet[Project], year: int) -> QuerySet[Project]:
    """Annotate plan_amount (that year) and done_amount (reported that year)."""
    return qs.annotate(
        plan_amount=Sum("year_plans__amount", filter=Q(year_plans__year=year), distinct=True),
    ).annotate(done_amount=Sum("progress_reports__amount", filter=Q(progress_reports__year=year)))


def year_figures(project_ids: list[int], year: int, month: int = 12) -> dict[int, tuple[Decimal, Decimal]]:
    """{project_id: (plan, done through month)} in two queries (no joins that double sums)."""
    plans = dict(
        ProjectYearPlan.objects.filter(project_id__in=project_ids, year=year).values_list("project_id", "amount")
    )
    done = dict(
        ProgressReport.objects.filter(project_id__in=project_ids, year=year, month__lte=month)
        .values("project_id")
        .annotate(s=Sum("amount"))
        .values_list("project_id", "s")
    )
    return {pid: (plans.get(pid, ZERO), done.get(pid, ZERO)) for pid in project_ids}


def project_detail(user: User, pk: int) -> Project | None:
    return (
        visible_projects(user)
        .select_related("unit__region", "industry", "mode", "event", "trip", "investor")
        .filter(pk=pk)
        .first()
    )


# --- completion against time progress ---------------------------------------------------------


def time_progress(month: int) -> Decimal:
    return (Decimal(month) * 100 / 12).quantize(Decimal("0.1"))


def completion_ratio(done: Decimal, plan: Decimal) -> Decimal | None:
    if not plan:
        return None
    return (Decimal(done) * 100 / Decimal(plan)).quantize(Decimal("0.1"))


def progress_status(done: Decimal, plan: Decimal, month: int) -> ProgressStatus:
    """green: ratio ≥ time progress; yellow: within YELLOW_GAP points below; red: further below."""
    ratio = completion_ratio(done, plan)
    if ratio is None:
        return ProgressStatus.NONE
    gap = ratio - time_progress(month)
    if gap >= 0:
        return ProgressStatus.GREEN
    if gap >= -conf.YELLOW_GAP:
        return ProgressStatus.YELLOW
    return ProgressStatus.RED


@dataclass
class BoardRow:
    project: Project
    plan: Decimal
    done: Decimal
    month_amount: Decimal | None
    ratio: Decimal | None
    status: ProgressStatus
    reported: bool
    is_late: bool


def key_projects(qs: QuerySet[Project], year: int) -> QuerySet[Project]:
    return qs.exclude(level="").filter(year_plans__year=year)


def progress_board(user: User, year: int, month: int, unit_id: int | None = None) -> list[BoardRow]:
    """Every key project of the year with its plan, cumulative completion and RYG status."""
    qs = key_projects(visible_projects(user), year).select_related("unit").order_by("unit__path", "code")
    if unit_id:
        qs = qs.filter(unit_id=unit_id)
    projects = list(qs)
    ids = [p.pk for p in projects]
    figures = year_figures(ids, year, month)
    this_month = {r.project_id: r for r in ProgressReport.objects.filter(project_id__in=ids, year=year, month=month)}
    rows = []
    for p in projects:
        plan, done = figures[p.pk]
        rep = this_month.get(p.pk)
        rows.append(
            BoardRow(
                project=p,
                plan=plan,
                done=done,
                month_amount=rep.amount if rep else None,
                ratio=completion_ratio(done, plan),
                status=progress_status(done, plan, month),
                reported=rep is not None,
                is_late=bool(rep and rep.is_late),
            )
        )
    return rows


def units_missing_reports(year: int, month: int) -> dict[int, list[Project]]:
    """Units whose started key projects of the year have no report for the month."""
    month_end = date(year, month, 28)
    qs = (
        Project.objects.exclude(level="")
        .filter(year_plans__year=year, stage__in=[Stage.STARTED, Stage.SIGNED], signed_on__lte=month_end)
        .exclude(progress_reports__year=year, progress_reports__month=month)
        .order_by("unit_id", "code")
    )
    out: dict[int, list[Project]] = defaultdict(list)
    for p in qs:
        out[p.unit_id].append(p)
    return dict(out)


# --- rankings ------------------------------------------------------------------------------


@dataclass
class UnitRank:
    unit: Unit
    projects: int
    plan: Decimal
    done: Decimal
    ratio: Decimal | None
    rank_done: int = 0
    rank_ratio: int = 0


def unit_ranking(user: User, year: int, month: int) -> list[UnitRank]:
    qs = key_projects(visible_projects(user), year)
    plans = {
        r["project__unit"]: (r["n"], r["s"])
        for r in ProjectYearPlan.objects.filter(project__in=qs, year=year)
        .values("project__unit")
        .annotate(n=Count("id"), s=Sum("amount"))
    }
    done = dict(
        ProgressReport.objects.filter(project__in=qs, year=year, month__lte=month)
        .values("project__unit")
        .annotate(s=Sum("amount"))
        .values_list("project__unit", "s")
    )
    units = Unit.objects.in_bulk(list(plans))
    rows = [
        UnitRank(
            unit=units[uid],
            projects=n,
            plan=plan,
            done=done.get(uid, ZERO),
            ratio=completion_ratio(done.get(uid, ZERO), plan),
        )
        for uid, (n, plan) in plans.items()
    ]
    for i, r in enumerate(sorted(rows, key=lambda r: (-r.done, r.unit.path)), start=1):
        r.rank_done = i
    for i, r in enumerate(sorted(rows, key=lambda r: (-(r.ratio or ZERO), r.unit.path)), start=1):
        r.rank_ratio = i
    return sorted(rows, key=lambda r: r.rank_done)


@dataclass
class PeerRow:
    district: str
    value: Decimal
    is_self: bool
    rank: int = 0


@dataclass
class PeerComparison:
    metric: PeerMetric
    rows: list[PeerRow] = field(default_factory=list)
    self_rank: int | None = None
    self_value: Decimal = ZERO


def zone_period_figures(user: User, year: int, month: int) -> dict[str, Decimal]:
    """The zone's own figures for 1–month of `year`, computed from records."""
    keys = key_projects(visible_projects(user), year)
    plan = ProjectYearPlan.objects.filter(project__in=keys, year=year).aggregate(s=Sum("amount"))["s"] or ZERO
    done = (
        ProgressReport.objects.filter(project__in=keys, year=year, month__lte=month).aggregate(s=Sum("amount"))["s"]
        or ZERO
    )
    month_end = _month_end(year, month)
    prov_started = keys.filter(level=ProjectLevel.PROVINCE, started_on__lte=month_end).count()
    return {
        PeerMetric.COMPLETED_INVESTMENT: done,
        PeerMetric.PLAN_COMPLETION: completion_ratio(done, plan) or ZERO,
        PeerMetric.PROVINCIAL_STARTED: Decimal(prov_started),
    }


def _month_end(year: int, month: int) -> date:
    import calendar as pycal

    return date(year, month, pycal.monthrange(year, month)[1])


def peer_months(region: Region, year: int) -> list[int]:
    return sorted(set(PeerFigure.objects.filter(region=region, year=year).values_list("month", flat=True)))


def peer_comparison(user: User, region: Region, year: int, month: int) -> list[PeerComparison]:
    """Rank the zone among the city's other districts for each metric (higher is better)."""
    own = zone_period_figures(user, year, month)
    peers = PeerFigure.objects.filter(region=region, year=year, month=month)
    by_metric: dict[str, list[PeerRow]] = defaultdict(list)
    for f in peers:
        by_metric[f.metric].append(PeerRow(district=f.district, value=f.value, is_self=False))
    out = []
    for metric in PeerMetric:
        rows = [*by_metric.get(metric.value, []), PeerRow(district=region.name, value=own[metric], is_self=True)]
        rows.sort(key=lambda r: (-r.value, not r.is_self, r.district))
        comp = PeerComparison(metric=metric, rows=rows, self_value=own[metric])
        for i, r in enumerate(rows, start=1):
            r.rank = i
            if r.is_self:
                comp.self_rank = i if len(rows) > 1 else None
        out.append(comp)
    return out


# --- the report's figures ---------------------------------------------------------------------


def zone_figures(user: User, year: int | None = None, region: Region | None = None) -> dict[str, Any]:
    """Every figure of the report's 项目立区/双招双引 paragraphs, computed from records."""
    year = year or report_year()
    projects = visible_projects(user)
    june = date(year, 6, 30)
    # the visible projects' few columns in one query, the key projects' plans of the year in
    # another, summed here: two plain reads where four aggregates (a FILTER per figure) cost more
    # to compile than to run; a zone holds hundreds of projects
    rows = projects.values_list(
        "pk", "level", "total_investment", "is_manufacturing", "signed_on", "started_on", "chain_tag"
    )
    plans = dict(
        ProjectYearPlan.objects.filter(project__in=projects.exclude(level=""), year=year).values_list(
            "project_id", "amount"
        )
    )
    key_n = provincial_started = manufacturing = signed_n = mfg_n = chain_n = started = 0
    key_total = signed_amount = mfg_amount = chain_amount = ZERO
    by_level: dict[str, int] = {}
    chain_by_tag: dict[str, tuple[int, Decimal]] = {}
    for pk, level, total, is_manufacturing, signed_on, started_on, chain_tag in rows:
        if level and pk in plans:  # a key project of the year (key_projects())
            key_n += 1
            key_total += total
            by_level[level] = by_level.get(level, 0) + 1
            provincial_started += level == ProjectLevel.PROVINCE and started_on is not None and started_on <= june
            manufacturing += is_manufacturing
        started += started_on is not None and started_on.year == year
        if signed_on is None or signed_on.year != year:
            continue
        signed_n += 1
        signed_amount += total
        if total >= ABOVE_1 and is_manufacturing:
            mfg_n += 1
            mfg_amount += total
        if total >= ABOVE_1 and chain_tag:
            chain_n += 1
            chain_amount += total
            n, amount = chain_by_tag.get(chain_tag, (0, ZERO))
            chain_by_tag[chain_tag] = (n + 1, amount + total)
    key_plan = sum(plans.values(), ZERO)
    events = visible_events(user).filter(held_on__year=year)
    trips = visible_trips(user).filter(start_on__year=year)
    cities = list(
        trips.values("destination")
        .annotate(n=Count("id"))
        .order_by("-n", "destination")
        .values_list("destination", "n")
    )
    figures: dict[str, Any] = {
        "year": year,
        "key_count": key_n,
        "key_total_investment": key_total,
        "key_year_plan": key_plan,
        "key_by_level": {lv: by_level.get(lv, 0) for lv in ProjectLevel.values},
        "key_province_or_city": by_level.get(ProjectLevel.PROVINCE, 0) + by_level.get(ProjectLevel.CITY, 0),
        "provincial_count": by_level.get(ProjectLevel.PROVINCE, 0),
        "provincial_started_by_june": provincial_started,
        "signed_count": signed_n,
        "signed_amount": signed_amount,
        "started_count": started,
        "events_count": events.count(),
        "trips_count": sum(n for _c, n in cities),
        "trip_cities": cities,
        "manufacturing_planned": manufacturing,
        "manufacturing_signed_above_1_count": mfg_n,
        "manufacturing_signed_above_1_amount": mfg_amount,
        "chain_signed_above_1_count": chain_n,
        "chain_signed_above_1_amount": chain_amount,
        "chain_by_tag": [(ChainTag(t).label, *chain_by_tag.get(t, (0, ZERO))) for t in ChainTag.values],
        "ranking_month": None,
        "rank_completed": None,
        "rank_ratio": None,
    }
    if region is not None:
        months = peer_months(region, year)
        if months:
            month = 6 if 6 in months else months[-1]
            comps = {c.metric: c for c in peer_comparison(user, region, year, month)}
            figures["ranking_month"] = month
            figures["completed_to_month"] = comps[PeerMetric.COMPLETED_INVESTMENT].self_value
            figures["ratio_to_month"] = comps[PeerMetric.PLAN_COMPLETION].self_value
            figures["rank_completed"] = comps[PeerMetric.COMPLETED_INVESTMENT].self_rank
            figures["rank_ratio"] = comps[PeerMetric.PLAN_COMPLETION].self_rank
            figures["rank_provincial_started"] = comps[PeerMetric.PROVINCIAL_STARTED].self_rank
            figures["peer_count"] = len(comps[PeerMetric.COMPLETED_INVESTMENT].rows)
    return figures


def home_region(user: User) -> Region | None:
    """The zone a user's comparisons are about: the region of their unit (or the first zone)."""
    unit = getattr(user, "unit", None)
    if unit is not None:
        region = unit.region
        while region.level not in ("zone", "county") and region.parent_id:
            region = region.parent
        return region
    return Region.objects.filter(level="zone").order_by("id").first()


# --- issues and timeline ---------------------------------------------------------------------


def issue_list(user: User, status: str = "", unit: int | None = None, overdue: bool = False) -> QuerySet[Issue]:
    qs = Issue.objects.filter(scope_q(user, "projects.project.view", unit="project__unit")).select_related(
        "project", "assigned_unit"
    )
    if status:
        qs = qs.filter(status=status)
    if unit:
        qs = qs.filter(assigned_unit_id=unit)
    if overdue:
        qs = qs.filter(status=IssueStatus.OPEN, due_at__lt=timezone.now())
    return qs.order_by("status", "due_at", "id")


def project_timeline(project: Project) -> list[dict[str, Any]]:
    """Stages, milestones, progress reports and issues of one project, in date order."""
    entries: list[dict[str, Any]] = []
    for c in project.stage_changes.select_related("by"):
        entries.append(
            {
                "on": c.on,
                "kind": "stage",
                "icon": "flag",
                "title": c.get_to_stage_display(),
                "text": c.note,
                "by": str(c.by) if c.by else "",
            }
        )
    today = timezone.localdate()
    for m in project.milestones.all():
        entries.append(
            {
                "on": m.actual_on or m.planned_on,
                "kind": "milestone",
                "icon": "signpost",
                "title": m.name,
                "done": m.actual_on is not None,
                "overdue": m.actual_on is None and m.planned_on < today,
                "text": "",
            }
        )
    for r in project.progress_reports.select_related("reported_by").prefetch_related("photos"):
        entries.append(
            {
                "on": _month_end(r.year, r.month),
                "kind": "progress",
                "icon": "bar-chart",
                "title": f"{r.year}年{r.month}月",
                "amount": r.amount,
                "text": r.progress,
                "photos": list(r.photos.all()),
                "by": str(r.reported_by) if r.reported_by else "",
            }
        )
    for i in project.issues.select_related("assigned_unit"):
        entries.append(
            {
                "on": timezone.localtime(i.raised_at).date(),
                "kind": "issue",
                "icon": "exclamation-triangle",
                "title": i.title,
                "text": i.resolution or i.description,
                "issue": i,
            }
        )
    entries.sort(key=lambda e: (e["on"], ["stage", "milestone", "issue", "progress"].index(e["kind"])))
    return entries


def overdue_milestones(user: User, today: date | None = None, limit: int = 50) -> list[Any]:
    """Planned milestones not done by their date, on projects the user may see (oldest first)."""
    from gaoxin.projects.models import Milestone

    today = today or timezone.localdate()
    return list(
        Milestone.objects.filter(
            scope_q(user, "projects.project.view", unit="project__unit"), actual_on__isnull=True, planned_on__lt=today
        )
        .select_related("project__unit")
        .order_by("planned_on", "id")[:limit]
    )


def choices_for_filters() -> dict[str, Any]:
    return {
        "industries": list(IndustryGroup.objects.filter(is_active=True)),
        "modes": list(AttractionMode.objects.filter(is_active=True)),
    }


def manageable_units(user: User) -> QuerySet[Unit]:
    """Units whose projects `user` may manage (for the unit select of forms)."""
    from gaoxin.core.enums import Scope
    from gaoxin.core.permissions import grants_of, rules

    by_role = rules()["projects.project.manage"]
    q = Q(pk__in=[])
    if not user.is_authenticated:
        return Unit.objects.none()
    for grant in grants_of(user):
        scope = by_role.get(grant.role)
        if scope == Scope.ALL:
            return Unit.objects.filter(is_active=True)
        if scope == Scope.SUBTREE:
            q |= Q(path__startswith=grant.unit_path)
        elif scope == Scope.UNIT:
            q |= Q(pk=grant.unit_id)
        elif scope == Scope.REGION:
            q |= Q(region__path__startswith=grant.region_path)
    return Unit.objects.filter(q, is_active=True).order_by("path")


# pipeline and activity reads live in selectors_pipeline.py (kept under ~600 lines per module)
from gaoxin.projects.selectors_pipeline import (  # noqa: E402
    PipelineFilters,
    activity_stats,
    event_list,
    kanban,
    pipeline_projects,
    pipeline_summary,
    trip_list,
)

__all__ = [
    "PipelineFilters",
    "activity_stats",
    "event_list",
    "kanban",
    "pipeline_projects",
    "pipeline_summary",
    "trip_list",
]
