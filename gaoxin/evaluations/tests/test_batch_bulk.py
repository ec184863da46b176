"""The /batch bulk path: one transaction for a batch of first ratings, with exactly the
per-item results, work orders and rollup counters of recording the items one by one."""

from __future__ import annotations

import json
import uuid

import pytest
import time_machine
from django.db import connection

from gaoxin.evalstats.models import RollupCounter
from gaoxin.evalstats.services import rollup_rebuild
from gaoxin.evaluations.enums import Level
from gaoxin.evaluations.models import Rating
from gaoxin.evaluations.services import device_register
from gaoxin.evaluations.services import ratings as ratings_service
from gaoxin.evaluations.tests.conftest import at
from gaoxin.rectifications.models import WorkOrder

URL = "/api/v1/evaluations/batch"


@pytest.fixture
def device(ev):
    _dev, plain = device_register(actor=None, hall=ev.halls["hall"], window=ev.windows["w1"], name="1号窗评价器")
    return {"HTTP_AUTHORIZATION": f"Bearer {plain}"}


@pytest.fixture
def frozen():
    with time_machine.travel(at(2026, 6, 10, 10, 30), tick=False) as traveller:
        yield traveller


@pytest.fixture(params=["bulk", "one_by_one"])
def path(request, monkeypatch):
    """Every test runs on the bulk path and on the one-by-one path: same answers required."""
    if request.param == "one_by_one":
        monkeypatch.setattr(ratings_service, "_bulk_eligible", lambda requests: False)
    return request.param


def post(client, items, auth):
    return client.post(URL, data=json.dumps({"items": items}), content_type="application/json", **auth)


def item(case, level=1, **kw):
    number = case.number if case is not None else "GX-NONE"
    return {
        "uuid": str(kw.pop("uuid", uuid.uuid4())),
        "level": level,
        "scheme": "gbt39046",
        "case_number": number,
        **kw,
    }


def counters():
    fields = [f.name for f in RollupCounter._meta.concrete_fields if f.name != "id"]
    return sorted(tuple(str(v) for v in row) for row in RollupCounter.objects.values_list(*fields))


def test_batch_results_work_orders_and_counters(ev, device, client, frozen, path, world):
    done = at(2026, 6, 10, 10, 0)
    c = [ev.case(completed_at=done) for _ in range(6)]
    not_completed = ev.case()
    stored = item(c[0], level=2)
    assert post(client, [stored], device).json()["created"] == 1  # stored earlier: its retry is a duplicate
    rated = item(c[1], level=1)
    assert post(client, [rated], device).json()["created"] == 1  # the case is rated: a new uuid is refused
    items = [
        item(c[2], level=1, tags=["A"]),
        stored,
        item(c[1], level=3),
        item(None),
        item(c[3], level=5, rater={"name": "李四光", "phone": "13698765432", "consent": True}),  # 差评
        {**item(c[4]), "level": 9},
        item(not_completed),
        item(c[5], level=2, created_at="2026-06-10T10:20:00"),
        {"level": 1, "scheme": "gbt39046", "case_number": c[4].number},
    ]
    body = post(client, items, device).json()
    assert [(x["uuid"], x["status"], x["code"]) for x in body["results"]] == [
        (items[0]["uuid"], "created", ""),
        (stored["uuid"], "duplicate", ""),
        (items[2]["uuid"], "rejected", "already_rated"),
        (items[3]["uuid"], "rejected", "unknown_case"),
        (items[4]["uuid"], "created", ""),
        (items[5]["uuid"], "rejected", "invalid_level"),
        (items[6]["uuid"], "rejected", "case_not_completed"),
        (items[7]["uuid"], "created", ""),
        ("", "rejected", "invalid"),
    ]
    assert (body["created"], body["duplicate"], body["rejected"]) == (3, 1, 5)
    assert body["results"][2]["message"] == "该办件已评价。"
    new = {str(r.uuid): r for r in Rating.objects.filter(uuid__in=[items[i]["uuid"] for i in (0, 4, 7)])}
    assert (new[items[0]["uuid"]].level, new[items[0]["uuid"]].tags) == (Level.VERY_SATISFIED, ["A"])
    bad = new[items[4]["uuid"]]
    assert (bad.level, bad.is_real_name, bad.case_id, bad.staff_id) == (
        Level.VERY_DISSATISFIED,
        True,
        c[3].pk,
        ev.staff["clerk"].pk,
    )
    assert new[items[7]["uuid"]].created_at == at(2026, 6, 10, 10, 20)  # a zone-less device time is local
    assert list(WorkOrder.objects.values_list("rating_id", flat=True)) == [bad.pk]
    assert Rating.objects.count() == 5
    incremental = counters()
    rollup_rebuild(actor=None)
    assert counters() == incremental  # the batch's one upsert adds what the raw ratings say


