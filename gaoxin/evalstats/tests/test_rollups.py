"""Rollups: exact counters, exclusion after an upheld appeal, rebuilt == incremental."""

from __future__ import annotations

import importlib
from datetime import UTC, datetime
from types import SimpleNamespace

import pytest
import time_machine
from django.utils import timezone

from gaoxin.evalstats.bulk import rollup_rebuild_sql
from gaoxin.evalstats.models import COUNTERS, ITEM_BELOW, RollupCounter
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


def _item_rows(dimension: str, grain: str = "month") -> dict[tuple[int, int, str], tuple[int, ...]]:
    fields = ["key_id", "region_id", "period_start", *COUNTERS]
    return {
        (key, region, str(start)): tuple(counts)
        for key, region, start, *counts in RollupCounter.objects.filter(dimension=dimension, grain=grain).values_list(
            *fields
        )
    }


def test_item_month_rows_are_kept_for_every_ancestor_region(loop, world):
    """Each item month row of the zone is kept again for 聊城市 and 山东省 (not for the zone itself,
    not at day grain): the sums a city's or the province's items read."""
    populate(loop)
    own = _item_rows("item")
    assert len(own) == 2  # two items rated in the zone
    assert {region for _k, region, _p in own} == {world.regions["zone"].pk}
    below = _item_rows(ITEM_BELOW)
    expected = {}
    for (key, _region, start), counts in own.items():
        for ancestor in ("liaocheng", "shandong"):
            expected[(key, world.regions[ancestor].pk, start)] = counts
    assert below == expected
    assert _item_rows(ITEM_BELOW, "day") == {}
    valid = COUNTERS.index("valid")
    assert sum(c[valid] for c in below.values()) == 2 * sum(c[valid] for c in own.values()) == 12


def test_an_areas_items_read_its_own_and_below_rows_only_when_the_scope_holds_all_of_it(loop, world):
    populate(loop)
    city = world.regions["liaocheng"]
    zone_items = {
        r.name: (r.valid, r.l1 + r.l2, r.cases_completed)
        for r in figures_by(world.admin, dimension="item", period="month", ref=REF, region=world.regions["zone"])
    }
    city_items = {
        r.name: (r.valid, r.l1 + r.l2, r.cases_completed)
        for r in figures_by(world.admin, dimension="item", period="month", ref=REF, region=city)
    }
    assert city_items == zone_items
    assert sum(v for v, _b, _c in city_items.values()) == 6
    # the other district's manager sees none of the zone's items, asked about the whole city
    assert figures_by(world.other_hall_manager, dimension="item", period="month", ref=REF, region=city) == []
    # the zone's manager, asked about the city, sums the zone's own rows (the city's are not theirs)
    assert {
        r.name: (r.valid, r.l1 + r.l2, r.cases_completed)
        for r in figures_by(world.hall_manager, dimension="item", period="month", ref=REF, region=city)
    } == zone_items


def test_the_migration_writes_the_below_rows_the_rating_path_writes(loop, world):
    from django.apps import apps
    from django.db import connection

    migration = importlib.import_module("gaoxin.evalstats.migrations.0005_rollup_item_below_rows")
    populate(loop)
    written = snapshot()
    assert RollupCounter.objects.filter(dimension=ITEM_BELOW).count() == 4
    editor = SimpleNamespace(connection=connection)  # the steps run SQL only (a test is one transaction)
    migration.remove(apps, editor)
    assert RollupCounter.objects.filter(dimension=ITEM_BELOW).count() == 0
    migration.backfill(apps, editor)
    assert snapshot() == written
