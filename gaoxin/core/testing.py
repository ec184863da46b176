"""Shared test world: the personas every test uses (one place, as STYLE.md asks).

Two zones so that scope tests have "another region": 聊城高新区 (with a hall, departments,
a town centre, an incubator base) and 东昌府区 (with a hall of its own).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from gaoxin.core.enums import RegionLevel, Role, UnitKind
from gaoxin.core.models import Region, Unit, User
from gaoxin.core.services import region_create, unit_create, user_create

PASSWORD = "test-pass-2022"  # noqa: S105


@dataclass
class World:
    regions: dict[str, Region] = field(default_factory=dict)
    units: dict[str, Unit] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)

    def __getattr__(self, name: str) -> User:
        try:
            return self.__dict__["users"][name]
        except KeyError:
            raise AttributeError(name) from None


PERSONA_ROLES = {
    "admin": (Role.SYSTEM_ADMIN, "committee"),
    "leader": (Role.ZONE_LEADER, "committee"),
    "officer": (Role.DEPT_OFFICER, "econ"),
    "hall_manager": (Role.HALL_MANAGER, "hall"),
    "clerk": (Role.WINDOW_STAFF, "hall"),
    "handler": (Role.HANDLER, "approval"),
    "operator": (Role.INCUBATOR_OPERATOR, "base"),
    "enterprise": (Role.ENTERPRISE_USER, "base"),
    # the same roles in the other district, for "another unit / region" checks
    "other_hall_manager": (Role.HALL_MANAGER, "other_hall"),
    "other_handler": (Role.HANDLER, "other_approval"),
    "other_clerk": (Role.WINDOW_STAFF, "other_hall"),
    "other_officer": (Role.DEPT_OFFICER, "other_econ"),
    "other_operator": (Role.INCUBATOR_OPERATOR, "other_base"),
}


def build_world() -> World:
    w = World()
    sd = region_create(actor=None, name="山东省", level=RegionLevel.PROVINCE, code="370000")
    lc = region_create(actor=None, name="聊城市", level=RegionLevel.CITY, parent=sd, code="371500")
    zone = region_create(actor=None, name="聊城高新区", level=RegionLevel.ZONE, parent=lc)
    other = region_create(actor=None, name="东昌府区", level=RegionLevel.COUNTY, parent=lc, code="371502")
    town = region_create(actor=None, name="许营镇", level=RegionLevel.TOWN, parent=zone)
    w.regions.update(shandong=sd, liaocheng=lc, zone=zone, other=other, town=town)
    u = w.units
    u["committee"] = unit_create(actor=None, name="聊城高新区管委会", kind=UnitKind.COMMITTEE, region=zone)
    for key, name in [
        ("econ", "经济发展局"),
        ("invest", "招商服务中心"),
        ("tech", "科技创新局"),
        ("approval", "行政审批服务局"),
        ("market", "市场监管局"),
    ]:
        u[key] = unit_create(actor=None, name=name, kind=UnitKind.BUREAU, region=zone, parent=u["committee"])
    u["hall"] = unit_create(
        actor=None, name="聊城高新区政务服务大厅", kind=UnitKind.HALL, region=zone, parent=u["approval"]
    )
    u["town"] = unit_create(actor=None, name="许营镇", kind=UnitKind.TOWN, region=town, parent=u["committee"])
    u["town_center"] = unit_create(
        actor=None, name="许营镇便民服务中心", kind=UnitKind.HALL, region=town, parent=u["town"]
    )
    u["base"] = unit_create(
        actor=None, name="启迪之星(聊城)孵化基地", kind=UnitKind.BASE, region=zone, parent=u["tech"]
    )
    u["other_committee"] = unit_create(actor=None, name="东昌府区人民政府", kind=UnitKind.COMMITTEE, region=other)
    u["other_econ"] = unit_create(
        actor=None, name="东昌府区发改局", kind=UnitKind.BUREAU, region=other, parent=u["other_committee"]
    )
    u["other_approval"] = unit_create(
        actor=None, name="东昌府区行政审批服务局", kind=UnitKind.BUREAU, region=other, parent=u["other_committee"]
    )
    u["other_hall"] = unit_create(
        actor=None, name="东昌府区政务服务中心", kind=UnitKind.HALL, region=other, parent=u["other_approval"]
    )
    u["other_base"] = unit_create(
        actor=None, name="东昌府区众创空间", kind=UnitKind.BASE, region=other, parent=u["other_committee"]
    )
    for i, (name, (role, unit_key)) in enumerate(PERSONA_ROLES.items()):
        w.users[name] = user_create(
            actor=None,
            username=name,
            password=PASSWORD,
            display_name=name,
            unit=u[unit_key],
            roles=[role],
            phone=f"1380000{i:04d}",
            is_staff=name == "admin",
            is_superuser=name == "admin",
        )
    w.users["nobody"] = user_create(actor=None, username="nobody", password=PASSWORD, display_name="无角色", unit=None)
    return w


def browser_login(page: Any, base: str, username: str) -> None:
    """Log `username` in through the login form in a Playwright page (cookies of an earlier
    user cleared first) and wait for the home page."""
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")


def seed_live_database() -> None:
    """A transactional (live-server) test starts from an empty database: seed the working-day
    calendar again and drop the calendar cached from the previous test's rows."""
    from gaoxin.core.calendar import invalidate_calendar_cache, seed_from_chinesecalendar

    seed_from_chinesecalendar()
    invalidate_calendar_cache()
