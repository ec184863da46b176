"""Rater identity: encrypted at rest, masked in lists, never shown to window staff, revealed
only to the handlers of that bad rating, and every reveal is audited."""

from __future__ import annotations

import json
import uuid

import pytest
import time_machine

from gaoxin.core.errors import DomainError, PermissionDenied
from gaoxin.core.models import AuditEvent
from gaoxin.evaluations.enums import Channel, Level
from gaoxin.evaluations.selectors import hall_ratings_feed, my_ratings
from gaoxin.evaluations.services import Rater, evaluation_record, rater_identity_reveal
from gaoxin.evaluations.tests.conftest import RATER_NAME, RATER_PHONE, at

SECRETS = (RATER_NAME, RATER_PHONE, "371502198805050011")


@pytest.fixture
def bad(ev):
    with time_machine.travel(at(2026, 6, 10, 10, 30), tick=False):
        case = ev.case(
            completed_at=at(2026, 6, 10, 10, 0), window="w2", staff_key="clerk"
        )  # stationed by 行政审批服务局
        return evaluation_record(
            actor=None,
            channel=Channel.QR,
            level=Level.VERY_DISSATISFIED,
            uuid=uuid.uuid4(),
            case=case,
            text="等了两个小时",
            rater=Rater(name=RATER_NAME, phone=RATER_PHONE, id_number=SECRETS[2], consent=True),
        ).rating


def test_identity_is_not_stored_in_clear(bad):
    stored = json.dumps([bad.rater_name_enc, bad.rater_phone_enc, bad.rater_id_enc, bad.rater_phone_index])
    for secret in SECRETS:
        assert secret not in stored


@pytest.mark.parametrize("persona", ["admin", "leader", "hall_manager", "handler", "clerk"])
def test_ratings_api_never_shows_identity(client_as, bad, persona):
    body = client_as(persona).get("/api/v1/evaluations/ratings").content.decode()
    data = json.loads(body)
    assert len(data["items"]) == 1
    for secret in SECRETS:
        assert secret not in body
    if persona == "clerk":
        assert RATER_PHONE[-4:] not in body
        assert "李*" not in body
        assert "rater" not in data["items"][0]
        assert "is_real_name" not in data["items"][0]
    else:
        assert data["items"][0]["rater"] == {"name": "李**", "phone": "136****5432"}


def test_other_district_and_roles_without_the_action_see_nothing(client_as, bad):
    for persona in ("other_hall_manager", "other_clerk"):
        assert client_as(persona).get("/api/v1/evaluations/ratings").json()["items"] == []
    for persona in ("officer", "operator", "enterprise"):
        assert client_as(persona).get("/api/v1/evaluations/ratings").status_code == 403


def test_staff_selector_has_no_rater_fields(ev, bad):
    with time_machine.travel(at(2026, 6, 10, 12, 0), tick=False):
        mine = my_ratings(ev.staff["clerk"])
    assert (mine.today[Level.VERY_DISSATISFIED], mine.today_total, mine.month_total) == (1, 1, 1)
    assert "rater" not in mine.recent[0]
    assert hall_ratings_feed(ev.halls["hall"])[0]["rater"] == {"name": "李**", "phone": "136****5432"}


@pytest.mark.parametrize("persona", ["handler", "hall_manager"])
def test_handlers_of_the_bad_rating_may_reveal_and_each_reveal_is_audited(world, bad, persona):
    actor = world.users[persona]
    first = rater_identity_reveal(actor=actor, rating=bad)
    rater_identity_reveal(actor=actor, rating=bad)
    assert (first.name, first.phone, first.id_number) == (RATER_NAME, RATER_PHONE, SECRETS[2])
    events = AuditEvent.objects.filter(action="rater.reveal", object_id=str(bad.pk))
    assert list(events.values_list("actor_id", flat=True)) == [actor.pk, actor.pk]
    for secret in SECRETS:
        assert secret not in json.dumps(list(events.values("after", "before", "object_repr")))


@pytest.mark.parametrize(
    "persona",
    ["clerk", "admin", "leader", "officer", "operator", "enterprise", "other_hall_manager", "other_handler", "nobody"],
)
def test_everyone_else_is_refused_and_nothing_is_logged(world, bad, persona):
    with pytest.raises(PermissionDenied):
        rater_identity_reveal(actor=world.users[persona], rating=bad)
    assert AuditEvent.objects.filter(action="rater.reveal").count() == 0


def test_reveal_api(client_as, bad):
    r = client_as("handler").post(f"/api/v1/evaluations/ratings/{bad.pk}/reveal")
    assert r.json() == {"name": RATER_NAME, "phone": RATER_PHONE, "id_number": SECRETS[2]}
    r = client_as("clerk").post(f"/api/v1/evaluations/ratings/{bad.pk}/reveal")
    assert (r.status_code, r.json()["code"]) == (403, "reveal_forbidden")
    assert AuditEvent.objects.filter(action="rater.reveal").count() == 1


def test_good_or_anonymous_ratings_reveal_nothing(ev, world):
    with time_machine.travel(at(2026, 6, 10, 10, 30), tick=False):
        good = evaluation_record(
            actor=None,
            channel=Channel.QR,
            level=Level.SATISFIED,
            uuid=uuid.uuid4(),
            case=ev.case(completed_at=at(2026, 6, 10, 10, 0)),
            rater=Rater(name=RATER_NAME, phone=RATER_PHONE, consent=True),
        ).rating
        anonymous = evaluation_record(
            actor=None,
            channel=Channel.QR,
            level=Level.DISSATISFIED,
            uuid=uuid.uuid4(),
            case=ev.case(completed_at=at(2026, 6, 10, 10, 0)),
        ).rating
    with pytest.raises(PermissionDenied):
        rater_identity_reveal(actor=world.handler, rating=good)
    with pytest.raises(DomainError) as info:
        rater_identity_reveal(actor=world.hall_manager, rating=anonymous)
    assert info.value.code == "anonymous"
    assert AuditEvent.objects.filter(action="rater.reveal").count() == 0


def test_a_handler_reveals_only_for_their_own_department(ev, world):
    """The handler's 行政审批服务局 is above the hall in the tree, yet a bad rating of the
    市场监管局 window is not theirs to call back."""
    with time_machine.travel(at(2026, 6, 10, 10, 30), tick=False):
        other_dept = evaluation_record(
            actor=None,
            channel=Channel.QR,
            level=Level.VERY_DISSATISFIED,
            uuid=uuid.uuid4(),
            case=ev.case(completed_at=at(2026, 6, 10, 10, 0), window="w1"),
            rater=Rater(name=RATER_NAME, phone=RATER_PHONE, consent=True),
        ).rating
    with pytest.raises(PermissionDenied):
        rater_identity_reveal(actor=world.handler, rating=other_dept)
    assert rater_identity_reveal(actor=world.hall_manager, rating=other_dept).phone == RATER_PHONE
