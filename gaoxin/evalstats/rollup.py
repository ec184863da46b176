"""What one rating or case contributes to the rollup counters, and the upsert that adds it.

Incremental updates apply `vector(after) - vector(before)` for a rating whose state changed
(work-order progress, exclusion); `evalstats_rebuild` sums `vector(final state)` over the raw
data. Both go through the same functions, so rebuilt == incremental by construction (and a
test proves it).
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache, lru_cache
from typing import Any, NamedTuple

from django.db import connection
from django.utils import timezone

from gaoxin.evalstats.models import COUNTERS, ITEM_BELOW, Dimension, Grain, RollupCounter
from gaoxin.evaluations.enums import BAD_LEVELS

Key = tuple[str, int, int, str, date]  # dimension, key_id, region_id, grain, period_start


@dataclass(frozen=True)
class OrderFlags:
    """The work-order facts that statistics count (all False for a rating without an order)."""

    excluded: bool = False
    called_back: bool = False
    answered: bool = False
    on_time: bool = False
    appeal_filed: bool = False
    appeal_upheld: bool = False
    appeal_rejected: bool = False


NO_ORDER = OrderFlags()


def flags_of(order) -> OrderFlags:
    if order is None:
        return NO_ORDER
    return OrderFlags(
        excluded=order.appeal_upheld is True,
        called_back=order.called_back,
        answered=order.first_answered_at is not None,
        on_time=bool(order.answered_on_time),
        appeal_filed=order.appeal_filed_at is not None,
        appeal_upheld=order.appeal_upheld is True,
        appeal_rejected=order.appeal_upheld is False,
    )


def rating_vector(rating, flags: OrderFlags = NO_ORDER) -> Counter[str]:
    v: Counter[str] = Counter()
    if rating.rating_no == 2:
        v["followups"] = 1
        v["followups_satisfied"] = int(rating.level >= 3)
        return v
    if rating.is_default:
        v["defaults"] = 1
        return v
    v["appeals_filed"] = int(flags.appeal_filed)
    v["appeals_upheld"] = int(flags.appeal_upheld)
    v["appeals_rejected"] = int(flags.appeal_rejected)
    if flags.excluded:
        v["excluded"] = 1
        return v
    v["valid"] = 1
    v[f"l{rating.level}"] = 1
    if rating.level in BAD_LEVELS:
        v["rn_bad"] = int(rating.is_real_name)
        v["rn_bad_called_back"] = int(rating.is_real_name and flags.called_back)
        v["bad_answered"] = int(flags.answered)
        v["bad_on_time"] = int(flags.answered and flags.on_time)
    return v


@lru_cache(maxsize=4096)
def region_chain(path: str) -> tuple[int, ...]:
    return tuple(int(p) for p in path.strip("/").split("/") if p)


def local_day(moment: datetime) -> date:
    """The day of `moment` in the zone's time zone (settings.TIME_ZONE), what counters count by."""
    if moment.tzinfo is None:
        raise ValueError("local_day() needs an aware datetime")
    return moment.astimezone(timezone.get_default_timezone()).date()


def periods(moment: datetime) -> list[tuple[str, date]]:
    day = local_day(moment)
    return [(_DAY, day), (_MONTH, day.replace(day=1))]


# the members as module names: the rating path builds ~20 keys per rating, and reading a
# member off its enum class goes through the enum's descriptor every time
_REGION, _HALL, _DEPARTMENT, _WINDOW, _STAFF, _ITEM, _CHANNEL = (
    Dimension.REGION,
    Dimension.HALL,
    Dimension.DEPARTMENT,
    Dimension.WINDOW,
    Dimension.STAFF,
    Dimension.ITEM,
    Dimension.CHANNEL,
)
_DAY, _MONTH = Grain.DAY, Grain.MONTH


class Subject(NamedTuple):
    """What a rating or case is counted under (the attributes subject_keys() reads)."""

    region_id: int
    hall_id: int
    department_id: int
    window_id: int | None
    staff_id: int | None
    item_id: int | None
    channel: int | None = None


class RatingFacts(NamedTuple):
    """What the counters need of one stored rating: its subject and the facts rating_vector()
    reads, and, when it is its case's first rating, the case's subject and completion (the
    case then counts as rated). Built from a Rating (facts_of) or, by the batch path, straight
    from the row it inserted."""

    subject: Subject
    region_path: str
    created_at: datetime
    rating_no: int
    level: int
    is_default: bool
    is_real_name: bool
    case: Subject | None = None
    case_region_path: str = ""
    completed_at: datetime | None = None


def subject_of(obj, *, with_channel: bool) -> Subject:
    """The Subject of a rating or a case (or of a row with the same attributes)."""
    return Subject(
        obj.region_id,
        obj.hall_id,
        obj.department_id,
        obj.window_id,
        obj.staff_id,
        obj.item_id,
        obj.channel if with_channel else None,
    )


def facts_of(rating) -> RatingFacts:
    """The RatingFacts of a stored Rating (its region, and its case's, loaded or loadable)."""
    facts = RatingFacts(
        subject_of(rating, with_channel=True),
        rating.region.path,
        rating.created_at,
        rating.rating_no,
        rating.level,
        rating.is_default,
        rating.is_real_name,
    )
    case = rating.case if rating.case_id else None
    if case is None or rating.rating_no != 1 or rating.is_default or case.completed_at is None:
        return facts
    return facts._replace(
        case=subject_of(case, with_channel=False),
        case_region_path=case.region.path,
        completed_at=case.completed_at,
    )


