"""Audit rows are append-only at every level; USCC validation per GB 32100-2015."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from stdnum.cn import uscc as stdnum_uscc

from gaoxin.core.audit import audit_log
from gaoxin.core.models import AuditEvent
from gaoxin.core.validators import uscc_check_char, validate_uscc

pytestmark = pytest.mark.django_db


def test_services_write_audit_rows_with_before_and_after(world):
    from gaoxin.core.services import unit_set_head

    unit_set_head(actor=world.admin, unit=world.units["econ"], head=world.officer)
    event = AuditEvent.objects.filter(action="unit.set_head").get()
    assert event.actor_id == world.admin.pk
    assert event.before == {"head_id": None}
    assert event.after == {"head_id": world.officer.pk}
    assert event.object_type == "core.unit"
    assert event.unit_id_ref == world.units["econ"].pk


def test_audit_rows_cannot_be_changed_or_deleted(world):
    event = audit_log(actor=world.admin, action="test.thing", object_repr="x")
    event.action = "tampered"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).update(action="tampered")
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(Exception, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditevent SET action = 'tampered' WHERE id = %s", [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).action == "test.thing"


def test_admin_cannot_change_audit_rows(world, client_as):
    event = audit_log(actor=world.admin, action="test.thing", object_repr="x")
    client = client_as("admin")
    assert client.get("/admin/core/auditevent/").status_code == 200
    assert client.post(f"/admin/core/auditevent/{event.pk}/delete/", {"post": "yes"}).status_code == 403
    assert client.get("/admin/core/auditevent/add/").status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk).exists()


@pytest.mark.parametrize("code", ["91110000600037341L", "91350100M000100Y43", "91371500MA3C4D5E6X"[:17]])
def test_uscc_check_char_matches_python_stdnum(code):
    first17 = code[:17]
    full = first17 + uscc_check_char(first17)
    assert stdnum_uscc.is_valid(full)
    assert validate_uscc(full.lower()) == full


def test_uscc_known_valid_and_invalid():
    assert validate_uscc(" 91110000600037341L ") == "91110000600037341L"
    with pytest.raises(ValidationError) as exc:
        validate_uscc("91350100M000100Y4Z")
    assert exc.value.messages == ["统一社会信用代码含有不允许的字符：Z（不使用 I、O、S、V、Z）"]
    with pytest.raises(ValidationError) as exc:
        validate_uscc("91350100M000100Y4A")
    assert exc.value.messages == ["统一社会信用代码校验位错误：第 18 位应为 3，而不是 A"]
    with pytest.raises(ValidationError) as exc:
        validate_uscc("9135010")
    assert exc.value.messages == ["统一社会信用代码应为 18 位，当前为 7 位"]
