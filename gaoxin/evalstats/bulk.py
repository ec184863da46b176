"""Set-based rebuild of the rollup counters: the same rows as the incremental path, in SQL.

`rollup.rating_vector` and the `rollup_*` services say what one rating or case adds; this
module says the same thing as SQL over the whole tables, so that a rebuild of tens of millions
of ratings takes minutes instead of hours:

1. a temporary *facts* table: ratings (their vector, by their own keys and local day),
   first ratings of completed cases (`cases_rated`, by the case's keys and completion day) and
   completed cases (`cases_completed`), grouped by every key column and local day;
2. one INSERT … SELECT … GROUP BY per keyed dimension (hall, department, window, staff, item,
   channel) into day rows;
3. region rows from the hall day rows (every rating and case has a hall), one per ancestor;
4. month rows from the day rows;
5. the service items' month rows of every strict ancestor region (`ITEM_BELOW`).

Runs on SQLite and PostgreSQL (a test proves rebuilt == incremental on both). Columns of
RollupCounter that this module does not know (e.g. a shard number) get the model's default.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import connection, transaction

from gaoxin.core.audit import audit_log
from gaoxin.core.models import Region, User
from gaoxin.core.permissions import require
from gaoxin.evalstats import rollup
from gaoxin.evalstats.models import COUNTERS, ITEM_BELOW, Dimension, Grain, RollupCounter
from gaoxin.evaluations.models import Case, Rating

KEY_COLUMNS = ("hall_id", "department_id", "window_id", "staff_id", "item_id", "channel", "region_id")
KEYED_DIMENSIONS = {
    Dimension.HALL: "hall_id",
    Dimension.DEPARTMENT: "department_id",
    Dimension.WINDOW: "window_id",
    Dimension.STAFF: "staff_id",
    Dimension.ITEM: "item_id",
    Dimension.CHANNEL: "channel",
}
FACTS = "evalstats_rebuild_facts"
ANCESTORS = "evalstats_rebuild_ancestors"


def _qn(name: str) -> str:
    return connection.ops.quote_name(name)


def _local_day(column: str) -> tuple[str, list[Any]]:
    sql, params = connection.ops.datetime_cast_date_sql(column, (), settings.TIME_ZONE)
    return sql, list(params)


def _month_of(column: str) -> str:
    if connection.vendor == "postgresql":
        return f"DATE_TRUNC('month', {column})::date"
    return f"strftime('%%Y-%%m-01', {column})"


def _rating_counters() -> list[str]:
    """SQL expressions of `rollup.rating_vector(rating, flags_of(work order))`, in COUNTERS order."""
    first = "r.rating_no = 1 AND r.is_default IS FALSE"
    excluded = "wo.appeal_upheld IS TRUE"  # false, not NULL, without a work order
    valid = f"{first} AND NOT ({excluded})"
    bad = f"{valid} AND r.level IN (1, 2)"
    cond = {
        "valid": valid,
        **{f"l{i}": f"{valid} AND r.level = {i}" for i in range(1, 6)},
        "defaults": "r.rating_no = 1 AND r.is_default IS TRUE",
        "excluded": f"{first} AND {excluded}",
        "rn_bad": f"{bad} AND r.is_real_name IS TRUE",
        "rn_bad_called_back": f"{bad} AND r.is_real_name IS TRUE AND wo.called_back IS TRUE",
        "bad_answered": f"{bad} AND wo.first_answered_at IS NOT NULL",
        "bad_on_time": f"{bad} AND wo.first_answered_at IS NOT NULL AND wo.answered_on_time IS TRUE",
        "appeals_filed": f"{first} AND wo.appeal_filed_at IS NOT NULL",
        "appeals_upheld": f"{first} AND wo.appeal_upheld IS TRUE",
        "appeals_rejected": f"{first} AND wo.appeal_upheld IS FALSE",
        "followups": "r.rating_no = 2",
        "followups_satisfied": "r.rating_no = 2 AND r.level >= 3",
    }
    return [f"CASE WHEN {cond[n]} THEN 1 ELSE 0 END" if n in cond else "0" for n in COUNTERS]


def _only(counter: str) -> list[str]:
    return ["1" if n == counter else "0" for n in COUNTERS]


def _facts_sql() -> tuple[str, list[Any]]:
    from gaoxin.rectifications.models import WorkOrder

    rating, case, order = (_qn(m._meta.db_table) for m in (Rating, Case, WorkOrder))
    r_day, r_params = _local_day("r.created_at")
    c_day, c_params = _local_day("c.completed_at")
    case_keys = "c.hall_id, c.department_id, c.window_id, c.staff_id, c.item_id, NULL, c.region_id"
    ratings = (
        f"SELECT r.hall_id, r.department_id, r.window_id, r.staff_id, r.item_id, r.channel, r.region_id, "  # noqa: S608 (identifiers only)
        f"{r_day} AS day, {', '.join(f'{e} AS {_qn(n)}' for e, n in zip(_rating_counters(), COUNTERS, strict=True))} "
        f"FROM {rating} r LEFT JOIN {order} wo ON wo.rating_id = r.id"
    )
    rated = (
        f"SELECT {case_keys}, {c_day}, {', '.join(_only('cases_rated'))} "  # noqa: S608
        f"FROM {rating} r JOIN {case} c ON c.id = r.case_id "
        f"WHERE r.rating_no = 1 AND r.is_default IS FALSE AND c.completed_at IS NOT NULL"
    )
    completed = (
        f"SELECT {case_keys}, {c_day}, {', '.join(_only('cases_completed'))} "  # noqa: S608
        f"FROM {case} c WHERE c.completed_at IS NOT NULL"
    )
    keys = ", ".join(KEY_COLUMNS)
    sums = ", ".join(f"SUM({_qn(n)}) AS {_qn(n)}" for n in COUNTERS)
    sql = (
        f"CREATE TEMPORARY TABLE {FACTS} AS SELECT {keys}, day, {sums} FROM ("  # noqa: S608 (identifiers only)
        f"{ratings} UNION ALL {rated} UNION ALL {completed}) u GROUP BY {keys}, day"
    )
    return sql, [*r_params, *c_params, *c_params]


def secondary_indexes(cursor: Any, tables: list[str]) -> tuple[list[str], list[str]]:
    """PostgreSQL: (drop, create) statements of the tables' non-primary-key indexes and unique
    constraints, to load or rebuild without maintaining them row by row."""
    drops, creates = [], []
    cursor.execute(
        "SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid) FROM pg_constraint c "
        "WHERE c.conrelid = ANY(%s::regclass[]) AND c.contype = 'u'",
        [tables],
    )
    constraint_names = set()
    for table, name, definition in cursor.fetchall():
        constraint_names.add(name)
        drops.append(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        creates.append(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
    cursor.execute(
        "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
        "WHERE i.indrelid = ANY(%s::regclass[]) AND NOT i.indisprimary",
        [tables],
    )
    for name, definition in cursor.fetchall():
        if name.strip('"') not in constraint_names:
            drops.append(f"DROP INDEX {name}")
            # a partitioned table's index reads "ON ONLY <table>": recreated on the table, it is
            # built on every partition too
            creates.append(definition.replace(" ON ONLY ", " ON ", 1))
    return drops, creates


def _extra_columns() -> tuple[list[str], list[Any]]:
    """Columns of RollupCounter this module does not fill itself, with the model's defaults."""
    known = {"id", "dimension", "key_id", "region_id", "grain", "period_start", *COUNTERS}
    cols: list[str] = []
    values: list[Any] = []
    for f in RollupCounter._meta.concrete_fields:
        if f.column not in known and not f.primary_key:
            cols.append(str(f.column))
            values.append(f.get_db_prep_save(f.get_default(), connection))
    return cols, values


