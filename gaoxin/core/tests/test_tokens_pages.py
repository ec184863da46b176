"""API token page: issue (plain key shown once), list, revoke; system admins only."""

from __future__ import annotations

import pytest
import time_machine

from gaoxin.core.models import ApiToken, AuditEvent


@time_machine.travel("2026-03-02 09:00:00+08:00", tick=False)
def test_issue_shows_the_key_once_and_it_works(client_as, client, world):
    admin = client_as("admin")
    response = admin.post(
        "/core/tokens/",
        {
            "name": "园区大数据平台",
            "scopes": "enterprises.read, evaluations.read",
            "username": "officer",
            "expires_on": "2026-12-31",
        },
    )
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    key = response.context["new_key"]
    assert key.startswith("gx_")
    assert key in response.content.decode()
    token = ApiToken.objects.get()
    assert (token.name, token.scopes, token.user, token.expires_at.isoformat()) == (
        "园区大数据平台",
        ["enterprises.read", "evaluations.read"],
        world.officer,
        "2026-12-31T15:59:59.999999+00:00",
    )
    again = admin.get("/core/tokens/")
    assert key not in again.content.decode()
    assert f"gx_{token.prefix}…" in again.content.decode()
    client.logout()
    assert client.get("/api/v1/core/me", headers={"Authorization": f"Bearer {key}"}).json()["username"] == "officer"


def test_issue_form_errors_write_nothing(client_as):
    response = client_as("admin").post("/core/tokens/", {"name": "x", "scopes": "bad scope!", "username": "ghost"})
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors["scopes"] == ["权限范围无效：scope!"]
    assert ApiToken.objects.count() == 0
    response = client_as("admin").post("/core/tokens/", {"name": "x", "scopes": "a.b", "username": "ghost"})
    assert response.context["form"].errors["username"] == ["用户不存在"]
    assert ApiToken.objects.count() == 0


def test_revoke(client_as, client, world):
    from gaoxin.core.tokens import api_token_issue

    token, key = api_token_issue(actor=world.admin, name="旧系统", scopes=["*"], user=world.admin)
    admin = client_as("admin")
    assert admin.post(f"/core/tokens/{token.pk}/revoke/").status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert AuditEvent.objects.filter(action="token.revoke", object_id=str(token.pk)).count() == 1
    assert "已吊销" in admin.get("/core/tokens/").content.decode()
    client.logout()
    assert client.get("/api/v1/core/me", headers={"Authorization": f"Bearer {key}"}).status_code == 401


@pytest.mark.parametrize(
    "persona", ["leader", "officer", "hall_manager", "clerk", "handler", "operator", "enterprise", "anonymous"]
)
def test_only_system_admins_manage_tokens(persona, client_as, world):
    from gaoxin.core.tokens import api_token_issue

    token, _key = api_token_issue(actor=world.admin, name="系统", scopes=["*"])
    client = client_as(persona)
    expected = 302 if persona == "anonymous" else 403
    assert client.get("/core/tokens/").status_code == expected
    assert client.post("/core/tokens/", {"name": "x", "scopes": "*"}).status_code == expected
    assert client.post(f"/core/tokens/{token.pk}/revoke/").status_code == expected
    token.refresh_from_db()
    assert (ApiToken.objects.count(), token.revoked_at) == (1, None)


def test_list_query_count(client_as, world, count_queries):
    from gaoxin.core.tokens import api_token_issue

    client = client_as("admin")
    counts = []
    for _round in range(2):
        for i in range(3):
            api_token_issue(
                actor=world.admin, name=f"系统{i}", scopes=["*"], user=world.officer, unit=world.units["hall"]
            )
        with count_queries() as queries:
            response = client.get("/core/tokens/")
        counts.append(len(queries))
    assert counts == [7, 7]
    assert len(response.context["page"]) == 6
