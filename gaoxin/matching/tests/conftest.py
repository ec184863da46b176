"""Fixtures of the 足迹 tests: the network on top of the shared `world`.

`net` adds: bases for world's two base units plus 乌鲁木齐/重庆 bases in their own regions,
GB/T 4754 industries, enterprises 四维 (member: world.enterprise) and 华康 (member: a
second enterprise user "rival"), and a handful of resources.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

SH = ZoneInfo("Asia/Shanghai")
T0 = datetime(2022, 10, 8, 9, 0, tzinfo=SH)


@pytest.fixture(autouse=True)
def _fresh_engine():
    from gaoxin.matching import engine_state

    engine_state.reset()
    yield
    engine_state.reset()


@dataclass
class Net:
    world: Any
    bases: dict[str, Any] = field(default_factory=dict)
    industries: dict[str, Any] = field(default_factory=dict)
    enterprises: dict[str, Any] = field(default_factory=dict)
    resources: dict[str, Any] = field(default_factory=dict)
    users: dict[str, Any] = field(default_factory=dict)


def make_industries() -> dict[str, Any]:
    """GB/T 4754 nodes (sections and divisions may already be loaded by the enterprises app)."""
    from gaoxin.enterprises.models import Industry

    def node(code: str, name: str, level: int, parent: Any = None) -> Any:
        obj, _created = Industry.objects.get_or_create(
            version="GB/T 4754-2017", code=code, defaults={"name": name, "level": level, "parent": parent}
        )
        return obj

    c = node("C", "制造业", 1)
    c34 = node("34", "通用设备制造业", 2, c)
    c349 = node("349", "其他通用设备制造业", 3, c34)
    c3491 = node("3491", "工业机器人制造", 4, c349)
    c27 = node("27", "医药制造业", 2, c)
    c2710 = node("2710", "化学药品原料药制造", 4, node("271", "化学药品原料药制造", 3, c27))
    c38 = node("38", "电气机械和器材制造业", 2, c)
    c3841 = node("3841", "锂离子电池制造", 4, node("384", "电池制造", 3, c38))
    return {"C": c, "34": c34, "3491": c3491, "27": c27, "2710": c2710, "38": c38, "3841": c3841}


def make_enterprise(name: str, industry: Any, unit: Any, region: Any, description: str = "") -> Any:
    """Test helper only: enterprises are master data owned by the enterprises app."""
    from gaoxin.enterprises.models import Enterprise

    return Enterprise.objects.create(name=name, industry=industry, unit=unit, region=region, description=description)


def build_net(world: Any) -> Net:
    from gaoxin.core.enums import RegionLevel, Role, UnitKind
    from gaoxin.core.services import region_create, unit_create, user_create
    from gaoxin.core.testing import PASSWORD
    from gaoxin.enterprises.models import EnterpriseMember
    from gaoxin.matching.services import base_register, incubation_sign, resource_create

    n = Net(world=world)
    u = world.units
    n.bases["liaocheng"] = base_register(actor=None, unit=u["base"], network="启迪之星", city="聊城")
    n.bases["other"] = base_register(actor=None, unit=u["other_base"], kind="maker_space", city="聊城")
    xj = region_create(actor=None, name="新疆维吾尔自治区", level=RegionLevel.PROVINCE, code="650000")
    urumqi = region_create(actor=None, name="乌鲁木齐市", level=RegionLevel.CITY, parent=xj, code="650100")
    cq = region_create(actor=None, name="重庆市", level=RegionLevel.PROVINCE, code="500000")
    u_urumqi = unit_create(actor=None, name="启迪之星(乌鲁木齐)孵化基地", kind=UnitKind.BASE, region=urumqi)
    u_cq = unit_create(actor=None, name="启迪之星(重庆)孵化基地", kind=UnitKind.BASE, region=cq)
    n.bases["urumqi"] = base_register(actor=None, unit=u_urumqi, network="启迪之星", city="乌鲁木齐")
    n.bases["chongqing"] = base_register(actor=None, unit=u_cq, network="启迪之星", city="重庆")
    n.users["urumqi_operator"] = user_create(
        actor=None, username="urumqi_operator", password=PASSWORD, display_name="乌鲁木齐运营",
        unit=u_urumqi, roles=[Role.INCUBATOR_OPERATOR],
    )  # fmt: skip
    n.users["rival"] = user_create(
        actor=None, username="rival", password=PASSWORD, display_name="华康企业用户", unit=u["base"],
        roles=[Role.ENTERPRISE_USER],
    )  # fmt: skip
    n.industries = make_industries()
    zone = world.regions["zone"]
    siwei = make_enterprise(
        "聊城市四维自动化科技有限公司", n.industries["3491"], u["base"], zone,
        "专注工业自动化系统集成、非标自动化设备与工业机器人应用",
    )  # fmt: skip
    huakang = make_enterprise("聊城华康医药科技有限公司", n.industries["2710"], u["base"], zone, "原料药研发")
    n.enterprises.update(siwei=siwei, huakang=huakang)
    EnterpriseMember.objects.create(user=world.users["enterprise"], enterprise=siwei)
    EnterpriseMember.objects.create(user=n.users["rival"], enterprise=huakang)
    incubation_sign(actor=None, base=n.bases["liaocheng"], enterprise=siwei, signed_on=date(2021, 3, 1), stage="growth")
    incubation_sign(
        actor=None, base=n.bases["liaocheng"], enterprise=huakang, signed_on=date(2021, 6, 1), stage="startup"
    )
    base = n.bases["liaocheng"]
    specs = {
        "xj_customer": dict(
            base=n.bases["urumqi"], type="customer", title="乌鲁木齐汽车零部件厂采购包装线机器人码垛改造",
            description="计划实施后道包装线机器人码垛改造，预算约250万元，寻找自动化系统集成商。",
            industries=["C3670"], regions=["650100"], amount_min_wan=250, amount_max_wan=250, provider="乌鲁木齐汽车零部件厂",
        ),
        "cq_customer": dict(
            base=n.bases["chongqing"], type="customer", title="重庆摩托车厂焊接自动化产线改造",
            description="焊接工位机器人自动化改造，寻找系统集成供应商。", industries=["C3751"], regions=["500000"],
            amount_min_wan=300, amount_max_wan=300, provider="重庆某摩托车厂",
        ),
        "investor": dict(
            base=base, type="investor", title="启迪之星创投天使基金", description="投资先进制造、医药健康早期项目",
            industries=["C34", "C27"], regions=["全国"], stages=["天使", "A"], amount_min_wan=100, amount_max_wan=1000,
        ),
        "space": dict(base=base, type="space", title="高新区标准厂房 2000㎡", description="可分割出租的标准厂房",
                      regions=["371500"], capacity=4, remaining=2),
    }  # fmt: skip
    for key, spec in specs.items():
        n.resources[key] = resource_create(actor=None, rematch=False, now=T0, **spec)
    return n


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """with on_commit(): ... runs the on-commit hooks (the re-match tasks) at block end."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def net(world):
    return build_net(world)
