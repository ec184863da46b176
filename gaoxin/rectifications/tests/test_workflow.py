"""The transition table, every (from, to) pair through the services, and the closed loop."""

from __future__ import annotations

import itertools

import pytest
import time_machine

from gaoxin.core.errors import DomainError, InvalidTransition, PermissionDenied
from gaoxin.core.models import AuditEvent
from gaoxin.evaluations.enums import Level
from gaoxin.evaluations.models import RatingExclusion
from gaoxin.rectifications import workflow
from gaoxin.rectifications.enums import Finding, FixMode, Outcome, Status
from gaoxin.rectifications.models import WorkOrder, WorkOrderEvent
from gaoxin.rectifications.services import (
    work_order_answer,
    work_order_appeal,
    work_order_appeal_decide,
    work_order_close,
    work_order_plan,
    work_order_verify,
)
from gaoxin.rectifications.tests.factory import at

EXPECTED = {
    ("opened", "verified"),
    ("verified", "fixing"),
    ("fixing", "answered"),
    ("answered", "closed"),
    ("answered", "fixing"),
    ("opened", "appealed"),
    ("verified", "appealed"),
    ("fixing", "appealed"),
    ("appealed", "excluded"),
    ("appealed", "fixing"),
}
ALL_PAIRS = list(itertools.product(Status.values, Status.values))


@pytest.mark.parametrize(("previous", "current"), ALL_PAIRS)
def test_transition_table_covers_every_pair(previous, current):
    assert workflow.allowed(previous, current) == ((previous, current) in EXPECTED)
    if (previous, current) in EXPECTED:
        assert workflow.check(previous, current)
    else:
        with pytest.raises(InvalidTransition) as exc:
            workflow.check(previous, current)
        assert "不能变更为" in exc.value.message


def drive(loop, status: str) -> WorkOrder:
    """A real-name bad rating's work order brought to `status` through the services."""
    w = loop.world
    rating = loop.rate(level=Level.DISSATISFIED, when=at(2026, 11, 2, 10), text="窗口人员态度很差，排队太久")
    order = WorkOrder.objects.get(rating=rating)
    with time_machine.travel(at(2026, 11, 2, 15), tick=False):
        if status in ("verified", "fixing", "answered", "closed"):
            work_order_verify(
                actor=w.handler,
                order=order,
                finding=Finding.TRUE,
                notes="情况属实",
                called_back=True,
                callback_notes="已电话回访",
            )
        if status in ("fixing", "answered", "closed"):
            work_order_plan(actor=w.handler, order=order, mode=FixMode.IMMEDIATE, plan="窗口人员批评教育")
        if status in ("answered", "closed"):
            work_order_answer(actor=w.handler, order=order, answer="已整改，增加窗口")
        if status == "closed":
            work_order_close(actor=w.hall_manager, order=order, note="未追评，办结")
        if status in ("appealed", "excluded"):
            work_order_appeal(actor=w.handler, order=order, reasons="评价人当日并未到窗口办理业务，属于误评")
        if status == "excluded":
            work_order_appeal_decide(actor=w.hall_manager, order=order, uphold=True, decision="经核查属误评")
    order.refresh_from_db()
    assert order.status == status
    return order


# each service and the status it moves the order to
ACTIONS = {
    "verify": (
        "verified",
        lambda w, o: work_order_verify(
            actor=w.handler, order=o, finding=Finding.TRUE, notes="属实", called_back=True, callback_notes="已回访"
        ),
    ),
    "plan": ("fixing", lambda w, o: work_order_plan(actor=w.handler, order=o, mode=FixMode.IMMEDIATE, plan="立改")),
    "answer": ("answered", lambda w, o: work_order_answer(actor=w.handler, order=o, answer="已整改")),
    "close": ("closed", lambda w, o: work_order_close(actor=w.hall_manager, order=o)),
    "appeal": (
        "appealed",
        lambda w, o: work_order_appeal(actor=w.handler, order=o, reasons="系误评，评价人未办理业务"),
    ),
    "uphold": (
        "excluded",
        lambda w, o: work_order_appeal_decide(actor=w.hall_manager, order=o, uphold=True, decision="属误评"),
    ),
    "reject": (
        "fixing",
        lambda w, o: work_order_appeal_decide(actor=w.hall_manager, order=o, uphold=False, decision="理由不足"),
    ),
}


@pytest.mark.parametrize(("status", "action"), list(itertools.product(Status.values, ACTIONS)))
def test_every_service_transition_from_every_state(loop, status, action):
    order = drive(loop, status)
    target, call = ACTIONS[action]
    legal = (status, target) in EXPECTED and not (action == "appeal" and order.appeal_filed_at)
    events, audits = WorkOrderEvent.objects.count(), AuditEvent.objects.count()
    with time_machine.travel(at(2026, 11, 3, 9), tick=False):
        if legal:
            call(loop.world, order)
            order.refresh_from_db()
            assert order.status == target
            assert WorkOrderEvent.objects.count() == events + 1
        else:
            with pytest.raises(DomainError):
                call(loop.world, order)
            order.refresh_from_db()
            assert order.status == status
            assert (WorkOrderEvent.objects.count(), AuditEvent.objects.count()) == (events, audits)


def test_bad_rating_opens_order_with_deadlines_across_national_day(loop, world):
    rating = loop.rate(level=Level.VERY_DISSATISFIED, when=at(2026, 9, 30, 10), text="办事指南写得不清楚")
    order = WorkOrder.objects.get(rating=rating)
    # 10-01..10-07 holidays; 10-08 and 10-09 working; 10-10 (Sat) is a make-up working day.
    assert order.callback_due_at == at(2026, 10, 8, 23, 59, 59)
    assert order.fix_due_at == at(2026, 10, 13, 23, 59, 59)
    assert (order.callback_due_provisional, order.fix_due_provisional) == (False, False)
    assert order.department == world.units["approval"]
    assert order.status == Status.OPENED
    assert list(order.events.values_list("kind", flat=True)) == ["open"]
    assert world.handler.notifications.filter(kind="rectifications.open").count() == 1


