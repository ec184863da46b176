"""Reads of the rating hot path, one SQL statement each (see gaoxin.core.rawfetch): the device
of a token, the case to rate. Nothing is cached across requests: every call reads the current rows."""

from __future__ import annotations

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


def cases_for_ratings(numbers: list[str]) -> dict[str, Case]:
    """The cases of these numbers, each with the relations of case_for_rating (one object per
    hall, region, window… shared by its cases): one statement whatever the number of cases."""
    if not numbers:
        return {}
    where, params = where_in("number", numbers)
    return {c.number: c for c in fetch_many(Case, _CASE_JOINS, where, params)}


def stored_and_rated(keys: list, case_ids: list[int]) -> tuple[set, set[int]]:
    """Which of these rating uuids are stored, and which of these cases have a first rating:
    one statement (a round trip less per group of ratings)."""
    field = Rating._meta.get_field("uuid")
    qn = connection.ops.quote_name
    table = qn(Rating._meta.db_table)
    parts, params = [], []
    if keys:
        where, values = where_in("uuid", [field.get_db_prep_value(k, connection) for k in keys])
        parts.append(f"SELECT t0.{qn('uuid')}, NULL FROM {table} t0 WHERE {where}")  # noqa: S608
        params += values
    if case_ids:
        where, values = where_in("case_id", case_ids)
        parts.append(f"SELECT NULL, t0.case_id FROM {table} t0 WHERE {where} AND t0.rating_no = 1")  # noqa: S608
        params += values
    if not parts:
        return set(), set()
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        rows = cursor.fetchall()
    stored = {field.to_python(key) for key, _case in rows if key is not None}
    return stored, {case for key, case in rows if key is None}


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
