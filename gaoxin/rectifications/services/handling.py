"""Handling a work order: call back and verify, plan the fix, answer, close, reroute, appeal."""

from __future__ import annotations

from datetime import date

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gaoxin.core.errors import Conflict, DomainError
from gaoxin.core.models import Unit, User
from gaoxin.core.notify.services import notify
from gaoxin.evalstats.rollup import flags_of
from gaoxin.evalstats.services import rollup_rating_changed
from gaoxin.evaluations.models import RatingExclusion
from gaoxin.rectifications.enums import EventKind, Finding, FixMode, Outcome, Status
from gaoxin.rectifications.models import AppealEvidence, WorkOrder
from gaoxin.rectifications.services._common import (
    handlers_of,
    load_order,
    record_event,
    require_handle,
    require_supervise,
    require_text,
    transition,
)
from gaoxin.rectifications.services.opening import order_url, sms_to_rater

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
EVIDENCE_SUFFIXES = (".pdf", ".jpg", ".jpeg", ".png", ".doc", ".docx", ".xls", ".xlsx", ".mp3", ".wav", ".txt")


def _save(order: WorkOrder, before) -> None:
    order.save()
    rollup_rating_changed(rating=order.rating, before=before, after=flags_of(order))


def work_order_verify(
    *,
    actor: User,
    order: WorkOrder,
    finding: str,
    notes: str,
    called_back: bool = False,
    callback_notes: str = "",
) -> WorkOrder:
    """回访 and 核实. Real-name ratings must be called back; anonymous ones skip the call-back."""
    if finding not in Finding.values:
        raise DomainError(_("请选择核实结论：属实、部分属实或不属实。"), code="invalid_finding")
    notes = require_text(notes, _("请填写核实情况。"), code="notes_required")
    with transaction.atomic():
        order = load_order(order)
        require_handle(actor, order)
        if order.is_real_name and not called_back:
            raise DomainError(_("实名差评须先回访评价人，再提交核实结论。"), code="callback_required")
        if order.is_real_name and not (callback_notes or "").strip():
            raise DomainError(_("请填写回访记录。"), code="callback_notes_required")
        before = flags_of(order)
        order.called_back = bool(order.is_real_name and called_back)
        order.callback_notes = (callback_notes or "").strip()
        order.finding, order.finding_notes = finding, notes
        order.verified_at = timezone.now()
        transition(
            order, Status.VERIFIED, actor=actor, note=notes, data={"finding": finding, "called_back": order.called_back}
        )
        _save(order, before)
    return order


def work_order_plan(
    *, actor: User, order: WorkOrder, mode: str, plan: str, plan_due_date: date | None = None
) -> WorkOrder:
    """立行立改, 限期整改 (with a dated plan in the ledger) or 依法解释 (no legal basis)."""
    if mode not in FixMode.values:
        raise DomainError(_("请选择整改方式。"), code="invalid_mode")
    plan = require_text(plan, _("请填写整改措施或解释依据。"), code="plan_required")
    today = timezone.localdate()
    if mode == FixMode.PLANNED:
        if plan_due_date is None:
            raise DomainError(_("限期整改须填写计划完成日期。"), code="plan_date_required")
        if plan_due_date < today:
            raise DomainError(_("计划完成日期不能早于今天。"), code="plan_date_past")
    elif plan_due_date is not None:
        plan_due_date = None
    with transaction.atomic():
        order = load_order(order)
        require_handle(actor, order)
        order.fix_mode, order.fix_plan, order.plan_due_date = mode, plan, plan_due_date
        order.fixing_at = timezone.now()
        transition(
            order,
            Status.FIXING,
            actor=actor,
            note=plan,
            data={"mode": mode, "plan_due_date": plan_due_date.isoformat() if plan_due_date else None},
        )
        order.save()
    return order


def work_order_answer(*, actor: User, order: WorkOrder, answer: str) -> WorkOrder:
    """整改反馈 to the rater (by SMS when real-name); on time when before the fix deadline."""
    answer = require_text(answer, _("请填写反馈内容。"), code="answer_required")
    with transaction.atomic():
        order = load_order(order)
        require_handle(actor, order)
        before = flags_of(order)
        now = timezone.now()
        order.answer, order.answered_at = answer, now
        if order.first_answered_at is None:
            order.first_answered_at = now
            order.answered_on_time = now <= order.fix_due_at
        transition(order, Status.ANSWERED, actor=actor, note=answer, data={"on_time": now <= order.fix_due_at})
        _save(order, before)
        sms_to_rater(
            order,
            _("您反映的问题已整改：%(a)s 欢迎对整改结果进行评价。") % {"a": answer[:60]},
            f"answer-{order.reopen_count}",
        )
    return order


def work_order_close(*, actor: User, order: WorkOrder, note: str = "") -> WorkOrder:
    """The hall manager closes an answered order the rater did not rate (or after a reopen)."""
    with transaction.atomic():
        order = load_order(order)
        require_supervise(actor, "rectifications.order.close", order)
        order.outcome = Outcome.CLOSED_AFTER_REOPEN if order.reopen_count else Outcome.CLOSED_NO_FOLLOWUP
        order.closed_at = timezone.now()
        transition(order, Status.CLOSED, actor=actor, note=(note or "").strip() or order.get_outcome_display())
        order.save()
    return order


