"""Routing rules (谁办理谁负责 with exceptions), rerouting with a trace, topic corrections that teach
the persisted model."""

from __future__ import annotations

import pytest

from gaoxin.core.errors import DomainError, PermissionDenied
from gaoxin.evaluations.enums import Level
from gaoxin.rectifications.models import RoutingRule, TopicModelState, WorkOrder, WorkOrderEvent
from gaoxin.rectifications.services import topic_predict, work_order_reroute, work_order_topic_correct
from gaoxin.rectifications.tests.factory import at


def test_routing_rule_sends_market_ratings_to_approval(loop, world):
    u = world.units
    RoutingRule.objects.create(department=u["market"], item=loop.items["market"], assign_to=u["approval"], note="代办")
    order = WorkOrder.objects.get(rating=loop.rate(level=Level.DISSATISFIED, when=at(2026, 11, 2, 10), window="market"))
    assert order.department == u["approval"]
    assert order.events.get().data["rule"] == order.routing_rule_id


def test_reroute_keeps_a_trace_and_is_refused_to_handlers(loop, world):
    u = world.units
    order = WorkOrder.objects.get(rating=loop.rate(level=Level.DISSATISFIED, when=at(2026, 11, 2, 10)))
    with pytest.raises(PermissionDenied):
        work_order_reroute(actor=world.handler, order=order, department=u["market"], reason="非本单位事项")
    with pytest.raises(DomainError):
        work_order_reroute(actor=world.hall_manager, order=order, department=u["market"], reason="")
    assert WorkOrderEvent.objects.filter(kind="reroute").count() == 0
    work_order_reroute(actor=world.hall_manager, order=order, department=u["market"], reason="属市场监管事项")
    order.refresh_from_db()
    assert order.department == u["market"]
    event = WorkOrderEvent.objects.get(kind="reroute")
    assert (event.data["from_name"], event.data["to_name"], event.note) == (
        "行政审批服务局",
        "市场监管局",
        "属市场监管事项",
    )


def test_topic_correction_teaches_and_persists_the_model(loop, world):
    text = "窗口那台机器一直转圈圈"
    order = WorkOrder.objects.get(rating=loop.rate(level=Level.DISSATISFIED, when=at(2026, 11, 2, 10), text=text))
    before = TopicModelState.objects.get().n_corrections
    for _ in range(3):
        work_order_topic_correct(actor=world.handler, order=order, topic="system")
    state = TopicModelState.objects.get()
    assert state.n_corrections == before + 3
    assert topic_predict(text).topic == "system"
    order.refresh_from_db()
    assert (order.topic, order.topic_corrected) == ("system", True)
    with pytest.raises(DomainError):
        work_order_topic_correct(actor=world.handler, order=order, topic="nonsense")
    with pytest.raises(PermissionDenied):
        work_order_topic_correct(actor=world.other_handler, order=order, topic="policy")
    assert TopicModelState.objects.get().n_corrections == before + 3
