"""Helpers shared by the evaluations services: permission targets and errors."""

from __future__ import annotations

from django.utils.translation import gettext as _

from gaoxin.core.errors import DomainError, PermissionDenied
from gaoxin.core.models import User
from gaoxin.core.permissions import Target, can, target_for_unit


class RatingRefused(DomainError):
    """A refused rating: stable code, Chinese message, nothing written."""

    status = 400


class RateLimited(RatingRefused):
    code = "rate_limited"
    status = 429


def hall_target(hall) -> Target:
    return target_for_unit(hall.unit)


def require_any(actor: User | None, action: str, *targets: Target) -> None:
    """Allowed when the actor may do `action` on any of the targets (e.g. hall unit or department)."""
    if actor is None or not any(can(actor, action, t) for t in targets):
        raise PermissionDenied(_("您没有权限执行此操作。"))
