"""Referrals across bases and docking meetings (对接) with their outcomes."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gaoxin.core.audit import audit_log, snapshot
from gaoxin.core.errors import DomainError, InvalidTransition
from gaoxin.core.models import User
from gaoxin.matching.access import base_target
from gaoxin.matching.enums import DockingOutcome, MatchStatus, NeedStatus, ReferralStatus
from gaoxin.matching.models import Base, Docking, Match, Need, Referral
from gaoxin.matching.services._common import DESCRIPTION_MAX, check, clean_amount, clean_choice, clean_text

R = ReferralStatus
REFERRAL_TRANSITIONS = {
    R.PENDING: {R.ACCEPTED, R.DECLINED},
    R.ACCEPTED: {R.COMPLETED},
    R.DECLINED: set(),
    R.COMPLETED: set(),
}


def referral_create(
    *, actor: User | None, need: Need, to_base: Base, note: str = "", match: Match | None = None, now: Any = None
) -> Referral:
    """Refer a need from its serving base to another base of the network."""
    if actor is not None:
        from gaoxin.matching.access import require_on_need

        require_on_need(actor, "matching.referral.create", need)
    note = clean_text(note, label=_("转介说明"), max_length=500, required=False)
    if need.base_id is None:
        raise DomainError(_("该需求没有服务基地，不能转介。"), code="referral_no_base")
    if to_base.pk == need.base_id:
        raise DomainError(_("不能转介给本基地。"), code="referral_same_base")
    if need.status not in (NeedStatus.SUBMITTED, NeedStatus.MATCHING, NeedStatus.DOCKING):
        raise InvalidTransition(_("已办结的需求不能转介。"), code="referral_closed")
    if match is not None and match.need_id != need.pk:
        raise DomainError(_("所选匹配不属于该需求。"), code="referral_match")
    if Referral.objects.filter(need=need, to_base=to_base, status__in=[R.PENDING, R.ACCEPTED]).exists():
        raise DomainError(_("该需求已转介给%(b)s，正在办理中。") % {"b": to_base}, code="referral_duplicate")
    with transaction.atomic():
        referral = Referral.objects.create(
            need=need, match=match, from_base_id=need.base_id, to_base=to_base, note=note,
            created_by=actor or need.created_by, created_at=now or timezone.now(),
        )  # fmt: skip
        audit_log(actor=actor, action="matching.referral.create", obj=referral, after=snapshot(referral),
                  unit_id=need.unit_id)  # fmt: skip
    return referral


def referral_respond(
    *, actor: User | None, referral: Referral, status: str, outcome: str = "", now: Any = None
) -> Referral:
    """The receiving base accepts, declines or completes a referral; the outcome flows back."""
    check(actor, "matching.referral.receive", base_target(referral.to_base))  # before validating the input
    status = clean_choice(status, ReferralStatus, label=_("转介状态"))
    outcome = clean_text(outcome, label=_("办理结果"), max_length=500, required=False)
    with transaction.atomic():
        locked = Referral.objects.select_for_update().get(pk=referral.pk)
        if status not in REFERRAL_TRANSITIONS[ReferralStatus(locked.status)]:
            raise InvalidTransition(
                _("转介不能从“%(a)s”变为“%(b)s”。") % {"a": R(locked.status).label, "b": R(status).label}
            )
        before = {"status": locked.status, "outcome": locked.outcome}
        locked.status = status
        locked.outcome = outcome or locked.outcome
        locked.responded_by, locked.responded_at = actor, now or timezone.now()
        locked.save(update_fields=["status", "outcome", "responded_by", "responded_at"])
        audit_log(actor=actor, action="matching.referral.respond", obj=locked, before=before,
                  after={"status": status, "outcome": locked.outcome}, unit_id=locked.to_base.unit_id)  # fmt: skip
    referral.refresh_from_db()
    return referral


def docking_record(
    *,
    actor: User | None,
    need: Need,
    base: Base,
    held_on: date,
    place: str = "",
    participants: str = "",
    notes: str = "",
    outcome: str = DockingOutcome.PENDING,
    deal_amount_wan: Any = None,
    match: Match | None = None,
    referral: Referral | None = None,
    now: Any = None,
) -> Docking:
    """Record a docking meeting. A deal marks the match 已成交; a need in 匹配中 moves to 对接中."""
    if actor is not None:
        from gaoxin.matching.access import require_on_need

        require_on_need(actor, "matching.docking.record", need)
        check(actor, "matching.docking.record", base_target(base))
    outcome = clean_choice(outcome, DockingOutcome, label=_("对接结果"))
    place = clean_text(place, label=_("地点"), max_length=200, required=False)
    participants = clean_text(participants, label=_("参与方"), max_length=500, required=False)
    notes = clean_text(notes, label=_("纪要"), max_length=DESCRIPTION_MAX, required=False)
    amount = clean_amount(deal_amount_wan, label=_("成交金额"))
    if held_on is None:
        raise DomainError(_("对接日期不能为空。"), code="required")
    if amount is not None and outcome != DockingOutcome.DEAL:
        raise DomainError(_("只有达成合作时才能填写成交金额。"), code="deal_amount_without_deal")
    if match is not None and match.need_id != need.pk:
        raise DomainError(_("所选匹配不属于该需求。"), code="docking_match")
    if referral is not None and referral.need_id != need.pk:
        raise DomainError(_("所选转介不属于该需求。"), code="docking_referral")
    if need.status not in (NeedStatus.MATCHING, NeedStatus.DOCKING):
        raise InvalidTransition(_("需求处于“%(s)s”状态，不能记录对接。") % {"s": need.get_status_display()})
    moment = now or timezone.now()
    with transaction.atomic():
        docking = Docking.objects.create(
            need=need, base=base, held_on=held_on, place=place, participants=participants, notes=notes,
            outcome=outcome, deal_amount_wan=amount, match=match, referral=referral,
            recorded_by=actor or need.created_by, recorded_at=moment,
        )  # fmt: skip
        audit_log(actor=actor, action="matching.docking.record", obj=docking, after=snapshot(docking),
                  unit_id=base.unit_id)  # fmt: skip
        if need.status == NeedStatus.MATCHING:
            from gaoxin.matching.services.needs import _transition

            _transition(actor=actor, need=need, to=NeedStatus.DOCKING, note=_("已安排对接"), now=moment)
        if match is not None and outcome == DockingOutcome.DEAL and match.status != MatchStatus.DEAL:
            from gaoxin.matching.services.matches import match_decide

            if match.status == MatchStatus.PROPOSED:
                match_decide(actor=None, match=match, status=MatchStatus.ACCEPTED, now=moment)
            match_decide(actor=None, match=match, status=MatchStatus.DEAL, now=moment)
            _use_capacity(match.resource_id, moment)
    return docking


def _use_capacity(resource_id: int, moment: Any) -> None:
    """A deal takes one slot of a resource with a capacity (the engine sees it on its next refresh)."""
    from gaoxin.matching.models import Resource

    resource = Resource.objects.select_for_update().get(pk=resource_id)
    if resource.remaining is None or resource.remaining == 0:
        return
    before = {"remaining": resource.remaining}
    resource.remaining -= 1
    resource.updated_at = max(moment, timezone.now())  # the engine refreshes rows changed since its last look
    resource.save(update_fields=["remaining", "updated_at"])
    audit_log(actor=None, action="matching.resource.use_capacity", obj=resource, before=before,
              after={"remaining": resource.remaining})  # fmt: skip
