"""Periodic work of statistics: integrity scans and the daily public snapshot."""

from __future__ import annotations

from datetime import timedelta

from gaoxin.core.periodic import periodic


@periodic("evalstats.integrity_scan", every_seconds=3600)
def integrity_scan_all() -> int:
    from django.utils import timezone

    from gaoxin.evalstats.integrity import integrity_scan
    from gaoxin.evaluations.models import Hall

    now = timezone.now()
    return sum(integrity_scan(hall=h, since=now - timedelta(days=30), until=now) for h in Hall.objects.all())


@periodic("evalstats.public_snapshot", every_seconds=6 * 3600)
def public_snapshot_all() -> int:
    from gaoxin.core.models import Region
    from gaoxin.evalstats.public import public_snapshot_refresh
    from gaoxin.evaluations.models import Hall

    regions = Region.objects.filter(pk__in=Hall.objects.values("region_id"))
    zones = {r.path.strip("/").split("/")[min(2, len(r.path.strip("/").split("/")) - 1)] for r in regions}
    count = 0
    for region in Region.objects.filter(pk__in=[int(z) for z in zones]):
        public_snapshot_refresh(region=region)
        count += 1
    return count
