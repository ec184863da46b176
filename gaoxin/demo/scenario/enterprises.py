"""Step 2: the zone's enterprises (the four named in the report, plus a few dozen more), through services."""

from __future__ import annotations

from datetime import date

from gaoxin.core.validators import USCC_ALPHABET, uscc_check_char
from gaoxin.demo.scenario.context import ScenarioContext
from gaoxin.enterprises.enums import EnterpriseSize, QualificationKind
from gaoxin.enterprises.models import Industry
from gaoxin.enterprises.services import enterprise_create, enterprise_member_add, qualification_add

# key, name, industry (GB/T 4754 大类), unit key, size, registered, tags, description
NAMED = [
    (
        "yisite",
        "山东易斯特工程工具有限公司",
        "33",
        "unit.econ",
        EnterpriseSize.MEDIUM,
        date(2011, 4, 18),
        ["高端装备", "盾构刀具"],
        "盾构机刀具刀圈，服务中铁十四局、中铁隧道局、中建八局、中水七局；冲击韧性由 60 J/m² 提升到 120 J/m²。",
    ),
    (
        "siwei",
        "聊城市四维自动化科技有限公司",
        "65",
        "unit.tusstar",
        EnterpriseSize.MICRO,
        date(2019, 9, 6),
        ["智能制造", "自动化集成"],
        "自动化系统集成；2 月入驻启迪之星孵化基地，借助“足迹”系统在新疆、重庆、河南找到客户。",
    ),
    (
        "luxin",
        "山东鲁芯之光半导体制造有限公司",
        "39",
        "unit.tech",
        EnterpriseSize.MEDIUM,
        date(2020, 11, 2),
        ["新一代信息技术", "半导体"],
        "半导体制造，新建生产线。",
    ),
    (
        "chanyan",
        "山东产研强远激光科技有限公司",
        "35",
        "unit.tech",
        EnterpriseSize.SMALL,
        date(2021, 3, 15),
        ["激光", "高端装备"],
        "面向航空航天、轨道交通的激光清洗装备。",
    ),
]
QUALIFICATIONS = {
    "yisite": [(QualificationKind.HIGH_TECH, date(2021, 12, 15)), (QualificationKind.SPECIALIZED, date(2022, 1, 10))],
    "siwei": [(QualificationKind.TECH_SME, date(2022, 4, 20))],
    "luxin": [(QualificationKind.TECH_SME, date(2022, 5, 6))],
    "chanyan": [(QualificationKind.TECH_SME, date(2022, 3, 28)), (QualificationKind.HIGH_TECH, date(2022, 11, 1))],
}
PREFIXES = ["聊城", "山东", "鲁西", "高新", "东昌", "水城", "凤凰", "运河"]
WORDS = ["精工", "智联", "恒信", "新材", "华能", "科创", "博远", "启航", "中晟", "瑞丰", "宏图", "天成"]
KINDS = [
    ("机械制造", "34"),
    ("新材料科技", "30"),
    ("电子科技", "39"),
    ("生物医药", "27"),
    ("软件", "65"),
    ("新能源", "38"),
    ("检测技术", "74"),
    ("食品", "14"),
]


def uscc_for(rng: object, region_code: str = "371500") -> str:
    """A syntactically valid USCC: 9 1 (enterprise) + region + 9-char organisation code + check char."""
    body = "91" + region_code + "MA" + "".join(rng.choice(USCC_ALPHABET) for _ in range(7))  # type: ignore[attr-defined]
    return body + uscc_check_char(body)


def load(ctx: ScenarioContext) -> None:
    actor = ctx["user.econ"]
    industries = {i.code: i for i in Industry.objects.filter(level__lte=2)}
    zone = ctx["region.zone"]
    created: list = []
    for key, name, industry, unit_key, size, registered, tags, description in NAMED:
        unit = ctx[unit_key]
        enterprise = enterprise_create(
            actor=actor,
            name=name,
            uscc=uscc_for(ctx.rng, "371500"),
            industry=industries[industry],
            unit=unit,
            region=zone,
            size=size,
            registered_on=registered,
            tags=tags,
            description=description,
            address="聊城高新区",
        )
        for kind, valid_from in QUALIFICATIONS.get(key, []):
            qualification_add(
                actor=actor,
                enterprise=enterprise,
                kind=kind,
                valid_from=valid_from,
                valid_to=date(valid_from.year + 3, valid_from.month, valid_from.day),
            )
        ctx[f"enterprise.{key}"] = enterprise
        created.append(enterprise)
    enterprise_member_add(actor=actor, enterprise=ctx["enterprise.siwei"], user=ctx["user.siwei"])
    units = [ctx["unit.tusstar"], ctx["unit.tech"], ctx["unit.econ"]]
    names_used = {e.name for e in created}
    # The demo has ~257 enterprises in all (most are the incubated ones of the 足迹 step, a fixed
    # list from the report); at --scale N the master data grows to about N times that.
    extra = 24 + 256 * (ctx.scale - 1)
    n = 0
    while n < extra:
        label, code = ctx.rng.choice(KINDS)
        name = f"{ctx.rng.choice(PREFIXES)}{ctx.rng.choice(WORDS)}{label}有限公司"
        if name in names_used:
            name = name.replace("有限公司", f"（{n + 1}号）有限公司")
        if name in names_used:
            continue
        names_used.add(name)
        enterprise = enterprise_create(
            actor=actor,
            name=name,
            uscc=uscc_for(ctx.rng, ctx.rng.choice(["371500", "371502"])),
            industry=industries[code],
            unit=units[n % len(units)],
            region=zone,
            size=ctx.rng.choice([EnterpriseSize.SMALL, EnterpriseSize.MICRO, EnterpriseSize.MICRO]),
            registered_on=date(ctx.rng.randint(2012, 2022), ctx.rng.randint(1, 12), ctx.rng.randint(1, 28)),
            tags=[label],
        )
        if n % 3 == 0:
            qualification_add(
                actor=actor,
                enterprise=enterprise,
                kind=QualificationKind.TECH_SME,
                valid_from=date(2022, ctx.rng.randint(1, 9), ctx.rng.randint(1, 28)),
            )
        created.append(enterprise)
        n += 1
    ctx["enterprises.all"] = created
