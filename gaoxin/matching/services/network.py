"""The network: bases, signed enterprises (incubations), the service trail and events."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gaoxin.core.audit import audit_log, snapshot
from gaoxin.core.enums import UnitKind
from gaoxin.core.errors import DomainError
from gaoxin.core.models import Unit, User
from gaoxin.enterprises.models import Enterprise, Industry
from gaoxin.matching.access import base_target
from gaoxin.matching.enums import BaseKind, EventKind, IncubationStage, TrailKind
from gaoxin.matching.models import Base, Event, EventRegistration, Incubation, TrailEntry
from gaoxin.matching.services._common import DESCRIPTION_MAX, check, clean_choice, clean_text


def base_register(
    *,
    actor: User | None,
    unit: Unit,
    kind: str = BaseKind.INCUBATOR,
    network: str = "",
    city: str = "",
    region_code: str = "",
) -> Base:
    """Make a core Unit of kind 孵化基地 a base of the network (one Base per unit)."""
    check(actor, "matching.base.manage", base_target_for_unit(unit))
    if unit.kind != UnitKind.BASE:
        raise DomainError(_("只有“孵化基地”类型的单位才能登记为基地：%(u)s") % {"u": unit}, code="base_unit_kind")
    kind = clean_choice(kind, BaseKind, label=_("基地类型"))
    network = clean_text(network, label=_("所属网络"), max_length=50, required=False)
    city = clean_text(city, label=_("城市"), max_length=50, required=False)
    if Base.objects.filter(unit=unit).exists():
        raise DomainError(_("该单位已登记为基地。"), code="base_duplicate")
    with transaction.atomic():
        base = Base.objects.create(unit=unit, kind=kind, network=network, city=city,
                                   region_code=region_code or unit.region.code)  # fmt: skip
        audit_log(actor=actor, action="matching.base.register", obj=base, after=snapshot(base), unit_id=unit.pk)
    return base


def base_target_for_unit(unit: Unit) -> Any:
    from gaoxin.core.permissions import target_for_unit

    return target_for_unit(unit)


def incubation_sign(
    *,
    actor: User | None,
    base: Base,
    enterprise: Enterprise,
    signed_on: date,
    industry: Industry | None = None,
    stage: str = "",
) -> Incubation:
    check(actor, "matching.base.manage", base_target(base))
    if stage:
        stage = clean_choice(stage, IncubationStage, label=_("发展阶段"))
    if Incubation.objects.filter(base=base, enterprise=enterprise).exists():
        raise DomainError(_("%(e)s已与本基地签约。") % {"e": enterprise}, code="incubation_duplicate")
    with transaction.atomic():
        inc = Incubation.objects.create(base=base, enterprise=enterprise, signed_on=signed_on,
                                        industry=industry or enterprise.industry, stage=stage)  # fmt: skip
        audit_log(actor=actor, action="matching.incubation.sign", obj=inc, after=snapshot(inc), unit_id=base.unit_id)
    return inc


def incubations_bulk_sign(*, actor: User | None, base: Base, rows: list[dict[str, Any]]) -> list[Incubation]:
    """Sign many enterprises at once (demo and imports): one insert, one audit row each."""
    check(actor, "matching.base.manage", base_target(base))
    with transaction.atomic():
        objs = Incubation.objects.bulk_create(
            [Incubation(base=base, enterprise=r["enterprise"], signed_on=r["signed_on"],
                        industry=r.get("industry") or r["enterprise"].industry, stage=r.get("stage", ""))
             for r in rows]
        )  # fmt: skip
        for inc in objs:
            audit_log(actor=actor, action="matching.incubation.sign", obj=inc, object_repr=str(inc.enterprise),
                      unit_id=base.unit_id, after={"enterprise_id": inc.enterprise.pk, "signed_on": inc.signed_on})  # fmt: skip
    return objs


def incubation_graduate(*, actor: User | None, incubation: Incubation, graduated_on: date) -> Incubation:
    check(actor, "matching.base.manage", base_target(incubation.base))
    if graduated_on < incubation.signed_on:
        raise DomainError(_("毕业日期不能早于签约日期。"), code="graduation_before_signing")
    with transaction.atomic():
        incubation.graduated_on = graduated_on
        incubation.save(update_fields=["graduated_on"])
        audit_log(actor=actor, action="matching.incubation.graduate", obj=incubation,
                  after={"graduated_on": graduated_on}, unit_id=incubation.base.unit_id)  # fmt: skip
    return incubation


def trail_log(
    *,
    actor: User | None,
    base: Base,
    enterprise: Enterprise,
    kind: str,
    occurred_at: datetime | None = None,
    summary: str,
    findings: str = "",
    follow_up: str = "",
    follow_up_due: date | None = None,
    event: Event | None = None,
    author: User | None = None,
) -> TrailEntry:
    """Log a visit, call, event or service (who, when, which enterprise, what was found, follow-up)."""
    check(actor, "matching.visit.log", base_target(base))
    kind = clean_choice(kind, TrailKind, label=_("足迹类型"))
    summary = clean_text(summary, label=_("摘要"), max_length=200)
    findings = clean_text(findings, label=_("发现的情况"), max_length=DESCRIPTION_MAX, required=False)
    follow_up = clean_text(follow_up, label=_("后续跟进"), max_length=300, required=False)
    if follow_up_due is not None and not follow_up:
        raise DomainError(_("填写跟进期限时请同时填写跟进事项。"), code="follow_up_missing")
    who = actor or author
    if who is None:
        raise DomainError(_("请指定记录人。"), code="author_missing")
    with transaction.atomic():
        entry = TrailEntry.objects.create(
            base=base, enterprise=enterprise, kind=kind, occurred_at=occurred_at or timezone.now(), author=who,
            summary=summary, findings=findings, follow_up=follow_up, follow_up_due=follow_up_due, event=event,
        )  # fmt: skip
        audit_log(actor=actor, action="matching.trail.log", obj=entry, after=snapshot(entry), unit_id=base.unit_id)
    return entry


def trail_follow_up_done(*, actor: User | None, entry: TrailEntry, now: Any = None) -> TrailEntry:
    check(actor, "matching.visit.log", base_target(entry.base))
    if not entry.follow_up:
        raise DomainError(_("该足迹没有跟进事项。"), code="follow_up_missing")
    with transaction.atomic():
        entry.follow_up_done_at = now or timezone.now()
        entry.save(update_fields=["follow_up_done_at"])
        audit_log(actor=actor, action="matching.trail.follow_up_done", obj=entry, unit_id=entry.base.unit_id)
    return entry


def event_create(
    *, actor: User | None, base: Base, title: str, kind: str, held_on: date, place: str = "", now: Any = None
) -> Event:
    check(actor, "matching.event.manage", base_target(base))
    title = clean_text(title, label=_("活动名称"), max_length=100)
    kind = clean_choice(kind, EventKind, label=_("活动类型"))
    place = clean_text(place, label=_("地点"), max_length=200, required=False)
    if held_on is None:
        raise DomainError(_("活动日期不能为空。"), code="required")
    with transaction.atomic():
        from gaoxin.matching.services.needs import _system_user

        event = Event.objects.create(base=base, title=title, kind=kind, held_on=held_on, place=place,
                                     created_by=actor or _system_user(base), created_at=now or timezone.now())  # fmt: skip
        audit_log(actor=actor, action="matching.event.create", obj=event, after=snapshot(event), unit_id=base.unit_id)
    return event


def event_register(
    *, actor: User | None, event: Event, enterprises: list[Enterprise], attended: bool = False, now: Any = None
) -> list[EventRegistration]:
    """Register enterprises for an event (already registered ones are left alone)."""
    check(actor, "matching.event.manage", base_target(event.base))
    have = set(event.registrations.values_list("enterprise_id", flat=True))
    moment = now or timezone.now()
    new = [EventRegistration(event=event, enterprise=e, attended=attended, registered_at=moment)
           for e in dict.fromkeys(enterprises) if e.pk not in have]  # fmt: skip
    with transaction.atomic():
        EventRegistration.objects.bulk_create(new)
        audit_log(actor=actor, action="matching.event.register", obj=event, unit_id=event.base.unit_id,
                  after={"enterprise_ids": [r.enterprise.pk for r in new], "attended": attended})  # fmt: skip
    return new


def event_mark_attendance(*, actor: User | None, event: Event, enterprise_ids: list[int]) -> int:
    check(actor, "matching.event.manage", base_target(event.base))
    with transaction.atomic():
        regs = event.registrations.select_for_update()
        before = sorted(regs.filter(attended=True).values_list("enterprise_id", flat=True))
        regs.update(attended=False)
        n = regs.filter(enterprise_id__in=enterprise_ids).update(attended=True)
        audit_log(actor=actor, action="matching.event.attendance", obj=event, unit_id=event.base.unit_id,
                  before={"attended": before}, after={"attended": sorted(enterprise_ids)})  # fmt: skip
    return n
