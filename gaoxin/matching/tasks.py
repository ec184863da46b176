"""Background work of 足迹: re-matching when needs or resources change, learning weights.

Enqueued with transaction.on_commit by the services; idempotent (re-running re-ranks)."""

from __future__ import annotations

from django.tasks import task

from gaoxin.matching.engine.compat import is_compatible

REMATCH_LIMIT = 500  # open needs re-ranked per changed resource, newest first


@task()
def rematch_need(need_id: int) -> int:
    from gaoxin.matching.models import Need
    from gaoxin.matching.services.matches import matches_refresh

    need = Need.objects.select_related("enterprise__industry", "industry").filter(pk=need_id).first()
    if need is None:
        return 0
    return len(matches_refresh(actor=None, need=need))


@task()
def rematch_for_resource(resource_id: int) -> int:
    """Re-rank the open needs a changed resource could answer."""
    from gaoxin.matching.enums import OPEN_NEED_STATUSES, NeedType
    from gaoxin.matching.models import Need, Resource
    from gaoxin.matching.services.matches import matches_refresh

    resource = Resource.objects.filter(pk=resource_id).first()
    if resource is None:
        return 0
    types = [t for t in NeedType.values if is_compatible(t, resource.type)]
    needs = Need.objects.filter(status__in=OPEN_NEED_STATUSES, type__in=types).select_related(
        "enterprise__industry", "industry"
    )
    count = 0
    for need in needs.order_by("-created_at")[:REMATCH_LIMIT]:
        matches_refresh(actor=None, need=need)
        count += 1
    return count


@task()
def learn_match_weights() -> bool:
    from gaoxin.matching.services.matches import weights_learn

    return weights_learn() is not None
