"""The demo's projects step reproduces the report's figures, recomputed here from records."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gaoxin.demo.scenario import core
from gaoxin.demo.scenario import projects as projects_step
from gaoxin.demo.scenario.context import ScenarioContext

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """Run the core and projects steps once for the module; roll them back afterwards."""
    from django.db import connection, transaction

    with django_db_blocker.unblock():
        from gaoxin.core.calendar import invalidate_calendar_cache

        invalidate_calendar_cache()
        atomic = transaction.atomic()
        atomic.__enter__()
        ctx = ScenarioContext(scale=1)
        core.load(ctx)
        projects_step.load(ctx)
        yield ctx
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)
        connection.close()


def test_zone_figures_are_the_reports(demo):
    from gaoxin.projects.selectors import report_year, zone_figures

    leader = demo["user.leader"]
    assert report_year() == 2022
    f = zone_figures(leader, 2022, region=demo["region.zone"])
    assert f["key_count"] == 86
    assert f["key_total_investment"] == Decimal("5970000")  # 597亿元
    assert f["key_year_plan"] == Decimal("1040000")  # 104亿元
    assert f["key_province_or_city"] == 32
    assert f["key_by_level"] == {"province": 10, "city": 22, "district": 54}
    assert (f["provincial_count"], f["provincial_started_by_june"]) == (10, 10)
    assert (f["signed_count"], f["signed_amount"]) == (46, Decimal("697000"))  # 69.7亿元
    assert f["started_count"] == 31
    assert f["events_count"] == 12
    assert f["trips_count"] == 26
    assert [c for c, _n in f["trip_cities"][:3]] == ["深圳", "东莞", "上海"] or f["trip_cities"][0] == ("深圳", 6)
    assert dict(f["trip_cities"])["洛阳"] == 3
    assert f["manufacturing_planned"] == 35
    assert (f["manufacturing_signed_above_1_count"], f["manufacturing_signed_above_1_amount"]) == (
        19,
        Decimal("390600"),
    )
    assert (f["chain_signed_above_1_count"], f["chain_signed_above_1_amount"]) == (25, Decimal("473400"))
    assert f["ranking_month"] == 6
    assert f["completed_to_month"] == Decimal("598000")
    assert f["ratio_to_month"] == Decimal("57.5")
    assert (f["rank_completed"], f["rank_ratio"]) == (2, 3)
    assert f["peer_count"] == 11


def test_home_panel_shows_the_figures(demo, client):
    client.force_login(demo["user.leader"])
    html = client.get("/").content.decode()
    for text in ("86", "597", "104", "69.7", "39.06", "47.34", "第2", "第3"):
        assert text in html, text
