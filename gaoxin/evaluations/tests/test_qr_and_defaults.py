"""Static and dynamic QR tokens, and the default-rating job."""

from __future__ import annotations

import uuid

import pytest
import time_machine

from gaoxin.core.models import AuditEvent
from gaoxin.evaluations.enums import Channel, Level
from gaoxin.evaluations.models import Rating
from gaoxin.evaluations.services import (
    RatingRefused,
    case_number_from_qr,
    case_qr_token,
    default_ratings_create,
    evaluation_record,
    policy_set,
    staff_from_qr,
    staff_qr_revoke,
    staff_qr_rotate,
    staff_qr_token,
)
from gaoxin.evaluations.tests.conftest import at


def test_static_token_resolves_then_rotation_and_revocation_stop_it(ev, world):
    staff = ev.staff["clerk"]
    old = staff_qr_token(staff)
    assert staff_from_qr(old).pk == staff.pk
    staff_qr_rotate(actor=world.hall_manager, staff=staff)
    new = staff_qr_token(staff)
    assert staff.qr_version == 2
    assert new != old
    with pytest.raises(RatingRefused) as info:
        staff_from_qr(old)
    assert (info.value.code, info.value.message) == ("bad_qr", "二维码无效或已失效。")
    assert staff_from_qr(new).pk == staff.pk
    staff_qr_revoke(actor=world.hall_manager, staff=staff)
    with pytest.raises(RatingRefused):
        staff_from_qr(new)
    assert list(
        AuditEvent.objects.filter(object_id=str(staff.pk), action__startswith="evaluations.qr.")
        .order_by("id")
        .values_list("action", flat=True)
    ) == ["evaluations.qr.rotate", "evaluations.qr.revoke"]


@pytest.mark.parametrize("token", ["", "garbage", "1.1:forged", "1.1", None])
def test_forged_static_tokens(ev, token):
    with pytest.raises(RatingRefused) as info:
        staff_from_qr(token)
    assert info.value.code == "bad_qr"


def test_a_token_for_one_kind_is_not_accepted_as_the_other(ev):
    with time_machine.travel(at(2026, 6, 10, 10, 0), tick=False):
        case = ev.case(completed_at=at(2026, 6, 10, 10, 0))
    case_token = case_qr_token(case)
    assert case_number_from_qr(case_token) == case.number
    with pytest.raises(RatingRefused):
        staff_from_qr(case_token)
    with pytest.raises(RatingRefused):
        case_number_from_qr(staff_qr_token(ev.staff["clerk"]))
    with pytest.raises(RatingRefused):
        case_number_from_qr(case_token[:-1] + ("A" if case_token[-1] != "A" else "B"))


def test_default_ratings_are_off_by_default(ev):
    with time_machine.travel(at(2026, 6, 1, 10, 0), tick=False):
        ev.case(completed_at=at(2026, 6, 1, 10, 0))
    with time_machine.travel(at(2026, 7, 1, 10, 0), tick=False):
        assert default_ratings_create() == 0
    assert Rating.objects.count() == 0


def test_guangdong_style_default_after_seven_days_is_flagged_and_not_active(ev):
    policy_set(
        actor=None,
        region=ev.world.regions["zone"],
        default_rating_enabled=True,
        default_rating_after_days=7,
        default_rating_level=Level.BASIC,
        supplementary_days=1,
    )
    with time_machine.travel(at(2026, 6, 1, 10, 0), tick=False):  # a Monday
        unrated = ev.case(completed_at=at(2026, 6, 1, 10, 0))
        rated = ev.case(completed_at=at(2026, 6, 1, 10, 0))
        evaluation_record(actor=None, channel=Channel.DEVICE, level=Level.VERY_SATISFIED, uuid=uuid.uuid4(), case=rated)
        other = ev.case(window="other", completed_at=at(2026, 6, 1, 10, 0))  # 东昌府区: not enabled
    with time_machine.travel(at(2026, 6, 8, 9, 59), tick=False):
        assert default_ratings_create() == 0  # 7 calendar days not yet over
    with time_machine.travel(at(2026, 6, 8, 10, 0), tick=False):
        assert default_ratings_create() == 1
        assert default_ratings_create() == 0  # idempotent
    d = Rating.objects.get(case=unrated)
    assert (d.is_default, d.level, d.channel, d.rating_no) == (True, Level.BASIC, None, 1)
    assert list(Rating.objects.active().values_list("case_id", flat=True)) == [rated.pk]
    assert not Rating.objects.filter(case=other).exists()
    with time_machine.travel(at(2026, 6, 8, 11, 0), tick=False), pytest.raises(RatingRefused) as info:
        evaluation_record(actor=None, channel=Channel.PC, level=1, uuid=uuid.uuid4(), case=unrated)
    assert info.value.code == "already_rated"


def test_default_waits_for_the_supplementary_window(ev):
    """Completed before National Day: the window runs to 10-13, so a 7-day default waits for it."""
    policy_set(actor=None, region=ev.world.regions["zone"], default_rating_enabled=True)
    with time_machine.travel(at(2026, 9, 30, 16, 0), tick=False):
        ev.case(completed_at=at(2026, 9, 30, 16, 0))
    with time_machine.travel(at(2026, 10, 13, 12, 0), tick=False):
        assert default_ratings_create() == 0
    with time_machine.travel(at(2026, 10, 14, 0, 0, 1), tick=False):
        assert default_ratings_create() == 1
