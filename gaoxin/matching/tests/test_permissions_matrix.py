"""Every 足迹 action × every persona (8 roles + anonymous), on objects of 启迪之星(聊城).

Reads go through the HTTP client (allowed → 200; refused → 403/404, anonymous → login
redirect or 401); writes go through the services (refused → PermissionDenied/NotFound
and no row written anywhere in the app, audit included).
"""

from __future__ import annotations

from datetime import date

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from gaoxin.core.errors import NotFound, PermissionDenied
from gaoxin.core.models import AuditEvent
from gaoxin.matching import rules, services
from gaoxin.matching.tests.conftest import make_enterprise

pytestmark = pytest.mark.django_db

PERSONAS = ["admin", "leader", "officer", "hall_manager", "clerk", "handler", "operator", "enterprise", "anonymous"]
WATCH = {"admin", "leader", "officer"}
ALLOWED = {
    "matching.base.view": WATCH | {"operator"},
    "matching.base.manage": {"admin", "operator"},
    "matching.visit.log": {"admin", "operator"},
    "matching.need.view": WATCH | {"operator", "enterprise"},
    "matching.need.create": {"admin", "operator", "enterprise"},
    "matching.need.manage": {"admin", "operator"},
    "matching.need.rate": {"admin", "enterprise"},
    "matching.resource.view": WATCH | {"operator"},
    "matching.resource.manage": {"admin", "operator"},
    "matching.match.view": WATCH | {"operator"},
    "matching.match.decide": {"admin", "operator"},
    "matching.referral.create": {"admin", "operator"},
    "matching.referral.receive": {"admin", "operator"},
    "matching.docking.record": {"admin", "operator"},
    "matching.event.manage": {"admin", "operator"},
    "matching.figures.view": WATCH | {"operator"},
    "matching.figures.export": {"admin", "leader", "operator"},
}


def test_the_matrix_covers_every_declared_action():
    assert set(ALLOWED) == set(rules.RULES)


@pytest.fixture
def objs(net, on_commit):
    w, base = net.world, net.bases["liaocheng"]
    siwei = net.enterprises["siwei"]
    with on_commit():
        open_need = services.need_create(actor=None, enterprise=siwei, type="market", title="寻找新疆客户",
                                         description="机器人系统集成", regions=["新疆"])  # fmt: skip
    open_need.refresh_from_db()
    closed = services.need_create(actor=None, enterprise=siwei, type="space", title="租厂房")
    services.need_transition(actor=None, need=closed, to="closed")
    xj = make_enterprise("新疆某零部件厂", None, net.bases["urumqi"].unit, None)
    far = services.need_create(
        actor=None, enterprise=xj, type="supply", title="采购码垛机器人", base=net.bases["urumqi"]
    )
    incoming = services.referral_create(actor=None, need=far, to_base=base, note="供应商在聊城")
    fresh = make_enterprise("聊城新签约企业", None, base.unit, None)
    return {"need": open_need, "closed": closed, "incoming": incoming, "fresh": fresh,
            "match": open_need.matches.order_by("rank").first(), "base": base, "w": w, "net": net}  # fmt: skip


def _user(objs, persona):
    return AnonymousUser() if persona == "anonymous" else objs["w"].users[persona]


def _counts():
    models = [m for m in apps.get_app_config("matching").get_models()]
    return {m._meta.label: m.objects.count() for m in models} | {"audit": AuditEvent.objects.count()}


WRITES = {
    "matching.base.manage": lambda u, o: services.incubation_sign(
        actor=u, base=o["base"], enterprise=o["fresh"], signed_on=date(2022, 10, 1)
    ),
    "matching.visit.log": lambda u, o: services.trail_log(
        actor=u, base=o["base"], enterprise=o["fresh"], kind="visit", summary="走访"
    ),
    "matching.need.create": lambda u, o: services.need_create(
        actor=u, enterprise=o["net"].enterprises["siwei"], type="talent", title="招聘工程师"
    ),
    "matching.need.manage": lambda u, o: services.need_transition(actor=u, need=o["need"], to="docking"),
    "matching.need.rate": lambda u, o: services.need_rate(actor=u, need=o["closed"], rating=4, text="好"),
    "matching.resource.manage": lambda u, o: services.resource_create(
        actor=u, base=o["base"], type="expert", title="自动化专家"
    ),
    "matching.match.decide": lambda u, o: services.match_decide(actor=u, match=o["match"], status="accepted"),
    "matching.referral.create": lambda u, o: services.referral_create(
        actor=u, need=o["need"], to_base=o["net"].bases["urumqi"]
    ),
    "matching.referral.receive": lambda u, o: services.referral_respond(
        actor=u, referral=o["incoming"], status="accepted"
    ),
    "matching.docking.record": lambda u, o: services.docking_record(
        actor=u, need=o["need"], base=o["base"], held_on=date(2022, 10, 9), place="基地"
    ),
    "matching.event.manage": lambda u, o: services.event_create(
        actor=u, base=o["base"], title="路演", kind="roadshow", held_on=date(2022, 10, 20)
    ),
}

READS = {
    "matching.base.view": lambda o: reverse("matching:base", args=[o["base"].pk]),
    "matching.need.view": lambda o: reverse("matching:need", args=[o["need"].pk]),
    "matching.resource.view": lambda o: "/api/v1/matching/resources",
    "matching.match.view": lambda o: f"/api/v1/matching/needs/{o['need'].pk}/matches",
    "matching.figures.view": lambda o: reverse("matching:figures"),
    "matching.figures.export": lambda o: reverse("matching:figures_export"),
}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("action", sorted(ALLOWED))
def test_permission_matrix(client_as, objs, action, persona):
    allowed = persona in ALLOWED[action]
    if action in READS:
        client = client_as(persona)
        url = READS[action](objs)
        resp = client.get(url)
        if allowed:
            assert resp.status_code == 200, (action, persona, resp.status_code)
        elif persona == "anonymous":
            assert resp.status_code in (302, 401), (action, persona, resp.status_code)
        else:
            assert resp.status_code in (403, 404), (action, persona, resp.status_code)
        return
    user = _user(objs, persona)
    before = _counts()
    if allowed:
        WRITES[action](user, objs)
        assert _counts() != before
    else:
        with pytest.raises((PermissionDenied, NotFound)):
            WRITES[action](user, objs)
        assert _counts() == before
