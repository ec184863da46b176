"""Reads of the rating hot path, one SQL statement each (see gaoxin.core.rawfetch): the device
of a token, the case to rate. Nothing is cached across requests: every call reads the current rows."""

from __future__ import annotations

from django.db import connection

from gaoxin.core.models import Region, Unit
from gaoxin.core.rawfetch import Join, fetch_one, where_equals
from gaoxin.evaluations.models import Case, Device, Hall, ServiceItem, Staff, Window

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
