"""The demo's 足迹 step: figures computed from records, the 四维 story, the home panel."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

pytestmark = pytest.mark.django_db

NOW = datetime(2022, 11, 20, 12, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture
def demo():
    from gaoxin.demo.scenario import core, enterprises, matching
    from gaoxin.demo.scenario.context import ScenarioContext

    ctx = ScenarioContext(scale=1)
    with time_machine.travel(NOW, tick=False):
        for step in (core, enterprises, matching):
            step.load(ctx)
    return ctx


@time_machine.travel(NOW, tick=False)
def test_demo_figures_and_the_siwei_story(demo, client):
    from gaoxin.matching import figures
    from gaoxin.matching.models import LearnedWeights

    fig = figures.figures_for(demo["user.admin"])
    by_base = {str(r["base"]): r for r in fig["bases"]}
    ours = by_base["启迪之星(聊城)"]
    assert (ours["signed"], ours["tech_sme"], ours["high_tech"], ours["events"]) == (87, 27, 1, 112)
    assert ours["group_list"] == [("新能源新材料", 29), ("高端装备", 38), ("医养健康", 20), ("其他产业", 0)]
    assert (ours["referrals_out"], ours["referrals_in"]) == (3, 0)
    for city, amount in (("乌鲁木齐", "268"), ("重庆", "315"), ("郑州", "236")):
        row = by_base[f"启迪之星({city})"]
        assert (row["referrals_in"], row["deals"], row["deal_amount"]) == (1, 1, Decimal(amount))
    need = demo["need.siwei"]
    need.refresh_from_db()
    assert (need.status, need.rating) == ("resolved", 5)
    deals = need.matches.filter(status="deal").order_by("rank")
    assert [m.resource.regions for m in deals] == [["500000"], ["650100"], ["410100"]]
    assert LearnedWeights.objects.count() == 1
    # the home panel shows the same figures to the operator
    client.force_login(demo["user.operator"])
    body = client.get("/").content.decode()
    assert 'data-kpi="signed">87<' in body
    assert 'data-kpi="tech_sme">27<' in body
    assert 'data-kpi="events">112<' in body