def ratings_acc(facts) -> dict[Key, Counter[str]]:
    """The counters of these stored ratings (RatingFacts), summed. Ratings of one subject, day
    and kind share their keys and vector: they are tallied first, then spread once per group."""
    tally: Counter[tuple] = Counter()
    moments: dict[tuple, datetime] = {}
    cases: Counter[tuple] = Counter()
    case_moments: dict[tuple, datetime] = {}
    for f in facts:
        group = (f.subject, f.region_path, local_day(f.created_at), f.rating_no, f.level, f.is_default, f.is_real_name)
        if group not in moments:
            moments[group] = f.created_at
        tally[group] += 1
        if f.case is not None and f.completed_at is not None:
            case_group = (f.case, f.case_region_path, local_day(f.completed_at))
            if case_group not in case_moments:
                case_moments[case_group] = f.completed_at
            cases[case_group] += 1
    acc = new_acc()
    for group, n in tally.items():
        subject, path, _day, rating_no, level, is_default, is_real_name = group
        vector = rating_vector(_Kind(rating_no, level, is_default, is_real_name))
        spread(acc, subject_keys(subject, path, with_channel=True), moments[group], vector, n)
    for case_group, n in cases.items():
        subject, path, _day = case_group
        spread(acc, subject_keys(subject, path, with_channel=False), case_moments[case_group], _CASES_RATED, n)
    return acc


class _Kind(NamedTuple):
    rating_no: int
    level: int
    is_default: bool
    is_real_name: bool


_CASES_RATED: Counter[str] = Counter({"cases_rated": 1})


def subject_keys(obj, region_path: str, *, with_channel: bool) -> list[tuple[str, int, int]]:
    """(dimension, key id, region id) of a rating or case."""
    region_id = obj.region_id
    chain = region_chain(region_path)
    keys: list[tuple[str, int, int]] = [(_REGION, rid, rid) for rid in chain]
    keys.append((_HALL, obj.hall_id, region_id))
    keys.append((_DEPARTMENT, obj.department_id, region_id))
    if obj.window_id:
        keys.append((_WINDOW, obj.window_id, region_id))
    if obj.staff_id:
        keys.append((_STAFF, obj.staff_id, region_id))
    if obj.item_id:
        keys.append((_ITEM, obj.item_id, region_id))
        # the item's month rows of every ancestor region (spread() writes them at month grain only)
        keys.extend((ITEM_BELOW, obj.item_id, rid) for rid in chain if rid != region_id)
    if with_channel and getattr(obj, "channel", None):
        keys.append((_CHANNEL, obj.channel, region_id))
    return keys


def spread(acc: dict[Key, Counter[str]], keys, moment: datetime, vector: Counter[str], sign: int = 1) -> None:
    """Add `vector` × `sign` (−1 takes it back; a count adds that many) to every key's day and month rows."""
    if not any(vector.values()):
        return
    for grain, start in periods(moment):
        for dim, key_id, region_id in keys:
            if grain is _DAY and dim == ITEM_BELOW:
                continue
            bucket = acc[(dim, key_id, region_id, grain, start)]
            for name, n in vector.items():
                if n:
                    bucket[name] += sign * n


def new_acc() -> dict[Key, Counter[str]]:
    return defaultdict(Counter)


def upsert(acc: dict[Key, Counter[str]]) -> int:
    """Add the counters to their rows in ONE statement (INSERT … ON CONFLICT DO UPDATE on both
    SQLite and PostgreSQL), rows in key order so concurrent writers lock them in the same order."""
    rows = sorted(((k, c) for k, c in acc.items() if any(c.values())), key=lambda r: r[0])
    if not rows:
        return 0
    sql = _upsert_sql(connection.vendor, 1 if connection.vendor == "postgresql" else len(rows))
    params: list[Any]
    if connection.vendor == "postgresql":
        # the rows as ONE json parameter (only their non-zero counters): the statement's text and
        # its one parameter are the same whatever the number of rows, so it is parsed and planned
        # once per connection, and the driver dumps one string instead of thousands of values
        params = [
            json.dumps(
                [
                    {"d": str(dim), "k": key_id, "r": region_id, "g": str(grain), "p": start.isoformat(), **c}
                    for (dim, key_id, region_id, grain, start), c in rows
                ],
                separators=(",", ":"),
            )
        ]
    else:
        params = []
        for (dim, key_id, region_id, grain, start), c in rows:
            params.extend([str(dim), key_id, region_id, str(grain), start])
            params.extend(c.get(name, 0) for name in COUNTERS)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
    return len(rows)


@cache
def _upsert_sql(vendor: str, n_rows: int) -> str:
    qn = connection.ops.quote_name
    table = qn(RollupCounter._meta.db_table)
    cols = ["dimension", "key_id", "region_id", "grain", "period_start", *COUNTERS]
    if vendor == "postgresql":
        fields = ", ".join(f"{qn(n)} integer" for n in COUNTERS)
        values = ", ".join(f"coalesce(x.{qn(n)}, 0)" for n in COUNTERS)
        source = (
            f"SELECT x.d, x.k, x.r, x.g, x.p, {values} FROM json_to_recordset(%s::json) "  # noqa: S608 (identifiers)
            f"AS x(d text, k bigint, r bigint, g text, p date, {fields})"
        )
    else:
        placeholders = "(" + ", ".join(["%s"] * len(cols)) + ")"
        source = "VALUES " + ", ".join([placeholders] * n_rows)
    updates = ", ".join(f"{qn(n)} = {table}.{qn(n)} + excluded.{qn(n)}" for n in COUNTERS)
    conflict = ", ".join(qn(c) for c in cols[:5])
    # identifiers only in the text; every value is a bound parameter
    return f"INSERT INTO {table} ({', '.join(qn(c) for c in cols)}) {source} ON CONFLICT ({conflict}) DO UPDATE SET {updates}"
