"""The follow-up rating (rating_no 2) once the closed loop allows it, and real concurrent retries."""

from __future__ import annotations

import threading
import uuid

import pytest
import time_machine
from django.db import connection, connections

from gaoxin.evaluations.enums import Channel, Level
from gaoxin.evaluations.models import Rating
from gaoxin.evaluations.services import RatingRefused, evaluation_record
from gaoxin.evaluations.tests.conftest import at


def test_one_followup_after_the_loop_allows_it(ev, monkeypatch):
    """Intake alone: the closed loop's answer (followup_allowed) is stubbed True here; its own
    tests cover when it says so."""
    monkeypatch.setattr("gaoxin.rectifications.selectors.followup_allowed", lambda case: True)
    monkeypatch.setattr("gaoxin.evaluations.hooks.after_rating_recorded", lambda rating: None)
    with time_machine.travel(at(2026, 6, 10, 10, 30), tick=False):
        case = ev.case(completed_at=at(2026, 6, 10, 10, 0))
        with pytest.raises(RatingRefused) as info:  # no first rating yet
            evaluation_record(
                actor=None, channel=Channel.MOBILE, level=Level.SATISFIED, uuid=uuid.uuid4(), case=case, rating_no=2
            )
        assert info.value.code == "followup_not_allowed"
        evaluation_record(actor=None, channel=Channel.QR, level=Level.VERY_DISSATISFIED, uuid=uuid.uuid4(), case=case)
    with time_machine.travel(at(2026, 7, 20, 9, 0), tick=False):  # long after the supplementary window
        followup = evaluation_record(
            actor=None, channel=Channel.MOBILE, level=Level.SATISFIED, uuid=uuid.uuid4(), case=case, rating_no=2
        ).rating
        with pytest.raises(RatingRefused) as info:
            evaluation_record(
                actor=None, channel=Channel.MOBILE, level=Level.BASIC, uuid=uuid.uuid4(), case=case, rating_no=2
            )
    assert info.value.code == "already_rated"
    assert (followup.rating_no, followup.level) == (2, Level.SATISFIED)
    assert list(Rating.objects.filter(case=case).order_by("rating_no").values_list("rating_no", flat=True)) == [1, 2]


def test_static_qr_cannot_be_a_followup(ev):
    with pytest.raises(RatingRefused) as info:
        evaluation_record(
            actor=None, channel=Channel.QR, level=3, uuid=uuid.uuid4(), staff=ev.staff["clerk"], rating_no=2
        )
    assert info.value.code == "followup_not_allowed"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="real concurrent transactions need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_concurrent_retries_store_one_row(monkeypatch):
    """Eight threads send the same uuid at once (a device retrying): one row, one created=True."""
    from gaoxin.core.testing import build_world
    from gaoxin.evaluations.tests.conftest import Eval

    world = build_world()
    from gaoxin.evaluations.services import hall_create, item_create, staff_create, window_create

    e = Eval(world=world)
    e.halls["hall"] = hall_create(actor=None, unit=world.units["hall"], code="GXDT")
    e.windows["w1"] = window_create(
        actor=None, hall=e.halls["hall"], number="1", name="企业开办", department=world.units["market"]
    )
    e.staff["clerk"] = staff_create(actor=None, user=world.clerk, hall=e.halls["hall"], window=e.windows["w1"])
    e.items["license"] = item_create(actor=None, code="X-1", name="企业设立登记", department=world.units["market"])
    case = e.case(completed_at=at(2026, 11, 1, 10, 0))
    key = uuid.uuid4()
    barrier = threading.Barrier(8)
    results: list[object] = []

    def send():
        try:
            barrier.wait()
            with time_machine.travel(at(2026, 11, 2, 10, 0), tick=False):
                results.append(
                    evaluation_record(
                        actor=None, channel=Channel.DEVICE, level=Level.BASIC, uuid=key, case_number=case.number
                    ).created
                )
        except Exception as exc:
            results.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results, key=str) == [False] * 7 + [True]
    assert Rating.objects.filter(uuid=key).count() == 1