def test_good_and_default_ratings_open_nothing(loop):
    loop.rate(level=Level.BASIC, when=at(2026, 11, 2, 10))
    loop.rate(level=Level.VERY_SATISFIED, when=at(2026, 11, 2, 11))
    assert WorkOrder.objects.count() == 0


def test_deadline_in_a_year_without_calendar_is_provisional(loop):
    rating = loop.rate(level=Level.DISSATISFIED, when=at(2027, 3, 1, 10), real_name=False)
    order = WorkOrder.objects.get(rating=rating)
    assert order.callback_due_provisional is True
    assert order.callback_due_at == at(2027, 3, 2, 23, 59, 59)


def test_other_department_handler_is_refused_and_nothing_written(loop, world):
    rating = loop.rate(level=Level.DISSATISFIED, when=at(2026, 11, 2, 10), window="market")
    order = WorkOrder.objects.get(rating=rating)
    counts = (WorkOrderEvent.objects.count(), AuditEvent.objects.count())
    for actor in (world.handler, world.other_handler, world.clerk):
        with pytest.raises(PermissionDenied):
            work_order_verify(
                actor=actor, order=order, finding=Finding.TRUE, notes="x", called_back=True, callback_notes="x"
            )
        with pytest.raises(PermissionDenied):
            work_order_appeal(actor=actor, order=order, reasons="这是一条足够长的申诉理由文本")
    order.refresh_from_db()
    assert order.status == Status.OPENED
    assert order.finding == ""
    assert (WorkOrderEvent.objects.count(), AuditEvent.objects.count()) == counts


@pytest.mark.parametrize("reasons", ["", "   ", "太短了"])
def test_appeal_without_reasons_is_refused(loop, world, reasons):
    order = drive(loop, "opened")
    with pytest.raises(DomainError) as exc:
        work_order_appeal(actor=world.handler, order=order, reasons=reasons)
    assert exc.value.code in ("reasons_required", "reasons_too_short")
    order.refresh_from_db()
    assert order.status == Status.OPENED
    assert order.appeal_filed_at is None


def test_real_name_needs_call_back_anonymous_skips_it(loop, world):
    order = drive(loop, "opened")
    with pytest.raises(DomainError) as exc:
        work_order_verify(actor=world.handler, order=order, finding=Finding.TRUE, notes="属实")
    assert exc.value.code == "callback_required"
    anon = WorkOrder.objects.get(rating=loop.rate(level=Level.DISSATISFIED, when=at(2026, 11, 2, 11), real_name=False))
    work_order_verify(actor=world.handler, order=anon, finding=Finding.PARTLY, notes="部分属实")
    anon.refresh_from_db()
    assert (anon.status, anon.called_back) == (Status.VERIFIED, False)


def test_planned_fix_needs_a_date(loop, world):
    order = drive(loop, "verified")
    with pytest.raises(DomainError) as exc:
        work_order_plan(actor=world.handler, order=order, mode=FixMode.PLANNED, plan="增设自助机")
    assert exc.value.code == "plan_date_required"
    with time_machine.travel(at(2026, 11, 3, 9), tick=False):
        work_order_plan(
            actor=world.handler,
            order=order,
            mode=FixMode.PLANNED,
            plan="增设自助机",
            plan_due_date=at(2026, 12, 1).date(),
        )
    order.refresh_from_db()
    assert (order.status, order.plan_due_date.isoformat()) == (Status.FIXING, "2026-12-01")


def test_upheld_appeal_excludes_and_keeps_the_rating(loop, world):
    order = drive(loop, "excluded")
    exclusion = RatingExclusion.objects.get(rating=order.rating)
    assert (exclusion.reason, exclusion.decided_by, exclusion.appeal_ref) == (
        "经核查属误评",
        world.hall_manager,
        order.number,
    )
    assert order.outcome == Outcome.APPEAL_UPHELD
    assert order.rating.pk is not None
    assert order.rating.__class__.objects.filter(pk=order.rating.pk).exists()


def test_followup_unsatisfied_reopens_once_then_closes(loop, world):
    order = drive(loop, "answered")
    from gaoxin.rectifications.selectors import followup_allowed

    assert followup_allowed(order.case) is True
    loop.rate(level=Level.DISSATISFIED, when=at(2026, 11, 4, 10), case=order.case, rating_no=2)
    order.refresh_from_db()
    assert (order.status, order.reopen_count, order.escalated) == (Status.FIXING, 1, True)
    assert order.fix_due_at == at(2026, 11, 11, 23, 59, 59)
    assert world.hall_manager.notifications.filter(kind="rectifications.escalate").count() == 1
    assert followup_allowed(order.case) is False
    with time_machine.travel(at(2026, 11, 5, 9), tick=False):
        work_order_answer(actor=world.handler, order=order, answer="再次整改完成")
        work_order_close(actor=world.hall_manager, order=order)
    order.refresh_from_db()
    assert (order.status, order.outcome) == (Status.CLOSED, Outcome.CLOSED_AFTER_REOPEN)


def test_followup_satisfied_closes(loop):
    order = drive(loop, "answered")
    loop.rate(level=Level.SATISFIED, when=at(2026, 11, 4, 10), case=order.case, rating_no=2)
    order.refresh_from_db()
    assert (order.status, order.outcome) == (Status.CLOSED, Outcome.SATISFIED)
    assert list(order.events.values_list("kind", flat=True)) == ["open", "verify", "plan", "answer", "close"]
