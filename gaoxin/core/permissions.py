"""The one place that decides who may do what, and on which objects.

Each app declares its actions in `<app>/rules.py` as ``RULES = {action: {role: scope}}``.
A user holds role grants anchored at units; an action is allowed on a target when one
of the user's grants has a role listed for the action and the target lies within that
grant's scope (self / own unit / unit and descendants / whole region / all).

Views and APIs call `require()` (raises) or `can()` (bool); lists call `scope_q()`
to filter a queryset to what the user may see.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.db.models import Q
from django.utils.translation import gettext as _

from gaoxin.core.enums import Role, Scope
from gaoxin.core.errors import PermissionDenied

if TYPE_CHECKING:
    from gaoxin.core.models import User

RuleTable = Mapping[str, Mapping[Role, Scope]]


@dataclass(frozen=True)
class Target:
    """What the permission check needs to know about an object.

    unit_path: the materialised path of the unit that owns the object ("/1/4/9/").
    region_path: the path of that unit's region.
    owner_ids: users who own it (SELF scope); enterprise_ids: enterprises that own it.
    """

    unit_path: str | None = None
    region_path: str | None = None
    owner_ids: frozenset[int] = field(default_factory=frozenset)
    enterprise_ids: frozenset[int] = field(default_factory=frozenset)


@dataclass(frozen=True)
class Grant:
    role: Role
    unit_id: int
    unit_path: str
    region_path: str


@cache
def rules() -> dict[str, dict[Role, Scope]]:
    """The merged rule table of every installed Gaoxin app (loaded once)."""
    table: dict[str, dict[Role, Scope]] = {}
    for config in apps.get_app_configs():
        if not config.name.startswith("gaoxin."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.rules")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.rules":
                raise
            continue
        for action, by_role in module.RULES.items():
            if action in table:
                raise RuntimeError(f"permission action {action!r} declared twice")
            table[action] = {Role(role): Scope(scope) for role, scope in by_role.items()}
    return table


def grants_of(user: User) -> list[Grant]:
    """The user's grants, loaded once per user object (one query)."""
    cached: list[Grant] | None = getattr(user, "_gaoxin_grants", None)
    if cached is not None:
        return cached
    if not user.is_authenticated:
        result: list[Grant] = []
    else:
        result = [
            Grant(Role(role), unit_id, unit_path, region_path)
            for role, unit_id, unit_path, region_path in user.grants.values_list(
                "role", "unit_id", "unit__path", "unit__region__path"
            )
        ]
    user._gaoxin_grants = result  # type: ignore[union-attr,attr-defined]
    return result


def roles_of(user: User) -> set[Role]:
    return {g.role for g in grants_of(user)}


def enterprise_ids_of(user: User) -> frozenset[int]:
    cached: frozenset[int] | None = getattr(user, "_gaoxin_enterprises", None)
    if cached is not None:
        return cached
    result: frozenset[int] = frozenset()
    if user.is_authenticated and Role.ENTERPRISE_USER in roles_of(user):
        from gaoxin.enterprises.selectors import enterprise_ids_for_user

        result = frozenset(enterprise_ids_for_user(user))
    user._gaoxin_enterprises = result  # type: ignore[union-attr,attr-defined]
    return result


def _within(grant: Grant, scope: Scope, target: Target, user: User) -> bool:
    if scope == Scope.ALL:
        return True
    if scope == Scope.SELF:
        if user.pk in target.owner_ids:
            return True
        return bool(target.enterprise_ids & enterprise_ids_of(user))
    if scope == Scope.UNIT:
        return target.unit_path == grant.unit_path
    if scope == Scope.SUBTREE:
        return target.unit_path is not None and target.unit_path.startswith(grant.unit_path)
    if scope == Scope.REGION:
        return target.region_path is not None and target.region_path.startswith(grant.region_path)
    return False


def can(user: User, action: str, target: Target | None = None) -> bool:
    """May `user` do `action`? With no target: on anything at all (e.g. to show a menu)."""
    by_role = rules().get(action)
    if by_role is None:
        raise KeyError(f"unknown permission action {action!r}")
    if not user.is_authenticated or not user.is_active:
        return False
    for grant in grants_of(user):
        scope = by_role.get(grant.role)
        if scope is None:
            continue
        if target is None or _within(grant, scope, target, user):
            return True
    return False


def require(user: User, action: str, target: Target | None = None) -> None:
    if not can(user, action, target):
        raise PermissionDenied(_("您没有权限执行此操作。"))


def scope_q(
    user: User,
    action: str,
    *,
    unit: str | None = "unit",
    region: str | None = None,
    owner: str | None = None,
    enterprise: str | None = None,
) -> Q:
    """A filter that keeps the rows `user` may `action`.

    Field names are lookups from the queried model: `unit` to a Unit foreign key ("self" when
    the queried model is Unit itself), `region` to a Region foreign key (defaults to the
    unit's region), `owner` to a User foreign key, `enterprise` to an Enterprise foreign key.
    """
    by_role = rules().get(action)
    if by_role is None:
        raise KeyError(f"unknown permission action {action!r}")
    nothing = Q(pk__in=[])
    if not user.is_authenticated or not user.is_active:
        return nothing
    q = nothing
    to_unit = "" if unit == "self" else f"{unit}__"  # the lookup prefix from the row to its unit
    unit_pk = "pk" if unit == "self" else str(unit)
    region_lookup = region or (f"{to_unit}region" if unit else None)
    for grant in grants_of(user):
        scope = by_role.get(grant.role)
        if scope is None:
            continue
        if scope == Scope.ALL:
            return Q()
        if scope == Scope.SELF:
            if owner:
                q |= Q(**{owner: user.pk})
            if enterprise:
                q |= Q(**{f"{enterprise}__in": sorted(enterprise_ids_of(user))})
        elif scope == Scope.UNIT and unit:
            q |= Q(**{unit_pk: grant.unit_id})
        elif scope == Scope.SUBTREE and unit:
            q |= Q(**{f"{to_unit}path__startswith": grant.unit_path})
        elif scope == Scope.REGION and region_lookup:
            q |= Q(**{f"{region_lookup}__path__startswith": grant.region_path})
    return q


def target_for_unit(unit: Any, *, owner_ids: Iterable[int] = (), enterprise_ids: Iterable[int] = ()) -> Target:
    """Describe an object owned by `unit` (a Unit with its region loaded, or None)."""
    return Target(
        unit_path=unit.path if unit is not None else None,
        region_path=unit.region.path if unit is not None else None,
        owner_ids=frozenset(owner_ids),
        enterprise_ids=frozenset(enterprise_ids),
    )
