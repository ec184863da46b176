"""Reads of 足迹: engine documents, lists filtered by permission, timelines."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import Count, Max, Prefetch, Q, QuerySet

from gaoxin.core.models import User
from gaoxin.core.permissions import scope_q
from gaoxin.matching.engine import DEFAULT_WEIGHTS, NeedDoc, ResourceDoc
from gaoxin.matching.enums import IncubationStage
from gaoxin.matching.models import (
    Base,
    Docking,
    Event,
    Incubation,
    LearnedWeights,
    Match,
    Need,
    Referral,
    Resource,
    TrailEntry,
)

# the engine's financing stages for an incubation stage
STAGE_FOR_ENGINE: dict[str, str] = {
    IncubationStage.SEED: "种子",
    IncubationStage.STARTUP: "天使",
    IncubationStage.GROWTH: "A",
    IncubationStage.MATURE: "B",
}

# ---------------------------------------------------------------- engine documents


def current_weights() -> tuple[int | None, dict[str, float]]:
    row = LearnedWeights.objects.order_by("-id").values_list("id", "weights").first()
    if row is None:
        return None, dict(DEFAULT_WEIGHTS)
    return row[0], dict(row[1])


def _f(value: Any) -> float | None:
    return float(value) if value is not None else None


def resource_doc(r: Resource) -> ResourceDoc:
    lo, hi = _f(r.amount_min_wan), _f(r.amount_max_wan)
    return ResourceDoc(
        id=str(r.pk), type=r.type, title=r.title, description=r.description, industries=tuple(r.industries),
        regions=tuple(r.regions), amount_wan=lo if lo is not None and lo == hi else None,
        amount_min_wan=lo if lo != hi else None, amount_max_wan=hi if lo != hi else None, stages=tuple(r.stages),
        created_at=r.created_at.date(), valid_until=r.valid_until, capacity=r.capacity, remaining=r.remaining,
        provider=r.provider,
    )  # fmt: skip


def resource_docs() -> tuple[list[ResourceDoc], datetime | None]:
    rows = list(Resource.objects.filter(is_active=True).order_by("pk"))
    last = Resource.objects.aggregate(m=Max("updated_at"))["m"]
    return [resource_doc(r) for r in rows], last


def resources_changed_since(
    moment: datetime | None, max_pk: int = 0
) -> tuple[list[tuple[str, ResourceDoc | None]], datetime | None]:
    """Resources updated at or after `moment`, or created after pk `max_pk`."""
    qs = (
        Resource.objects.all()
        if moment is None
        else Resource.objects.filter(Q(updated_at__gte=moment) | Q(pk__gt=max_pk))
    )
    rows = list(qs.order_by("pk"))
    last = max((r.updated_at for r in rows), default=None)
    return [(str(r.pk), resource_doc(r) if r.is_active else None) for r in rows], last


def active_resource_count() -> int:
    return Resource.objects.filter(is_active=True).count()


def need_doc(need: Need) -> NeedDoc:
    enterprise = need.enterprise
    source = need.industry or enterprise.industry
    industry = source.code if source is not None else ""
    stage = Incubation.objects.filter(enterprise_id=need.enterprise_id).values_list("stage", flat=True).first()
    return NeedDoc(
        id=str(need.pk), type=need.type, title=need.title, description=need.description,
        industries=(industry,) if industry else (), regions=tuple(need.regions), amount_wan=_f(need.amount_wan),
        stage=STAGE_FOR_ENGINE.get(stage) if stage else None, enterprise_name=enterprise.name,
        enterprise_description=enterprise.description, created_at=need.created_at.date(),
    )  # fmt: skip


# ---------------------------------------------------------------- lists


def needs_visible_q(user: User) -> Q:
    """Needs the user may view: by the serving base's scope, their own enterprise, or referred to their base."""
    own = scope_q(user, "matching.need.view", unit="unit", enterprise="enterprise")
    referred = scope_q(user, "matching.referral.receive", unit="referrals__to_base__unit")
    ids = Need.objects.filter(referred).values("pk")
    return own | Q(pk__in=ids)


def needs_for(
    user: User, *, status: str = "", type: str = "", q: str = "", base_id: int | None = None
) -> QuerySet[Need]:
    qs = Need.objects.filter(needs_visible_q(user)).select_related("enterprise", "base__unit")
    if status:
        qs = qs.filter(status=status)
    if type:
        qs = qs.filter(type=type)
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(enterprise__name__icontains=q))
    if base_id:
        qs = qs.filter(base_id=base_id)
    return qs.order_by("-created_at", "-id")


def need_detail(pk: int) -> Need | None:
    return (
        Need.objects.select_related(
            "enterprise__industry", "base__unit__region", "unit__region", "industry", "created_by"
        )
        .prefetch_related(
            Prefetch("referrals", queryset=Referral.objects.select_related("to_base__unit__region", "from_base__unit"))
        )
        .filter(pk=pk)
        .first()
    )


def matches_of(need: Need) -> list[Match]:
    return list(need.matches.select_related("resource__base__unit").order_by("rank", "pk"))


