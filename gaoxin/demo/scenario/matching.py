"""足迹 demo: the 启迪之星 network (聊城 + 乌鲁木齐, 重庆, 郑州, 深圳), 87 signed enterprises
in the zone's three industry groups (27 科小, 1 高企), 112 events, the trail, needs and
resources, matches with learned weights, and the 四维 story end to end: a market need →
customers in 新疆, 重庆, 河南 → referrals to those bases → docking → deals → resolved, rated.

Everything goes through the services, so the figures are computed from these records.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone

from gaoxin.core.enums import RegionLevel, Role, UnitKind
from gaoxin.core.services import region_create, unit_create, user_create
from gaoxin.demo.personas import DEMO_PASSWORD
from gaoxin.demo.scenario.context import ScenarioContext
from gaoxin.demo.scenario.enterprises import uscc_for
from gaoxin.enterprises.enums import EnterpriseSize, QualificationKind
from gaoxin.enterprises.models import Enterprise, Industry, Qualification
from gaoxin.enterprises.services import enterprise_create, qualification_add
from gaoxin.matching import services as svc
from gaoxin.matching.enums import IncubationStage, MatchStatus, NeedStatus
from gaoxin.matching.industry_groups import group_of
from gaoxin.matching.models import Base, Need

SH = ZoneInfo("Asia/Shanghai")
SIGNED_TARGET = 87
TECH_SME_TARGET = 27
HIGH_TECH_TARGET = 1
EVENTS_TARGET = 112


def at(d: date, hour: int = 10) -> datetime:
    return datetime(d.year, d.month, d.day, hour, tzinfo=SH)


CITIES = [
    # key, province (name, code), city (name, code), base name, short
    ("urumqi", ("新疆维吾尔自治区", "650000"), ("乌鲁木齐市", "650100"), "启迪之星(乌鲁木齐)孵化基地", "启迪之星(乌鲁木齐)", "乌鲁木齐"),
    ("chongqing", ("重庆市", "500000"), ("重庆市辖区", "500100"), "启迪之星(重庆)孵化基地", "启迪之星(重庆)", "重庆"),
    ("zhengzhou", ("河南省", "410000"), ("郑州市", "410100"), "启迪之星(郑州)孵化基地", "启迪之星(郑州)", "郑州"),
    ("shenzhen", ("广东省", "440000"), ("深圳市", "440300"), "启迪之星(深圳)孵化基地", "启迪之星(深圳)", "深圳"),
]  # fmt: skip

# divisions of GB/T 4754 per group, with a business word for names
GROUP_DIVISIONS = {
    "new_energy_materials": [("26", "新材料"), ("29", "高分子材料"), ("30", "新型建材"), ("32", "铝基材料"), ("44", "新能源")],
    "high_end_equipment": [("34", "智能装备"), ("35", "专用设备"), ("33", "精密制造"), ("37", "轨道装备"), ("39", "电子科技")],
    "health": [("27", "生物医药"), ("84", "健康管理"), ("85", "康养服务")],
}  # fmt: skip
GROUP_SHARE = [("new_energy_materials", 29), ("high_end_equipment", 38), ("health", 20)]
PREFIXES = ["聊城", "鲁西", "水城", "凤凰", "运河", "东昌", "光岳", "铁塔", "古楼", "湖西"]
WORDS = ["启明", "领航", "星火", "睿思", "博纳", "恒泰", "中科", "德信", "清源", "创想", "远望", "汇智"]

EVENT_TITLES = [
    ("roadshow", "启迪之星项目路演（第{n}期）"), ("salon", "创业沙龙：{t}（第{n}期）"), ("training", "创业训练营：{t}"),
    ("matchmaking", "供需对接会：{t}"), ("competition", "创新创业大赛 {t} 赛区选拔"),
]  # fmt: skip
EVENT_TOPICS = [
    "融资路演技巧",
    "高企申报",
    "科小入库",
    "知识产权",
    "市场拓展",
    "智能制造",
    "医养健康",
    "新材料应用",
    "股权激励",
    "出口退税",
]

CUSTOMERS = [
    ("urumqi", "customer", "乌鲁木齐汽车零部件厂采购包装线机器人码垛改造", "计划实施后道包装线机器人码垛改造，预算约 260 万元，寻找自动化系统集成商。", ["C3670"], ["650100"], 260),
    ("urumqi", "customer", "昌吉食品厂灌装线自动化改造", "灌装、贴标、装箱工位自动化改造，希望对接非标自动化设备厂家。", ["C14"], ["652300"], 180),
    ("chongqing", "customer", "重庆摩托车厂焊接自动化产线改造", "焊接工位机器人自动化改造，寻找系统集成供应商，预算约 300 万元。", ["C3751"], ["500000"], 300),
    ("chongqing", "customer", "重庆汽配企业智能仓储改造", "立体仓库与输送线改造，需自动化集成与调试服务。", ["C3670"], ["500000"], 220),
    ("zhengzhou", "customer", "郑州电器厂总装线自动化升级", "总装线机器人上下料、视觉检测，寻找自动化改造合作方。", ["C38"], ["410100"], 240),
    ("zhengzhou", "customer", "河南建材企业包装码垛自动化", "水泥袋包装码垛机器人改造项目。", ["C30"], ["410000"], 150),
    ("shenzhen", "customer", "深圳电子厂 SMT 上下料自动化", "SMT 产线上下料机械手与 AGV 改造。", ["C39"], ["440300"], 200),
    ("liaocheng", "customer", "聊城轴承企业检测自动化", "轴承外观视觉检测设备采购。", ["C34"], ["371500"], 90),
    ("zhengzhou", "customer", "郑州医药企业洁净车间改造", "原料药洁净车间改造与设备采购。", ["C27"], ["410100"], 400),
    ("shenzhen", "customer", "深圳储能企业电池材料采购", "采购正极材料、隔膜等电池材料。", ["C26"], ["440300"], 800),
]  # fmt: skip
OTHER_RESOURCES = [
    ("liaocheng", "investor", "启迪之星创投天使基金", "投资先进制造、新材料、医药健康早期项目。", ["C34", "C26", "C27"], ["全国"], (100, 1000), ["天使", "A"]),
    ("shenzhen", "investor", "深圳某硬科技创投 A 轮基金", "关注智能制造、新能源，单笔 1000–5000 万元。", ["C34", "C38", "D44"], ["全国"], (1000, 5000), ["A", "B"]),
    ("liaocheng", "investor", "聊城市科技成果转化引导基金", "支持本地科技型中小企业成果转化。", ["C"], ["371500"], (50, 500), ["种子", "天使"]),
    ("liaocheng", "expert", "聊城大学机械与汽车工程学院自动化团队", "机器人控制、机器视觉、产线仿真。", ["C34"], ["371500"], None, []),
    ("liaocheng", "lab", "聊城大学新材料重点实验室", "高分子材料改性、复合材料检测。", ["C29", "C26"], ["371500"], None, []),
    ("zhengzhou", "lab", "郑州某高校药物制剂实验室", "制剂工艺开发、一致性评价。", ["C27"], ["410000"], None, []),
    ("liaocheng", "service_provider", "高新区知识产权服务中心", "专利挖掘、申报、高企科小申报辅导。", [], ["371500"], None, []),
    ("liaocheng", "policy", "山东省科技型中小企业创新能力提升工程", "科技型中小企业研发补助与入库辅导。", [], ["370000"], None, []),
    ("liaocheng", "policy", "高新技术企业认定奖补", "首次认定高企奖励 20 万元。", [], ["371500"], None, []),
    ("liaocheng", "space", "启迪之星孵化器共享工位", "共享工位、独立办公室，拎包入驻。", [], ["371500"], None, []),
    ("liaocheng", "space", "高新区标准厂房 2000㎡", "可分割出租的标准厂房，适合装备制造。", ["C34"], ["371500"], None, []),
    ("liaocheng", "supplier", "聊城伺服电机与减速机供应商", "伺服电机、精密减速机批量供货。", ["C34"], ["371500"], None, []),
    ("chongqing", "supplier", "重庆机器人本体供应商", "六轴工业机器人本体供货与售后。", ["C3491"], ["500000"], None, []),
    ("liaocheng", "expert", "人力资源服务：高端装备工程师招聘", "猎头与校园招聘服务。", ["C34"], ["371500"], None, []),
]  # fmt: skip

NEED_TEMPLATES = [
    ("funding", "{w}完成天使轮融资", "产品已小批量验证，寻求 {a} 万元天使轮融资用于扩产。", 300),
    ("technology", "{w}寻求高校技术合作", "希望与高校实验室合作攻关关键工艺。", None),
    ("talent", "{w}招聘研发工程师", "急需自动化、材料方向研发工程师 3 名。", None),
    ("space", "{w}需要 500㎡ 生产场地", "现有场地不足，需要标准厂房或孵化器场地。", None),
    ("policy", "{w}申报科技型中小企业", "需要科小入库与研发费用加计扣除辅导。", None),
    ("supply", "{w}采购伺服电机", "批量采购伺服电机与减速机。", 60),
    ("market", "{w}拓展外省客户", "寻找外省有改造需求的工厂客户。", 150),
]  # fmt: skip


def _regions_and_bases(ctx: ScenarioContext) -> dict[str, Base]:
    bases = {
        "liaocheng": svc.base_register(actor=None, unit=ctx["unit.tusstar"], network="启迪之星 TusStar", city="聊城")
    }
    for key, (pname, pcode), (cname, ccode), unit_name, short, city in CITIES:
        province = region_create(actor=None, name=pname, level=RegionLevel.PROVINCE, code=pcode)
        region = region_create(actor=None, name=cname, level=RegionLevel.CITY, parent=province, code=ccode)
        unit = unit_create(actor=None, name=unit_name, short_name=short, kind=UnitKind.BASE, region=region)
        bases[key] = svc.base_register(actor=None, unit=unit, network="启迪之星 TusStar", city=city)
        ctx[f"unit.tusstar.{key}"] = unit
        ctx[f"user.op_{key}"] = user_create(
            actor=None, username=f"op_{key}", password=DEMO_PASSWORD, display_name=f"{city}运营", unit=unit,
            roles=[Role.INCUBATOR_OPERATOR],
        )  # fmt: skip
    for key, base in bases.items():
        ctx[f"base.{key}"] = base
    return bases


def _signed_enterprises(ctx: ScenarioContext, base: Base, industries: dict[str, Industry]) -> list[Enterprise]:
    """87 signings: the zone's enterprises already at the base (in the three groups), then new ones."""
    actor = ctx["user.operator"]
    siwei = ctx["enterprise.siwei"]
    existing = [
        e for e in Enterprise.objects.filter(unit=base.unit).select_related("industry").order_by("pk")
        if e.pk == siwei.pk or group_of(e.industry.code if e.industry else None) != "other"
    ]  # fmt: skip
    counts = {g: 0 for g, _n in GROUP_SHARE}
    for e in existing:
        g = group_of(e.industry.code if e.industry else None)
        counts["high_end_equipment" if e.pk == siwei.pk else g] += 1
    rng = ctx.rng
    names = set(Enterprise.objects.values_list("name", flat=True))
    signed = list(existing)
    for group, share in GROUP_SHARE:
        for i in range(max(0, share - counts[group])):
            code, word = GROUP_DIVISIONS[group][i % len(GROUP_DIVISIONS[group])]
            name = f"{rng.choice(PREFIXES)}{rng.choice(WORDS)}{word}科技有限公司"
            while name in names:
                name = f"{rng.choice(PREFIXES)}{rng.choice(WORDS)}{word}科技有限公司"
            names.add(name)
            signed.append(enterprise_create(
                actor=actor, name=name, uscc=uscc_for(rng, "371500"), industry=industries[code], unit=base.unit,
                region=base.unit.region, size=rng.choice([EnterpriseSize.MICRO, EnterpriseSize.SMALL]),
                registered_on=date(rng.randint(2016, 2021), rng.randint(1, 12), rng.randint(1, 28)), tags=[word],
                description=f"{word}领域初创企业，入驻启迪之星(聊城)。",
            ))  # fmt: skip
    signed = signed[:SIGNED_TARGET]
    rows: list[dict[str, Any]] = []
    for i, e in enumerate(signed):
        industry = industries["34"] if e.pk == siwei.pk else e.industry
        rows.append({"enterprise": e, "industry": industry, "signed_on": date(2020, 3, 1) + timedelta(days=9 * i),
                     "stage": [IncubationStage.SEED, IncubationStage.STARTUP, IncubationStage.GROWTH][i % 3]})  # fmt: skip
    for row in rows:
        if row["enterprise"].pk == siwei.pk:
            row["signed_on"], row["stage"] = date(2022, 2, 14), IncubationStage.GROWTH
    svc.incubations_bulk_sign(actor=actor, base=base, rows=rows)
    return signed


