"""Helpers shared by the projects services: permission checks and unit contacts."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from gaoxin.core.enums import Role
from gaoxin.core.models import Unit, User
from gaoxin.core.permissions import require, target_for_unit


def check(actor: User | None, action: str, unit: Unit | None) -> None:
    """Refuse `actor` unless the rule table lets them do `action` on `unit`'s objects.

    actor None is the system itself (demo loader, periodic jobs): trusted callers only."""
    if actor is None:
        return
    if unit is not None and not Unit._meta.get_field("region").is_cached(unit):
        unit = Unit.objects.select_related("region").get(pk=unit.pk)
    require(actor, action, target_for_unit(unit) if unit is not None else None)


def today() -> date:
    return timezone.localdate()


def unit_contacts(unit: Unit) -> list[User]:
    """Who hears about a unit's work: its officers and its head."""
    users = list(User.objects.filter(grants__unit=unit, grants__role=Role.DEPT_OFFICER, is_active=True).distinct())
    if unit.head_id and all(u.pk != unit.head_id for u in users):
        head = User.objects.filter(pk=unit.head_id, is_active=True).first()
        if head:
            users.append(head)
    return users


def leaders_of(unit: Unit) -> list[User]:
    """Zone leaders whose grants cover the unit's region."""
    region_path = unit.region.path
    return [
        u
        for u in User.objects.filter(grants__role=Role.ZONE_LEADER, is_active=True)
        .prefetch_related("grants__unit__region")
        .distinct()
        if any(g.role == Role.ZONE_LEADER and region_path.startswith(g.unit.region.path) for g in u.grants.all())
    ]
