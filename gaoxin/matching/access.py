"""Permission targets of 足迹 objects (who may see or act on a base, need, resource)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from gaoxin.core.errors import NotFound
from gaoxin.core.permissions import Target, can, target_for_unit

if TYPE_CHECKING:
    from gaoxin.core.models import User
    from gaoxin.matching.models import Base, Need, Resource


def base_target(base: Base) -> Target:
    return target_for_unit(base.unit)


def need_target(need: Need) -> Target:
    return target_for_unit(need.unit, owner_ids=[need.created_by_id], enterprise_ids=[need.enterprise_id])


def resource_target(resource: Resource) -> Target:
    return target_for_unit(resource.unit, owner_ids=[resource.created_by_id])


def received_by(user: User, need: Need) -> bool:
    """True when `user` may act as a base that received a referral of `need`."""
    return any(can(user, "matching.referral.receive", target_for_unit(r.to_base.unit)) for r in need.referrals.all())


def can_on_need(user: User, action: str, need: Need) -> bool:
    """`action` on `need`: by the serving base's scope, or as a base the need was referred to."""
    if can(user, action, need_target(need)):
        return True
    if action in {"matching.need.view", "matching.match.view", "matching.docking.record"}:
        return received_by(user, need)
    return False


def require_on_need(user: User, action: str, need: Need) -> None:
    """Refuse with 404 when the user may not even view the need (nothing leaked), 403 otherwise."""
    from django.utils.translation import gettext as _

    from gaoxin.core.errors import PermissionDenied

    if can_on_need(user, action, need):
        return
    if action != "matching.need.view" and can_on_need(user, "matching.need.view", need):
        raise PermissionDenied(_("您没有权限执行此操作。"))
    raise NotFound(_("需求不存在或无权查看。"))
