"""Step: 项目立区、双招双引 of 2022 — key projects, the pipeline, events, trips, monthly progress.

Every record goes through gaoxin.projects.services; the figures of the report are what the
selectors compute from these records (gaoxin/projects/tests/test_demo_figures.py checks them):
86 key projects (10 provincial, 22 municipal, 54 district) worth 597亿 with 104亿 planned for
2022; all 10 provincial ones started by June; 46 newly signed projects worth 69.7亿; 31 newly
started; 12 events; 26 trips; 35 manufacturing projects planned; 19 newly signed manufacturing
projects above 1亿 worth 39.06亿; 25 newly signed chain projects above 1亿 worth 47.34亿;
Jan–Jun completed investment 2nd in the city and plan completion 3rd among its districts.
Amounts are integer 万元, split so that sums are exact.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from gaoxin.core.validators import USCC_ALPHABET, uscc_check_char
from gaoxin.demo.scenario.context import ScenarioContext
from gaoxin.projects.enums import ChainTag, EventKind, PeerMetric, ProjectLevel, Stage
from gaoxin.projects.models import AttractionMode, IndustryGroup
from gaoxin.projects.services import (
    ProjectData,
    event_create,
    issue_escalate,
    issue_raise,
    issue_resolve,
    lead_create,
    milestone_complete,
    peer_figure_set,
    progress_report,
    project_create,
    project_stage_move,
    reference_data_ensure,
    trip_create,
)

YEAR = 2022
TZ = ZoneInfo("Asia/Shanghai")
KEY_TOTAL = 5_970_000  # 597亿元 in 万元
KEY_PLAN = 1_040_000  # 104亿元
SIGNED_TOTAL = 697_000  # 69.7亿元
MFG_BIG = 390_600  # 39.06亿元, 19 projects
CHAIN_BIG = 473_400  # 47.34亿元, 25 projects
H1_DONE = 598_000  # Jan–Jun completed: 57.5% of the annual plan
PROVINCIAL_TOTAL = 2_100_000

TRIP_CITIES = (
    ["深圳"] * 6
    + ["东莞"] * 4
    + ["洛阳"] * 3
    + ["上海"] * 3
    + ["苏州"] * 3
    + ["北京"] * 2
    + ["杭州"] * 2
    + ["青岛"] * 2
    + ["济南"]
)
EVENTS = [
    (EventKind.ONLINE, "聊城高新区新能源新材料产业线上招商推介会"),
    (EventKind.VIDEO_SIGNING, "聊城高新区重点项目视频集中签约（第一批）"),
    (EventKind.PROMOTION, "聊城高新区（深圳）高端装备产业推介会"),
    (EventKind.ONLINE, "医养健康产业“云招商”对接会"),
    (EventKind.VIDEO_SIGNING, "聊城高新区重点项目视频集中签约（第二批）"),
    (EventKind.PROMOTION, "聊城高新区（上海）科技创新合作推介会"),
    (EventKind.ONLINE, "启迪之星全球孵化网络线上路演"),
    (EventKind.FAIR, "聊城市“双招双引”产业链合作论坛"),
    (EventKind.VIDEO_SIGNING, "聊城高新区重点项目视频集中签约（第三批）"),
    (EventKind.ONLINE, "现代服务业线上招商洽谈会"),
    (EventKind.PROMOTION, "聊城高新区（东莞）电子信息产业推介会"),
    (EventKind.PROMOTION, "聊城高新区（洛阳）装备制造合作推介会"),
]
PEERS = {
    # district: (completed investment 1–6月 万元, plan completion %, provincial key projects started)
    "东昌府区": (786_000, "56.1", 14),
    "聊城经济技术开发区": (552_000, "60.3", 9),
    "临清市": (487_000, "55.2", 8),
    "茌平区": (461_000, "58.8", 9),
    "阳谷县": (384_000, "54.7", 6),
    "莘县": (369_000, "52.4", 5),
    "冠县": (335_000, "51.6", 5),
    "高唐县": (312_000, "53.9", 6),
    "东阿县": (287_000, "50.8", 4),
    "度假区": (214_000, "48.2", 3),
}
PRODUCTS = {
    "新能源新材料": ["锂电池正极材料", "光伏组件", "氢能装备", "高性能复合材料", "新型铝合金", "储能电池"],
    "高端装备": ["盾构机刀具", "智能数控机床", "工业机器人", "激光清洗设备", "自动化生产线", "精密轴承"],
    "医养健康": ["生物医药", "医疗器械", "康养中心", "医用敷料", "中药饮片", "体外诊断试剂"],
    "现代服务业": ["科创服务中心", "智慧物流园", "数字经济产业园", "人才公寓", "研发总部", "供应链金融平台"],
}
INVESTOR_CITIES = ["深圳", "东莞", "洛阳", "上海", "苏州", "北京", "杭州", "青岛", "济南", "聊城"]
INVESTOR_WORDS = ["华创", "恒信", "远航", "鲁芯", "产研", "中科", "启明", "金泰", "博远", "瑞丰", "宏达", "天衡"]
PEOPLE = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴"]


def split_exact(rng: random.Random, total: int, n: int, lo: int, hi: int, step: int = 100) -> list[int]:
    """n integers in [lo, hi], multiples of `step`, summing to exactly `total`."""
    units, lo_u, hi_u = total // step, lo // step, hi // step
    if total % step or not n * lo_u <= units <= n * hi_u:
        raise ValueError(f"cannot split {total} into {n} values in [{lo}, {hi}]")
    vals = [lo_u] * n
    rest = units - n * lo_u
    weights = [rng.random() + 0.2 for _ in range(n)]
    wsum = sum(weights)
    for i in range(n):
        vals[i] += min(hi_u - lo_u, int(rest * weights[i] / wsum))
    rest = units - sum(vals)
    i = 0
    while rest > 0:
        add = min(hi_u - vals[i % n], rest)
        vals[i % n] += add
        rest -= add
        i += 1
    rng.shuffle(vals)
    return [v * step for v in vals]


def proportional(total: int, weights: list[int]) -> list[int]:
    """Integers proportional to `weights` summing exactly to `total` (remainder to the largest)."""
    wsum = sum(weights)
    vals = [total * w // wsum for w in weights]
    vals[max(range(len(weights)), key=lambda i: weights[i])] += total - sum(vals)
    return vals


def fake_uscc(rng: random.Random) -> str:
    body = "91" + "371500" + "".join(rng.choice(USCC_ALPHABET[:10] + "ABCDEFGH") for _ in range(9))
    return body + uscc_check_char(body)


def rand_day(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randint(0, max((end - start).days, 0)))


class _Maker:
    def __init__(self, ctx: ScenarioContext) -> None:
        self.ctx = ctx
        self.rng = ctx.rng
        self.industries = list(IndustryGroup.objects.filter(is_active=True).order_by("sort"))
        self.modes = list(AttractionMode.objects.filter(is_active=True).order_by("sort"))
        self.units = [
            ctx[k]
            for k in (
                "unit.econ",
                "unit.econ.projects",
                "unit.invest",
                "unit.construction",
                "unit.unipark",
                "unit.town.huxi",
                "unit.town.xuying",
                "unit.town.hanji",
                "unit.town.guguantun",
            )
        ]
        self.admin = ctx["user.admin"]
        self.econ = ctx["user.econ"]
        self.invest = ctx["user.invest"]
        self.names: set[str] = set()

    def actor_for(self, unit):  # type: ignore[no-untyped-def]
        if unit.path.startswith(self.ctx["unit.econ"].path):
            return self.econ
        if unit.path.startswith(self.ctx["unit.invest"].path):
            return self.invest
        return self.admin

    def data(
        self, amount: int, *, level: str = "", manufacturing: bool = False, chain: str = "", unit=None, industry=None
    ) -> ProjectData:  # type: ignore[no-untyped-def]
        rng = self.rng
        industry = industry or (rng.choice(self.industries[:3]) if manufacturing else rng.choice(self.industries))
        city = rng.choice(INVESTOR_CITIES)
        for _attempt in range(50):
            investor = (
                f"{city}{rng.choice(INVESTOR_WORDS)}{rng.choice(['科技', '实业', '新材料', '装备', '医疗'])}有限公司"
            )
            product = rng.choice(PRODUCTS[industry.name])
            name = f"{investor[:-4]}{product}项目"
            if name not in self.names:
                break
            name = f"{name[:-2]}（{len(self.names)}期）项目"
        self.names.add(name)
        return ProjectData(
            name=name,
            unit=unit or rng.choice(self.units),
            total_investment=Decimal(amount),
            level=level,
            industry=industry,
            is_manufacturing=manufacturing,
            person=f"{rng.choice(PEOPLE)}经理",
            phone=f"1396358{rng.randint(0, 9999):04d}",
            mode=rng.choice(self.modes),
            investor_uscc=fake_uscc(rng),
            investor_name=investor,
            site=rng.choice(
                [
                    "高新区新材料产业园",
                    "高新区装备制造园",
                    "许营镇工业园",
                    "顾官屯镇产业园",
                    "湖西街道科创园",
                    "韩集乡产业园",
                ]
            ),
            chain_tag=chain,
            description=f"主要建设{industry.name}方向生产及配套设施。",
        )


def load(ctx: ScenarioContext) -> None:
    reference_data_ensure(actor=None)
    mk = _Maker(ctx)
    rng = mk.rng
    invest_unit = ctx["unit.invest"]

    # --- events and trips: 12 events and 26 trips in 2022, a few in late 2021 -----------------
    events_2021 = [
        event_create(
            actor=mk.invest,
            kind=kind,
            title=f"2021年{title}",
            held_on=date(2021, 9 + i, 10 + i),
            unit=invest_unit,
            place="线上" if kind == EventKind.ONLINE else "聊城",
        )
        for i, (kind, title) in enumerate(EVENTS[:3])
    ]
    events = [
        event_create(
            actor=mk.invest,
            kind=kind,
            title=title,
            held_on=date(YEAR, 1 + i * 8 // 12, 5 + (i * 7) % 20),
            unit=invest_unit,
            place="线上" if kind == EventKind.ONLINE else "聊城高新区",
            description="围绕“3+1”产业开展精准招商。",
        )
        for i, (kind, title) in enumerate(EVENTS)
    ]
    trips_2021 = [
        trip_create(
            actor=mk.invest,
            destination=city,
            start_on=date(2021, 10 + i // 2, 8 + i * 3),
            end_on=date(2021, 10 + i // 2, 10 + i * 3),
            delegation="管委会领导、招商服务中心",
            unit=invest_unit,
            companies_visited="\n".join(f"{city}{w}科技有限公司" for w in INVESTOR_WORDS[i : i + 3]),
        )
        for i, city in enumerate(["深圳", "东莞", "上海", "苏州", "洛阳"])
    ]
    trips = []
    for i, city in enumerate(TRIP_CITIES):
        start = date(YEAR, 1, 10) + timedelta(days=i * 9)
        trips.append(
            trip_create(
                actor=mk.invest,
                destination=city,
                start_on=start,
                end_on=start + timedelta(days=rng.randint(2, 4)),
                delegation=rng.choice(
                    [
                        "管委会主要领导带队，招商服务中心、经济发展局",
                        "管委会分管领导带队，招商服务中心",
                        "招商服务中心、科技创新局",
                    ]
                ),
                unit=invest_unit,
                companies_visited="\n".join(
                    f"{city}{w}{rng.choice(['科技', '实业', '装备'])}有限公司"
                    for w in rng.sample(INVESTOR_WORDS, rng.randint(3, 6))
                ),
                summary=f"赴{city}开展“双招双引”，对接“3+1”产业链企业。",
            )
        )
    sources_2021 = [("event", e) for e in events_2021] + [("trip", t) for t in trips_2021]
    sources_2022 = [("event", e) for e in events if e.held_on <= date(YEAR, 8, 10)] + [
        ("trip", t) for t in trips if t.start_on <= date(YEAR, 8, 10)
    ]

    def source_day(src: tuple[str, object]) -> date:
        return src[1].held_on if src[0] == "event" else src[1].start_on  # type: ignore[attr-defined]

    def lead(src, data, on, plans=None):  # type: ignore[no-untyped-def]
        kind, obj = src
        return lead_create(
            actor=mk.invest,
            data=data,
            on=on,
            year_plans=plans,
            event=obj if kind == "event" else None,
            trip=obj if kind == "trip" else None,
        )

    def walk(project, dates: list[tuple[str, date]]):  # type: ignore[no-untyped-def]
        actor = mk.actor_for(project.unit)
        for stage, on in dates:
            project = project_stage_move(actor=actor, project=project, to_stage=stage, on=on)
        return project

    # --- 46 newly signed projects of 2022 (69.7亿) ----------------------------------------------
    mc = split_exact(rng, 237_000, 12, 12_000, 30_000)
    m_only = split_exact(rng, MFG_BIG - 237_000, 7, 12_000, 35_000)
    c_only = split_exact(rng, CHAIN_BIG - 237_000, 13, 10_000, 30_000)
    others = split_exact(rng, SIGNED_TOTAL - MFG_BIG - CHAIN_BIG + 237_000, 14, 2_000, 9_900)
    chains = list(ChainTag.values)
    signed_specs = (
        [(a, True, chains[i % 4]) for i, a in enumerate(mc)]
        + [(a, True, "") for a in m_only]
        + [(a, False, chains[(i + 1) % 4]) for i, a in enumerate(c_only)]
        + [(a, i % 3 == 0, chains[i % 4] if i % 4 == 0 else "") for i, a in enumerate(others)]
    )
    # 16 of them (8 MC, 4 M, 4 C) became key projects of 2022 and started this year
    key_signed_idx = list(range(0, 8)) + list(range(12, 16)) + list(range(19, 23))
    key_signed_levels = [ProjectLevel.CITY] * 4 + [ProjectLevel.DISTRICT] * 12
    key_projects = []  # (project, total)
    key_new_started = []
    for idx, (amount, mfg, chain) in enumerate(signed_specs):
        is_key = idx in key_signed_idx
        if is_key:
            src = sources_2021[idx % len(sources_2021)]
            d0 = source_day(src)
            signed = rand_day(rng, date(YEAR, 1, 10), date(YEAR, 4, 20))
            started = rand_day(rng, signed + timedelta(days=30), min(signed + timedelta(days=120), date(YEAR, 9, 20)))
            level: str = key_signed_levels[key_signed_idx.index(idx)]
        else:
            src = sources_2022[idx % len(sources_2022)]
            d0 = source_day(src)
            signed = min(d0 + timedelta(days=40 + rng.randint(0, 30)), date(YEAR, 9, 28))
            started = None
            level = ""
        data = mk.data(amount, level=level, manufacturing=mfg, chain=chain)
        p = lead(src, data, d0 + timedelta(days=2))
        p = walk(
            p,
            [
                (Stage.RESERVE, d0 + timedelta(days=8)),
                (Stage.NEGOTIATING, d0 + timedelta(days=20)),
                (Stage.SIGNED, signed),
            ],
        )
        if started:
            p = walk(p, [(Stage.STARTED, started)])
            key_projects.append(p)
            key_new_started.append(p)
        _complete_milestones(mk, p, started or date(YEAR, 9, 30), every=started is not None)

    # --- the other 70 key projects --------------------------------------------------------------
    key_signed_total = sum(int(p.total_investment) for p in key_projects)
    prov = split_exact(rng, PROVINCIAL_TOTAL, 10, 150_000, 400_000)
    rest = split_exact(rng, KEY_TOTAL - PROVINCIAL_TOTAL - key_signed_total, 60, 10_000, 200_000)
    for i, amount in enumerate(prov):  # provincial: signed in 2021, all started Feb–Jun 2022
        signed = rand_day(rng, date(2021, 3, 1), date(2021, 11, 30))
        p = project_create(
            actor=mk.econ,
            data=mk.data(
                amount,
                level=ProjectLevel.PROVINCE,
                manufacturing=i < 6,
                unit=ctx["unit.econ"] if i % 2 else ctx["unit.econ.projects"],
            ),
            stage=Stage.SIGNED,
            signed_on=signed,
        )
        p = walk(p, [(Stage.STARTED, rand_day(rng, date(YEAR, 2, 10), date(YEAR, 6, 25)))])
        key_projects.append(p)
        key_new_started.append(p)
    for i, amount in enumerate(rest):
        level = ProjectLevel.CITY if (i < 3 or 5 <= i < 20) else ProjectLevel.DISTRICT
        mfg = i < 2 or 5 <= i < 20
        data = mk.data(amount, level=level, manufacturing=mfg, chain=rng.choice(["", "", *chains]))
        actor = mk.actor_for(data.unit)
        if i < 5:  # signed in 2021, started Jul–Sep 2022
            p = project_create(
                actor=actor,
                data=data,
                stage=Stage.SIGNED,
                signed_on=rand_day(rng, date(2021, 5, 1), date(2021, 12, 20)),
            )
            p = walk(p, [(Stage.STARTED, rand_day(rng, date(YEAR, 7, 1), date(YEAR, 9, 15)))])
            key_new_started.append(p)
        else:  # continuing (续建): started before 2022
            signed = rand_day(rng, date(2019, 3, 1), date(2021, 6, 30))
            p = project_create(
                actor=actor,
                data=data,
                stage=Stage.STARTED,
                signed_on=signed,
                started_on=rand_day(rng, signed + timedelta(days=20), date(2021, 12, 20)),
            )
        key_projects.append(p)

    # annual plans 2022: proportional to total investment, summing to 104亿
    totals = [int(p.total_investment) for p in key_projects]
    plans = proportional(KEY_PLAN, totals)
    from gaoxin.projects.models import ProjectYearPlan

    for p, plan in zip(key_projects, plans, strict=True):
        _set_plan(mk, p, plan)
    if ProjectYearPlan.objects.filter(year=YEAR).count() != 86:
        raise RuntimeError("the demo must have 86 key projects with a 2022 plan")

    # --- monthly progress Jan–Sep; Jan–Jun sums to exactly 59.8亿 --------------------------------
    _progress(mk, key_projects, plans)

    # --- more of the pipeline: leads in every early stage (scaled) -------------------------------
    for i in range(30 * ctx.scale):
        src = sources_2022[i % len(sources_2022)] if i % 3 else ("trip", trips[-1 - (i % 6)])
        d0 = source_day(src)
        p = lead(src, mk.data(rng.randrange(30, 800) * 100), d0 + timedelta(days=3))
        fate = i % 5
        if fate >= 1:
            p = walk(p, [(Stage.RESERVE, d0 + timedelta(days=15))])
        if fate >= 3:
            p = walk(p, [(Stage.NEGOTIATING, d0 + timedelta(days=35))])
        if fate == 2 and i % 2:
            p = walk(p, [(Stage.DROPPED, d0 + timedelta(days=50))])

    # --- coordination issues ---------------------------------------------------------------
    _issues(mk, key_projects)

    # --- other districts' published figures, Jan–Jun -----------------------------------------
    zone = ctx["region.zone"]
    for district, (done, ratio, prov_started) in PEERS.items():
        for metric, value in (
            (PeerMetric.COMPLETED_INVESTMENT, done),
            (PeerMetric.PLAN_COMPLETION, ratio),
            (PeerMetric.PROVINCIAL_STARTED, prov_started),
        ):
            peer_figure_set(
                actor=mk.econ,
                region=zone,
                district=district,
                year=YEAR,
                month=6,
                metric=metric,
                value=value,
                source="聊城市重点项目推进情况通报（2022年1–6月）",
            )
    ctx["projects.key"] = key_projects


def _set_plan(mk: _Maker, project, plan: int) -> None:  # type: ignore[no-untyped-def]
    from gaoxin.projects.services import project_update

    data = ProjectData(
        name=project.name,
        unit=project.unit,
        total_investment=project.total_investment,
        level=project.level,
        industry=project.industry,
        is_manufacturing=project.is_manufacturing,
        person=project.person,
        phone=project.phone,
        mode=project.mode,
        investor_uscc=project.investor_uscc,
        investor_name=project.investor_name,
        site=project.site,
        chain_tag=project.chain_tag,
        description=project.description,
    )
    project_update(actor=mk.actor_for(project.unit), project=project, data=data, year_plans={YEAR: plan})


def _complete_milestones(mk: _Maker, project, until: date, every: bool) -> None:  # type: ignore[no-untyped-def]
    """Started projects have every milestone done by their start; others those planned by `until`."""
    actor = mk.actor_for(project.unit)
    for m in project.milestones.all():
        if every or m.planned_on <= until:
            milestone_complete(
                actor=actor, milestone=m, actual_on=min(m.planned_on + timedelta(days=mk.rng.randint(-10, 8)), until)
            )


def _progress(mk: _Maker, projects: list, plans: list[int]) -> None:  # type: ignore[type-arg]
    rng = mk.rng
    lagging = mk.ctx["unit.town.hanji"].pk  # this town has not reported September yet

    def active_from(p) -> int:  # type: ignore[no-untyped-def]
        return 1 if p.started_on.year < YEAR else p.started_on.month

    h1_weights = [plan * max(0, 7 - active_from(p)) for p, plan in zip(projects, plans, strict=True)]
    h1 = proportional(H1_DONE, h1_weights)
    for p, plan, first_half in zip(projects, plans, h1, strict=True):
        start = active_from(p)
        months = list(range(start, 7))
        per_month = proportional(first_half, [rng.randint(8, 12) for _ in months]) if months else []
        amounts = dict(zip(months, per_month, strict=True))
        for m in range(max(start, 7), 10):
            amounts[m] = plan * rng.randint(7, 11) // 100
        actor = mk.actor_for(p.unit)
        for month, amount in sorted(amounts.items()):
            if month == 9 and p.unit_id == lagging:
                continue
            late = rng.random() < 0.08
            day = 12 if late else rng.randint(1, 5)
            at = datetime(YEAR + (month == 12), month % 12 + 1, day, 10, 0, tzinfo=TZ)
            progress_report(
                actor=actor,
                project=p,
                year=YEAR,
                month=month,
                amount=amount,
                at=at,
                progress=rng.choice(
                    [
                        "主体结构施工中",
                        "厂房封顶，设备进场",
                        "基础施工完成",
                        "设备安装调试中",
                        "土方工程完成",
                        "部分车间试生产",
                    ]
                ),
            )


def _issues(mk: _Maker, projects: list) -> None:  # type: ignore[type-arg]
    rng = mk.rng
    ctx = mk.ctx
    problems = [
        ("用地指标尚未落实", "unit.construction"),
        ("施工许可办理进度慢", "unit.approval"),
        ("高压线迁改协调", "unit.construction"),
        ("企业融资需求对接", "unit.finance"),
        ("环评审批材料补正", "unit.approval"),
        ("招工用工缺口", "unit.social"),
        ("配套道路未贯通", "unit.construction"),
        ("天然气管网接入", "unit.econ"),
    ]
    for i in range(12):
        raised = datetime(YEAR, 3 + i // 2, 3 + i, 9, 30, tzinfo=TZ)
        under_way = [p for p in projects if p.started_on < raised.date()]
        p = under_way[(i * 7) % len(under_way)]
        title, unit_key = problems[i % len(problems)]
        issue = issue_raise(
            actor=ctx["user.leader"],
            project=p,
            title=title,
            assigned_unit=ctx[unit_key],
            description=f"{p.name}：{title}，请协调解决。",
            working_days=rng.choice([5, 10]),
            at=raised,
        )
        if i < 9:
            issue_resolve(
                actor=mk.admin,
                issue=issue,
                resolution="已协调相关部门办结。",
                at=min(issue.due_at - timedelta(days=1), datetime(YEAR, 9, 30, tzinfo=TZ)),
            )
        elif i == 11:
            issue_escalate(actor=ctx["user.leader"], issue=issue, at=issue.due_at + timedelta(days=1))