def work_order_reroute(*, actor: User, order: WorkOrder, department: Unit, reason: str) -> WorkOrder:
    """Send the order to another responsible unit (status unchanged; the trace is kept)."""
    reason = require_text(reason, _("请填写改派理由。"), code="reason_required")
    with transaction.atomic():
        order = load_order(order)
        require_supervise(actor, "rectifications.order.reroute", order)
        if order.status in (Status.CLOSED, Status.EXCLUDED):
            raise Conflict(_("工单已办结，不能改派。"), code="order_final")
        if department.pk == order.department_id:
            raise DomainError(_("新责任单位与当前责任单位相同。"), code="same_department")
        previous = order.department
        order.department = department
        order.save(update_fields=["department"])
        record_event(
            order,
            EventKind.REROUTE,
            actor=actor,
            note=reason,
            data={"from": previous.pk, "from_name": previous.name, "to": department.pk, "to_name": department.name},
        )
        notify(
            recipients=handlers_of(department),
            kind="rectifications.open",
            title=_("差评工单 %(n)s 已改派至本单位") % {"n": order.number},
            url=order_url(order),
            object_type="rectifications.workorder",
            object_id=order.pk,
        )
    return order


def work_order_appeal(
    *, actor: User, order: WorkOrder, reasons: str, files: list[UploadedFile] | tuple = ()
) -> WorkOrder:
    """The department files 申诉 (mistaken or malicious rating) with reasons and evidence."""
    reasons = require_text(reasons, _("请填写申诉理由。"), code="reasons_required")
    if len(reasons) < 10:
        raise DomainError(_("申诉理由过于简单，请至少写 10 个字。"), code="reasons_too_short")
    for f in files:
        if f.size > MAX_EVIDENCE_BYTES:  # type: ignore[operator]
            raise DomainError(_("证据文件不能超过 10 MB：%(n)s") % {"n": f.name}, code="evidence_too_large")
        if not f.name.lower().endswith(EVIDENCE_SUFFIXES):  # type: ignore[union-attr]
            raise DomainError(_("不支持的证据文件类型：%(n)s") % {"n": f.name}, code="evidence_type")
    with transaction.atomic():
        order = load_order(order)
        require_handle(actor, order)
        if order.appeal_filed_at is not None:
            raise Conflict(_("该工单已申诉过，不能再次申诉。"), code="appeal_once")
        before = flags_of(order)
        now = timezone.now()
        order.appeal_reasons, order.appeal_filed_at = reasons, now
        transition(order, Status.APPEALED, actor=actor, note=reasons, data={"files": [f.name for f in files]})
        for f in files:
            AppealEvidence.objects.create(order=order, file=f, name=f.name[:200], uploaded_by=actor, uploaded_at=now)  # type: ignore[index]
        _save(order, before)
        from gaoxin.rectifications.services._common import hall_managers_of

        notify(
            recipients=hall_managers_of(order.hall.unit),
            kind="rectifications.appeal",
            title=_("差评工单 %(n)s 提出申诉，请复核") % {"n": order.number},
            url=order_url(order),
            object_type="rectifications.workorder",
            object_id=order.pk,
        )
    return order


def work_order_appeal_decide(*, actor: User, order: WorkOrder, uphold: bool, decision: str) -> WorkOrder:
    """The hall manager upholds (the rating is excluded from statistics, and kept) or rejects."""
    decision = require_text(decision, _("请填写复核意见。"), code="decision_required")
    with transaction.atomic():
        order = load_order(order)
        require_supervise(actor, "rectifications.appeal.decide", order)
        before = flags_of(order)
        now = timezone.now()
        order.appeal_decision, order.appeal_decided_by, order.appeal_decided_at = decision, actor, now
        order.appeal_upheld = bool(uphold)
        if uphold:
            order.outcome, order.closed_at = Outcome.APPEAL_UPHELD, now
            transition(order, Status.EXCLUDED, actor=actor, note=decision)
            RatingExclusion.objects.create(
                rating=order.rating, reason=decision, decided_by=actor, decided_at=now, appeal_ref=order.number
            )
        else:
            order.fixing_at = now
            transition(order, Status.FIXING, actor=actor, note=decision)
        _save(order, before)
        notify(
            recipients=handlers_of(order.department),
            kind="rectifications.appeal",
            title=(_("申诉成立：%(n)s") if uphold else _("申诉驳回，请继续整改：%(n)s")) % {"n": order.number},
            url=order_url(order),
            object_type="rectifications.workorder",
            object_id=order.pk,
        )
    return order


def work_order_rater_reveal(*, actor: User, order: WorkOrder):
    """Reveal the rater to a handler of this order (the intake's service audits it; we add a timeline row)."""
    from gaoxin.evaluations.services.privacy import rater_identity_reveal

    identity = rater_identity_reveal(actor=actor, rating=order.rating)
    with transaction.atomic():
        record_event(order, EventKind.REVEAL, actor=actor)
    return identity
