"""API: needs list/create/detail, matches of a need, resources; bad input and privacy."""

from __future__ import annotations

import pytest
import time_machine

from gaoxin.core.models import AuditEvent
from gaoxin.matching.models import Need
from gaoxin.matching.tests.conftest import T0

pytestmark = pytest.mark.django_db
API = "/api/v1/matching"


def _create(client, **kw):
    data = {"type": "market", "title": "寻找新疆的自动化改造客户", "description": "机器人系统集成",
            "regions": ["新疆"], "amount_wan": "200"}  # fmt: skip
    data.update(kw)
    return client.post(f"{API}/needs", data, content_type="application/json")


@time_machine.travel(T0, tick=False)
def test_enterprise_posts_and_reads_its_need(client_as, net, on_commit):
    c = client_as("enterprise")
    with on_commit():
        resp = _create(c)
    assert resp.status_code == 201, resp.content
    body = resp.json()
    assert (body["enterprise"], body["type_label"], body["status"], body["amount_wan"]) == (
        "聊城市四维自动化科技有限公司", "客户/市场渠道", "submitted", "200.00",
    )  # fmt: skip
    need_id = body["id"]
    detail = c.get(f"{API}/needs/{need_id}").json()
    assert (detail["status"], detail["status_label"]) == ("matching", "匹配中")
    listing = c.get(f"{API}/needs").json()
    assert (listing["count"], [n["id"] for n in listing["items"]]) == (1, [need_id])
    # enterprises do not see the operators' match list
    assert c.get(f"{API}/needs/{need_id}/matches").status_code == 403


@time_machine.travel(T0, tick=False)
def test_operator_reads_matches_with_reasons(client_as, net, on_commit, django_assert_num_queries):
    with on_commit():
        need_id = _create(client_as("enterprise")).json()["id"]
    c = client_as("operator")
    c.get(f"{API}/needs/{need_id}/matches")
    with django_assert_num_queries(6):
        resp = c.get(f"{API}/needs/{need_id}/matches")
    rows = resp.json()
    assert [r["resource"] for r in rows] == [
        "乌鲁木齐汽车零部件厂采购包装线机器人码垛改造",
        "重庆摩托车厂焊接自动化产线改造",
    ]
    region = next(f for f in rows[0]["factors"] if f["name"] == "region")
    assert (region["label"], region["value"], region["reason"]) == ("地区", 1.0, "地区匹配：新疆")
    resources = c.get(f"{API}/resources", {"type": "customer"}).json()
    assert resources["count"] == 2
    assert c.get(f"{API}/resources", {"limit": 1000}).json()["code"] == "paging"


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"title": ""}, "标题不能为空。"),
        ({"title": "长" * 101}, "标题不能超过 100 个字（当前 101 个字）。"),
        ({"description": "长" * 5001}, "描述不能超过 5000 个字（当前 5001 个字）。"),
        ({"type": "lottery"}, "未知的需求类型：lottery"),
        ({"amount_wan": "-5"}, "金额不能为负数。"),
    ],
)
def test_bad_input_is_refused_in_chinese_and_writes_nothing(client_as, net, kw, message):
    c = client_as("enterprise")
    before = (Need.objects.count(), AuditEvent.objects.count())
    resp = _create(c, **kw)
    assert resp.status_code == 400
    assert resp.json()["message"] == message
    assert (Need.objects.count(), AuditEvent.objects.count()) == before


def test_an_enterprise_cannot_read_another_enterprises_need(client_as, net):
    from gaoxin.matching.services import need_create

    theirs = need_create(actor=None, enterprise=net.enterprises["huakang"], type="funding", title="华康融资 3000 万")
    c = client_as("enterprise")
    resp = c.get(f"{API}/needs/{theirs.pk}")
    assert resp.status_code == 404
    assert "华康" not in resp.content.decode()
    assert c.get(f"{API}/needs").json() == {"count": 0, "items": []}
    page = c.get(f"/matching/needs/{theirs.pk}/")
    assert page.status_code == 404
    assert "华康" not in page.content.decode()
    assert "华康" not in c.get("/matching/needs/").content.decode()
    # nor post on its behalf
    before = Need.objects.count()
    resp = _create(c, enterprise_id=net.enterprises["huakang"].pk)
    assert resp.status_code == 403
    assert Need.objects.count() == before


def test_anonymous_gets_401(client, net):
    assert client.get(f"{API}/needs").status_code == 401
    assert _create(client).status_code == 401
