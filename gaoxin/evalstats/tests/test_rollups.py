"""Rollups: exact counters, exclusion after an upheld appeal, rebuilt == incremental."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine
from django.utils import timezone

from gaoxin.evalstats.bulk import rollup_rebuild_sql
from gaoxin.evalstats.models import RollupCounter
from gaoxin.evalstats.rollup import local_day, periods
from gaoxin.evalstats.selectors import figures_by, region_figures
from gaoxin.evalstats.services import rollup_rebuild
from gaoxin.evaluations.enums import Channel, Level
from gaoxin.rectifications.enums import Finding, FixMode
from gaoxin.rectifications.models import WorkOrder
from gaoxin.rectifications.services import (
    work_order_answer,
    work_order_appeal,
    work_order_appeal_decide,
    work_order_plan,
    work_order_verify,
)
from gaoxin.rectifications.tests.factory import at

REF = at(2026, 11, 2).date()


def snapshot():
    fields = [f.name for f in RollupCounter._meta.concrete_fields if f.name != "id"]
    return sorted(tuple(str(v) for v in row) for row in RollupCounter.objects.values_list(*fields))


def populate(loop):
    w = loop.world
    for i, level in enumerate([5, 5, 4, 3, 2, 1]):
        loop.rate(level=level, when=at(2026, 11, 2, 9, i), real_name=i % 2 == 0)
    loop.rate(level=Level.SATISFIED, when=at(2026, 11, 2, 10), window="market")
    loop.case(completed_at=at(2026, 11, 2, 11))  # completed, never rated
    orders = list(WorkOrder.objects.order_by("pk"))
    assert len(orders) == 2
    fixed, appealed = orders
    with time_machine.travel(at(2026, 11, 3, 10), tick=False):
        work_order_verify(
            actor=w.handler, order=fixed, finding=Finding.TRUE, notes="属实", called_back=True, callback_notes="已回访"
        )
        work_order_plan(actor=w.handler, order=fixed, mode=FixMode.IMMEDIATE, plan="立行立改")
        work_order_answer(actor=w.handler, order=fixed, answer="已整改")
        work_order_appeal(actor=w.handler, order=appealed, reasons="评价人未在本窗口办理业务，属于误评")
        work_order_appeal_decide(actor=w.hall_manager, order=appealed, uphold=True, decision="属误评")
    return fixed, appealed


def test_counters_rates_and_exclusion(loop, world):
    populate(loop)
    zone = world.regions["zone"]
    f = region_figures(world.admin, region=zone, period="month", ref=REF)
    # 7 ratings, one 非常不满意 excluded after the upheld appeal
    assert (f.valid, f.l5, f.l4, f.l3, f.l2, f.l1, f.excluded) == (6, 2, 2, 1, 1, 0, 1)
    assert (f.bad, f.good_rate, f.bad_rate) == (1, 83.33, 16.67)
    assert (f.cases_completed, f.cases_rated, f.active_rate) == (8, 7, 87.5)
    assert (f.rn_bad, f.rn_bad_called_back, f.callback_rate) == (1, 1, 100.0)
    assert (f.bad_answered, f.bad_on_time, f.fix_rate, f.on_time_rate) == (1, 1, 100.0, 100.0)
    assert (f.appeals_filed, f.appeals_upheld, f.appeals_rejected) == (1, 1, 0)
    two = region_figures(world.admin, region=zone, period="month", ref=REF, formula="two")
    assert two.good_rate == 66.67
    by_window = {r.name: (r.valid, r.bad) for r in figures_by(world.admin, dimension="window", period="year", ref=REF)}
    assert by_window == {"2号 投资项目": (5, 1), "1号 企业开办": (1, 0)}
    week = region_figures(world.admin, region=zone, period="week", ref=REF)
    assert week.valid == 6


def test_rebuilt_equals_incremental(loop, world):
    populate(loop)
    incremental = snapshot()
    assert incremental
    rollup_rebuild(actor=world.admin)
    assert snapshot() == incremental


def test_sql_rebuild_equals_incremental(loop, world):
    """The set-based rebuild (INSERT … SELECT … GROUP BY) gives exactly the incremental rows."""
    fixed, _appealed = populate(loop)
    # a follow-up rating on the fixed bad rating, a rating in another month
    loop.rate(level=Level.BASIC, when=at(2026, 11, 5, 9), case=fixed.case, rating_no=2)
    loop.rate(level=Level.VERY_SATISFIED, when=at(2026, 12, 1, 9), window="market", channel=Channel.QR)
    loop.case(completed_at=at(2026, 12, 1, 10), window="market")
    incremental = snapshot()
    rows = rollup_rebuild_sql(actor=world.admin)
    assert rows == len(incremental)
    assert snapshot() == incremental


def test_scope_other_region_sees_nothing(loop, world):
    populate(loop)
    rows = figures_by(world.other_hall_manager, dimension="department", period="month", ref=REF)
    assert rows == []
    assert figures_by(world.clerk, dimension="department", period="month", ref=REF) == []


def test_counters_count_by_the_zones_day_whatever_time_zone_is_active():
    late = datetime(2026, 4, 30, 17, 30, tzinfo=UTC)  # 01:30 on 1 May in Shanghai
    with timezone.override("America/New_York"):  # a request that activated another zone
        assert local_day(late).isoformat() == "2026-05-01"
        assert [(str(g), d.isoformat()) for g, d in periods(late)] == [("day", "2026-05-01"), ("month", "2026-05-01")]
    with pytest.raises(ValueError, match="aware"):
        local_day(datetime(2026, 5, 1, 1, 30))
