"""evaluation_record(): the rules of a rating, exact outcomes, and nothing written on refusal."""

from __future__ import annotations

import uuid

import pytest
import time_machine
from django.db import DatabaseError, connection, transaction
from django.db.models import ProtectedError

from gaoxin.core.crypto import blind_index, decrypt
from gaoxin.core.models import AuditEvent
from gaoxin.evaluations.enums import Channel, IntegrityFlag, Level
from gaoxin.evaluations.models import Rating, RatingPolicy
from gaoxin.evaluations.policy import effective_policy
from gaoxin.evaluations.services import Rater, RatingRefused, device_register, evaluation_record, policy_set
from gaoxin.evaluations.tests.conftest import RATER_NAME, RATER_PHONE, at


def record(case=None, level=Level.SATISFIED, **kw):
    kw.setdefault("channel", Channel.DEVICE)
    kw.setdefault("uuid", uuid.uuid4())
    return evaluation_record(actor=None, level=level, case=case, **kw)


def refused(code, **kw):
    before = (Rating.objects.count(), AuditEvent.objects.count())
    with pytest.raises(RatingRefused) as info:
        record(**kw)
    assert info.value.code == code
    assert (Rating.objects.count(), AuditEvent.objects.count()) == before
    return info.value


@pytest.fixture
def completed(ev):
    with time_machine.travel(at(2026, 6, 10, 10, 0), tick=False):
        return ev.case(completed_at=at(2026, 6, 10, 10, 0))


def test_first_rating_is_stored_with_denormalised_fields(ev, completed):
    with time_machine.travel(at(2026, 6, 10, 10, 5), tick=False):
        result = record(completed, level=Level.VERY_SATISFIED, tags=["A", "E"], text=" 很好 ")
    r = result.rating
    assert result.created is True
    assert (r.hall_id, r.window_id, r.staff_id) == (ev.halls["hall"].pk, ev.windows["w1"].pk, ev.staff["clerk"].pk)
    assert r.department_id == ev.world.units["market"].pk  # the window's stationing department
    assert r.region_id == ev.world.regions["zone"].pk
    assert r.item_id == ev.items["license"].pk
    assert (r.level, r.rating_no, r.tags, r.tag_set_version, r.text) == (5, 1, ["A", "E"], "2020", "很好")
    assert r.is_bad is False
    assert r.integrity_flags == []
    assert r.created_at == at(2026, 6, 10, 10, 5) == r.received_at
    assert r.is_real_name is False
    assert r.rater_phone_enc == ""
    assert r.rater_type == "person"


@pytest.mark.parametrize(("level", "bad"), [(1, True), (2, True), (3, False), (4, False), (5, False)])
def test_all_five_levels_can_be_submitted(ev, completed, level, bad):
    with time_machine.travel(at(2026, 6, 10, 11, 0), tick=False):
        r = record(completed, level=level).rating
    assert (r.level, r.is_bad) == (level, bad)


def test_same_uuid_again_returns_the_stored_rating(ev, completed):
    key = uuid.uuid4()
    with time_machine.travel(at(2026, 6, 10, 11, 0), tick=False):
        first = record(completed, uuid=key, level=Level.DISSATISFIED)
        again = record(completed, uuid=str(key), level=Level.VERY_SATISFIED)
    assert (first.created, again.created) == (True, False)
    assert again.rating.pk == first.rating.pk
    assert again.rating.level == Level.DISSATISFIED
    assert Rating.objects.count() == 1


def test_concurrent_retry_is_resolved_by_the_unique_constraint(ev, completed, monkeypatch):
    """Two retries race past the first look-up: the loser's insert hits the unique uuid and it
    returns the winner's row (created False) instead of failing or writing a second row."""
    key = uuid.uuid4()
    with time_machine.travel(at(2026, 6, 10, 11, 0), tick=False):
        winner = record(completed, uuid=key).rating
        from gaoxin.evaluations.models import RatingQuerySet

        real_first = RatingQuerySet.first
        calls = []

        def first_misses_once(self):
            calls.append(1)
            return None if len(calls) == 1 else real_first(self)

        monkeypatch.setattr(RatingQuerySet, "first", first_misses_once)
        with transaction.atomic():
            again = record(completed, uuid=key)
    assert again.created is False
    assert again.rating.pk == winner.pk
    assert Rating.objects.count() == 1


