"""Upstream push: POST queued ratings in batches to the configured URL; retry with backoff,
keep back-filling (补报) until each rating is acknowledged exactly once.

Protocol: POST {"records": [...]} (JSON, records as in dataset.py); a 2xx reply may name the
acknowledged records as {"acked": ["<评价编号>", ...]}; without that list, a 2xx acknowledges
the whole batch. Anything else (error status, timeout, refused connection) is retried later.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import F, Q
from django.utils import timezone

from gaoxin.evaluations.enums import PushStatus
from gaoxin.evaluations.exchange.dataset import division_codes, record_for
from gaoxin.evaluations.models import UpstreamPush

BACKOFF_FIRST_SECONDS = 60
BACKOFF_MAX_SECONDS = 3600


@dataclass
class PushReport:
    batches: int = 0
    acked: int = 0
    failed: int = 0


def backoff(attempts: int) -> timedelta:
    return timedelta(seconds=min(BACKOFF_FIRST_SECONDS * 2 ** max(attempts - 1, 0), BACKOFF_MAX_SECONDS))


def _post(url: str, payload: bytes, timeout: float) -> tuple[int, bytes]:
    request = urllib.request.Request(  # noqa: S310 - the URL is an admin-configured http(s) endpoint
        url, data=payload, method="POST", headers={"Content-Type": "application/json; charset=utf-8"}
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
        return response.status, response.read()


def upstream_push_due(*, now: datetime | None = None, batch_size: int = 100, timeout: float = 5.0) -> PushReport:
    """Send every due queue entry once (grouped by URL, in batches). Idempotent; safe to run often."""
    now = now or timezone.now()
    due = list(
        UpstreamPush.objects.select_related("rating__case", "rating__item", "rating__department")
        .filter(Q(status=PushStatus.PENDING) | Q(status=PushStatus.RETRYING), next_attempt_at__lte=now)
        .order_by("next_attempt_at", "id")
    )
    report = PushReport()
    if not due:
        return report
    codes = division_codes()
    by_url: dict[str, list[UpstreamPush]] = defaultdict(list)
    for entry in due:
        by_url[entry.url].append(entry)
    for url, entries in by_url.items():
        for i in range(0, len(entries), batch_size):
            batch = entries[i : i + batch_size]
            report.batches += 1
            records = [record_for(e.rating, codes) for e in batch]
            payload = json.dumps({"records": records}, ensure_ascii=False).encode()
            error = ""
            acked: set[str] = set()
            try:
                status, body = _post(url, payload, timeout)
                if 200 <= status < 300:
                    try:
                        listed = json.loads(body or b"{}").get("acked")
                    except (ValueError, AttributeError):
                        listed = None
                    acked = {r["rating_id"] for r in records} if listed is None else {str(x) for x in listed}
                else:
                    error = f"HTTP {status}"
            except urllib.error.HTTPError as exc:
                error = f"HTTP {exc.code}"
            except (urllib.error.URLError, OSError, ValueError) as exc:
                error = f"{type(exc).__name__}: {exc}"[:500]
            ok_ids = [e.pk for e in batch if str(e.rating.uuid) in acked]
            failed = [e for e in batch if str(e.rating.uuid) not in acked]
            if ok_ids:
                UpstreamPush.objects.filter(pk__in=ok_ids, acked_at__isnull=True).update(
                    status=PushStatus.ACKED, acked_at=now, attempts=F("attempts") + 1, last_error=""
                )
                report.acked += len(ok_ids)
            for entry in failed:
                attempts = entry.attempts + 1
                UpstreamPush.objects.filter(pk=entry.pk).update(
                    status=PushStatus.RETRYING,
                    attempts=attempts,
                    next_attempt_at=now + backoff(attempts),
                    last_error=error or "not acknowledged",
                )
                report.failed += 1
    return report
