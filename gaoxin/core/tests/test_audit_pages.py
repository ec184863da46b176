"""Audit page: search, pagination, export (itself audited); audit rows cannot be changed by any path."""

from __future__ import annotations

import pytest
import time_machine
from django.db import connection, transaction

from gaoxin.core.audit import audit_log
from gaoxin.core.excel.testing import response_workbook
from gaoxin.core.models import AuditEvent


@pytest.fixture
def events(world):
    """Seven events on three days by three actors (plus the world's own creation events)."""
    made = []
    for day, actor, action, unit in [
        ("2026-03-01 09:00", "admin", "calendar.year_set", None),
        ("2026-03-01 10:00", "officer", "enterprise.create", "econ"),
        ("2026-03-02 11:00", "officer", "enterprise.update", "econ"),
        ("2026-03-02 12:00", "hall_manager", "evaluation.record", "hall"),
        ("2026-03-03 08:00", "other_officer", "enterprise.create", "other_econ"),
        ("2026-03-03 09:00", "admin", "token.issue", None),
        ("2026-03-03 10:00", "officer", "enterprise.create", "econ"),
    ]:
        with time_machine.travel(f"{day}:00+08:00", tick=False):
            made.append(
                audit_log(
                    actor=world.users[actor],
                    action=action,
                    object_type="enterprises.enterprise",
                    object_id=len(made) + 1,
                    object_repr=f"对象{len(made) + 1}",
                    unit_id=world.units[unit].pk if unit else None,
                )
            )
    return made


def ids(response):
    return [e.object_id for e in response.context["page"] if e.object_type == "enterprises.enterprise"]


def test_search_filters(client_as, events):
    client = client_as("admin")
    assert ids(client.get("/core/audit/", {"actor": "officer", "action": "enterprise"})) == ["7", "5", "3", "2"]
    assert ids(client.get("/core/audit/", {"actor": "officer (officer)", "action": "enterprise.create"})) == ["7", "2"]
    assert ids(client.get("/core/audit/", {"object_type": "enterprises.enterprise", "object_id": "4"})) == ["4"]
    assert ids(client.get("/core/audit/", {"date_from": "2026-03-02", "date_to": "2026-03-02"})) == ["4", "3"]
    bad = client.get("/core/audit/", {"date_from": "昨天"})
    assert "输入一个有效的日期" in bad.content.decode() or "Enter a valid date" in bad.content.decode()


def test_leaders_see_their_region_only(client_as, events):
    shown = ids(client_as("leader").get("/core/audit/", {"object_type": "enterprises.enterprise"}))
    assert shown == ["7", "4", "3", "2"]  # not 东昌府区 (5) nor rows without a unit (1, 6)


def test_pagination_and_query_count(client_as, events, world, count_queries):
    for i in range(60):
        audit_log(actor=world.admin, action="bulk.thing", object_type="x", object_id=i)
    client = client_as("admin")
    with count_queries() as queries:
        first = client.get("/core/audit/", {"action": "bulk"})
    assert len(queries) == 7  # session, user, grants, unread, nav units, count, page
    assert (len(first.context["page"]), first.context["page"].paginator.count) == (50, 60)
    assert len(client.get("/core/audit/", {"action": "bulk", "page": 2}).context["page"]) == 10


@time_machine.travel("2026-03-04 10:00:00+08:00", tick=False)
def test_export_is_the_filtered_list_and_is_audited(client_as, events):
    response = client_as("admin").get(
        "/core/audit/", {"actor": "officer", "action": "enterprise.create", "export": "xlsx"}
    )
    book = response_workbook(response)
    assert book["审计日志"][0] == ("时间", "操作人", "操作", "对象类型", "对象ID", "对象", "IP 地址")
    assert [r[4] for r in book["审计日志"][1:]] == ["7", "5", "2"]
    assert book["筛选条件"][1:3] == [("操作人", "officer"), ("操作", "enterprise.create")]
    export = AuditEvent.objects.get(action="export")
    assert (export.object_type, export.after["rows"]) == ("core.audit.export", 3)


@pytest.mark.parametrize(
    ("persona", "view", "export"),
    [
        ("admin", 200, 200),
        ("leader", 200, 403),
        ("officer", 403, 403),
        ("hall_manager", 403, 403),
        ("clerk", 403, 403),
        ("handler", 403, 403),
        ("operator", 403, 403),
        ("enterprise", 403, 403),
        ("anonymous", 302, 302),
    ],
)
def test_audit_permissions(persona, view, export, client_as, events):
    client = client_as(persona)
    before = AuditEvent.objects.count()
    assert client.get("/core/audit/").status_code == view
    assert client.get("/core/audit/", {"export": "xlsx"}).status_code == export
    assert AuditEvent.objects.count() == before + (1 if export == 200 else 0)


def test_audit_rows_are_append_only_everywhere(client_as, events):
    event = events[0]
    event.action = "tampered"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).update(action="tampered")
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()
    statements = ["UPDATE core_auditevent SET action = 'tampered' WHERE id = %s"]
    if connection.vendor == "postgresql":  # SQLite keeps DELETE possible for test flushes (core migration 0002)
        statements.append("DELETE FROM core_auditevent WHERE id = %s")
    for sql in statements:
        with pytest.raises(Exception, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [event.pk])
    admin = client_as("admin")
    assert admin.post(f"/admin/core/auditevent/{event.pk}/change/", {"action": "tampered"}).status_code == 403
    assert admin.post(f"/admin/core/auditevent/{event.pk}/delete/", {"post": "yes"}).status_code == 403
    assert AuditEvent.objects.get(pk=event.pk).action == "calendar.year_set"
