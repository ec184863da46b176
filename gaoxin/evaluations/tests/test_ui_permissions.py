"""Every page and write of the 好差评 UI, as every persona (8 roles + anonymous).

Allowed → 200 (or a redirect after a write); refused → 403 (anonymous → login redirect),
and a refused write writes nothing (row counts unchanged).
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from gaoxin.core.models import AuditEvent
from gaoxin.evaluations.models import Case, Device, Staff

pytestmark = pytest.mark.django_db

PERSONAS = ["admin", "leader", "officer", "hall_manager", "clerk", "handler", "operator", "enterprise", "anonymous"]

PAGES = {
    "evaluations:desk": {"admin", "hall_manager", "clerk"},
    "evaluations:mine": {"admin", "leader", "hall_manager", "clerk", "handler"},
    "evaluations:feed": {"admin", "hall_manager"},
    "evaluations:devices": {"admin", "hall_manager"},
    "evaluations:windows": {"admin", "hall_manager"},
    "evaluations:staff": {"admin", "hall_manager"},
    "evaluations:items": {"admin", "hall_manager", "officer"},
    "evaluations:cards": {"admin", "hall_manager"},
    "evaluations:export": {"admin", "leader", "hall_manager"},
}
PUBLIC = ["evaluations:kiosk", "evaluations:kiosk_pair", "evaluations:pc_lookup"]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("url_name", sorted(PAGES))
def test_pages(ev, client_as, persona, url_name):
    resp = client_as(persona).get(reverse(url_name))
    if persona == "anonymous":
        assert resp.status_code == 302
        assert resp.url.startswith("/accounts/login/")
    elif persona in PAGES[url_name]:
        assert resp.status_code == 200
    else:
        assert resp.status_code == 403


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("url_name", PUBLIC)
def test_public_pages_need_no_login(ev, client_as, persona, url_name):
    assert client_as(persona).get(reverse(url_name)).status_code == 200


def _counts():
    return (
        Device.objects.count(),
        Case.objects.count(),
        AuditEvent.objects.count(),
        list(Staff.objects.order_by("pk").values_list("qr_version", "qr_revoked_at")),
        list(Device.objects.order_by("pk").values_list("revoked_at", flat=True)),
        list(Case.objects.order_by("pk").values_list("status", flat=True)),
    )


def _writes(ev):
    from gaoxin.evaluations.services import device_register

    device, _plain = device_register(actor=None, hall=ev.halls["hall"], name="评价器A", window=ev.windows["w1"])
    case = ev.case(number="GX-PERM-1")
    staff = ev.staff["clerk"]
    return {
        "device_register": (reverse("evaluations:device_register"), {"name": "新评价器"}, {"admin", "hall_manager"}),
        "device_revoke": (reverse("evaluations:device_revoke", args=[device.pk]), {}, {"admin", "hall_manager"}),
        "case_accept": (
            reverse("evaluations:case_accept"),
            {"item": ev.items["license"].pk, "number": "GX-PERM-NEW", "applicant_type": 1},
            {"clerk"},
        ),
        "case_complete": (reverse("evaluations:case_complete", args=[case.pk]), {}, {"admin", "hall_manager", "clerk"}),
        "qr_rotate": (reverse("evaluations:staff_qr_change", args=[staff.pk, "rotate"]), {}, {"admin", "hall_manager"}),
        "qr_revoke": (reverse("evaluations:staff_qr_change", args=[staff.pk, "revoke"]), {}, {"admin", "hall_manager"}),
    }


WRITES = ["device_register", "device_revoke", "case_accept", "case_complete", "qr_rotate", "qr_revoke"]
# Hall managers and admins may accept cases, but only window staff have a window to accept at.
NOT_AT_A_WINDOW = {("case_accept", "admin"), ("case_accept", "hall_manager")}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("write", WRITES)
def test_writes(ev, client_as, persona, write):
    url, data, allowed = _writes(ev)[write]
    before = _counts()
    resp = client_as(persona).post(url, data)
    if persona in allowed:
        assert resp.status_code in (200, 302)
        assert _counts() != before
        return
    if persona == "anonymous":
        assert resp.status_code == 302
        assert resp.url.startswith("/accounts/login/")
    elif (write, persona) in NOT_AT_A_WINDOW:
        assert resp.status_code == 404
    else:
        assert resp.status_code == 403
    assert _counts() == before
