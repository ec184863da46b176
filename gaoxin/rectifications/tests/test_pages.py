"""Ledger, export, work-order page, actions over HTTP, reveal, deadline scan, permissions matrix."""

from __future__ import annotations

import io

import openpyxl
import pytest
import time_machine
from django.urls import reverse

from gaoxin.core.models import AuditEvent
from gaoxin.core.permissions import can
from gaoxin.evaluations.enums import Level
from gaoxin.rectifications.enums import Status
from gaoxin.rectifications.models import WorkOrder, WorkOrderEvent
from gaoxin.rectifications.rules import RULES
from gaoxin.rectifications.services import work_orders_deadline_scan
from gaoxin.rectifications.tests.factory import RATER_NAME, RATER_PHONE, at

PERSONAS = ["admin", "leader", "officer", "hall_manager", "clerk", "handler", "operator", "enterprise"]
# who may open the ledger page (rectifications.order.view)
LEDGER = {"admin": 200, "leader": 200, "officer": 200, "hall_manager": 200, "handler": 200}


@pytest.fixture
def orders(loop):
    a = loop.rate(level=Level.DISSATISFIED, when=at(2026, 11, 2, 10), text="排队时间太长，等了两个小时")
    b = loop.rate(level=Level.VERY_DISSATISFIED, when=at(2026, 11, 2, 11), window="market", real_name=False)
    return WorkOrder.objects.get(rating=a), WorkOrder.objects.get(rating=b)


@pytest.mark.parametrize("persona", [*PERSONAS, "anonymous"])
def test_ledger_access_by_role(client_as, orders, persona):
    response = client_as(persona).get(reverse("rectifications:ledger"))
    if persona == "anonymous":
        assert response.status_code == 302
    else:
        assert response.status_code == LEDGER.get(persona, 403)


@pytest.mark.parametrize("action", sorted(RULES))
@pytest.mark.parametrize("persona", [*PERSONAS, "anonymous"])
def test_permission_matrix(world, action, persona):
    from django.contrib.auth.models import AnonymousUser

    user = AnonymousUser() if persona == "anonymous" else world.users[persona]
    roles = {g.role for g in user.grants.all()} if persona != "anonymous" else set()
    assert can(user, action) == bool(roles & set(RULES[action]))


def test_ledger_lists_filters_and_pins_queries(client_as, orders, count_queries, loop):
    c = client_as("hall_manager")
    url = reverse("rectifications:ledger")
    with count_queries() as q:
        body = c.get(url).content.decode()
    assert body.count('data-order="') == 2
    assert len(q) == 7
    for i in range(3):
        loop.rate(level=Level.DISSATISFIED, when=at(2026, 11, 1, 10, i))
    with count_queries() as q:
        body = c.get(url).content.decode()
    assert body.count('data-order="') == 5
    assert len(q) == 7
    body = c.get(url, {"status": "opened", "q": orders[0].number}).content.decode()
    assert body.count('data-order="') == 1
    with time_machine.travel(at(2026, 11, 20), tick=False):
        body = c.get(url, {"overdue": "1"}).content.decode()
    assert body.count('data-order="') == 5
    assert "超期" in body


def test_handler_sees_only_own_department(client_as, orders):
    body = client_as("handler").get(reverse("rectifications:ledger")).content.decode()
    assert f'data-order="{orders[0].number}"' in body
    assert f'data-order="{orders[1].number}"' not in body
    assert client_as("handler").get(reverse("rectifications:order", args=[orders[1].pk])).status_code == 404


def test_export_xlsx_is_audited(client_as, orders):
    response = client_as("hall_manager").get(reverse("rectifications:ledger"), {"export": "xlsx", "status": "opened"})
    wb = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    ws = wb.worksheets[0]
    assert ws.max_row == 3
    assert ws.cell(1, 1).value == "工单编号"
    assert AuditEvent.objects.filter(action="export", object_type="rectifications.order.export").count() == 1
    assert client_as("handler").get(reverse("rectifications:ledger"), {"export": "xlsx"}).status_code == 403


def test_order_page_masks_rater_and_reveal_is_audited(client_as, orders):
    order = orders[0]
    c = client_as("handler")
    body = c.get(reverse("rectifications:order", args=[order.pk])).content.decode()
    assert RATER_PHONE not in body
    assert RATER_NAME not in body
    assert "137****9876" in body
    assert 'data-event="open"' in body
    revealed = c.post(reverse("rectifications:reveal", args=[order.pk])).content.decode()
    assert RATER_PHONE in revealed
    assert AuditEvent.objects.filter(action="rater.reveal").count() == 1
    assert WorkOrderEvent.objects.filter(order=order, kind="reveal").count() == 1
    assert client_as("leader").post(reverse("rectifications:reveal", args=[order.pk])).status_code == 403


def test_actions_over_http(client_as, orders, world):
    order = orders[0]
    c = client_as("handler")
    url = lambda a: reverse("rectifications:action", args=[order.pk, a])  # noqa: E731
    with time_machine.travel(at(2026, 11, 2, 15), tick=False):
        r = c.post(url("verify"), {"finding": "true", "notes": "属实"})  # real-name without call-back
        order.refresh_from_db()
        assert order.status == Status.OPENED
        c.post(url("verify"), {"finding": "true", "notes": "属实", "called_back": "on", "callback_notes": "已回访"})
        c.post(url("plan"), {"mode": "immediate", "plan": "增开窗口"})
        c.post(url("answer"), {"answer": "已增开窗口"})
    order.refresh_from_db()
    assert order.status == Status.ANSWERED
    assert order.answered_on_time is True
    assert r.status_code == 302
    # the hall manager cannot do the department's work; the handler cannot decide
    events = WorkOrderEvent.objects.count()
    assert client_as("hall_manager").post(url("answer"), {"answer": "x"}).status_code == 403
    assert WorkOrderEvent.objects.count() == events
    other = orders[1]
    r = client_as("handler").post(reverse("rectifications:action", args=[other.pk, "verify"]), {"finding": "true"})
    assert r.status_code == 404


def test_deadline_scan_warns_then_escalates_once(orders, world):
    order = orders[0]  # callback due 11-03 23:59:59, fix due 11-09 23:59:59
    with time_machine.travel(at(2026, 11, 3, 21), tick=False):
        assert work_orders_deadline_scan() == {"warned": 2, "escalated": 0}
        assert work_orders_deadline_scan() == {"warned": 0, "escalated": 0}
    with time_machine.travel(at(2026, 11, 4, 9), tick=False):
        assert work_orders_deadline_scan() == {"warned": 0, "escalated": 2}
        assert work_orders_deadline_scan() == {"warned": 0, "escalated": 0}
    order.refresh_from_db()
    assert order.escalated is True
    assert world.hall_manager.notifications.filter(kind="rectifications.escalate").count() == 2
    assert world.handler.notifications.filter(kind="rectifications.warn").count() == 1
