"""Every action of evaluations/rules.py × every persona (and anonymous): allowed or refused,
and a refused write leaves every count (and the audit trail) unchanged."""

from __future__ import annotations

import json
import uuid
from datetime import date

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser

from gaoxin.core.errors import PermissionDenied
from gaoxin.core.models import ApiToken, AuditEvent
from gaoxin.core.permissions import can
from gaoxin.evaluations import models as m
from gaoxin.evaluations.enums import Channel, Level
from gaoxin.evaluations.exchange.dataset import exchange_dataset_export
from gaoxin.evaluations.rules import RULES
from gaoxin.evaluations.selectors import cases_visible, ratings_visible
from gaoxin.evaluations.services import (
    Rater,
    case_complete,
    case_create,
    device_register,
    evaluation_record,
    hall_update,
    item_create,
    policy_set,
    rater_identity_reveal,
    staff_qr_rotate,
    staff_update,
    window_create,
)
from gaoxin.evaluations.services._common import hall_target
from gaoxin.evaluations.tests.conftest import at

PERSONAS = ["admin", "leader", "officer", "hall_manager", "clerk", "handler", "operator", "enterprise", "anonymous"]
NOW = at(2026, 6, 10, 11, 0)


class Ctx:
    def __init__(self, ev, world):
        self.ev, self.world = ev, world
        with time_machine.travel(at(2026, 6, 10, 10, 30), tick=False):
            self.rated = ev.case(
                completed_at=at(2026, 6, 10, 10, 0), window="w2", staff_key="clerk"
            )  # 行政审批服务局 window
            self.rating = evaluation_record(
                actor=None,
                channel=Channel.DEVICE,
                level=Level.DISSATISFIED,
                uuid=uuid.uuid4(),
                case=self.rated,
                rater=Rater(name="王五", phone="13700001111", consent=True),
            ).rating
            self.open = ev.case()
            self.for_intake = ev.case(completed_at=at(2026, 6, 10, 10, 0))


def _intake(ctx, actor, client):
    if isinstance(actor, AnonymousUser):
        client.logout()
    else:
        client.force_login(actor)
    body = {
        "uuid": str(uuid.uuid4()),
        "level": 2,
        "scheme": "gbt39046",
        "channel": Channel.HOTLINE,
        "case_number": ctx.for_intake.number,
    }
    r = client.post("/api/v1/evaluations/intake", data=json.dumps(body), content_type="application/json")
    if r.status_code in (401, 403):
        raise PermissionDenied("refused")
    assert r.status_code == 201, r.content


def _visible(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied("refused")


MATRIX = {
    "evaluations.hall.view": (
        lambda c, a, cl: _visible(can(a, "evaluations.hall.view", hall_target(c.ev.halls["hall"]))),
        {"admin", "leader", "officer", "hall_manager", "clerk", "handler"},
    ),
    "evaluations.hall.manage": (
        lambda c, a, cl: hall_update(actor=a, hall=c.ev.halls["hall"], address="新地址"),
        {"admin", "hall_manager"},
    ),
    "evaluations.window.manage": (
        lambda c, a, cl: window_create(
            actor=a, hall=c.ev.halls["hall"], number="9", name="新窗口", department=c.world.units["approval"]
        ),
        {"admin", "hall_manager"},
    ),
    "evaluations.staff.manage": (
        lambda c, a, cl: staff_update(actor=a, staff=c.ev.staff["clerk"], job_number="GX999"),
        {"admin", "hall_manager"},
    ),
    "evaluations.item.manage": (
        lambda c, a, cl: item_create(actor=a, code="NEW-1", name="新事项", department=c.world.units["market"]),
        {"admin", "hall_manager"},
    ),
    "evaluations.case.view": (
        lambda c, a, cl: _visible(cases_visible(a).filter(pk=c.rated.pk).exists()),
        {"admin", "leader", "hall_manager", "clerk", "handler"},
    ),
    "evaluations.case.manage": (
        lambda c, a, cl: case_create(
            actor=a, number="GX-PERM", item=c.ev.items["license"], hall=c.ev.halls["hall"], window=c.ev.windows["w1"]
        ),
        {"admin", "hall_manager", "clerk"},
    ),
    "evaluations.case.complete": (
        lambda c, a, cl: case_complete(actor=a, case=c.open),
        {"admin", "hall_manager", "clerk"},
    ),
    "evaluations.rating.view": (
        lambda c, a, cl: _visible(ratings_visible(a).filter(pk=c.rating.pk).exists()),
        {"admin", "leader", "hall_manager", "clerk", "handler"},
    ),
    "evaluations.rating.intake": (_intake, {"admin", "hall_manager"}),
    "evaluations.rating.export": (
        lambda c, a, cl: _visible(can(a, "evaluations.rating.export", hall_target(c.ev.halls["hall"]))),
        {"admin", "leader", "hall_manager"},
    ),
    "evaluations.device.manage": (
        lambda c, a, cl: device_register(actor=a, hall=c.ev.halls["hall"], name="新评价器"),
        {"admin", "hall_manager"},
    ),
    "evaluations.qr.manage": (
        lambda c, a, cl: staff_qr_rotate(actor=a, staff=c.ev.staff["clerk"]),
        {"admin", "hall_manager"},
    ),
    "evaluations.rater.reveal": (
        lambda c, a, cl: rater_identity_reveal(actor=a, rating=c.rating),
        {"hall_manager", "handler"},
    ),
    "evaluations.exchange.export": (
        lambda c, a, cl: exchange_dataset_export(
            actor=a, region=c.world.regions["zone"], date_from=date(2026, 6, 1), date_to=date(2026, 6, 30)
        ),
        {"admin", "hall_manager"},
    ),
    "evaluations.policy.manage": (
        lambda c, a, cl: policy_set(actor=a, region=c.world.regions["zone"], supplementary_days=3),
        {"admin"},
    ),
}


def test_the_matrix_covers_every_declared_action():
    assert set(MATRIX) == set(RULES)


def fingerprint(ctx) -> tuple:
    counts = tuple(
        model.objects.count()
        for model in (
            m.Hall,
            m.Window,
            m.Staff,
            m.ServiceItem,
            m.Case,
            m.Rating,
            m.Device,
            m.RatingPolicy,
            ApiToken,
            AuditEvent,
        )
    )
    hall = m.Hall.objects.get(pk=ctx.ev.halls["hall"].pk)
    staff = m.Staff.objects.get(pk=ctx.ev.staff["clerk"].pk)
    case = m.Case.objects.get(pk=ctx.open.pk)
    return (*counts, hall.address, staff.job_number, staff.qr_version, case.status)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("action", sorted(MATRIX))
def test_permission(ev, world, client, action, persona):
    ctx = Ctx(ev, world)
    actor = AnonymousUser() if persona == "anonymous" else world.users[persona]
    call, allowed = MATRIX[action]
    before = fingerprint(ctx)
    with time_machine.travel(NOW, tick=False):
        if persona in allowed:
            call(ctx, actor, client)
        else:
            with pytest.raises(PermissionDenied):
                call(ctx, actor, client)
            assert fingerprint(ctx) == before