def _qualifications(ctx: ScenarioContext, signed: list[Enterprise]) -> None:
    """Top up so that exactly 27 signed enterprises hold a valid 科小 and 1 a valid 高企 today."""
    actor = ctx["user.econ"]
    today = timezone.localdate()
    valid = Qualification.objects.filter(enterprise__in=signed, valid_from__lte=today).exclude(valid_to__lt=today)
    for kind, target in (
        (QualificationKind.TECH_SME, TECH_SME_TARGET),
        (QualificationKind.HIGH_TECH, HIGH_TECH_TARGET),
    ):
        holders = set(valid.filter(kind=kind).values_list("enterprise_id", flat=True))
        candidates = [e for e in signed if e.pk not in holders]
        if kind == QualificationKind.TECH_SME:  # 四维 first: its 科小 is part of the story
            candidates.sort(key=lambda e: e.pk != ctx["enterprise.siwei"].pk)
        for e in candidates[: max(0, target - len(holders))]:
            start = min(today, date(2022, 6, 30))
            if Qualification.objects.filter(enterprise=e, kind=kind, valid_from=start).exists():
                start = today
            qualification_add(
                actor=actor, enterprise=e, kind=kind, valid_from=start, certificate_no=f"DEMO-{kind}-{e.pk}"
            )


