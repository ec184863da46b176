"""Fixtures of the evaluations tests: halls, windows, staff, items and cases on the shared world."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest

from gaoxin.core.workdays import SHANGHAI
from gaoxin.evaluations.enums import ItemKind
from gaoxin.evaluations.models import Case, Hall, ServiceItem, Staff, Window
from gaoxin.evaluations.policy import invalidate_policy_cache
from gaoxin.evaluations.services import (
    case_complete,
    case_create,
    hall_create,
    item_create,
    staff_create,
    window_create,
)

APPLICANT_PHONE = "13912345678"
APPLICANT_NAME = "张三丰"
RATER_PHONE = "13698765432"
RATER_NAME = "李四光"


def at(*args: int) -> datetime:
    """A moment in Asia/Shanghai."""
    return datetime(*args, tzinfo=SHANGHAI)  # type: ignore[misc]


@dataclass
class Eval:
    world: object
    halls: dict[str, Hall] = field(default_factory=dict)
    windows: dict[str, Window] = field(default_factory=dict)
    staff: dict[str, Staff] = field(default_factory=dict)
    items: dict[str, ServiceItem] = field(default_factory=dict)
    _n: int = 0

    def case(
        self,
        *,
        completed_at: datetime | None = None,
        accepted_at: datetime | None = None,
        window: str = "w1",
        number: str | None = None,
        phone: str = APPLICANT_PHONE,
        applicant_type: int = 1,
        staff_key: str | None = None,
    ) -> Case:
        self._n += 1
        w = self.windows[window]
        staff = (
            self.staff[staff_key] if staff_key else next((s for s in self.staff.values() if s.window_id == w.pk), None)
        )
        accepted = accepted_at or (completed_at - timedelta(hours=1) if completed_at else datetime.now(UTC))
        case = case_create(
            actor=None,
            number=number or f"GX2026{self._n:06d}",
            item=self.items["license"],
            hall=w.hall,
            window=w,
            staff=staff,
            applicant_type=applicant_type,
            applicant_name=APPLICANT_NAME,
            applicant_phone=phone,
            applicant_id_number="371502199001011234",
            accepted_at=accepted,
        )
        if completed_at is not None:
            case_complete(actor=None, case=case, completed_at=completed_at)
        return case


@pytest.fixture
def ev(world) -> Eval:
    invalidate_policy_cache()
    u = world.units
    e = Eval(world=world)
    e.halls["hall"] = hall_create(actor=None, unit=u["hall"], code="GXDT", address="聊城高新区黄河路1号")
    e.halls["town"] = hall_create(actor=None, unit=u["town_center"], code="XYZX", kind="town")
    e.halls["other"] = hall_create(actor=None, unit=u["other_hall"], code="DCFZX")
    e.windows["w1"] = window_create(
        actor=None, hall=e.halls["hall"], number="1", name="企业开办", department=u["market"]
    )
    e.windows["w2"] = window_create(
        actor=None, hall=e.halls["hall"], number="2", name="投资项目", department=u["approval"]
    )
    e.windows["other"] = window_create(
        actor=None, hall=e.halls["other"], number="1", name="综合受理", department=u["other_approval"]
    )
    e.staff["clerk"] = staff_create(
        actor=None, user=world.clerk, hall=e.halls["hall"], window=e.windows["w1"], job_number="GX001"
    )
    e.staff["other_clerk"] = staff_create(
        actor=None, user=world.other_clerk, hall=e.halls["other"], window=e.windows["other"], job_number="DC001"
    )
    e.items["license"] = item_create(
        actor=None,
        code="11371500MB28XXXX-001",
        name="企业设立登记",
        department=u["market"],
        kind=ItemKind.PROMISED,
        time_limit_days=3,
        is_one_go=True,
        is_online=True,
    )
    e.items["permit"] = item_create(
        actor=None,
        code="11371500MB28XXXX-002",
        name="建设工程规划许可",
        department=u["approval"],
        kind=ItemKind.PROMISED,
        time_limit_days=10,
    )
    return e


def new_uuid() -> uuid.UUID:
    return uuid.uuid4()


@pytest.fixture(autouse=True)
def _hooks_until_partners_land(monkeypatch):
    """Until gaoxin.evalstats/rectifications provide their functions, the hook is a no-op and
    follow-ups are allowed after a bad first rating. Disappears by itself once they exist."""
    try:
        from gaoxin.evalstats.services import rollup_rating_recorded  # noqa: F401
        from gaoxin.rectifications.services import rectification_on_rating  # noqa: F401
    except ImportError:
        monkeypatch.setattr("gaoxin.evaluations.hooks.after_rating_recorded", lambda rating: None)
    try:
        from gaoxin.rectifications.selectors import followup_allowed  # noqa: F401
    except ImportError:
        import sys
        import types

        module = types.ModuleType("gaoxin.rectifications.selectors")
        module.followup_allowed = lambda case: case.ratings.filter(rating_no=1, level__lte=2).exists()  # type: ignore[attr-defined]
        monkeypatch.setitem(sys.modules, "gaoxin.rectifications.selectors", module)