def test_replaying_a_batch_is_all_duplicates(ev, device, client, frozen, path):
    items = [item(ev.case(completed_at=at(2026, 6, 10, 10, 0)), level=1) for _ in range(4)]
    assert post(client, items, device).json()["created"] == 4
    before = counters()
    again = post(client, items, device).json()
    assert (again["created"], again["duplicate"], again["rejected"]) == (0, 4, 0)
    assert [x["uuid"] for x in again["results"]] == [x["uuid"] for x in items]
    assert (Rating.objects.count(), counters()) == (4, before)


def test_a_concurrent_writer_sends_the_batch_one_by_one(ev, device, client, frozen, monkeypatch):
    """A case rated by another request after the batch read it: the multi-row insert is refused,
    nothing of it stays, and each item gets its exact answer."""
    cases = [ev.case(completed_at=at(2026, 6, 10, 10, 0)) for _ in range(3)]
    assert post(client, [item(cases[1])], device).json()["created"] == 1
    read = ratings_service._lookup

    def missed(numbers, keys):  # the read missed it
        cases, stored = read(numbers, keys)
        return {n: c._replace(rated=False) for n, c in cases.items()}, stored

    monkeypatch.setattr(ratings_service, "_lookup", missed)
    body = post(client, [item(c) for c in cases], device).json()
    assert [(x["status"], x["code"]) for x in body["results"]] == [
        ("created", ""),
        ("rejected", "already_rated"),
        ("created", ""),
    ]
    assert Rating.objects.count() == 3


def test_bulk_statements_do_not_grow_with_the_batch(ev, device, client, frozen, count_queries):
    def run(n):
        items = [item(ev.case(completed_at=at(2026, 6, 10, 10, 0)), level=1) for _ in range(n)]
        with count_queries() as q:
            body = post(client, items, device).json()
        assert body["created"] == n
        return len(q)

    run(2)  # warm the per-process caches (policy, calendar)
    # token, device, the cases with their halls' regions (one join), savepoint, insert
    # (PostgreSQL: new ids from the sequence, then COPY), upsert, release; the unique
    # constraints check stored uuids and rated cases as the rows go in
    assert run(5) == run(50) == (9 if connection.vendor == "postgresql" else 7)


def test_a_replayed_batch_is_read_again_before_it_is_answered(ev, device, client, frozen, count_queries):
    """The optimistic insert of a batch holding a stored uuid is refused whole; the second pass
    reads stored uuids and rated cases and answers from them, in a fixed number of statements."""
    items = [item(ev.case(completed_at=at(2026, 6, 10, 10, 0)), level=1) for _ in range(3)]
    assert post(client, items[:1], device).json()["created"] == 1
    with count_queries() as q:
        body = post(client, items, device).json()
    assert [x["status"] for x in body["results"]] == ["duplicate", "created", "created"]
    assert Rating.objects.count() == 3
    # token, device; first pass: cases, savepoint, insert (+ its ids), rollback to and release
    # of the savepoint; second pass: cases with whether rated, stored uuids, savepoint, insert
    # (+ its ids), upsert, release
    assert len(q) == (16 if connection.vendor == "postgresql" else 13)


def order_rows():
    """Every row a work order's opening writes, in a comparable form (ids replaced by the rating's uuid)."""
    from gaoxin.core.models import AuditEvent, Notification
    from gaoxin.rectifications.models import WorkOrderEvent

    orders = list(WorkOrder.objects.select_related("rating", "department").order_by("pk"))
    key = {o.pk: str(o.rating.uuid) for o in orders}
    return {
        "orders": [
            (
                str(o.rating.uuid),
                o.number[:10],
                o.department.name,
                o.routing_rule_id is not None,
                o.status,
                o.level,
                o.topic,
                o.callback_due_at,
                o.fix_due_at,
                o.opened_at,
            )
            for o in orders
        ],
        "events": sorted(
            (key[e.order_id], e.kind, e.to_status, e.note, e.actor_label, json.dumps(e.data, sort_keys=True))
            for e in WorkOrderEvent.objects.all()
        ),
        "audit": sorted(
            (key[int(a.object_id)], a.action, a.unit_id_ref, a.actor_label, json.dumps(a.after, sort_keys=True))
            for a in AuditEvent.objects.filter(object_type="rectifications.workorder")
        ),
        "inbox": sorted(
            (key[int(n.object_id)], n.recipient.username, n.kind, n.title[:6], n.body)
            for n in Notification.objects.filter(kind="rectifications.open").select_related("recipient")
        ),
    }


