"""Page flows through the HTTP client: trail, events, resources, referrals, transitions;
bad input gives a Chinese message and writes nothing; other bases cannot act."""

from __future__ import annotations

import pytest
import time_machine

from gaoxin.core.models import AuditEvent
from gaoxin.matching.models import Event, EventRegistration, Need, Resource, TrailEntry
from gaoxin.matching.tests.conftest import T0

pytestmark = pytest.mark.django_db


def _messages(resp):
    return [str(m) for m in resp.context["messages"]] if resp.context else []


@time_machine.travel(T0, tick=False)
def test_trail_logging_and_timeline(client_as, net):
    c = client_as("operator")
    data = {"base": net.bases["liaocheng"].pk, "enterprise": net.enterprises["siwei"].pk, "kind": "visit",
            "occurred_at": "2022-10-08T09:00", "summary": "走访四维", "findings": "订单下滑",
            "follow_up": "对接外省客户", "follow_up_due": "2022-10-20"}  # fmt: skip
    resp = c.post("/matching/trail/new/", data)
    assert resp.status_code == 302
    entry = TrailEntry.objects.get()
    assert (entry.summary, entry.author.username, str(entry.follow_up_due)) == ("走访四维", "operator", "2022-10-20")
    body = c.get(f"/matching/enterprises/{net.enterprises['siwei'].pk}/timeline/").content.decode()
    assert "走访四维" in body
    assert "对接外省客户" in body
    resp = c.post(f"/matching/trail/{entry.pk}/done/")
    entry.refresh_from_db()
    assert entry.follow_up_done_at == T0
    # empty summary: refused in Chinese, nothing written
    before = (TrailEntry.objects.count(), AuditEvent.objects.count())
    resp = c.post("/matching/trail/new/", {**data, "summary": ""})
    assert resp.status_code == 400
    assert _messages(resp)[-1] == "摘要不能为空。"
    assert (TrailEntry.objects.count(), AuditEvent.objects.count()) == before


@time_machine.travel(T0, tick=False)
def test_event_creation_registration_and_attendance(client_as, net):
    c = client_as("operator")
    resp = c.post("/matching/events/new/", {"base": net.bases["liaocheng"].pk, "title": "智能制造路演",
                                            "kind": "roadshow", "held_on": "2022-10-20", "place": "路演厅"})  # fmt: skip
    event = Event.objects.get()
    assert resp["Location"] == f"/matching/events/{event.pk}/"
    siwei, huakang = net.enterprises["siwei"], net.enterprises["huakang"]
    c.post(f"/matching/events/{event.pk}/registrations/", {"enterprise": [siwei.pk, huakang.pk]})
    c.post(f"/matching/events/{event.pk}/registrations/", {"attendance": "1", "enterprise": [siwei.pk]})
    regs = dict(EventRegistration.objects.values_list("enterprise__name", "attended"))
    assert regs == {"聊城市四维自动化科技有限公司": True, "聊城华康医药科技有限公司": False}
    listing = c.get("/matching/events/", {"kind": "roadshow"})
    assert [(e.title, e.n_registered, e.n_attended) for e in listing.context["page"].object_list] == [
        ("智能制造路演", 2, 1)
    ]
    # another district's operator neither sees nor changes it
    other = client_as("other_operator")
    assert other.get(f"/matching/events/{event.pk}/").status_code == 404
    assert other.post(f"/matching/events/{event.pk}/registrations/", {"enterprise": [siwei.pk]}).status_code == 404


def test_resource_bad_input_writes_nothing(client_as, net):
    c = client_as("operator")
    before = (Resource.objects.count(), AuditEvent.objects.count())
    base = {"base": net.bases["liaocheng"].pk, "type": "investor", "title": "天使基金"}
    for extra, message in [
        ({"amount_min_wan": "-1"}, "金额下限不能为负数。"),
        ({"amount_min_wan": "500", "amount_max_wan": "100"}, "金额上限不能小于下限。"),
        ({"type": "unicorn"}, "未知的资源类型：unicorn"),
        ({"title": ""}, "名称不能为空。"),
        ({"capacity": "abc"}, "容量和剩余应为整数。"),
    ]:
        resp = c.post("/matching/resources/new/", {**base, **extra})
        assert (resp.status_code, _messages(resp)) == (400, [message])
    assert (Resource.objects.count(), AuditEvent.objects.count()) == before
    resp = c.post("/matching/resources/new/", {**base, "industries": "C34, C27", "regions": "全国", "stages": "天使、A",
                                               "amount_min_wan": "100", "amount_max_wan": "1000"})  # fmt: skip
    assert resp.status_code == 302
    r = Resource.objects.get(title="天使基金")
    assert (r.industries, r.regions, r.stages, r.unit_id) == (
        ["C34", "C27"],
        ["全国"],
        ["天使", "A"],
        net.bases["liaocheng"].unit_id,
    )


@time_machine.travel(T0, tick=False)
def test_referral_queue_and_illegal_transition_messages(client_as, net, on_commit):
    from gaoxin.matching.services import need_create, referral_create

    with on_commit():
        need = need_create(actor=None, enterprise=net.enterprises["siwei"], type="market", title="新疆客户",
                           description="机器人系统集成", regions=["新疆"])  # fmt: skip
    ref = referral_create(actor=None, need=need, to_base=net.bases["urumqi"], note="请协助")
    op = client_as("operator")
    resp = op.post(f"/matching/needs/{need.pk}/transition/", {"to": "resolved"}, follow=True)
    assert _messages(resp) == ["需求状态不能从“匹配中”变为“已解决”。"]
    # the sending base cannot answer for the receiving one
    assert op.post(f"/matching/referrals/{ref.pk}/respond/", {"status": "accepted"}).status_code == 403
    from django.test import Client

    xj = Client()
    xj.force_login(net.users["urumqi_operator"])
    queue = xj.get("/matching/referrals/")
    assert [r.need.title for r in queue.context["page"].object_list] == ["新疆客户"]
    xj.post(f"/matching/referrals/{ref.pk}/respond/", {"status": "accepted", "outcome": "已联系客户"})
    ref.refresh_from_db()
    assert (ref.status, ref.outcome) == ("accepted", "已联系客户")
    # the receiving base may view the need but not change its status
    assert xj.get(f"/matching/needs/{need.pk}/").status_code == 200
    assert xj.post(f"/matching/needs/{need.pk}/transition/", {"to": "closed"}).status_code == 403
    assert Need.objects.get(pk=need.pk).status == "matching"
