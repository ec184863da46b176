"""Writes of 好差评 statistics: rollup counters (called inside the writers' transactions),
the rebuild from raw data, integrity decisions and public snapshots."""

from __future__ import annotations

from django.db import transaction

from gaoxin.core.audit import audit_log
from gaoxin.core.models import User
from gaoxin.core.permissions import require
from gaoxin.evalstats import rollup
from gaoxin.evalstats.models import RollupCounter
from gaoxin.evalstats.rollup import OrderFlags


def _region_path(obj) -> str:
    return obj.region.path


def rollup_rating_recorded(*, rating) -> None:
    """A rating was stored: add its counters (and mark its case rated) in the same transaction."""
    rollup_ratings_recorded(ratings=[rating])


def rollup_ratings_recorded(*, ratings) -> None:
    """Ratings were stored: add their counters (and mark their cases rated) in ONE upsert, in the
    caller's transaction (no savepoint: a failure rolls the ratings back with it)."""
    rollup_facts_recorded(facts=[rollup.facts_of(r) for r in ratings])


def rollup_facts_recorded(*, facts) -> None:
    """rollup_ratings_recorded() for ratings given as rollup.RatingFacts (the batch path's rows)."""
    acc = rollup.ratings_acc(facts)
    with transaction.atomic(savepoint=False):
        rollup.upsert(acc)


def rollup_case_completed(*, case) -> None:
    """A case was completed: count it (the denominator of 主动评价率) in the same transaction."""
    if case.completed_at is None:
        return
    acc = rollup.new_acc()
    keys = rollup.subject_keys(case, _region_path(case), with_channel=False)
    rollup.spread(acc, keys, case.completed_at, {"cases_completed": 1})  # type: ignore[arg-type]
    with transaction.atomic():
        rollup.upsert(acc)


def rollup_rating_changed(*, rating, before: OrderFlags, after: OrderFlags) -> None:
    """Work-order progress or an exclusion changed what a rating counts for: apply the difference."""
    if before == after:
        return
    old, new = rollup.rating_vector(rating, before), rollup.rating_vector(rating, after)
    delta = {k: new.get(k, 0) - old.get(k, 0) for k in set(old) | set(new)}
    acc = rollup.new_acc()
    keys = rollup.subject_keys(rating, _region_path(rating), with_channel=True)
    rollup.spread(acc, keys, rating.created_at, delta)  # type: ignore[arg-type]
    with transaction.atomic():
        rollup.upsert(acc)


def rollup_rebuild(*, actor: User | None, batch: int = 2000) -> int:
    """Recompute every counter from ratings, cases and work orders (all or nothing)."""
    from gaoxin.evaluations.models import Case, Rating
    from gaoxin.rectifications.models import WorkOrder

    if actor is not None:
        require(actor, "evalstats.rollup.rebuild")
    from gaoxin.core.models import Region

    paths = dict(Region.objects.values_list("id", "path"))
    orders = {o.rating_id: o for o in WorkOrder.objects.all()}
    acc = rollup.new_acc()
    ratings = Rating.objects.select_related("case").order_by("pk")
    for r in ratings.iterator(chunk_size=batch):
        flags = rollup.flags_of(orders.get(r.pk))
        keys = rollup.subject_keys(r, paths[r.region_id], with_channel=True)
        rollup.spread(acc, keys, r.created_at, rollup.rating_vector(r, flags))
        case = r.case
        if case is not None and r.rating_no == 1 and not r.is_default and case.completed_at is not None:
            ckeys = rollup.subject_keys(case, paths[case.region_id], with_channel=False)
            rollup.spread(acc, ckeys, case.completed_at, {"cases_rated": 1})  # type: ignore[arg-type]
    for case in Case.objects.filter(completed_at__isnull=False).order_by("pk").iterator(chunk_size=batch):
        ckeys = rollup.subject_keys(case, paths[case.region_id], with_channel=False)
        rollup.spread(acc, ckeys, case.completed_at, {"cases_completed": 1})  # type: ignore[arg-type]
    with transaction.atomic():
        RollupCounter.objects.all().delete()
        items = list(acc.items())
        for i in range(0, len(items), 200):
            rollup.upsert(dict(items[i : i + 200]))
        audit_log(
            actor=actor,
            action="evalstats.rollup.rebuild",
            object_type="evalstats.rollupcounter",
            after={"rows": len(items)},
        )
    return len(items)
