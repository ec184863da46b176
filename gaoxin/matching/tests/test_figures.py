"""Figures per base and network: groups, qualifications (valid today only), needs, times,
deals and referrals on both sides; the Excel export and the home panel's query count."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from io import BytesIO

import pytest
import time_machine
from openpyxl import load_workbook

from gaoxin.enterprises.models import Qualification
from gaoxin.matching import figures, services
from gaoxin.matching.tests.conftest import T0

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(net, on_commit):
    w, siwei = net.world, net.enterprises["siwei"]
    Qualification.objects.create(enterprise=siwei, kind="tech_sme", valid_from=date(2022, 4, 20))
    Qualification.objects.create(enterprise=siwei, kind="tech_sme", valid_from=date(2021, 4, 20))  # same firm twice
    Qualification.objects.create(enterprise=net.enterprises["huakang"], kind="high_tech", valid_from=date(2019, 1, 1),
                                 valid_to=date(2021, 12, 31))  # expired  # fmt: skip
    with time_machine.travel(T0, tick=False), on_commit():
        need = services.need_create(actor=w.users["enterprise"], enterprise=siwei, type="market", title="新疆客户",
                                    description="机器人系统集成", regions=["新疆"])  # fmt: skip
    need.refresh_from_db()
    operator = w.users["operator"]
    match = need.matches.get(resource=net.resources["xj_customer"])
    with time_machine.travel(T0 + timedelta(days=2), tick=False):
        ref = services.referral_create(actor=operator, need=need, to_base=net.bases["urumqi"], match=match)
        services.docking_record(actor=net.users["urumqi_operator"], need=need, base=net.bases["urumqi"],
                                held_on=date(2022, 10, 10), outcome="deal", deal_amount_wan="250", match=match,
                                referral=ref)  # fmt: skip
    with time_machine.travel(T0 + timedelta(days=3), tick=False):
        services.need_transition(actor=operator, need=need, to="resolved")
        services.event_create(actor=operator, base=net.bases["liaocheng"], title="路演", kind="roadshow",
                              held_on=date(2022, 10, 20))  # fmt: skip
        services.trail_log(actor=operator, base=net.bases["liaocheng"], enterprise=siwei, kind="visit", summary="走访")
    return need


@time_machine.travel(T0 + timedelta(days=5), tick=False)
def test_base_and_network_figures(net, history):
    fig = figures.figures_for(net.world.users["admin"])
    rows = {str(r["base"]): r for r in fig["bases"]}
    lc = rows["启迪之星(聊城)孵化基地"]
    assert (lc["signed"], lc["tech_sme"], lc["high_tech"], lc["events"], lc["visits"]) == (2, 1, 0, 1, 1)
    assert lc["group_list"] == [("新能源新材料", 0), ("高端装备", 1), ("医养健康", 1), ("其他产业", 0)]
    assert (lc["needs"], lc["resolved"], lc["deals"], lc["referrals_out"], lc["referrals_in"]) == (1, 1, 0, 1, 0)
    assert (lc["avg_hours_to_match"], lc["avg_days_to_resolve"]) == (0.0, 3.0)
    xj = rows["启迪之星(乌鲁木齐)孵化基地"]
    assert (xj["deals"], xj["deal_amount"], xj["referrals_in"]) == (1, Decimal("250.00"), 1)
    total = fig["total"]
    assert (total["needs"], total["deals"], total["referrals_out"], total["referrals_in"]) == (1, 1, 1, 1)
    # an operator sees the figures of their own base only
    mine = figures.figures_for(net.world.users["operator"])
    assert [str(r["base"]) for r in mine["bases"]] == ["启迪之星(聊城)孵化基地"]


@time_machine.travel(T0 + timedelta(days=5), tick=False)
def test_excel_export_is_exactly_the_figures(client_as, net, history):
    resp = client_as("operator").get("/matching/figures/export/")
    assert resp.status_code == 200
    wb = load_workbook(BytesIO(b"".join(resp.streaming_content)))
    ws = wb.worksheets[0]
    header = [c.value for c in ws[1]]
    assert header[:6] == [
        "基地",
        "签约企业·新能源新材料",
        "签约企业·高端装备",
        "签约企业·医养健康",
        "签约企业·其他产业",
        "签约企业",
    ]
    data = [[c.value for c in row] for row in ws.iter_rows(min_row=2)]
    assert [r[0] for r in data] == ["启迪之星(聊城)孵化基地", "合计"]
    assert data[0][1:9] == [0, 1, 1, 0, 2, 1, 0, 1]
    assert client_as("officer").get("/matching/figures/export/").status_code == 403


@time_machine.travel(T0 + timedelta(days=5), tick=False)
def test_home_panel_is_cheap(client_as, net, history, django_assert_num_queries):
    from gaoxin.matching.dashboard import panels as matching_panels

    user = net.world.users["operator"]
    with django_assert_num_queries(9):  # grants, bases, then one query per figure
        panels = matching_panels(user)
    assert panels[0]["r"]["signed"] == 2
    body = client_as("operator").get("/").content.decode()
    assert 'data-kpi="signed">2<' in body
