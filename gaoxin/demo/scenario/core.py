"""Step 1: 山东省 → 聊城市 → 聊城高新区, its units, and one account per persona."""

from __future__ import annotations

from gaoxin.core.enums import RegionLevel, UnitKind
from gaoxin.core.services import region_create, unit_create, unit_set_head, user_create
from gaoxin.demo.personas import DEMO_PASSWORD, PERSONAS
from gaoxin.demo.scenario.context import ScenarioContext

TOWNS = [("湖西街道", "huxi"), ("许营镇", "xuying"), ("韩集乡", "hanji"), ("顾官屯镇", "guguantun")]


def load(ctx: ScenarioContext) -> None:
    shandong = region_create(actor=None, name="山东省", level=RegionLevel.PROVINCE, code="370000")
    liaocheng = region_create(actor=None, name="聊城市", level=RegionLevel.CITY, parent=shandong, code="371500")
    zone = region_create(actor=None, name="聊城高新区", level=RegionLevel.ZONE, parent=liaocheng)
    ctx["region.shandong"], ctx["region.liaocheng"], ctx["region.zone"] = shandong, liaocheng, zone

    committee = unit_create(
        actor=None, name="聊城高新区管委会", short_name="管委会", kind=UnitKind.COMMITTEE, region=zone
    )
    ctx["unit.committee"] = committee
    bureaus = [
        ("office", "党政办公室", UnitKind.BUREAU),
        ("econ", "经济发展局", UnitKind.BUREAU),
        ("invest", "招商服务中心", UnitKind.BUREAU),
        ("tech", "科技创新局", UnitKind.BUREAU),
        ("approval", "行政审批服务局", UnitKind.BUREAU),
        ("finance", "财政局", UnitKind.BUREAU),
        ("construction", "建设管理部", UnitKind.BUREAU),
        ("market", "市场监管局", UnitKind.BUREAU),
        ("social", "社会事务局", UnitKind.BUREAU),
    ]
    for i, (key, name, kind) in enumerate(bureaus):
        ctx[f"unit.{key}"] = unit_create(actor=None, name=name, kind=kind, region=zone, parent=committee, sort=i)
    ctx["unit.econ.projects"] = unit_create(
        actor=None, name="项目推进科", kind=UnitKind.SECTION, region=zone, parent=ctx["unit.econ"]
    )
    ctx["unit.hall"] = unit_create(
        actor=None,
        name="聊城高新区政务服务大厅",
        short_name="区政务服务大厅",
        kind=UnitKind.HALL,
        region=zone,
        parent=ctx["unit.approval"],
    )
    for name, key in TOWNS:
        town_region = region_create(actor=None, name=name, level=RegionLevel.TOWN, parent=zone)
        town = unit_create(actor=None, name=name, kind=UnitKind.TOWN, region=town_region, parent=committee)
        ctx[f"unit.town.{key}"] = town
        ctx[f"unit.center.{key}"] = unit_create(
            actor=None, name=f"{name}便民服务中心", kind=UnitKind.HALL, region=town_region, parent=town
        )
    ctx["unit.tusstar"] = unit_create(
        actor=None,
        name="启迪之星(聊城)孵化基地",
        short_name="启迪之星(聊城)",
        kind=UnitKind.BASE,
        region=zone,
        parent=ctx["unit.tech"],
    )
    ctx["unit.unipark"] = unit_create(
        actor=None, name="聊城·大学科技园", kind=UnitKind.PARK, region=zone, parent=ctx["unit.tech"]
    )

    for p in PERSONAS:
        unit = ctx[f"unit.{p.unit_key}"]
        user = user_create(
            actor=None,
            username=p.username,
            password=DEMO_PASSWORD,
            display_name=p.display_name,
            unit=unit,
            roles=[p.role],
            is_staff=p.username == "admin",
            is_superuser=p.username == "admin",
            phone=f"1386358{1000 + len(ctx.objects) % 9000:04d}",
        )
        ctx[f"user.{p.username}"] = user
    unit_set_head(actor=None, unit=ctx["unit.approval"], head=ctx["user.handler"])
    unit_set_head(actor=None, unit=ctx["unit.hall"], head=ctx["user.hall"])
