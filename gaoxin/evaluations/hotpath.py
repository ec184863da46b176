"""Reads of the rating hot path, one SQL statement each (see gaoxin.core.rawfetch): the device
of a token, the case to rate. Nothing is cached across requests: every call reads the current rows."""

from __future__ import annotations

import json
from datetime import datetime
from functools import cache
from typing import Any, NamedTuple

from django.db import connection

from gaoxin.core.models import Region, Unit
from gaoxin.core.rawfetch import Join, fetch_many, fetch_one, where_equals, where_in
from gaoxin.evaluations.models import Case, Device, Hall, Rating, ServiceItem, Staff, Window

_CASE_JOINS: tuple[Join, ...] = (
    ("h", Hall, "t0", "hall_id"),
    ("hr", Region, "h", "region_id"),
    ("r", Region, "t0", "region_id"),
    ("w", Window, "t0", "window_id"),
    ("s", Staff, "t0", "staff_id"),
    ("i", ServiceItem, "t0", "item_id"),
)


def case_for_rating(number: str) -> Case | None:
    """The case with its hall (+ region), region, window, staff and item: one statement.
    Same objects as `Case.objects.select_related("hall__region", "region", "window", "staff", "item")`."""
    return fetch_one(Case, _CASE_JOINS, where_equals("number"), [number])


# a list of values as ONE json parameter (PostgreSQL): the driver dumps a json string at C speed
# where a 500-element array parameter costs it 2.5 ms of Python, and the statement stays the same
_JSON_TEXTS = "(SELECT json_array_elements_text(%s::json))"


class CaseRow(NamedTuple):
    """What the batch path needs of a case: its rules' facts, its organisation, its region and
    its hall's (a rating is filed under the hall's region), and whether it has a first rating."""

    id: int
    number: str
    status: str
    completed_at: datetime | None
    applicant_type: int
    hall_id: int
    window_id: int | None
    staff_id: int | None
    item_id: int
    department_id: int
    region_id: int
    region_path: str
    hall_region_id: int
    hall_region_path: str
    rated: bool


@cache
def _case_rows_sql(vendor: str, with_rated: bool) -> str:
    qn = connection.ops.quote_name
    c = [qn(str(Case._meta.get_field(n).column)) for n in CaseRow._fields[:11]]  # type: ignore[union-attr]
    case, hall, region, rating = (qn(m._meta.db_table) for m in (Case, Hall, Region, Rating))
    where = f"c.number IN {_JSON_TEXTS}" if vendor == "postgresql" else "c.number IN ({})"
    rated = "r.id IS NOT NULL" if with_rated else "FALSE"
    # the unique (case, rating_no) index: at most one row, found by an index probe per case
    rated_join = f" LEFT JOIN {rating} r ON r.case_id = c.id AND r.rating_no = 1" if with_rated else ""
    # identifiers from the models' metadata only; every value is a bound parameter
    return (
        f"SELECT {', '.join('c.' + col for col in c)}, cr.path, h.region_id, hr.path, {rated} "  # noqa: S608
        f"FROM {case} c JOIN {hall} h ON h.id = c.hall_id JOIN {region} hr ON hr.id = h.region_id "
        f"JOIN {region} cr ON cr.id = c.region_id{rated_join} WHERE {where}"
    )


def case_rows_for_ratings(numbers: list[str], *, with_rated: bool = True) -> dict[str, CaseRow]:
    """The CaseRow of each of these case numbers that exists, by number: one statement, plain
    tuples (no model instances: the batch path reads a handful of columns of 500 cases).
    Without `with_rated`, every case has rated=False (not read)."""
    if not numbers:
        return {}
    sql = _case_rows_sql(connection.vendor, with_rated)
    if connection.vendor == "postgresql":
        params: list[Any] = [json.dumps(numbers)]
    else:
        sql, params = sql.format(", ".join(["%s"] * len(numbers))), list(numbers)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    field = Case._meta.get_field("completed_at")
    col = field.get_col("c")
    convert = connection.ops.get_db_converters(col) + field.get_db_converters(connection)
    out = {}
    for row in rows:
        completed_at = row[3]
        for func in convert:
            completed_at = func(completed_at, col, connection)
        out[row[1]] = CaseRow._make((*row[:3], completed_at, *row[4:14], bool(row[14])))
    return out


def stored_ratings(keys: list) -> dict[Any, tuple[int, int]]:
    """(id, level) of each of these rating uuids that is stored, by uuid: one statement."""
    if not keys:
        return {}
    field = Rating._meta.get_field("uuid")
    qn = connection.ops.quote_name
    if connection.vendor == "postgresql":
        where, params = (
            "t0.uuid IN (SELECT x::uuid FROM json_array_elements_text(%s::json) x)",
            [json.dumps([str(k) for k in keys])],
        )
    else:
        where, params = where_in("uuid", [field.get_db_prep_value(k, connection) for k in keys])
    sql = f"SELECT t0.{qn('uuid')}, t0.id, t0.level FROM {qn(Rating._meta.db_table)} t0 WHERE {where}"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {field.to_python(key): (pk, level) for key, pk, level in cursor.fetchall()}


_DEVICE_JOINS: tuple[Join, ...] = (
    ("h", Hall, "t0", "hall_id"),
    ("hr", Region, "h", "region_id"),
    ("hu", Unit, "h", "unit_id"),
    ("w", Window, "t0", "window_id"),
)


def live_device_for_token(token_id: int) -> Device | None:
    """The device of a token (with hall region/unit and window) unless revoked: one statement."""
    qn = connection.ops.quote_name
    where = f"{where_equals('token_id')} AND t0.{qn('revoked_at')} IS NULL"
    return fetch_one(Device, _DEVICE_JOINS, where, [token_id])


def live_devices_for_tokens(token_ids: list[int]) -> dict[int, Device]:
    """live_device_for_token() of several tokens (the lane's group of ratings), by token id: one statement."""
    if not token_ids:
        return {}
    where, params = where_in("token_id", token_ids)
    where += f" AND t0.{connection.ops.quote_name('revoked_at')} IS NULL"
    return {d.token_id: d for d in fetch_many(Device, _DEVICE_JOINS, where, params)}