def dockings_of(need: Need) -> list[Docking]:
    return list(need.dockings.select_related("base__unit", "recorded_by").order_by("held_on", "pk"))


def resources_for(user: User, *, type: str = "", q: str = "", active: bool = True) -> QuerySet[Resource]:
    qs = Resource.objects.filter(scope_q(user, "matching.resource.view", unit="unit")).select_related("base__unit")
    if active:
        qs = qs.filter(is_active=True)
    if type:
        qs = qs.filter(type=type)
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(provider__icontains=q) | Q(description__icontains=q))
    return qs.order_by("-created_at", "-id")


def bases_for(user: User, *, q: str = "") -> QuerySet[Base]:
    qs = Base.objects.filter(scope_q(user, "matching.base.view", unit="unit")).select_related("unit")
    if q:
        qs = qs.filter(Q(unit__name__icontains=q) | Q(city__icontains=q) | Q(network__icontains=q))
    return qs.annotate(n_incubations=Count("incubations", distinct=True)).order_by("unit__path")


def base_detail(pk: int) -> Base | None:
    return Base.objects.select_related("unit__region").filter(pk=pk).first()


def base_operators(base: Base) -> list[User]:
    """The base's operators: holders of an 孵化基地运营人员 grant on its unit."""
    from gaoxin.core.enums import Role

    return list(
        User.objects.filter(grants__unit=base.unit_id, grants__role=Role.INCUBATOR_OPERATOR, is_active=True)
        .distinct()
        .order_by("username")
    )


def referrals_received(user: User, *, status: str = "") -> QuerySet[Referral]:
    qs = Referral.objects.filter(scope_q(user, "matching.referral.receive", unit="to_base__unit")).select_related(
        "need__enterprise", "from_base__unit", "to_base__unit"
    )
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-created_at", "-id")


def referrals_sent(user: User, *, status: str = "") -> QuerySet[Referral]:
    qs = Referral.objects.filter(scope_q(user, "matching.referral.create", unit="from_base__unit")).select_related(
        "need__enterprise", "from_base__unit", "to_base__unit"
    )
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-created_at", "-id")


def events_for(user: User, *, kind: str = "", q: str = "") -> QuerySet[Event]:
    qs = Event.objects.filter(scope_q(user, "matching.figures.view", unit="base__unit")).select_related("base__unit")
    if kind:
        qs = qs.filter(kind=kind)
    if q:
        qs = qs.filter(title__icontains=q)
    return qs.annotate(
        n_registered=Count("registrations"), n_attended=Count("registrations", filter=Q(registrations__attended=True))
    ).order_by("-held_on", "-id")


def trail_for(
    user: User, *, enterprise_id: int | None = None, base_id: int | None = None, kind: str = ""
) -> QuerySet[TrailEntry]:
    qs = TrailEntry.objects.filter(scope_q(user, "matching.figures.view", unit="base__unit")).select_related(
        "enterprise", "base__unit", "author"
    )
    if enterprise_id:
        qs = qs.filter(enterprise_id=enterprise_id)
    if base_id:
        qs = qs.filter(base_id=base_id)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("-occurred_at", "-id")


def timeline(
    user: User, *, enterprise_id: int | None = None, base_id: int | None = None, limit: int = 100
) -> list[dict[str, Any]]:
    """The trail merged with needs and dockings, newest first (three queries)."""
    items: list[dict[str, Any]] = []
    for t in trail_for(user, enterprise_id=enterprise_id, base_id=base_id)[:limit]:
        items.append({"at": t.occurred_at, "kind": t.get_kind_display(), "icon": "geo-alt", "title": t.summary,
                      "enterprise": t.enterprise, "base": t.base, "who": t.author, "text": t.findings,
                      "follow_up": t.follow_up, "due": t.follow_up_due, "done": t.follow_up_done_at})  # fmt: skip
    needs = needs_for(user, base_id=base_id)
    if enterprise_id:
        needs = needs.filter(enterprise_id=enterprise_id)
    for n in needs[:limit]:
        items.append({"at": n.created_at, "kind": "需求", "icon": "lightbulb", "title": n.title, "enterprise": n.enterprise,
                      "base": n.base, "who": None, "text": n.get_status_display(), "need": n})  # fmt: skip
    dockings = Docking.objects.filter(need__in=needs.values("pk")).select_related("need__enterprise", "base__unit")
    for d in dockings.order_by("-held_on")[:limit]:
        items.append({"at": d.recorded_at, "kind": "对接", "icon": "people", "title": d.need.title,
                      "enterprise": d.need.enterprise, "base": d.base, "who": None,
                      "text": f"{d.get_outcome_display()} {d.notes}"[:300], "need": d.need})  # fmt: skip
    items.sort(key=lambda i: i["at"], reverse=True)
    return items[:limit]


def open_follow_ups(user: User) -> QuerySet[TrailEntry]:
    return trail_for(user).filter(follow_up_due__isnull=False, follow_up_done_at__isnull=True).order_by("follow_up_due")
