"""Pages: every 足迹 page renders for the operator with pinned query counts; filters work."""

from __future__ import annotations

import pytest
import time_machine
from django.urls import reverse

from gaoxin.matching.tests.conftest import T0

pytestmark = pytest.mark.django_db


@pytest.fixture
def story(net, on_commit):
    from gaoxin.matching.services import event_create, need_create, trail_log

    w = net.world
    with on_commit():
        need = need_create(actor=w.users["enterprise"], enterprise=net.enterprises["siwei"], type="market",
                           title="寻找新疆的自动化改造客户", description="机器人系统集成", regions=["新疆"])  # fmt: skip
    trail_log(actor=w.users["operator"], base=net.bases["liaocheng"], enterprise=net.enterprises["siwei"], kind="visit",
              occurred_at=T0, summary="走访四维", findings="订单下滑", follow_up="对接新疆客户", follow_up_due=T0.date())  # fmt: skip
    event = event_create(actor=w.users["operator"], base=net.bases["liaocheng"], title="智能制造路演", kind="roadshow",
                         held_on=T0.date())  # fmt: skip
    return {"need": need, "event": event}


@time_machine.travel(T0, tick=False)
def test_operator_pages_render(client_as, net, story):
    c = client_as("operator")
    need, event = story["need"], story["event"]
    urls = [
        reverse("matching:figures"), reverse("matching:needs"), reverse("matching:need_new"),
        reverse("matching:need", args=[need.pk]), reverse("matching:referrals"), reverse("matching:bases"),
        reverse("matching:base", args=[net.bases["liaocheng"].pk]), reverse("matching:resources"),
        reverse("matching:resource_new"), reverse("matching:trail"), reverse("matching:trail_new"),
        reverse("matching:timeline", args=[net.enterprises["siwei"].pk]), reverse("matching:events"),
        reverse("matching:event_new"), reverse("matching:event", args=[event.pk]),
    ]  # fmt: skip
    for url in urls:
        resp = c.get(url)
        assert resp.status_code == 200, url
    body = c.get(reverse("matching:need", args=[need.pk])).content.decode()
    assert "为什么推荐" in body
    assert "地区匹配：新疆" in body
    assert "乌鲁木齐汽车零部件厂采购包装线机器人码垛改造" in body


@time_machine.travel(T0, tick=False)
def test_needs_list_filters_and_query_count(client_as, net, story, django_assert_num_queries):
    c = client_as("operator")
    url = reverse("matching:needs")
    c.get(url)  # warm the session
    with django_assert_num_queries(7):
        resp = c.get(url, {"status": "matching", "type": "market"})
    assert [n.title for n in resp.context["page"].object_list] == ["寻找新疆的自动化改造客户"]
    resp = c.get(url, {"status": "resolved"})
    assert list(resp.context["page"].object_list) == []
    assert "暂无符合条件的需求。" in resp.content.decode()


def test_base_page_lists_its_operators(client_as, net):
    body = client_as("operator").get(f"/matching/bases/{net.bases['liaocheng'].pk}/").content.decode()
    assert "运营人员：operator<" in body
