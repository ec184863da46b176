"""The rating path's raw reads give the objects the ORM's select_related would, with no query
left when their relations are used."""

from __future__ import annotations

import uuid

import time_machine

from gaoxin.evaluations import hotpath
from gaoxin.evaluations.enums import Channel, Level
from gaoxin.evaluations.models import Case, Device
from gaoxin.evaluations.services import device_register, evaluation_record
from gaoxin.evaluations.tests.conftest import at

RELATIONS = ("hall", "window", "staff", "item", "region")


def values(obj):
    return None if obj is None else {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


def test_case_reads_equal_select_related(ev, count_queries):
    done = at(2026, 6, 10, 10, 0)
    first, second = ev.case(completed_at=done), ev.case(completed_at=done, window="w2")
    orm = {c.number: c for c in Case.objects.select_related("hall__region", "region", "window", "staff", "item")}
    with count_queries() as q:
        for got in (hotpath.case_for_rating(first.number), hotpath.case_for_rating(second.number)):
            want = orm[got.number]
            assert values(got) == values(want)
            assert [values(getattr(got, r)) for r in RELATIONS] == [values(getattr(want, r)) for r in RELATIONS]
            assert values(got.hall.region) == values(want.hall.region)
            assert (got._state.adding, got._state.db) == (False, "default")
    assert len(q) == 2
    assert hotpath.case_for_rating("GX-NONE") is None


def test_the_batch_path_reads_cases_and_stored_ratings_as_rows(ev, count_queries):
    """case_rows_for_ratings and stored_ratings: the columns the models hold, one statement each."""
    done = at(2026, 6, 10, 10, 0)
    rated, open_case = ev.case(completed_at=done), ev.case(window="w2")
    with time_machine.travel(at(2026, 6, 10, 10, 30), tick=False):
        stored = evaluation_record(
            actor=None, channel=Channel.DEVICE, level=Level.DISSATISFIED, uuid=uuid.uuid4(), case=rated
        ).rating
    with count_queries() as q:
        rows = hotpath.case_rows_for_ratings([rated.number, open_case.number, "GX-NONE"])
        unread = hotpath.case_rows_for_ratings([rated.number], with_rated=False)
        found = hotpath.stored_ratings([stored.uuid, uuid.uuid4()])
    assert len(q) == 3
    assert sorted(rows) == sorted([rated.number, open_case.number])
    for case, is_rated in ((rated, True), (open_case, False)):
        case = Case.objects.select_related("hall__region", "region").get(pk=case.pk)
        assert rows[case.number] == hotpath.CaseRow(
            case.pk,
            case.number,
            case.status,
            case.completed_at,
            case.applicant_type,
            case.hall_id,
            case.window_id,
            case.staff_id,
            case.item_id,
            case.department_id,
            case.region_id,
            case.region.path,
            case.hall.region_id,
            case.hall.region.path,
            is_rated,
        )
    assert rows[rated.number].completed_at == done
    assert unread[rated.number] == rows[rated.number]._replace(rated=False)
    assert found == {stored.uuid: (stored.pk, Level.DISSATISFIED)}


def device_rows(device):
    """A device's row and those of its hall, the hall's region and unit, and its window."""
    return [values(o) for o in (device, device.hall, device.hall.region, device.hall.unit, device.window)]


def test_device_read_equals_select_related(ev, count_queries):
    device, _plain = device_register(actor=None, hall=ev.halls["hall"], window=ev.windows["w1"], name="1号窗评价器")
    got = hotpath.live_device_for_token(device.token_id)
    want = Device.objects.select_related("hall__region", "hall__unit", "window").get(pk=device.pk)
    with count_queries() as q:
        assert device_rows(got) == device_rows(want)
    assert len(q) == 0


def test_devices_of_several_tokens_equal_one_by_one(ev):
    from gaoxin.evaluations.services import device_revoke

    made = [
        device_register(actor=None, hall=ev.halls["hall"], window=ev.windows["w1"], name=f"评价器{n}")[0]
        for n in range(3)
    ]
    device_revoke(actor=None, device=made[1])
    ids = [d.token_id for d in made] + [987654]
    many = hotpath.live_devices_for_tokens(ids)
    assert sorted(many) == sorted([made[0].token_id, made[2].token_id])
    for token_id, got in many.items():
        one = hotpath.live_device_for_token(token_id)
        assert device_rows(got) == device_rows(one)
    assert hotpath.live_devices_for_tokens([]) == {}