def _insert(select_keys: str, source: str, group: str, params: list[Any], order: str = "") -> None:
    """INSERT INTO rollup (keys, counters, extras) SELECT select_keys, SUM(counters), extras FROM … GROUP BY …
    [ORDER BY …: the order the rows are written in]"""
    table = _qn(RollupCounter._meta.db_table)
    extra_cols, extra_values = _extra_columns()
    cols = ["dimension", "key_id", "region_id", "grain", "period_start", *COUNTERS, *extra_cols]
    sums = ", ".join(f"SUM(f.{_qn(n)})" for n in COUNTERS)
    extras = "".join(", %s" for _ in extra_cols)
    sql = (
        f"INSERT INTO {table} ({', '.join(_qn(c) for c in cols)}) "  # noqa: S608 (identifiers only)
        f"SELECT {select_keys}, {sums}{extras} FROM {source} GROUP BY {group}" + (f" ORDER BY {order}" if order else "")
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *extra_values])


def rollup_rebuild_sql(*, actor: User | None, progress: Callable[[str, float], None] | None = None) -> int:
    """Recompute every counter from ratings, cases and work orders in SQL (all or nothing)."""
    if actor is not None:
        require(actor, "evalstats.rollup.rebuild")
    table = _qn(RollupCounter._meta.db_table)
    started = time.perf_counter()

    def step(name: str) -> None:
        if progress is not None:
            progress(name, time.perf_counter() - started)

    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL work_mem = '256MB'")
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # TRUNCATE refuses pending deferred checks
            cursor.execute(f"TRUNCATE {table}")
        else:
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608 (identifier only)
        creates: list[str] = []
        if connection.vendor == "postgresql":
            drops, creates = secondary_indexes(cursor, [RollupCounter._meta.db_table])
            for statement in drops:
                cursor.execute(statement)
        cursor.execute(f"DROP TABLE IF EXISTS {FACTS}")
        cursor.execute(f"DROP TABLE IF EXISTS {ANCESTORS}")
        cursor.execute(f"CREATE TEMPORARY TABLE {ANCESTORS} (region_id bigint, ancestor_id bigint)")
        pairs = [(rid, a) for rid, path in Region.objects.values_list("id", "path") for a in rollup.region_chain(path)]
        cursor.executemany(f"INSERT INTO {ANCESTORS} (region_id, ancestor_id) VALUES (%s, %s)", pairs)  # noqa: S608
        sql, params = _facts_sql()
        cursor.execute(sql, params)
        step("facts")
        for dim, column in KEYED_DIMENSIONS.items():
            _insert(
                f"%s, f.{column}, f.region_id, %s, f.day",
                f"{FACTS} f WHERE f.{column} IS NOT NULL",
                f"f.{column}, f.region_id, f.day",
                [str(dim), str(Grain.DAY)],
            )
            step(f"day {dim}")
        # region rows: each ancestor (and the region itself) of a hall row's region
        _insert(
            "%s, a.ancestor_id, a.ancestor_id, %s, f.period_start",
            f"{table} f JOIN {ANCESTORS} a ON a.region_id = f.region_id WHERE f.dimension = %s AND f.grain = %s",
            "a.ancestor_id, f.period_start",
            [str(Dimension.REGION), str(Grain.DAY), str(Dimension.HALL), str(Grain.DAY)],
        )
        step("day region")
        month = _month_of("f.period_start")
        _insert(
            f"f.dimension, f.key_id, f.region_id, %s, {month}",
            f"{table} f WHERE f.grain = %s",
            f"f.dimension, f.key_id, f.region_id, {month}",
            [str(Grain.MONTH), str(Grain.DAY)],
            # a month's rows written together, in the order an area's reads walk them (on
            # PostgreSQL into the month partition, where they stay: migration evalstats 0003)
            order=f"{month}, f.dimension, f.region_id, f.key_id",
        )
        step("month")
        _insert(
            "%s, f.key_id, a.ancestor_id, %s, f.period_start",
            f"{table} f JOIN {ANCESTORS} a ON a.region_id = f.region_id AND a.ancestor_id <> f.region_id "
            "WHERE f.dimension = %s AND f.grain = %s",
            "f.key_id, a.ancestor_id, f.period_start",
            [ITEM_BELOW, str(Grain.MONTH), str(Dimension.ITEM), str(Grain.MONTH)],
            order="f.period_start, a.ancestor_id, f.key_id",
        )
        step("month item_below")
        cursor.execute(f"DROP TABLE {FACTS}")
        cursor.execute(f"DROP TABLE {ANCESTORS}")
        for statement in creates:
            cursor.execute(statement)
        step("indexes")
        cursor.execute(f"SELECT COUNT(*) FROM {table}")  # noqa: S608 (identifier only)
        rows = cursor.fetchone()[0]
        audit_log(
            actor=actor,
            action="evalstats.rollup.rebuild",
            object_type="evalstats.rollupcounter",
            after={"rows": rows, "method": "sql"},
        )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {table}")
        step("analyze")
    return rows