def test_second_first_rating_is_refused(ev, completed):
    with time_machine.travel(at(2026, 6, 10, 11, 0), tick=False):
        record(completed)
        err = refused("already_rated", case=completed)
    assert err.message == "该办件已评价。"


def test_unknown_case_number(ev):
    err = refused("unknown_case", case_number="NO-SUCH-CASE")
    assert err.message == "办件不存在。"


def test_case_not_completed(ev):
    case = ev.case()
    refused("case_not_completed", case=case)


@pytest.mark.parametrize("level", [0, 6, -1, "x", None, True])
def test_invalid_level(ev, completed, level):
    refused("invalid_level", case=completed, level=level)


def test_invalid_channel_tags_rating_no_and_uuid(ev, completed):
    refused("invalid_channel", case=completed, channel=8)
    refused("invalid_tags", case=completed, tags=["NOPE"])
    refused("invalid_rating_no", case=completed, rating_no=3)
    refused("invalid_uuid", case=completed, uuid="not-a-uuid")
    refused("text_too_long", case=completed, text="好" * 501)


def test_supplementary_window_across_national_day(ev):
    """Completed 2026-09-30: 10-01..10-07 are holidays, 10-10 (Sat) a make-up working day, so
    the 5 working days are 10-08, 10-09, 10-10, 10-12, 10-13: rating closes 10-13 23:59:59."""
    with time_machine.travel(at(2026, 9, 30, 16, 0), tick=False):
        on_time = ev.case(completed_at=at(2026, 9, 30, 16, 0))
        late = ev.case(completed_at=at(2026, 9, 30, 16, 0))
    with time_machine.travel(at(2026, 10, 13, 23, 59, 59), tick=False):
        assert record(on_time).created is True
    with time_machine.travel(at(2026, 10, 14, 0, 0, 1), tick=False):
        err = refused("window_closed", case=late)
    assert err.message == "评价期已过（办结后 5 个工作日内可评价）。"


def test_supplementary_days_follow_the_region_policy(ev):
    policy_set(actor=None, region=ev.world.regions["shandong"], supplementary_days=1)
    with time_machine.travel(at(2026, 6, 10, 16, 0), tick=False):  # a Wednesday
        case = ev.case(completed_at=at(2026, 6, 10, 16, 0))
    with time_machine.travel(at(2026, 6, 12, 0, 0, 1), tick=False):
        refused("window_closed", case=case)
    with time_machine.travel(at(2026, 6, 11, 23, 0), tick=False):
        assert record(case).created is True


def test_followup_needs_a_bad_first_rating_and_a_fix(ev, completed):
    with time_machine.travel(at(2026, 6, 10, 11, 0), tick=False):
        refused("followup_not_allowed", case=completed, rating_no=2)
        record(completed, level=Level.SATISFIED)
        refused("followup_not_allowed", case=completed, rating_no=2)


def test_static_qr_rating_is_flagged_and_rate_limited_per_address_and_staff(ev):
    staff = ev.staff["clerk"]
    with time_machine.travel(at(2026, 6, 10, 9, 0), tick=False):
        for _ in range(5):
            r = record(staff=staff, channel=Channel.QR, client_ip="10.0.0.7").rating
        assert r.case_id is None
        assert r.integrity_flags == [IntegrityFlag.STATIC_NO_CASE]
        assert r.department_id == ev.world.units["market"].pk
        assert r.item_id is None
        err = refused("rate_limited", staff=staff, channel=Channel.QR, client_ip="10.0.0.7")
        assert err.status == 429
        assert record(staff=staff, channel=Channel.QR, client_ip="10.0.0.8").created is True
    with time_machine.travel(at(2026, 6, 10, 9, 10, 1), tick=False):
        assert record(staff=staff, channel=Channel.QR, client_ip="10.0.0.7").created is True
    assert Rating.objects.filter(staff=staff, case__isnull=True).count() == 7


def test_fast_rating_after_completion_is_flagged_not_blocked(ev, completed):
    with time_machine.travel(at(2026, 6, 10, 10, 0, 2), tick=False):
        r = record(completed).rating
    assert r.integrity_flags == [IntegrityFlag.FAST_AFTER_COMPLETION]


