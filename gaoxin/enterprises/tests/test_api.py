"""GET /api/v1/enterprises and /api/v1/enterprises/{id}: scoped, filtered, paginated; token scopes."""

from __future__ import annotations

import pytest

from gaoxin.core.tokens import api_token_issue

pytestmark = pytest.mark.usefixtures("firms")


def test_list_is_scoped_and_filtered(client_as, firms, count_queries):
    client = client_as("officer")
    with count_queries() as queries:
        body = client.get("/api/v1/enterprises").json()
    assert len(queries) == 5  # session, user, grants, page, count
    assert (body["count"], body["page"], body["page_size"]) == (2, 1, 50)
    assert [e["name"] for e in body["results"]] == ["山东易斯特工程工具有限公司", "聊城市四维自动化科技有限公司"]
    assert body["results"][0] == {
        "id": firms["yisite"].pk,
        "name": "山东易斯特工程工具有限公司",
        "uscc": firms["yisite"].uscc,
        "industry": {"code": "33", "name": "金属制品业"},
        "unit_id": firms["yisite"].unit_id,
        "unit_name": "经济发展局",
        "region_name": "聊城高新区",
        "address": "",
        "registered_on": None,
        "size": "medium",
        "tags": [],
    }
    assert [e["name"] for e in client.get("/api/v1/enterprises", {"industry": "C"}).json()["results"]] == [
        "山东易斯特工程工具有限公司"
    ]
    assert client.get("/api/v1/enterprises", {"page_size": 1, "page": 2}).json()["results"][0]["name"] == (
        "聊城市四维自动化科技有限公司"
    )
    bad = client.get("/api/v1/enterprises", {"industry": "ZZ"})
    assert (bad.status_code, bad.json()["message"]) == (400, "行业代码不存在：ZZ")
    assert client.get("/api/v1/enterprises", {"page_size": 500}).status_code == 400


def test_detail_scoped(client_as, firms):
    client = client_as("enterprise")
    mine = client.get(f"/api/v1/enterprises/{firms['siwei'].pk}")
    assert (mine.status_code, mine.json()["qualifications"]) == (200, [])
    assert client.get(f"/api/v1/enterprises/{firms['yisite'].pk}").status_code == 404
    other = client_as("admin").get(f"/api/v1/enterprises/{firms['yisite'].pk}").json()
    assert [(q["kind"], q["kind_label"], q["valid_to"]) for q in other["qualifications"]] == [
        ("specialized", "专精特新中小企业", None),
        ("high_tech", "高新技术企业", "2024-12-14"),
    ]


def test_refused_callers(client, client_as, world):
    assert client.get("/api/v1/enterprises").status_code == 401
    response = client_as("clerk").get("/api/v1/enterprises")
    assert (response.status_code, response.json()["message"]) == (403, "您没有权限查看企业信息。")


def test_tokens_need_the_scope_and_a_user(client, world):
    _t, good = api_token_issue(actor=world.admin, name="园区系统", scopes=["enterprises.read"], user=world.officer)
    _t, wrong = api_token_issue(actor=world.admin, name="其他系统", scopes=["evaluations.ingest"], user=world.officer)
    _t, nobody = api_token_issue(actor=world.admin, name="无用户", scopes=["enterprises.read"])
    assert client.get("/api/v1/enterprises", headers={"Authorization": f"Bearer {good}"}).json()["count"] == 2
    assert client.get("/api/v1/enterprises", headers={"Authorization": f"Bearer {wrong}"}).status_code == 403
    assert client.get("/api/v1/enterprises", headers={"Authorization": f"Bearer {nobody}"}).status_code == 403
