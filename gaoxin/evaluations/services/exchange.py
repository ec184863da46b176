"""Writes of the upstream exchange: enqueue a rating for the provincial platform, back-fill (补报)."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from gaoxin.core.audit import audit_log
from gaoxin.core.models import Region, User
from gaoxin.core.permissions import require
from gaoxin.evaluations.models import Rating, UpstreamPush
from gaoxin.evaluations.policy import effective_policy


def exchange_enqueue(*, rating: Rating, url: str) -> UpstreamPush:
    """Queue one rating for upstream (called by evaluation_record in its transaction)."""
    return UpstreamPush.objects.create(rating=rating, url=url, next_attempt_at=timezone.now())


def exchange_backfill(*, actor: User | None, region: Region, since: datetime | None = None) -> int:
    """Queue every rating of `region` (and below) not yet queued, e.g. after an upstream URL is set."""
    if actor is not None:
        require(actor, "evaluations.exchange.export")
    url = effective_policy(region).upstream_url
    if not url:
        return 0
    qs = Rating.objects.filter(region__path__startswith=region.path, upstream_push__isnull=True)
    if since is not None:
        qs = qs.filter(received_at__gte=since)
    now = timezone.now()
    with transaction.atomic():
        ids = list(qs.values_list("pk", flat=True))
        UpstreamPush.objects.bulk_create(
            [UpstreamPush(rating_id=pk, url=url, next_attempt_at=now) for pk in ids], batch_size=500
        )
        audit_log(actor=actor, action="evaluations.exchange.backfill", obj=region, after={"queued": len(ids)})
    return len(ids)
