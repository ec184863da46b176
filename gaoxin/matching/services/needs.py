"""Needs: enterprises submit them (or operators record them for an enterprise), the
status follows an explicit transition table, the enterprise rates the help at the end."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gaoxin.core.audit import audit_log, snapshot
from gaoxin.core.errors import DomainError, InvalidTransition
from gaoxin.core.models import User
from gaoxin.core.permissions import target_for_unit
from gaoxin.enterprises.models import Enterprise, Industry
from gaoxin.matching.access import need_target
from gaoxin.matching.enums import FINAL_NEED_STATUSES, NeedStatus, NeedType, Urgency
from gaoxin.matching.models import Base, Event, Incubation, Need
from gaoxin.matching.services._common import (
    DESCRIPTION_MAX,
    TITLE_MAX,
    check,
    clean_amount,
    clean_choice,
    clean_codes,
    clean_text,
)

S = NeedStatus
# (from, to): allowed. Anything else is refused with InvalidTransition.
TRANSITIONS: frozenset[tuple[str, str]] = frozenset(
    {
        (S.SUBMITTED, S.MATCHING),
        (S.SUBMITTED, S.CLOSED),
        (S.MATCHING, S.MATCHING),  # re-matching
        (S.MATCHING, S.DOCKING),
        (S.MATCHING, S.UNRESOLVED),
        (S.MATCHING, S.CLOSED),
        (S.DOCKING, S.MATCHING),
        (S.DOCKING, S.RESOLVED),
        (S.DOCKING, S.UNRESOLVED),
        (S.DOCKING, S.CLOSED),
        (S.UNRESOLVED, S.MATCHING),  # reopened
    }
)


def serving_base(enterprise: Enterprise) -> Base | None:
    """The base an enterprise is incubated at (latest signing), else the base of its unit."""
    inc = Incubation.objects.filter(enterprise=enterprise).select_related("base__unit__region").first()
    if inc is not None:
        return inc.base
    if enterprise.unit_id:
        return Base.objects.filter(unit_id=enterprise.unit_id).select_related("unit__region").first()
    return None


def need_create(
    *,
    actor: User | None,
    enterprise: Enterprise,
    type: str,
    title: str,
    description: str = "",
    industry: Industry | None = None,
    amount_wan: Any = None,
    regions: Any = (),
    urgency: str = Urgency.LOW,
    deadline: date | None = None,
    base: Base | None = None,
    source_event: Event | None = None,
    now: Any = None,
) -> Need:
    need_type = clean_choice(type, NeedType, label=_("需求类型"))
    title = clean_text(title, label=_("标题"), max_length=TITLE_MAX)
    description = clean_text(description, label=_("描述"), max_length=DESCRIPTION_MAX, required=False)
    amount = clean_amount(amount_wan)
    region_list = clean_codes(regions, label=_("地区偏好"))
    urgency = clean_choice(urgency, Urgency, label=_("紧急程度"))
    base = base or serving_base(enterprise)
    unit = base.unit if base else None
    check(actor, "matching.need.create", target_for_unit(unit, enterprise_ids=[enterprise.pk]))
    if deadline is not None and deadline < timezone.localdate():
        raise DomainError(_("期望解决日期不能早于今天。"), code="deadline_past")
    with transaction.atomic():
        need = Need.objects.create(
            enterprise=enterprise, base=base, unit=unit, type=need_type, title=title, description=description,
            industry=industry or enterprise.industry, amount_wan=amount, regions=region_list, urgency=urgency,
            deadline=deadline, source_event=source_event, created_by=actor or _system_user(base),
            created_at=now or timezone.now(),
        )  # fmt: skip
        audit_log(actor=actor, action="matching.need.create", obj=need, after=snapshot(need))
        _enqueue_rematch(need.pk)
    return need


def _system_user(base: Base | None) -> User:
    """Needs recorded by the system (demo) are attributed to the base's head or first operator."""
    user = None
    if base is not None:
        user = base.unit.head or User.objects.filter(grants__unit=base.unit).order_by("pk").first()
    if user is None:
        user = User.objects.order_by("pk").first()
    if user is None:
        raise DomainError(_("没有可用的登记人。"), code="no_user")
    return user


def _enqueue_rematch(need_id: int) -> None:
    from gaoxin.matching.tasks import rematch_need

    transaction.on_commit(lambda: rematch_need.enqueue(need_id))


def need_transition(*, actor: User | None, need: Need, to: str, note: str = "", now: Any = None) -> Need:
    """Move a need along TRANSITIONS (audited); illegal moves raise InvalidTransition."""
    to = clean_choice(to, NeedStatus, label=_("状态"))
    if actor is not None:
        from gaoxin.matching.access import require_on_need

        require_on_need(actor, "matching.need.manage", need)
    return _transition(actor=actor, need=need, to=to, note=note, now=now)


def _transition(*, actor: User | None, need: Need, to: str, note: str = "", now: Any = None) -> Need:
    with transaction.atomic():
        locked = Need.objects.select_for_update().get(pk=need.pk)
        if (locked.status, to) not in TRANSITIONS:
            raise InvalidTransition(
                _("需求状态不能从“%(a)s”变为“%(b)s”。")
                % {"a": NeedStatus(locked.status).label, "b": NeedStatus(to).label},
                details={"from": locked.status, "to": to},
            )
        before = {"status": locked.status}
        moment = now or timezone.now()
        locked.status = to
        fields = ["status"]
        if to == S.MATCHING and locked.first_matched_at is None:
            locked.first_matched_at = moment
            fields.append("first_matched_at")
        if to in FINAL_NEED_STATUSES:
            locked.resolved_at = moment
            fields.append("resolved_at")
        elif locked.resolved_at is not None:
            locked.resolved_at = None
            fields.append("resolved_at")
        locked.save(update_fields=fields)
        audit_log(
            actor=actor, action="matching.need.transition", obj=locked, before=before,
            after={"status": to, "note": note[:500]},
        )  # fmt: skip
    need.status, need.first_matched_at, need.resolved_at = locked.status, locked.first_matched_at, locked.resolved_at
    return need


def need_rate(*, actor: User | None, need: Need, rating: Any, text: str = "", now: Any = None) -> Need:
    """The enterprise's rating of the help (1–5 + text), once the need is closed."""
    check(actor, "matching.need.rate", need_target(need))
    try:
        value = int(rating)
    except (TypeError, ValueError):
        value = 0
    if not 1 <= value <= 5:
        raise DomainError(_("评分应为 1 到 5 分。"), code="rating_range")
    text = clean_text(text, label=_("评价内容"), max_length=500, required=False)
    if need.status not in FINAL_NEED_STATUSES:
        raise InvalidTransition(_("需求办结后才能评价。"), code="rating_not_closed")
    if need.rating is not None:
        raise InvalidTransition(_("该需求已评价，不能重复评价。"), code="rating_twice")
    with transaction.atomic():
        need.rating, need.rating_text, need.rated_at = value, text, now or timezone.now()
        need.save(update_fields=["rating", "rating_text", "rated_at"])
        audit_log(actor=actor, action="matching.need.rate", obj=need, after={"rating": value, "text": text})
    return need
