"""gaoxin.core.rawfetch: the hot path's shortcuts give what the ORM would."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from gaoxin.core.models import Region, User
from gaoxin.core.rawfetch import new_instance
from gaoxin.evaluations.models import Case, Device, Hall, Rating, ServiceItem, Window

NOW = datetime(2026, 6, 10, 2, 30, tzinfo=UTC)


def _pair():
    region = Region(pk=1)
    related = {
        "case": Case(pk=5),
        "hall": Hall(pk=2, region=region),
        "window": Window(pk=3),
        "staff": None,
        "item": ServiceItem(pk=4),
        "region": region,
        "device": Device(pk=6),
        "submitted_by": User(pk=7),
    }
    values = {"uuid": uuid.UUID(int=9), "department_id": 8, "level": 5, "text": "好", "created_at": NOW}
    return Rating(**values, **related), new_instance(Rating, values, related), related


def test_new_instance_is_what_the_constructor_builds():
    built, fast, related = _pair()
    fields = [f.attname for f in Rating._meta.concrete_fields]
    assert [getattr(fast, f) for f in fields] == [getattr(built, f) for f in fields]
    assert (fast.hall_id, fast.staff_id, fast.operator_id, fast.tags, fast.rating_no, fast.is_default) == (
        2,
        None,
        None,
        [],
        1,
        False,
    )
    assert fast._state.fields_cache == built._state.fields_cache
    assert fast.hall is related["hall"]  # no read
    assert fast.region is related["region"]
    assert (fast._state.adding, fast._state.db, fast.pk) == (True, None, None)


def test_new_instance_gives_each_instance_its_own_mutable_defaults():
    a = new_instance(Rating, {"level": 1}, {})
    b = new_instance(Rating, {"level": 1}, {})
    a.tags.append("A")
    assert (a.tags, b.tags, a.integrity_flags is b.integrity_flags) == (["A"], [], False)