def _resources(ctx: ScenarioContext, bases: dict[str, Base]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    moment = at(date(2022, 3, 1))
    for i, (key, rtype, title, desc, inds, regions, amount) in enumerate(CUSTOMERS):
        out[title] = svc.resource_create(
            actor=None, base=bases[key], type=rtype, title=title, description=desc, industries=inds, regions=regions,
            amount_min_wan=amount, amount_max_wan=amount, provider=title[:8], rematch=False,
            now=moment + timedelta(days=i),
        )  # fmt: skip
    for i, (key, rtype, title, desc, inds, regions, amounts, stages) in enumerate(OTHER_RESOURCES):
        lo, hi = amounts if amounts else (None, None)
        out[title] = svc.resource_create(
            actor=None, base=bases[key], type=rtype, title=title, description=desc, industries=inds, regions=regions,
            amount_min_wan=lo, amount_max_wan=hi, stages=stages, rematch=False, now=moment + timedelta(days=i),
            capacity=20 if rtype == "space" else None,
        )  # fmt: skip
    siwei = ctx["enterprise.siwei"]
    out["siwei"] = svc.resource_create(
        actor=None, base=bases["liaocheng"], enterprise=siwei, type="enterprise_offering",
        title="四维自动化：产线自动化改造与机器人码垛集成",
        description="工业机器人系统集成、非标自动化设备、包装码垛与焊接自动化改造，可承接外省项目。",
        industries=["C3491"], regions=["全国"], rematch=False, now=moment,
    )  # fmt: skip
    return out


def _siwei_story(ctx: ScenarioContext, bases: dict[str, Base], res: dict[str, Any]) -> Need:
    siwei, operator = ctx["enterprise.siwei"], ctx["user.operator"]
    t = at(date(2022, 3, 8), 9)
    svc.trail_log(actor=operator, base=bases["liaocheng"], enterprise=siwei, kind="visit", occurred_at=t - timedelta(days=2),
                  summary="走访四维：疫情影响订单下滑", findings="本地订单减少约四成，产能闲置；团队有外省项目经验。",
                  follow_up="帮助发布市场需求并在网络内匹配外省客户", follow_up_due=date(2022, 3, 15))  # fmt: skip
    need = svc.need_create(
        actor=ctx["user.siwei"], enterprise=siwei, type="market",
        title="疫情影响订单下滑，寻找新疆、重庆、河南的自动化改造客户",
        description="我司做工业机器人系统集成，受疫情影响订单减少，希望找到新疆、重庆、河南等地有产线自动化改造需求的工厂。",
        regions=["新疆", "重庆", "河南"], amount_wan="200", urgency="high", now=t,
    )  # fmt: skip
    matches = svc.matches_refresh(actor=None, need=need, now=t + timedelta(hours=2))
    wanted = {"urumqi": "乌鲁木齐汽车零部件厂采购包装线机器人码垛改造", "chongqing": "重庆摩托车厂焊接自动化产线改造",
              "zhengzhou": "郑州电器厂总装线自动化升级"}  # fmt: skip
    by_resource = {m.resource_id: m for m in matches}
    deals = {"urumqi": "268", "chongqing": "315", "zhengzhou": "236"}
    for i, (key, title) in enumerate(wanted.items()):
        match = by_resource.get(res[title].pk)
        day = t + timedelta(days=3 + i)
        if match is not None:
            svc.match_decide(actor=operator, match=match, status=MatchStatus.ACCEPTED, now=day)
        ref = svc.referral_create(actor=operator, need=need, to_base=bases[key], match=match, now=day,
                                  note=f"四维可承接{title[:12]}，请协助对接。")  # fmt: skip
        op = ctx[f"user.op_{key}"]
        svc.referral_respond(actor=op, referral=ref, status="accepted", now=day + timedelta(days=1))
        svc.docking_record(
            actor=op, need=need, base=bases[key], held_on=(day + timedelta(days=20)).date(), place=ctx[f"base.{key}"].city,
            participants=f"四维、{title[:10]}、{bases[key]}", notes="现场考察产线，确认改造方案与报价。", outcome="deal",
            deal_amount_wan=deals[key], match=match, referral=ref, now=day + timedelta(days=20),
        )  # fmt: skip
        svc.referral_respond(actor=op, referral=ref, status="completed", outcome=f"已签约 {deals[key]} 万元",
                             now=day + timedelta(days=21))  # fmt: skip
    done = t + timedelta(days=60)
    svc.need_transition(actor=operator, need=need, to=NeedStatus.RESOLVED, note="三地签约，订单恢复", now=done)
    svc.need_rate(actor=ctx["user.siwei"], need=need, rating=5, text="启迪之星跨城市对接效率很高，三地都签了单。",
                  now=done + timedelta(days=1))  # fmt: skip
    # 四维's own offering answers a 新疆 plant's need (recorded by the 乌鲁木齐 base)
    xj = enterprise_create(actor=ctx["user.op_urumqi"], name="新疆天山汽车零部件有限公司", uscc=uscc_for(ctx.rng, "650100"),
                           unit=bases["urumqi"].unit, region=bases["urumqi"].unit.region)  # fmt: skip
    xj_need = svc.need_create(
        actor=ctx["user.op_urumqi"], enterprise=xj, base=bases["urumqi"], type="supply",
        title="采购包装线机器人码垛系统集成服务", description="后道包装线需机器人码垛与输送集成，寻找有经验的自动化集成商。",
        regions=["全国"], amount_wan="260", now=t + timedelta(days=1),
    )  # fmt: skip
    for m in svc.matches_refresh(actor=None, need=xj_need, now=t + timedelta(days=1, hours=1)):
        if m.resource_id == res["siwei"].pk:
            svc.match_decide(
                actor=ctx["user.op_urumqi"], match=m, status=MatchStatus.ACCEPTED, now=t + timedelta(days=2)
            )
    return need


def _events_and_trail(ctx: ScenarioContext, bases: dict[str, Base], signed: list[Enterprise]) -> list[Any]:
    rng, operator, base = ctx.rng, ctx["user.operator"], bases["liaocheng"]
    events = []
    start = date(2020, 4, 1)
    for n in range(EVENTS_TARGET * ctx.scale):
        kind, pattern = EVENT_TITLES[n % len(EVENT_TITLES)]
        held = start + timedelta(days=8 * n)
        event = svc.event_create(actor=operator, base=base, title=pattern.format(n=n // 5 + 1, t=EVENT_TOPICS[n % 10]),
                                 kind=kind, held_on=held, place="启迪之星(聊城)路演厅", now=at(held) - timedelta(days=10))  # fmt: skip
        attendees = rng.sample(signed, k=min(len(signed), 4 + n % 6))
        svc.event_register(
            actor=operator, event=event, enterprises=attendees, attended=True, now=at(held) - timedelta(days=3)
        )
        events.append(event)
    for i, e in enumerate(signed):
        for j in range(2 * ctx.scale):
            when = at(date(2021, 1, 5) + timedelta(days=(i * 7 + j * 97) % 640), 10 + j % 6)
            svc.trail_log(actor=operator, base=base, enterprise=e, kind=["visit", "call", "service"][(i + j) % 3],
                          occurred_at=when, summary=f"{['走访', '电话回访', '政策服务'][(i + j) % 3]}：{e.name[:10]}",
                          findings="经营正常，关注融资与市场拓展。" if j else "了解研发进展和用工情况。",
                          follow_up="推送科小申报通知" if (i + j) % 4 == 0 else "",
                          follow_up_due=(when + timedelta(days=14)).date() if (i + j) % 4 == 0 else None)  # fmt: skip
    return events


def _more_needs(ctx: ScenarioContext, bases: dict[str, Base], signed: list[Enterprise], events: list[Any]) -> None:
    operator = ctx["user.operator"]
    outcomes = 0
    for i in range(40 * ctx.scale):
        e = signed[(i * 7 + 3) % len(signed)]
        if e.pk == ctx["enterprise.siwei"].pk:
            continue
        ntype, title, desc, amount = NEED_TEMPLATES[i % len(NEED_TEMPLATES)]
        word = e.name[2:6]
        created = at(date(2022, 1, 10) + timedelta(days=6 * i), 9 + i % 8)
        need = svc.need_create(
            actor=operator, enterprise=e, type=ntype, title=title.format(w=word), description=desc.format(a=amount or 0),
            amount_wan=amount, regions=["山东"] if i % 2 else [], urgency=["low", "normal", "high"][i % 3],
            source_event=events[i % len(events)] if i % 5 == 0 else None, now=created,
        )  # fmt: skip
        matches = svc.matches_refresh(actor=None, need=need, now=created + timedelta(hours=1 + i % 20))
        fate = i % 5
        if not matches or fate == 0:
            continue  # still matching
        top = matches[0]
        if fate == 4:
            svc.match_decide(actor=operator, match=top, status=MatchStatus.REJECTED, now=created + timedelta(days=2))
            outcomes += 1
            if len(matches) > 1:
                svc.match_decide(
                    actor=operator, match=matches[1], status=MatchStatus.REJECTED, now=created + timedelta(days=2)
                )
                outcomes += 1
            svc.need_transition(actor=operator, need=need, to=NeedStatus.UNRESOLVED, now=created + timedelta(days=30))
            continue
        svc.match_decide(actor=operator, match=top, status=MatchStatus.ACCEPTED, now=created + timedelta(days=2))
        outcomes += 1
        deal = fate in (2, 3)
        svc.docking_record(
            actor=operator, need=need, base=bases["liaocheng"], held_on=(created + timedelta(days=10)).date(),
            place="启迪之星(聊城)", participants=f"{e.name}、{top.resource.provider}", notes="双方交流合作意向。",
            outcome="deal" if deal else "pending", deal_amount_wan=(amount or 30) if deal else None, match=top,
            now=created + timedelta(days=10),
        )  # fmt: skip
        if deal:
            svc.need_transition(
                actor=operator, need=need, to=NeedStatus.RESOLVED, now=created + timedelta(days=12 + i % 30)
            )
            svc.need_rate(actor=None, need=need, rating=4 + i % 2, text="对接及时。", now=created + timedelta(days=40))
    ctx["matching.outcomes"] = outcomes


def load(ctx: ScenarioContext) -> None:
    industries = {i.code: i for i in Industry.objects.filter(level__lte=2)}
    bases = _regions_and_bases(ctx)
    signed = _signed_enterprises(ctx, bases["liaocheng"], industries)
    _qualifications(ctx, signed)
    res = _resources(ctx, bases)
    events = _events_and_trail(ctx, bases, signed)
    ctx["need.siwei"] = _siwei_story(ctx, bases, res)
    _more_needs(ctx, bases, signed, events)
    svc.weights_learn(actor=None, now=at(date(2022, 10, 8)))