def test_real_name_rater_is_encrypted_with_blind_index(ev, completed):
    with time_machine.travel(at(2026, 6, 10, 11, 0), tick=False):
        r = record(
            completed,
            level=Level.VERY_DISSATISFIED,
            rater=Rater(name=RATER_NAME, phone="136-9876-5432", id_number="x", consent=True),
        ).rating
    assert r.is_real_name is True
    assert RATER_PHONE not in r.rater_phone_enc
    assert RATER_NAME not in r.rater_name_enc
    assert (decrypt(r.rater_name_enc), decrypt(r.rater_phone_enc), decrypt(r.rater_id_enc)) == (
        RATER_NAME,
        RATER_PHONE,
        "X",
    )
    assert r.rater_phone_index == blind_index(RATER_PHONE)


def test_identity_without_consent_is_not_kept(ev, completed):
    with time_machine.travel(at(2026, 6, 10, 11, 0), tick=False):
        r = record(completed, rater=Rater(name=RATER_NAME, phone=RATER_PHONE, consent=False)).rating
    assert (r.is_real_name, r.rater_name_enc, r.rater_phone_enc) == (False, "", "")


def test_legal_person_applicant_makes_a_legal_rater(ev):
    with time_machine.travel(at(2026, 6, 10, 11, 0), tick=False):
        case = ev.case(completed_at=at(2026, 6, 10, 10, 0), applicant_type=2)
        assert record(case).rating.rater_type == "legal"


def test_ratings_are_immutable(ev, completed):
    with time_machine.travel(at(2026, 6, 10, 11, 0), tick=False):
        r = record(completed).rating
    with pytest.raises(PermissionError):
        r.save()
    with pytest.raises(PermissionError):
        r.delete()
    with pytest.raises(PermissionError):
        Rating.objects.filter(pk=r.pk).update(level=5)
    with pytest.raises(PermissionError):
        Rating.objects.filter(pk=r.pk).delete()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE evaluations_rating SET level = 5 WHERE id = %s", [r.pk])
    assert Rating.objects.get(pk=r.pk).level == Level.SATISFIED


def test_the_organisation_of_a_rating_cannot_be_deleted(ev, completed):
    # hall … device carry no database constraint (migration 0004): Django's PROTECT is what refuses
    device, _token = device_register(actor=None, hall=ev.halls["hall"], window=ev.windows["w1"], name="1号窗评价器")
    with time_machine.travel(at(2026, 6, 10, 11, 0), tick=False):
        r = record(completed, device=device).rating
    parents = [r.hall, r.window, r.staff, r.department, r.item, r.region, r.device]
    assert None not in parents
    for parent in parents:
        with pytest.raises(ProtectedError) as info, transaction.atomic():
            parent.delete()
        assert r in info.value.protected_objects, parent
        assert type(parent).objects.filter(pk=parent.pk).exists()
    assert Rating.objects.get(pk=r.pk).hall_id == ev.halls["hall"].pk


def test_policy_inherits_down_the_region_tree(ev):
    regions = ev.world.regions
    assert effective_policy(regions["zone"]).supplementary_days == 5
    policy_set(actor=None, region=regions["shandong"], supplementary_days=3, default_rating_enabled=True)
    policy_set(actor=None, region=regions["zone"], supplementary_days=7)
    zone, other = effective_policy(regions["zone"]), effective_policy(regions["other"])
    assert (zone.supplementary_days, zone.default_rating_enabled) == (7, True)
    assert (other.supplementary_days, other.default_rating_enabled) == (3, True)
    assert RatingPolicy.objects.count() == 2
    assert AuditEvent.objects.filter(action="evaluations.policy.set").count() == 2


def test_bad_policy_value_writes_nothing(ev):
    from gaoxin.core.errors import DomainError

    with pytest.raises(DomainError) as info:
        policy_set(actor=None, region=ev.world.regions["zone"], default_rating_level=9, upstream_url="ftp://x")
    assert info.value.code == "policy_invalid"
    assert info.value.details == ["默认评价等级无效。", "上报地址应以 http:// 或 https:// 开头。"]
    assert RatingPolicy.objects.count() == 0
