"""The per-process engine: built lazily, refreshed incrementally, rebuilt on new weights;
re-matching runs on commit when a resource changes."""

from __future__ import annotations

import pytest
import time_machine

from gaoxin.matching import engine_state
from gaoxin.matching.models import LearnedWeights
from gaoxin.matching.services import need_create, resource_create, resource_deactivate, resource_update
from gaoxin.matching.tests.conftest import T0

pytestmark = pytest.mark.django_db


@time_machine.travel(T0, tick=False)
def test_incremental_refresh_and_rebuild(net):
    engine = engine_state.current_engine()
    assert len(engine) == 4
    assert engine_state.current_engine() is engine  # nothing changed: same engine
    r = resource_create(actor=None, rematch=False, base=net.bases["liaocheng"], type="expert", title="视觉检测专家")
    assert engine_state.current_engine() is engine
    assert str(r.pk) in engine
    resource_update(actor=None, resource=r, title="机器视觉检测专家")
    assert engine_state.current_engine().resource(str(r.pk)).title == "机器视觉检测专家"
    resource_deactivate(actor=None, resource=r)
    assert str(r.pk) not in engine_state.current_engine()
    LearnedWeights.objects.create(weights={"text": 1.0}, outcomes=30, created_at=T0)
    rebuilt = engine_state.current_engine()
    assert rebuilt is not engine
    assert rebuilt.weights["text"] == 1.0


@time_machine.travel(T0, tick=False)
def test_a_new_resource_rematches_open_needs_on_commit(net, on_commit):
    need = need_create(actor=None, enterprise=net.enterprises["siwei"], type="technology", title="机器视觉检测合作",
                       description="产线视觉检测算法")  # fmt: skip
    assert need.matches.count() == 0
    with on_commit():
        lab = resource_create(actor=None, base=net.bases["liaocheng"], type="lab", title="聊城大学机器视觉实验室",
                              description="视觉检测算法研究", industries=["C34"])  # fmt: skip
    assert list(need.matches.values_list("resource_id", "rank")) == [(lab.pk, 1)]
    need.refresh_from_db()
    assert need.status == "matching"


@time_machine.travel(T0, tick=False)
def test_a_deal_uses_capacity(net, on_commit):
    from datetime import date

    from gaoxin.matching.services import docking_record

    with on_commit():
        need = need_create(actor=None, enterprise=net.enterprises["siwei"], type="space", title="租用标准厂房",
                           description="需要厂房")  # fmt: skip
    need.refresh_from_db()
    match = need.matches.get(resource=net.resources["space"])
    docking_record(actor=None, need=need, base=net.bases["liaocheng"], held_on=date(2022, 10, 9), outcome="deal",
                   match=match)  # fmt: skip
    space = net.resources["space"]
    space.refresh_from_db()
    assert (space.capacity, space.remaining) == (4, 1)
    assert engine_state.current_engine().resource(str(space.pk)).remaining == 1
