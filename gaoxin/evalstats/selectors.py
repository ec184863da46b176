"""Statistics reads: rollup rows only (never raw ratings), a fixed number of queries each."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from operator import itemgetter
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from gaoxin.core.models import Region, Unit, User
from gaoxin.core.permissions import Target, can, scope_q
from gaoxin.evalstats.models import COUNTERS, ITEM_BELOW, Dimension, Grain, RollupCounter
from gaoxin.evaluations.enums import Channel, GoodRateFormula

NAMES_BY_ID = 200  # beyond this many subjects, names are read through a subquery, not an id list

PERIODS = {
    "day": _("日"),
    "week": _("周"),
    "month": _("月"),
    "quarter": _("季度"),
    "year": _("年"),
}


def _month_add(d: date, months: int) -> date:
    y, m = divmod(d.month - 1 + months, 12)
    return date(d.year + y, m + 1, 1)


def period_bounds(period: str, ref: date) -> tuple[str, date, date]:
    """(stored grain, first period_start, last period_start) covering `period` around `ref`."""
    if period == "day":
        return Grain.DAY, ref, ref
    if period == "week":
        monday = ref - timedelta(days=ref.weekday())
        return Grain.DAY, monday, monday + timedelta(days=6)
    if period == "month":
        first = ref.replace(day=1)
        return Grain.MONTH, first, first
    if period == "quarter":
        first = date(ref.year, 3 * ((ref.month - 1) // 3) + 1, 1)
        return Grain.MONTH, first, _month_add(first, 2)
    if period == "year":
        return Grain.MONTH, date(ref.year, 1, 1), date(ref.year, 12, 1)
    raise ValueError(period)


def period_label(period: str, ref: date) -> str:
    _grain, first, last = period_bounds(period, ref)
    if period == "day":
        return f"{first:%Y-%m-%d}"
    if period == "week":
        return f"{first:%Y-%m-%d} ~ {last:%Y-%m-%d}"
    if period == "month":
        return f"{first:%Y年%m月}"
    if period == "quarter":
        return f"{first.year}年第{(first.month - 1) // 3 + 1}季度"
    return f"{first.year}年"


def _date(value: date | str) -> date:
    """A date column read without the ORM (SQLite gives its text)."""
    return date.fromisoformat(value) if isinstance(value, str) else value


def _pct(n: int, d: int) -> float | None:
    return round(100.0 * n / d, 2) if d else None


@dataclass
class Figures:
    """Counters of one subject and period, with rates computed from them."""

    key_id: int = 0
    name: str = ""
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COUNTERS, 0))
    formula: str = GoodRateFormula.THREE_LEVELS

    def __getattr__(self, name: str) -> Any:
        counts = self.__dict__.get("counts", {})
        if name in counts:
            return counts[name]
        raise AttributeError(name)

    @property
    def bad(self) -> int:
        return self.counts["l1"] + self.counts["l2"]

    @property
    def good(self) -> int:
        c = self.counts
        return c["l5"] + c["l4"] + (c["l3"] if self.formula == GoodRateFormula.THREE_LEVELS else 0)

    @property
    def good_rate(self) -> float | None:
        return _pct(self.good, self.counts["valid"])

    @property
    def bad_rate(self) -> float | None:
        return _pct(self.bad, self.counts["valid"])

    @property
    def satisfaction(self) -> float | None:
        """Mean level on a 0–100 scale (非常满意 = 100, 非常不满意 = 0)."""
        c = self.counts
        if not c["valid"]:
            return None
        score = sum((i - 1) * c[f"l{i}"] for i in range(1, 6))
        return round(100.0 * score / (4 * c["valid"]), 2)

    @property
    def active_rate(self) -> float | None:
        return _pct(self.counts["cases_rated"], self.counts["cases_completed"])

    @property
    def callback_rate(self) -> float | None:
        return _pct(self.counts["rn_bad_called_back"], self.counts["rn_bad"])

    @property
    def fix_rate(self) -> float | None:
        return _pct(self.counts["bad_answered"], self.bad)

    @property
    def on_time_rate(self) -> float | None:
        return _pct(self.counts["bad_on_time"], self.counts["bad_answered"])

    @property
    def distribution(self) -> list[int]:
        return [self.counts[f"l{i}"] for i in (5, 4, 3, 2, 1)]

    def as_dict(self) -> dict[str, Any]:
        return {
            "key_id": self.key_id,
            "name": self.name,
            **self.counts,
            "bad": self.bad,
            "good_rate": self.good_rate,
            "bad_rate": self.bad_rate,
            "satisfaction": self.satisfaction,
            "active_rate": self.active_rate,
            "callback_rate": self.callback_rate,
            "fix_rate": self.fix_rate,
            "on_time_rate": self.on_time_rate,
        }


def stats_scope(user: User | None) -> Q:
    """None is the system itself (public snapshot, reports built by jobs): everything."""
    if user is None:
        return Q()
    return scope_q(user, "evalstats.stats.view", unit=None, region="region")


def _sum_rows(qs: QuerySet, by: str | None = None, *, limit: int | None = None, offset: int = 0) -> list[tuple]:
    """The counters of `qs`'s rows summed (per `by`, in its order; with the number of `by` groups
    last when `limit` pages them): one query. The ORM writes the filter; the sums are written here,
    around it, which spares the ORM compiling nineteen aggregates for every statistics query."""
    connection = connections[qs.db]
    qn = connection.ops.quote_name
    try:
        inner, params = qs.values_list(*([by] if by else []), *COUNTERS).query.sql_with_params()
    except EmptyResultSet:  # a scope that grants nothing
        return [tuple([None] * len(COUNTERS))] if by is None else []
    sums = ", ".join(f"SUM(s.{qn(n)})" for n in COUNTERS)
    if by is None:
        sql = f"SELECT {sums} FROM ({inner}) s"  # noqa: S608 (identifiers only; values are parameters)
    else:
        count = ", COUNT(*) OVER ()" if limit is not None else ""
        sql = f"SELECT s.{qn(by)}, {sums}{count} FROM ({inner}) s GROUP BY s.{qn(by)} ORDER BY s.{qn(by)}"  # noqa: S608
        if limit is not None:
            sql += " LIMIT %s OFFSET %s"
            params = (*params, limit, offset)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _counts(sums: Iterable[int | None]) -> dict[str, int]:
    return dict(zip(COUNTERS, (v or 0 for v in sums), strict=True))


def names_for(dimension: str, ids: Iterable[int] | QuerySet) -> dict[int, str]:
    """One query (none for channels). `ids` may be a queryset of key ids: the database then reads
    the names of thousands of subjects without thousands of bound parameters."""
    if dimension == Dimension.CHANNEL:
        return {int(v): str(label) for v, label in Channel.choices}
    from gaoxin.evaluations.models import Hall, ServiceItem, Staff, Window

    if dimension == Dimension.REGION:
        return dict(Region.objects.filter(pk__in=ids).values_list("pk", "name"))
    if dimension == Dimension.DEPARTMENT:
        return dict(Unit.objects.filter(pk__in=ids).values_list("pk", "name"))
    if dimension == Dimension.HALL:
        return dict(Hall.objects.filter(pk__in=ids).values_list("pk", "name"))
    if dimension == Dimension.WINDOW:
        return {
            pk: f"{n}号 {name}" for pk, n, name in Window.objects.filter(pk__in=ids).values_list("pk", "number", "name")
        }
    if dimension == Dimension.ITEM:
        return dict(ServiceItem.objects.filter(pk__in=ids).values_list("pk", "name"))
    if dimension == Dimension.STAFF:
        rows = Staff.objects.filter(pk__in=ids).values_list("pk", "user__display_name", "user__username", "job_number")
        return {pk: f"{dn or un}（{job}）" if job else (dn or un) for pk, dn, un, job in rows}
    return {}


def _area_rows(user: User | None, *, dimension: str, period: str, ref: date, region: Region | None):
    """The rollup rows of one dimension in the period, within the user's scope and `region`'s
    subtree (rows of the region dimension are their own regions: the scope alone bounds them)."""
    grain, first, last = period_bounds(period, ref)
    if dimension == Dimension.ITEM and grain == Grain.MONTH and region is not None and _sees_whole(user, region):
        # the region's own item rows and its ITEM_BELOW rows (its strict subtree, summed on write):
        # one row per item and month, where the subtree's rows are one per item, district and month
        return RollupCounter.objects.filter(
            dimension__in=(Dimension.ITEM, ITEM_BELOW),
            grain=grain,
            region_id=region.pk,
            period_start__gte=first,
            period_start__lte=last,
        )
    qs = RollupCounter.objects.filter(
        stats_scope(user), dimension=dimension, grain=grain, period_start__gte=first, period_start__lte=last
    )
    if region is not None and dimension != Dimension.REGION:
        qs = qs.filter(region__path__startswith=region.path)
    return qs


def _sees_whole(user: User | None, region: Region) -> bool:
    """Does the user's statistics scope hold all of `region`'s subtree? (Scopes are subtrees: it
    does when it holds the region itself.) A scope of some districts of a city sums their rows."""
    if user is None:
        return True
    return can(user, "evalstats.stats.view", Target(region_path=region.path))


def _summed(qs: QuerySet) -> list[tuple[int, dict[str, int]]]:
    """(key id, counters) per subject, in key order: tuples, not a dict per row."""
    return _keyed_counts(_sum_rows(qs, "key_id"))


def _keyed_counts(rows: Iterable[tuple]) -> list[tuple[int, dict[str, int]]]:
    """Rows of `_sum_rows(qs, "key_id")` as (key id, counters)."""
    # a group's sums are never NULL (the counters are NOT NULL): no `or 0` per value
    return [(key_id, dict(zip(COUNTERS, sums, strict=True))) for key_id, *sums in rows]


def _figures(
    dimension: str, rows: list[tuple[int, dict[str, int]]], names: dict[int, str], formula: str | None
) -> list[Figures]:
    formula = formula or GoodRateFormula.THREE_LEVELS
    return [
        Figures(key_id=key_id, name=names.get(key_id, str(key_id)), counts=counts, formula=formula)
        for key_id, counts in rows
    ]


def figures_by(
    user: User | None,
    *,
    dimension: str,
    period: str,
    ref: date,
    region: Region | None = None,
    formula: str | None = None,
) -> list[Figures]:
    """One row per subject of `dimension` in the period: 2 queries (+ the user's grants once)."""
    qs = _area_rows(user, dimension=dimension, period=period, ref=ref, region=region)
    rows = _summed(qs)
    if not rows:
        return []
    names = names_for(dimension, qs.values("key_id") if len(rows) > NAMES_BY_ID else [k for k, _c in rows])
    return _figures(dimension, rows, names, formula)


def figures_page(
    user: User | None,
    *,
    dimension: str,
    period: str,
    ref: date,
    region: Region | None = None,
    formula: str | None = None,
    limit: int,
    offset: int = 0,
) -> tuple[int, list[Figures]]:
    """(number of subjects, the figures of subjects offset … offset + limit in key order).

    One query sums the area's rows per subject and returns the page's, with the number of subjects
    (a window count over the groups); one more names them. 2 queries (+ the user's grants once);
    1 when the area is empty; 2 when the page starts past the end (the subjects are then counted).
    The summing reads every row of the area in the period, a month's rows together in their
    partition on PostgreSQL (migration evalstats 0003): a province's 196 service items in a month
    are 20,772 rows on 800 pages."""
    qs = _area_rows(user, dimension=dimension, period=period, ref=ref, region=region)
    summed = _sum_rows(qs, "key_id", limit=limit, offset=offset)
    if not summed:
        return (qs.values("key_id").distinct().count() if offset else 0), []
    count = summed[0][-1]
    rows = [(key_id, dict(zip(COUNTERS, sums, strict=True))) for key_id, *sums, _n in summed]
    return count, _figures(dimension, rows, names_for(dimension, [k for k, _c in rows]), formula)


def region_figures(user: User | None, *, region: Region, period: str, ref: date, formula: str | None = None) -> Figures:
    """Totals of a region (its subtree) in the period: 1 query."""
    grain, first, last = period_bounds(period, ref)
    qs = RollupCounter.objects.filter(
        stats_scope(user),
        dimension=Dimension.REGION,
        region_id=region.pk,  # a region's own rows are keyed by it: the unique key's order
        key_id=region.pk,
        grain=grain,
        period_start__gte=first,
        period_start__lte=last,
    )
    return Figures(
        key_id=region.pk,
        name=region.name,
        counts=_counts(_sum_rows(qs)[0]),
        formula=formula or GoodRateFormula.THREE_LEVELS,
    )


def region_months(user: User | None, *, region: Region, years: Iterable[int]) -> dict[date, dict[str, int]]:
    """The counters of a region (its subtree) per month of the given years: 1 query."""
    in_years = Q()
    for year in sorted(set(years)):
        in_years |= Q(period_start__gte=date(year, 1, 1), period_start__lte=date(year, 12, 1))
    qs = RollupCounter.objects.filter(
        in_years,
        stats_scope(user),
        dimension=Dimension.REGION,
        region_id=region.pk,
        key_id=region.pk,
        grain=Grain.MONTH,
    )
    return {_date(start): _counts(sums) for start, *sums in _sum_rows(qs, "period_start")}


def months_total(
    region: Region, months: dict[date, dict[str, int]], starts: Iterable[date], formula: str | None = None
) -> Figures:
    """A region's figures over some of the months `region_months` read (what region_figures gives
    for those months)."""
    counts = dict.fromkeys(COUNTERS, 0)
    for start in starts:
        for name, n in months.get(start, {}).items():
            counts[name] += n
    return Figures(key_id=region.pk, name=region.name, counts=counts, formula=formula or GoodRateFormula.THREE_LEVELS)


def trend(
    user: User, *, dimension: str, key_id: int, ref: date, months: int = 12, formula: str | None = None
) -> list[tuple[str, Figures]]:
    """Monthly figures of one subject over the last `months` months: 1 query."""
    last = ref.replace(day=1)
    first = _month_add(last, -(months - 1))
    qs = RollupCounter.objects.filter(
        stats_scope(user),
        dimension=dimension,
        key_id=key_id,
        grain=Grain.MONTH,
        period_start__gte=first,
        period_start__lte=last,
    )
    if dimension == Dimension.REGION:
        qs = qs.filter(region_id=key_id)  # a region's own rows are keyed by it: the unique key's order
    rows = {_date(start): _counts(sums) for start, *sums in _sum_rows(qs, "period_start")}
    out = []
    for i in range(months):
        start = _month_add(first, i)
        out.append(
            (
                f"{start:%Y-%m}",
                Figures(
                    key_id=key_id,
                    counts=rows.get(start) or dict.fromkeys(COUNTERS, 0),
                    formula=formula or GoodRateFormula.THREE_LEVELS,
                ),
            )
        )
    return out


def region_total_and_trend(
    user: User, *, region: Region, period: str, ref: date, months: int = 12, formula: str | None = None
) -> tuple[Figures, list[tuple[str, Figures]]]:
    """(`region_figures(…)`, `trend(…)` of the region) as the overview shows them: 1 query for a
    month, quarter or year (the region's month rows of both spans at once), 2 for a day or week."""
    grain, first, last = period_bounds(period, ref)
    if grain != Grain.MONTH:
        total = region_figures(user, region=region, period=period, ref=ref, formula=formula)
        return total, trend(user, dimension=Dimension.REGION, key_id=region.pk, ref=ref, months=months, formula=formula)
    trend_last = ref.replace(day=1)
    trend_first = _month_add(trend_last, -(months - 1))
    qs = RollupCounter.objects.filter(
        stats_scope(user),
        dimension=Dimension.REGION,
        region_id=region.pk,
        key_id=region.pk,
        grain=Grain.MONTH,
        period_start__gte=min(first, trend_first),
        period_start__lte=max(last, trend_last),
    )
    rows = {_date(start): _counts(sums) for start, *sums in _sum_rows(qs, "period_start")}
    span = [_month_add(first, i) for i in range((last.year - first.year) * 12 + last.month - first.month + 1)]
    total = months_total(region, rows, span, formula)
    formula = formula or GoodRateFormula.THREE_LEVELS
    series = []
    for i in range(months):
        start = _month_add(trend_first, i)
        counts = rows.get(start) or dict.fromkeys(COUNTERS, 0)
        series.append((f"{start:%Y-%m}", Figures(key_id=region.pk, counts=counts, formula=formula)))
    return total, series


def ranking(rows: list[Figures], *, by: str, min_sample: int = 1) -> list[Figures]:
    """满意度 ranking (high first) or 差评率 ranking (high first); subjects below min_sample last."""
    eligible = [r for r in rows if r.valid >= min_sample]
    rest = [r for r in rows if r.valid < min_sample]
    eligible.sort(key=lambda r: (-(getattr(r, by) or 0), -r.valid, r.name))
    return eligible + sorted(rest, key=lambda r: r.name)


def ranking_top(
    user: User | None,
    *,
    dimension: str,
    period: str,
    ref: date,
    region: Region | None = None,
    formula: str | None = None,
    by: str,
    top: int,
    min_sample: int = 1,
) -> tuple[int, list[Figures]]:
    """(number of subjects, the first `top` of `ranking(figures_by(…))`), naming only the subjects
    the ordering needs: the top ones and those tied with the last of them (ties are ordered by
    name), or every subject below the sample when fewer than `top` reach it. 2 queries."""
    formula = formula or GoodRateFormula.THREE_LEVELS
    qs = _area_rows(user, dimension=dimension, period=period, ref=ref, region=region)
    rows = _sum_rows(qs, "key_id")  # (key id, *counters): a province ranks 1,300 departments to show 100
    rate, valid = _rate_of(by, formula), _AT["valid"]
    # each subject's rank computed once, from its row; Figures built only for the rows named
    eligible = [((-(rate(r) or 0), -r[valid]), r) for r in rows if r[valid] >= min_sample]
    rest = [r for r in rows if r[valid] < min_sample]
    eligible.sort(key=itemgetter(0))
    if len(eligible) >= top:
        bound = eligible[top - 1][0]
        eligible = [e for e in eligible if e[0] <= bound]
        rest = []
    named = [r for _rank, r in eligible] + rest
    names = names_for(dimension, [r[0] for r in named]) if named else {}
    figures = _figures(dimension, _keyed_counts(named), names, formula)
    ranked = sorted(
        zip([rank for rank, _r in eligible], figures[: len(eligible)], strict=True), key=lambda e: (*e[0], e[1].name)
    )
    tail = sorted(figures[len(eligible) :], key=lambda f: f.name)
    return len(rows), ([f for _rank, f in ranked] + tail)[:top]


# a counter's place in a row of _sum_rows(qs, "key_id"): after the key id
_AT = {name: n + 1 for n, name in enumerate(COUNTERS)}


def _rate_of(by: str, formula: str) -> Callable[[tuple], float | None]:
    """Figures(…).<by> of a summed row, without building the Figures for the two rates rankings
    use most (the same formulas as Figures.good_rate and Figures.bad_rate)."""
    l1, l2, l3, l4, l5, valid = (_AT[n] for n in ("l1", "l2", "l3", "l4", "l5", "valid"))
    if by == "good_rate":
        if formula == GoodRateFormula.THREE_LEVELS:
            return lambda r: _pct(r[l5] + r[l4] + r[l3], r[valid])
        return lambda r: _pct(r[l5] + r[l4], r[valid])
    if by == "bad_rate":
        return lambda r: _pct(r[l1] + r[l2], r[valid])
    return lambda r: getattr(Figures(counts=_keyed_counts([r])[0][1], formula=formula), by)


def good_rate_formula(region: Region) -> str:
    from gaoxin.evaluations.policy import effective_policy

    return effective_policy(region).good_rate_formula


def default_region(user: User) -> Region | None:
    """The region the user's statistics start from: their unit's region, else the first zone."""
    if user.is_authenticated and user.unit_id:
        return Region.objects.filter(units__pk=user.unit_id).first()
    return Region.objects.filter(level="zone").order_by("pk").first()
