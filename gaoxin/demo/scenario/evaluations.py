"""Step: 好差评 intake — halls, windows, staff, devices, 826 service items, cases and ratings.

2022 (the report year): 13,752 ratings across channels and months, none bad (好评率 100%).
Recent weeks (2026, relative to today): ~600 ratings including ~40 bad ones for the closed loop.
Halls, items and bad ratings go through the services, replayed on a patched clock so that the
services' own "now" (supplementary window, received_at) is the historical moment; good ratings
and their cases are written in bulk as the services would write them (bulk.py), and the
statistics counters are rebuilt from the stored rows.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from unittest import mock

from django.utils import timezone

from gaoxin.core.enums import Role
from gaoxin.core.services import user_create
from gaoxin.core.workdays import SHANGHAI
from gaoxin.demo.personas import DEMO_PASSWORD
from gaoxin.demo.scenario.bulk import RatingWriter
from gaoxin.demo.scenario.context import ScenarioContext
from gaoxin.evaluations.enums import ApplicantType, Channel, HallKind, ItemKind, Level
from gaoxin.evaluations.services import (
    Rater,
    case_complete,
    case_create,
    device_register,
    evaluation_record,
    hall_create,
    item_create,
    staff_create,
    window_create,
)

REPORT_YEAR = 2022
# Share of the 2022 history to write (1 = the report's 13,752 ratings); GAOXIN_DEMO_EVAL_HISTORY=0.1
# gives a smaller demo.
HISTORY_SHARE = float(os.getenv("GAOXIN_DEMO_EVAL_HISTORY", "1"))
REPORT_RATINGS = 13_752
ITEM_COUNT = 826
RECENT_RATINGS = 600
RECENT_BAD = 40
TOWNS = [("huxi", "湖西街道"), ("xuying", "许营镇"), ("hanji", "韩集乡"), ("guguantun", "顾官屯镇")]

# (window name, department key) of the district hall: 12 windows.
HALL_WINDOWS = [
    ("企业开办", "market"),
    ("市场准入", "market"),
    ("投资项目审批", "approval"),
    ("综合受理", "approval"),
    ("工程建设许可", "construction"),
    ("不动产登记", "construction"),
    ("社保医保", "social"),
    ("民政事务", "social"),
    ("财政票据", "finance"),
    ("税费缴纳", "finance"),
    ("证照联办", "approval"),
    ("帮办代办", "approval"),
]
CENTER_WINDOWS = [("综合受理", "approval"), ("社会事务", "social"), ("便民服务", "market")]

ITEM_TEMPLATES = {
    "market": [
        "企业设立登记",
        "企业变更登记",
        "企业注销登记",
        "个体工商户登记",
        "食品经营许可",
        "药品零售许可",
        "营业执照补领",
        "农民专业合作社登记",
        "广告发布登记",
        "特种设备使用登记",
    ],
    "approval": [
        "企业投资项目备案",
        "建设项目环境影响评价审批",
        "建设用地规划许可",
        "危险化学品经营许可",
        "道路运输经营许可",
        "人力资源服务许可",
        "排水许可",
        "户外广告设施设置审批",
        "临时占用道路审批",
        "施工图审查备案",
    ],
    "construction": [
        "建筑工程施工许可",
        "建设工程竣工验收备案",
        "不动产首次登记",
        "不动产转移登记",
        "商品房预售许可",
        "城市建筑垃圾处置核准",
        "燃气经营许可",
        "房屋租赁登记备案",
    ],
    "social": [
        "城乡居民养老保险参保登记",
        "失业保险金申领",
        "就业登记",
        "最低生活保障审核",
        "残疾人证办理",
        "医疗费用报销",
        "高龄津贴发放",
        "婚姻登记预约",
        "退役军人优抚",
    ],
    "finance": [
        "非税收入缴款",
        "财政票据领购",
        "政府采购供应商登记",
        "惠企资金申报",
        "契税缴纳",
        "行政事业性收费",
        "国库集中支付备案",
    ],
}
SCOPES = ["", "（网上申办）", "（跨省通办）", "（全程网办）", "（容缺受理）", "（告知承诺）", "（延续）", "（补证）"]

# 2022 by channel (sum 13,752); kiosk ratings dominate, as in halls with an evaluator per window.
REPORT_CHANNELS = [(Channel.DEVICE, 7_200), (Channel.QR, 2_752), (Channel.PC, 2_300), (Channel.MOBILE, 1_500)]
REPORT_STATIC_QR = 752  # of the QR ratings, given on a staff card without a case
MONTH_WEIGHTS = [6, 5, 9, 9, 9, 9, 9, 8, 9, 9, 9, 9]  # February has the Spring Festival
GOOD_LEVELS = [(Level.VERY_SATISFIED, 93), (Level.SATISFIED, 6), (Level.BASIC, 1)]
ONSITE_TAGS = ["E", "L", "A"]
ONLINE_TAGS = ["OE", "OG", "OC", "OP"]
BAD_TEXTS = [
    "等候时间太长，叫号后窗口无人",
    "材料要求前后说法不一，跑了两趟",
    "工作人员态度冷淡",
    "网上申报系统经常卡顿提交不了",
    "办事指南写得不清楚",
    "窗口午休时间没有人值守",
]
GOOD_TEXTS = ["", "", "", "办事效率高，点赞", "工作人员很耐心", "一次就办好了", "帮办代办很贴心"]


@contextmanager
def replay_clock(moment: datetime) -> Iterator[None]:
    """Services read django.utils.timezone.now(); during history replay it is `moment`."""
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


def _split(total: int, weights: list[int]) -> list[int]:
    raw = [total * w / sum(weights) for w in weights]
    parts = [int(x) for x in raw]
    for i in sorted(range(len(raw)), key=lambda i: raw[i] - parts[i], reverse=True)[: total - sum(parts)]:
        parts[i] += 1
    return parts


def _pick(rng, weighted):  # type: ignore[no-untyped-def]
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights=weights)[0]


def load(ctx: ScenarioContext) -> None:
    rng = ctx.rng
    units = {k: ctx[f"unit.{k}"] for k in ("approval", "market", "social", "construction", "finance")}
    hall = hall_create(
        actor=None, unit=ctx["unit.hall"], code="GXZWDT", kind=HallKind.CENTER, address="聊城高新区黄河路与长江路交叉口"
    )
    ctx["eval.hall"] = hall
    halls = [hall]
    for key, name in TOWNS:
        center = hall_create(
            actor=None,
            unit=ctx[f"unit.center.{key}"],
            code=f"GX{key.upper()[:6]}",
            kind=HallKind.TOWN,
            address=f"{name}政府驻地",
        )
        ctx[f"eval.center.{key}"] = center
        halls.append(center)

    windows, staff = [], []
    n_staff = 0
    for h in halls:
        layout = HALL_WINDOWS if h is hall else CENTER_WINDOWS
        for i, (name, dept) in enumerate(layout, start=1):
            w = window_create(actor=None, hall=h, number=str(i), name=name, department=units[dept])
            windows.append(w)
            if h is hall and i == 1:
                user = ctx["user.clerk"]
            else:
                n_staff += 1
                user = user_create(
                    actor=None,
                    username=f"ck{n_staff:02d}",
                    password=DEMO_PASSWORD,
                    display_name=_staff_name(rng, n_staff),
                    unit=h.unit,
                    roles=[Role.WINDOW_STAFF],
                    phone=f"1396358{n_staff:04d}",
                )
            staff.append(staff_create(actor=None, user=user, hall=h, window=w, job_number=f"{h.code[-3:]}{i:03d}"))
    ctx["eval.windows"], ctx["eval.staff"] = windows, staff
    ctx["eval.devices"] = [
        device_register(actor=None, hall=hall, name=f"{w.number}号窗口评价器", window=w)[0]
        for w in windows
        if w.hall_id == hall.pk
    ]

    items_by_dept: dict[str, list] = {k: [] for k in ITEM_TEMPLATES}
    names = [(dept, f"{base}{scope}") for scope in SCOPES for dept, bases in ITEM_TEMPLATES.items() for base in bases]
    for n in range(ITEM_COUNT):
        dept, name = names[n % len(names)]
        if n >= len(names):
            name = f"{name}（{n // len(names) + 1}）"
        kind = ItemKind.IMMEDIATE if n % 3 else ItemKind.PROMISED
        item = item_create(
            actor=None,
            code=f"11371500MB2800{n + 1:04d}",
            name=name,
            department=units[dept],
            kind=kind,
            time_limit_days=0 if kind == ItemKind.IMMEDIATE else 3 + n % 8,
            is_zero_trip=True,
            is_one_go=True,
            is_online=True,
        )
        items_by_dept[dept].append(item)
    ctx["eval.items"] = items_by_dept

    dept_key = {u.pk: k for k, u in units.items()}
    staff_at = {s.window_id: s for s in staff}
    seq = [0]
    # Good ratings are written in bulk (the rows the services would write: see bulk.py); bad
    # ones go through the services, which open their work orders. The random draws are the
    # same either way, so a given seed and scale always make the same demo.
    writer = RatingWriter()

    def rate(moment: datetime, channel: int, level: int, *, window, static: bool = False, bad_text: str = "") -> object:
        st = staff_at[window.pk]
        case_args = None
        if not static:
            seq[0] += 1
            item = rng.choice(items_by_dept[dept_key[window.department_id]])
            accepted = moment - timedelta(minutes=rng.randint(8, 50))
            case_args = {
                "number": f"GX{moment:%Y%m%d}{seq[0]:06d}",
                "item": item,
                "window": window,
                "staff": st,
                "applicant_type": ApplicantType.PERSON if rng.random() < 0.8 else ApplicantType.ENTERPRISE,
                "applicant_name": _staff_name(rng, seq[0] + 500),
                "applicant_phone": f"13{rng.randint(100000000, 999999999)}",
                "accepted_at": accepted,
            }
            completed = moment - timedelta(minutes=rng.randint(1, 6))
        tags = rng.sample(ONLINE_TAGS if channel in (Channel.PC, Channel.MOBILE) else ONSITE_TAGS, rng.randint(0, 2))
        rater = None
        if level <= Level.DISSATISFIED or rng.random() < 0.3:
            rater = Rater(
                name=_staff_name(rng, rng.randint(1, 9999)),
                phone=f"15{rng.randint(100000000, 999999999)}",
                consent=True,
            )
        key = uuid.UUID(int=rng.getrandbits(128), version=4)
        text = bad_text or rng.choice(GOOD_TEXTS)
        ip = f"10.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
        if level > Level.DISSATISFIED:
            case = None
            if case_args is not None:
                case = writer.case(**case_args, completed_at=completed)
            return writer.rating(
                channel=channel,
                level=level,
                uuid=key,
                case=case,
                staff=st,
                tags=tags,
                text=text,
                rater=rater,
                created_at=moment,
                client_ip=ip,
            )
        writer.flush()  # keep the rows in order
        case = None
        if case_args is not None:
            accepted = case_args.pop("accepted_at")
            with replay_clock(accepted):
                case = case_create(actor=None, hall=window.hall, accepted_at=accepted, **case_args)
            with replay_clock(completed):
                case_complete(actor=None, case=case, completed_at=completed)
        with replay_clock(moment):
            return evaluation_record(
                actor=None,
                channel=channel,
                level=level,
                uuid=key,
                case=case,
                staff=st if static else None,
                tags=tags,
                text=text,
                rater=rater,
                created_at=moment,
                client_ip=ip,
            ).rating

    # ---- 2022, the report year: 13,752 ratings, all good --------------------------------------
    share = ctx.scale * HISTORY_SHARE
    channel_counts = [(ch, round(n * share)) for ch, n in REPORT_CHANNELS]
    total = sum(n for _ch, n in channel_counts)
    static_left = round(REPORT_STATIC_QR * share)
    plan: list[tuple[int, bool]] = []
    for ch, n in channel_counts:
        for _ in range(n):
            is_static = ch == Channel.QR and static_left > 0
            static_left -= is_static
            plan.append((ch, is_static))
    rng.shuffle(plan)
    if len(plan) != total:  # pragma: no cover - a bug in the plan above
        raise RuntimeError("rating plan does not add up")
    months = _split(total, MONTH_WEIGHTS)
    k = 0
    for month, count in enumerate(months, start=1):
        for _ in range(count):
            ch, is_static = plan[k]  # type: ignore[assignment]
            k += 1
            day = rng.randint(1, 28)
            moment = datetime(
                REPORT_YEAR, month, day, rng.randint(9, 16), rng.randint(0, 59), rng.randint(0, 59), tzinfo=SHANGHAI
            )
            window = rng.choice(windows) if ch != Channel.DEVICE else rng.choice(windows[: len(HALL_WINDOWS)])
            rate(moment, ch, _pick(rng, GOOD_LEVELS), window=window, static=is_static)
    writer.flush()

    # ---- recent weeks (after the report): ~600 ratings with 40 bad ones -------------------------
    now = timezone.now()
    bad: list = []
    recent = RECENT_RATINGS * ctx.scale
    bad_slots = set(rng.sample(range(recent), RECENT_BAD * ctx.scale))
    for i in range(recent):
        moment = now - timedelta(days=rng.uniform(0.2, 28))
        moment = moment.astimezone(SHANGHAI).replace(hour=rng.randint(9, 16))
        if moment > now:
            moment -= timedelta(days=1)
        ch = _pick(rng, [(Channel.DEVICE, 55), (Channel.QR, 20), (Channel.PC, 15), (Channel.MOBILE, 10)])
        window = rng.choice(windows[: len(HALL_WINDOWS)]) if ch == Channel.DEVICE else rng.choice(windows)
        if i in bad_slots:
            level = Level.DISSATISFIED if rng.random() < 0.7 else Level.VERY_DISSATISFIED
            bad.append(rate(moment, ch, level, window=window, bad_text=rng.choice(BAD_TEXTS)))
        else:
            rate(
                moment,
                ch,
                _pick(rng, [(Level.VERY_SATISFIED, 80), (Level.SATISFIED, 15), (Level.BASIC, 5)]),
                window=window,
            )
    writer.flush()
    # Bulk writes skip the per-rating statistics hook: the evalstats step rebuilds every counter
    # from the stored rows once all ratings of the demo are in.
    ctx["eval.bad_ratings"] = bad
    # one open case waiting at the clerk's window, for the desk demo
    clerk_staff = staff[0]
    case_create(
        actor=None,
        number=f"GX{now:%Y%m%d}DEMO01",
        item=items_by_dept["market"][0],
        hall=hall,
        window=clerk_staff.window,
        staff=clerk_staff,
        applicant_name="赵六",
        applicant_phone="13800001234",
    )


SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红梅鹏飞建国晓东海燕雪琳志宏"


def _staff_name(rng, n: int) -> str:  # type: ignore[no-untyped-def]
    return SURNAMES[n * 7 % len(SURNAMES)] + GIVEN[n * 3 % len(GIVEN)] + (GIVEN[n * 5 % len(GIVEN)] if n % 3 else "")
