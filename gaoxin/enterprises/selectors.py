"""Enterprise reads."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from gaoxin.core.models import Unit, User
from gaoxin.core.permissions import Target, can, scope_q
from gaoxin.enterprises.models import Enterprise, EnterpriseMember, Industry, Qualification

VIEW = "enterprises.enterprise.view"


def enterprise_ids_for_user(user: User) -> list[int]:
    return list(EnterpriseMember.objects.filter(user=user).values_list("enterprise_id", flat=True))


def enterprise_scope_q(user: User, action: str = VIEW) -> Q:
    return scope_q(user, action, unit="unit", region="region", enterprise="pk")


def enterprise_target(enterprise: Enterprise) -> Target:
    """Permission target: the enterprise's unit and region, and the enterprise itself (SELF)."""
    return Target(
        unit_path=enterprise.unit.path if enterprise.unit is not None else None,
        region_path=enterprise.region.path if enterprise.region is not None else None,
        enterprise_ids=frozenset({enterprise.pk}),
    )


def enterprise_can(user: User, action: str, enterprise: Enterprise) -> bool:
    return can(user, action, enterprise_target(enterprise))


def industry_q(industry: Industry, field: str = "industry") -> Q:
    """The industry node and everything below it (up to 小类)."""
    q = Q(**{field: industry})
    path = field
    for _depth in range(3):
        path = f"{path}__parent"
        q |= Q(**{path: industry})
    return q


def enterprise_search(user: User, filters: dict[str, Any], *, action: str = VIEW) -> QuerySet[Enterprise]:
    """Enterprises `user` may see, filtered by name/USCC, industry, current qualification and unit."""
    qs = Enterprise.objects.filter(enterprise_scope_q(user, action)).select_related("industry", "unit", "region")
    text = (filters.get("q") or "").strip()
    if text:
        qs = qs.filter(Q(name__icontains=text) | Q(uscc__iexact=text.upper()) | Q(uscc__startswith=text.upper()))
    if filters.get("industry"):
        qs = qs.filter(industry_q(filters["industry"]))
    if filters.get("qualification"):
        today = timezone.localdate()
        current = Qualification.objects.filter(
            enterprise=OuterRef("pk"), kind=filters["qualification"], valid_from__lte=today
        ).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
        qs = qs.filter(Exists(current))
    if filters.get("unit"):
        qs = qs.filter(unit=filters["unit"])
    if filters.get("is_active") in (True, False):
        qs = qs.filter(is_active=filters["is_active"])
    return qs.order_by("name", "pk")


def enterprise_detail(user: User, pk: int) -> Enterprise | None:
    return (
        Enterprise.objects.filter(enterprise_scope_q(user))
        .select_related("industry__parent", "unit__region", "region")
        .filter(pk=pk)
        .first()
    )


def qualifications_of(enterprise: Enterprise) -> list[Qualification]:
    return list(enterprise.qualifications.order_by("-valid_from", "kind"))


def members_of(enterprise: Enterprise) -> list[EnterpriseMember]:
    return list(enterprise.members.select_related("user").order_by("created_at", "pk"))


def industry_choices() -> QuerySet[Industry]:
    return Industry.objects.order_by("code").only("pk", "code", "name", "level")


def current_qualification_labels(enterprises: list[Enterprise]) -> dict[int, list[str]]:
    """{enterprise id: [label…]} of currently valid qualifications (one query)."""
    today = timezone.localdate()
    result: dict[int, list[str]] = {}
    rows = (
        Qualification.objects.filter(enterprise__in=[e.pk for e in enterprises], valid_from__lte=today)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
        .order_by("kind")
    )
    for q in rows:
        label = q.get_kind_display()
        if label not in result.setdefault(q.enterprise_id, []):
            result[q.enterprise_id].append(label)
    return result


def units_for_choice(user: User) -> QuerySet[Unit]:
    """Units offered in filters and forms: those the user may see, plus their own.

    (core.selectors.units_visible_to ORs an empty Q() with the own-unit Q, which narrows an
    admin's ALL scope to their own unit; this avoids that.)"""
    q = scope_q(user, "core.unit.view", unit=None, region="region")
    if q != Q() and user.unit_id:
        q |= Q(pk=user.unit_id)
    return Unit.objects.filter(q, is_active=True).order_by("path")
