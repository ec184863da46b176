"""Step: the bad-rating closed loop on the intake step's recent bad ratings.

Every work order was opened by the rating hook; here the departments' handlers call back,
verify, fix and answer, raters rate the fixes, one appeal is upheld and one rejected, some
orders stay open past their deadlines (overdue, escalated by the deadline job). Actions are
replayed at plausible moments after each rating, through the services.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from django.utils import timezone

from gaoxin.core.enums import Role
from gaoxin.core.services import user_create
from gaoxin.demo.personas import DEMO_PASSWORD
from gaoxin.demo.scenario.context import ScenarioContext
from gaoxin.demo.scenario.evaluations import replay_clock
from gaoxin.evaluations.enums import Channel, Level
from gaoxin.evaluations.services import evaluation_record
from gaoxin.rectifications.enums import Finding, FixMode, Status
from gaoxin.rectifications.models import WorkOrder
from gaoxin.rectifications.services import (
    work_order_answer,
    work_order_appeal,
    work_order_appeal_decide,
    work_order_close,
    work_order_plan,
    work_order_topic_correct,
    work_order_verify,
    work_orders_deadline_scan,
)

HANDLERS = {
    "market": "吴市监",
    "social": "郑社保",
    "construction": "冯建设",
    "finance": "褚财政",
}
ANSWERS = {
    FixMode.IMMEDIATE: "已对窗口人员进行批评教育，当场为您补办，感谢监督。",
    FixMode.PLANNED: "已制定整改计划：增设自助服务终端并优化叫号，计划按期完成。",
    FixMode.EXPLAIN: "经核实该事项须依法提交原件，已向您解释政策依据并提供邮寄办理渠道。",
}

# what happens to the oldest orders, in order; the rest cycle through MIDDLE, the newest stay opened
SCRIPT = [
    "satisfied",
    "satisfied_basic",
    "reopen",
    "upheld",
    "rejected",
    "no_followup",
    "late",
    "answered",
    "planned",
    "explain",
    "verified",
    "overdue",
    "overdue",
]
MIDDLE = ["satisfied", "answered", "planned", "verified", "overdue", "satisfied", "answered"]
NEWEST_OPEN = 4


def _handlers(ctx: ScenarioContext) -> dict[int, object]:
    by_unit = {ctx["unit.approval"].pk: ctx["user.handler"]}
    for key, name in HANDLERS.items():
        unit = ctx[f"unit.{key}"]
        user = user_create(
            actor=None,
            username=f"handler_{key}",
            password=DEMO_PASSWORD,
            display_name=name,
            unit=unit,
            roles=[Role.HANDLER],
            phone="",
        )
        by_unit[unit.pk] = user
        ctx[f"user.handler_{key}"] = user
    return by_unit


def _followup(ctx: ScenarioContext, order: WorkOrder, level: int, when: datetime) -> None:
    with replay_clock(when):
        evaluation_record(
            actor=None,
            channel=Channel.SMS,
            level=level,
            uuid=uuid.UUID(int=ctx.rng.getrandbits(128), version=4),
            case=order.case,
            rating_no=2,
            created_at=when,
        )


def _play(ctx: ScenarioContext, order: WorkOrder, fate: str, handler, manager, now: datetime) -> None:
    rng = ctx.rng
    t = order.opened_at + timedelta(hours=rng.uniform(1, 5))

    def at(hours: float) -> datetime | None:
        nonlocal t
        t = t + timedelta(hours=hours)
        return t if t < now else None

    if fate == "overdue":
        return
    if fate in ("upheld", "rejected"):
        if not at(2):
            return
        with replay_clock(t):
            work_order_appeal(
                actor=handler,
                order=order,
                reasons="经调取窗口监控和办件记录，评价人反映的排队时间与系统记录严重不符，属于误评。",
            )
        if not at(20):
            return
        with replay_clock(t):
            work_order_appeal_decide(
                actor=manager,
                order=order,
                uphold=fate == "upheld",
                decision="经复核，监控与叫号记录证实属误评，申诉成立。"
                if fate == "upheld"
                else "证据不足以证明属误评，申诉驳回，请继续整改。",
            )
        if fate == "upheld" or not at(24):
            return
        with replay_clock(t):
            work_order_answer(actor=handler, order=order, answer=ANSWERS[FixMode.IMMEDIATE])
        return
    with replay_clock(t):
        work_order_verify(
            actor=handler,
            order=order,
            finding=rng.choice([Finding.TRUE, Finding.TRUE, Finding.PARTLY]),
            notes="经调取办件记录并询问窗口人员，情况基本属实。",
            called_back=order.is_real_name,
            callback_notes="已电话回访评价人，了解具体诉求。" if order.is_real_name else "",
        )
    if fate == "verified" or not at(3):
        return
    mode = {"planned": FixMode.PLANNED, "explain": FixMode.EXPLAIN}.get(fate, FixMode.IMMEDIATE)
    with replay_clock(t):
        work_order_plan(
            actor=handler,
            order=order,
            mode=mode,
            plan=ANSWERS[mode],
            plan_due_date=(timezone.localtime(t) + timedelta(days=20)).date() if mode == FixMode.PLANNED else None,
        )
    if fate == "planned":
        return
    if fate == "late":
        t = order.fix_due_at + timedelta(hours=10)
        if t >= now:
            return
    elif not at(rng.uniform(4, 30)):
        return
    with replay_clock(t):
        work_order_answer(actor=handler, order=order, answer=ANSWERS[mode])
    if fate in ("answered", "explain") or not at(rng.uniform(5, 40)):
        return
    if fate in ("satisfied", "satisfied_basic"):
        _followup(ctx, order, Level.SATISFIED if fate == "satisfied" else Level.BASIC, t)
    elif fate == "reopen":
        _followup(ctx, order, Level.DISSATISFIED, t)
        if at(26):
            with replay_clock(t):
                work_order_answer(
                    actor=handler, order=order, answer="已升级督办，由分管负责人牵头再次整改，并当面致歉。"
                )
            if at(60):
                with replay_clock(t):
                    work_order_close(actor=manager, order=order, note="再次整改后群众未再提出异议。")
    elif fate in ("no_followup", "late"):
        t = t + timedelta(days=6)
        if t < now:
            with replay_clock(t):
                work_order_close(actor=manager, order=order, note="反馈后 5 个工作日内未追评，办结。")


def load(ctx: ScenarioContext) -> None:
    now = timezone.now()
    handlers = _handlers(ctx)
    manager = ctx["user.hall"]
    ids = [r.pk for r in ctx["eval.bad_ratings"]]
    orders = list(WorkOrder.objects.filter(rating_id__in=ids).select_related("hall").order_by("opened_at", "pk"))
    newest = orders[-NEWEST_OPEN:] if len(orders) > NEWEST_OPEN else []
    playable = orders[: len(orders) - len(newest)]
    fates = SCRIPT + [MIDDLE[i % len(MIDDLE)] for i in range(max(0, len(playable) - len(SCRIPT)))]
    for order, fate in zip(playable, fates, strict=False):
        handler = handlers.get(order.department_id, ctx["user.admin"])
        supervisor = manager if order.hall.unit_id == ctx["unit.hall"].pk else ctx["user.admin"]
        _play(ctx, order, fate, handler, supervisor, now)
    # a handler corrects two machine-assigned topics: the model learns (state persisted)
    for order in WorkOrder.objects.filter(rating_id__in=ids, department_id=ctx["unit.approval"].pk).order_by("pk")[:2]:
        order.refresh_from_db()
        if order.status != Status.EXCLUDED:
            work_order_topic_correct(
                actor=ctx["user.handler"],
                order=order,
                topic="waiting" if "等" in order.text or "排队" in order.text else "attitude",
            )
    work_orders_deadline_scan(now=now)
    ctx["rect.orders"] = orders
