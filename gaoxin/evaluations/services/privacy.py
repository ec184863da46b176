"""Rater identity: revealed only to the people handling that bad rating, every view audited."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from gaoxin.core.audit import audit_log
from gaoxin.core.crypto import decrypt, mask_name, mask_phone
from gaoxin.core.enums import Role
from gaoxin.core.errors import DomainError, PermissionDenied
from gaoxin.core.models import User
from gaoxin.core.permissions import _within, can, grants_of, rules, target_for_unit
from gaoxin.evaluations.models import Rating


@dataclass(frozen=True)
class Identity:
    name: str
    phone: str
    id_number: str

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)

    @property
    def masked_name(self) -> str:
        return mask_name(self.name)


REVEAL = "evaluations.rater.reveal"


def may_reveal(actor: User | None, rating: Rating) -> bool:
    """Handlers reveal through the responsible department (谁办理谁负责); hall managers through the hall.

    Each grant is checked against its own target, so a handler whose department happens to
    be above the hall cannot reveal the raters of other departments' bad ratings.
    """
    if actor is None or not rating.is_bad or not can(actor, REVEAL):
        return False
    by_role = rules()[REVEAL]
    department = target_for_unit(rating.department)
    hall = target_for_unit(rating.hall.unit)
    for grant in grants_of(actor):
        scope = by_role.get(grant.role)
        if scope is None:
            continue
        target = hall if grant.role == Role.HALL_MANAGER else department
        if _within(grant, scope, target, actor):
            return True
    return False


def rater_identity_reveal(*, actor: User, rating: Rating) -> Identity:
    """Decrypt the rater's identity for a handler of this bad rating; audited as "rater.reveal"."""
    if not may_reveal(actor, rating):
        raise PermissionDenied(_("只有负责处理该差评的人员可以查看评价人信息。"), code="reveal_forbidden")
    if not rating.is_real_name:
        raise DomainError(_("该评价为匿名评价，没有评价人信息。"), code="anonymous")
    identity = Identity(
        name=decrypt(rating.rater_name_enc),
        phone=decrypt(rating.rater_phone_enc),
        id_number=decrypt(rating.rater_id_enc),
    )
    with transaction.atomic():
        audit_log(
            actor=actor,
            action="rater.reveal",
            obj=rating,
            unit_id=rating.department_id,
            after={"rating_uuid": str(rating.uuid)},
        )
    return identity