def test_a_batch_opens_its_work_orders_as_one_by_one(ev, device, client, frozen, path, world):
    """Several 差评 of a batch, for three departments (one re-routed by a rule, one in a region
    with its own deadlines): the same orders, events, audit rows and inbox messages on both paths."""
    from gaoxin.rectifications.models import RectificationPolicy, RoutingRule

    u = world.units
    RoutingRule.objects.create(department=u["market"], item=ev.items["license"], assign_to=u["approval"], note="代办")
    RectificationPolicy.objects.create(region=ev.halls["other"].region, callback_days=3)
    done = at(2026, 6, 10, 10, 0)
    c1, c2, c3, good = (ev.case(completed_at=done, window=w) for w in ("w1", "w2", "other", "w1"))
    items = [
        item(c1, level=5, text="窗口人员态度很差"),
        item(good, level=1),
        item(c2, level=4),
        item(c3, level=5),
    ]
    body = post(client, items, device).json()
    assert body["created"] == 4
    rows = order_rows()
    bad1, bad2, bad3 = items[0]["uuid"], items[2]["uuid"], items[3]["uuid"]
    day11, day15, day17 = (at(2026, 6, d, 23, 59, 59) for d in (11, 15, 17))
    now = at(2026, 6, 10, 10, 30)
    assert rows["orders"] == [
        (bad1, "ZG20260610", "行政审批服务局", True, "opened", 1, "attitude", day11, day17, now),
        (bad2, "ZG20260610", "行政审批服务局", False, "opened", 2, "other", day11, day17, now),
        (bad3, "ZG20260610", "东昌府区行政审批服务局", False, "opened", 1, "other", day15, day17, now),
    ]
    rule = RoutingRule.objects.get().pk
    approval, other = u["approval"].pk, u["other_approval"].pk

    def data(department, rule, callback):
        return {
            "callback_due": f"2026-06-{callback}T23:59:59+08:00",
            "department": department,
            "fix_due": "2026-06-17T23:59:59+08:00",
            "provisional": False,
            "rule": rule,
        }

    expected = sorted(
        [
            (bad1, approval, rule, 11, "行政审批服务局"),
            (bad2, approval, None, 11, "行政审批服务局"),
            (bad3, other, None, 15, "东昌府区行政审批服务局"),
        ]
    )
    assert rows["events"] == [
        (k, "open", "opened", f"派至 {name}", "系统", json.dumps(data(d, r, cb), sort_keys=True))
        for k, d, r, cb, name in expected
    ]
    assert rows["audit"] == [
        (
            k,
            "rectifications.order.open",
            d,
            "anonymous",
            json.dumps({**data(d, r, cb), "status": "opened"}, sort_keys=True),
        )
        for k, d, r, cb, _name in expected
    ]
    assert rows["inbox"] == [
        (
            k,
            "other_handler" if d == other else "handler",
            "rectifications.open",
            "新差评工单 ",
            f"请于 2026-06-{cb} 23:59 前回访核实。",
        )
        for k, d, _r, cb, _name in expected
    ]


def test_a_batch_s_work_orders_take_a_fixed_number_of_statements(ev, device, client, frozen, count_queries):
    def run(n):
        done = at(2026, 6, 10, 10, 0)
        items = [item(ev.case(completed_at=done, window="w2"), level=5 if k % 5 == 0 else 1) for k in range(n)]
        with count_queries() as q:
            body = post(client, items, device).json()
        assert (body["created"], WorkOrder.objects.count() - before) == (n, n // 5)
        return len(q)

    before = 0
    run(5)  # warm the per-process caches (policy, calendar)
    before = WorkOrder.objects.count()
    first = run(10)
    before = WorkOrder.objects.count()
    # the 8 of a batch, and for its 差评: routing rules, deadline rules, the orders, their
    # departments, the departments' handlers, the events, the audit rows, the inbox messages
    assert first == run(50) == (9 if connection.vendor == "postgresql" else 7) + 8
