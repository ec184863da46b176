"""Periodic work of 好差评 intake (registered with gaoxin.core.periodic; idempotent)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from gaoxin.core.periodic import periodic


@periodic("evaluations.default_ratings", every_seconds=3600)
def default_ratings() -> int:
    """Flagged default ratings for regions that turned them on (off by default)."""
    from gaoxin.evaluations.services import default_ratings_create

    return default_ratings_create()


@periodic("evaluations.upstream_push", every_seconds=60)
def upstream_push() -> int:
    """Send due upstream queue entries; failures back off and are retried (补报) until acknowledged."""
    from gaoxin.evaluations.exchange.push import upstream_push_due

    return upstream_push_due().acked


@periodic("evaluations.rate_limit_prune", every_seconds=86400)
def rate_limit_prune() -> int:
    """Drop rate-limit counters older than a day (they only matter for minutes)."""
    from gaoxin.evaluations.models import RateLimitHit

    deleted, _detail = RateLimitHit.objects.filter(at__lt=timezone.now() - timedelta(days=1)).delete()
    return deleted
