"""Rater identity: revealed only to the people handling that bad rating, every view audited."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from gaoxin.core.audit import audit_log
from gaoxin.core.crypto import decrypt, mask_name, mask_phone
from gaoxin.core.errors import DomainError, PermissionDenied
from gaoxin.core.models import User
from gaoxin.core.permissions import can, target_for_unit
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


def may_reveal(actor: User | None, rating: Rating) -> bool:
    if actor is None or not rating.is_bad:
        return False
    targets = (target_for_unit(rating.department), target_for_unit(rating.hall.unit))
    return any(can(actor, "evaluations.rater.reveal", t) for t in targets)


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
