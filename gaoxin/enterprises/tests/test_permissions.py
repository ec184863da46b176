"""Every role × every enterprises action, through the HTTP client; refused writes write nothing."""

from __future__ import annotations

import pytest

from gaoxin.core.models import AuditEvent
from gaoxin.enterprises.models import Enterprise
from gaoxin.enterprises.rules import RULES
from gaoxin.enterprises.tests.conftest import make_uscc

PERSONAS = [
    "admin",
    "leader",
    "officer",
    "hall_manager",
    "clerk",
    "handler",
    "operator",
    "enterprise",
    "anonymous",
    "other_officer",
]

# persona: list status, names visible in the list
VIEW = {
    "admin": (200, ["东昌府区某机械有限公司", "聊城市四维自动化科技有限公司", "山东易斯特工程工具有限公司"]),
    "leader": (200, ["聊城市四维自动化科技有限公司", "山东易斯特工程工具有限公司"]),
    "officer": (200, ["聊城市四维自动化科技有限公司", "山东易斯特工程工具有限公司"]),
    "hall_manager": (200, ["聊城市四维自动化科技有限公司", "山东易斯特工程工具有限公司"]),
    "clerk": (403, None),
    "handler": (200, ["聊城市四维自动化科技有限公司", "山东易斯特工程工具有限公司"]),
    "operator": (200, ["聊城市四维自动化科技有限公司", "山东易斯特工程工具有限公司"]),
    "enterprise": (200, ["聊城市四维自动化科技有限公司"]),
    "anonymous": (302, None),
    "other_officer": (200, ["东昌府区某机械有限公司"]),
}
MANAGE = {"admin": 302, "officer": 302, "other_officer": 302, "anonymous": 302}
# editing the 东昌府区 enterprise: managers of that region only; the zone officer cannot even see it
EDIT_OTHER = {"admin": 302, "other_officer": 302, "officer": 404, "anonymous": 302}
EXPORT = {"admin": 200, "leader": 200, "officer": 200, "other_officer": 200, "anonymous": 302}


def test_rules_declare_exactly_the_tested_actions():
    assert sorted(RULES) == [
        "enterprises.enterprise.export",
        "enterprises.enterprise.manage",
        "enterprises.enterprise.view",
    ]


@pytest.mark.parametrize("persona", PERSONAS)
def test_view(persona, client_as, firms):
    client = client_as(persona)
    status, names = VIEW[persona]
    response = client.get("/enterprises/")
    assert response.status_code == status
    if names is not None:
        assert sorted(e.name for e, _q in response.context["rows"]) == sorted(names)
        visible = {e.name for e in Enterprise.objects.all() if e.name in names}
        for key, firm in firms.items():
            detail = client.get(f"/enterprises/{firm.pk}/")
            assert detail.status_code == (200 if firm.name in visible else 404), key


@pytest.mark.parametrize("persona", PERSONAS)
def test_manage(persona, client_as, firms, world):
    client = client_as(persona)
    before = (Enterprise.objects.count(), AuditEvent.objects.filter(action__startswith="enterprise.").count())
    response = client.post("/enterprises/new/", {"name": "新登记企业有限公司", "uscc": make_uscc("MA7K8L9M0")})
    expected = MANAGE.get(persona, 403)
    assert response.status_code == expected
    created = Enterprise.objects.filter(name="新登记企业有限公司").first()
    if persona in {"admin", "officer", "other_officer"} and expected == 302:
        assert created is not None
        assert response["Location"] == f"/enterprises/{created.pk}/"
        assert created.unit == world.users[persona].unit
    else:
        assert created is None
        assert (
            Enterprise.objects.count(),
            AuditEvent.objects.filter(action__startswith="enterprise.").count(),
        ) == before
    # editing someone else's region is refused even for managers
    edit = client.post(f"/enterprises/{firms['other'].pk}/edit/", {"name": "改名有限公司"})
    assert edit.status_code == EDIT_OTHER.get(persona, 403)
    renamed = persona in {"admin", "other_officer"}
    assert Enterprise.objects.get(pk=firms["other"].pk).name == (
        "改名有限公司" if renamed else "东昌府区某机械有限公司"
    )


@pytest.mark.parametrize("persona", PERSONAS)
def test_export(persona, client_as, firms):
    client = client_as(persona)
    before = AuditEvent.objects.filter(action="export").count()
    response = client.get("/enterprises/?export=xlsx")
    expected = EXPORT.get(persona, 403)
    assert response.status_code == expected
    assert AuditEvent.objects.filter(action="export").count() == before + (1 if expected == 200 else 0)
