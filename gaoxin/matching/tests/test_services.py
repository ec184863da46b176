"""Needs, matching, referral, docking and rating through the services, with exact values."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
import time_machine

from gaoxin.core.errors import DomainError, InvalidTransition, NotFound, PermissionDenied
from gaoxin.core.models import AuditEvent
from gaoxin.matching.models import Docking, Match, Need, Referral
from gaoxin.matching.services import (
    docking_record,
    match_decide,
    need_create,
    need_rate,
    need_transition,
    referral_create,
    referral_respond,
)
from gaoxin.matching.tests.conftest import T0

pytestmark = pytest.mark.django_db


@pytest.fixture
def post(net, on_commit):
    def run(**kw):
        with on_commit():
            need = _post(net, **kw)
        need.refresh_from_db()
        return need

    return run


def _post(net, **kw):
    data = dict(type="market", title="寻找新疆、重庆的自动化改造客户",
                description="我司做工业机器人系统集成，希望找到新疆、重庆有产线自动化改造需求的工厂。",
                regions=["650000", "500000"], amount_wan="200")  # fmt: skip
    data.update(kw)
    return need_create(actor=net.world.users["enterprise"], enterprise=net.enterprises["siwei"], **data)


@time_machine.travel(T0, tick=False)
def test_posting_a_need_matches_on_commit_with_reasons(net, post):
    need = post()
    assert need.status == "matching"
    assert need.base == net.bases["liaocheng"]
    assert need.first_matched_at == T0
    matches = list(need.matches.order_by("rank"))
    # a market need is answered by customers only (investor and space are filtered out)
    assert [m.resource_id for m in matches] == [net.resources["cq_customer"].pk, net.resources["xj_customer"].pk]
    assert [m.rank for m in matches] == [1, 2]
    assert [m.score for m in matches] == [0.808333, 0.644602]
    assert {f["name"] for f in matches[0].factors} == {
        "text",
        "industry",
        "region",
        "amount",
        "stage",
        "freshness",
        "capacity",
    }
    region = next(f for f in matches[1].factors if f["name"] == "region")
    assert region == {"name": "region", "label": "地区", "value": 1.0, "weight": 0.15, "contribution": 0.15,
                      "reason": "地区匹配：新疆"}  # fmt: skip
    assert AuditEvent.objects.filter(action="matching.need.create", object_id=str(need.pk)).count() == 1
    assert AuditEvent.objects.filter(action="matching.match.refresh", object_id=str(need.pk)).count() == 1


@pytest.mark.parametrize(
    ("kw", "code"),
    [
        ({"title": ""}, "required"),
        ({"title": "   "}, "required"),
        ({"title": "长" * 101}, "too_long"),
        ({"description": "长" * 5001}, "too_long"),
        ({"type": "lottery"}, "unknown_choice"),
        ({"amount_wan": "-1"}, "amount_negative"),
        ({"amount_wan": "abc"}, "amount_invalid"),
        ({"amount_wan": "NaN"}, "amount_invalid"),
        ({"urgency": "yesterday"}, "unknown_choice"),
    ],
)
def test_bad_need_input_is_refused_and_writes_nothing(net, kw, code):
    needs, audits = Need.objects.count(), AuditEvent.objects.count()
    with pytest.raises(DomainError) as exc:
        _post(net, **kw)
    assert exc.value.code == code
    assert exc.value.message  # a Chinese sentence
    assert (Need.objects.count(), AuditEvent.objects.count()) == (needs, audits)


def test_limits_are_inclusive(net):
    need = _post(net, title="长" * 100, description="长" * 5000, amount_wan="0")
    assert (len(need.title), len(need.description), need.amount_wan) == (100, 5000, Decimal("0.00"))


def test_enterprise_cannot_post_for_another_enterprise(net):
    needs = Need.objects.count()
    with pytest.raises(PermissionDenied):
        need_create(actor=net.users["rival"], enterprise=net.enterprises["siwei"], type="market", title="冒名")
    assert Need.objects.count() == needs


def test_transition_table_refuses_illegal_moves(net, post):
    need = post()
    operator = net.world.users["operator"]
    with pytest.raises(InvalidTransition) as exc:
        need_transition(actor=operator, need=need, to="resolved")
    assert exc.value.message == "需求状态不能从“匹配中”变为“已解决”。"
    need.refresh_from_db()
    assert need.status == "matching"
    need_transition(actor=operator, need=need, to="docking")
    need_transition(actor=operator, need=need, to="resolved")
    need.refresh_from_db()
    assert need.status == "resolved"
    with pytest.raises(InvalidTransition):
        need_transition(actor=operator, need=need, to="matching")
    # the enterprise may not move its own need; operators elsewhere do not even see it
    with pytest.raises(PermissionDenied):
        need_transition(actor=net.world.users["enterprise"], need=need, to="closed")
    with pytest.raises(NotFound):
        need_transition(actor=net.world.users["other_operator"], need=need, to="closed")


@time_machine.travel(T0, tick=False)
def test_the_siwei_story_end_to_end(net, post):
    w = net.world
    need = post()
    top = need.matches.get(rank=1)
    match_decide(actor=w.users["operator"], match=top, status="accepted")
    top = need.matches.get(resource=net.resources["xj_customer"])
    urumqi = net.bases["urumqi"]
    ref = referral_create(actor=w.users["operator"], need=need, to_base=urumqi, note="客户在乌鲁木齐", match=top)
    # the receiving base's operator now sees the referred need; the other district's does not
    from gaoxin.matching import selectors

    assert list(selectors.needs_for(net.users["urumqi_operator"])) == [need]
    assert list(selectors.needs_for(w.users["other_operator"])) == []
    referral_respond(actor=net.users["urumqi_operator"], referral=ref, status="accepted")
    with pytest.raises(PermissionDenied):
        referral_respond(actor=w.users["operator"], referral=ref, status="completed")
    docking_record(
        actor=net.users["urumqi_operator"], need=need, base=urumqi, held_on=date(2022, 10, 20), place="乌鲁木齐",
        participants="四维、零部件厂", notes="现场考察", outcome="deal", deal_amount_wan="248.5", match=top, referral=ref,
    )  # fmt: skip
    need.refresh_from_db()
    top.refresh_from_db()
    assert (need.status, top.status) == ("docking", "deal")
    referral_respond(actor=net.users["urumqi_operator"], referral=ref, status="completed", outcome="签约 248.5 万元")
    ref.refresh_from_db()
    assert (ref.status, ref.outcome) == ("completed", "签约 248.5 万元")
    with pytest.raises(InvalidTransition):
        need_rate(actor=w.users["enterprise"], need=need, rating=5, text="很好")
    need_transition(actor=w.users["operator"], need=need, to="resolved")
    need_rate(actor=w.users["enterprise"], need=need, rating=5, text="对接高效")
    need.refresh_from_db()
    assert (need.status, need.rating, need.rating_text) == ("resolved", 5, "对接高效")
    assert Docking.objects.get().deal_amount_wan == Decimal("248.50")
    assert Referral.objects.filter(need=need).count() == 1
    with pytest.raises(InvalidTransition):
        need_rate(actor=w.users["enterprise"], need=need, rating=4)
    with pytest.raises(DomainError):
        need_rate(actor=w.users["enterprise"], need=need, rating=6)


def test_weights_are_learned_from_outcomes_and_used(net, post):
    from gaoxin.matching import engine_state
    from gaoxin.matching.engine import DEFAULT_WEIGHTS
    from gaoxin.matching.models import LearnedWeights
    from gaoxin.matching.services import weights_learn

    need = post()
    m = need.matches.get(rank=1)
    match_decide(actor=net.world.users["operator"], match=m, status="accepted")
    # fewer than 20 outcomes: the defaults, nothing stored
    assert LearnedWeights.objects.count() == 0
    assert weights_learn() is None
    rows = []
    for i in range(24):
        factors = [{"name": n, "value": (1.0 if n == "region" and i % 2 == 0 else 0.2)} for n in DEFAULT_WEIGHTS]
        rows.append(Match(need=need, resource=net.resources["investor" if i % 3 else "space"], score=0.1, rank=20 + i,
                          factors=factors, status="accepted" if i % 2 == 0 else "rejected", created_at=T0))  # fmt: skip
    Match.objects.bulk_create(rows[:2])  # unique (need, resource): two more outcomes via other needs
    for i, row in enumerate(rows[2:]):
        other = _post(net, title=f"需求 {i}")
        row.need = other
        row.resource = net.resources["investor"]
        row.save()
    learned = weights_learn()
    assert learned is not None
    assert learned.outcomes == 25
    assert max(learned.weights, key=learned.weights.get) == "region"
    assert engine_state.current_engine().weights == pytest.approx(learned.weights)
