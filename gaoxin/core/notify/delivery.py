"""Sending a recorded Delivery: claim an attempt, call the channel adapter outside any
transaction, then record sent / retrying (exponential backoff) / failed.

An attempt is claimed with a conditional UPDATE on (status, attempts), so two workers (the
on-commit task and the retry job, or two retry jobs) never send the same attempt twice; the
claim pushes next_attempt_at out by a lease, so a worker that dies mid-send is retried later.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from gaoxin.core.audit import audit_log
from gaoxin.core.enums import DeliveryStatus
from gaoxin.core.models import Delivery
from gaoxin.core.notify.channels import adapter
from gaoxin.core.notify.http import DeliveryFailed

logger = logging.getLogger(__name__)

OPEN_STATUSES = (DeliveryStatus.PENDING, DeliveryStatus.RETRYING)
# While an attempt runs, nobody else picks the delivery up for this long.
CLAIM_LEASE_SECONDS = 300
RETRY_BATCH = 500


def backoff_seconds(attempts: int) -> int:
    """Delay before the next attempt after `attempts` failed ones: base · 2^(attempts-1), capped."""
    base = int(settings.NOTIFY_RETRY_BASE_SECONDS)
    cap = int(settings.NOTIFY_RETRY_MAX_SECONDS)
    return min(cap, base * 2 ** max(0, attempts - 1))


def _claim(delivery: Delivery, now: datetime) -> bool:
    return bool(
        Delivery.objects.filter(pk=delivery.pk, status=delivery.status, attempts=delivery.attempts).update(
            attempts=delivery.attempts + 1, next_attempt_at=now + timedelta(seconds=CLAIM_LEASE_SECONDS)
        )
    )


def delivery_attempt(*, delivery_id: int, force: bool = False) -> str:
    """Make one attempt at a delivery if it is open and due (or `force`); return its status after."""
    now = timezone.now()
    delivery = Delivery.objects.filter(pk=delivery_id).first()
    if delivery is None:
        return "missing"
    if delivery.status not in OPEN_STATUSES:
        return delivery.status
    if (
        delivery.status == DeliveryStatus.RETRYING
        and not force
        and delivery.next_attempt_at is not None
        and delivery.next_attempt_at > now
    ):
        return delivery.status
    channel = adapter(delivery.channel)
    if not channel.is_configured():
        with transaction.atomic():
            updated = Delivery.objects.filter(pk=delivery.pk, status__in=OPEN_STATUSES).update(
                status=DeliveryStatus.SKIPPED,
                next_attempt_at=None,
                last_error=_("渠道未配置"),
            )
            if updated:
                audit_log(
                    actor=None,
                    action="notify.delivery.skip",
                    obj=delivery,
                    object_repr=delivery.channel,
                    after={"status": DeliveryStatus.SKIPPED},
                )
        return DeliveryStatus.SKIPPED
    if not _claim(delivery, now):
        return Delivery.objects.values_list("status", flat=True).get(pk=delivery.pk)
    delivery.attempts += 1
    error: str | None = None
    try:
        channel.send(delivery)
    except DeliveryFailed as exc:
        error = str(exc)
    except Exception as exc:  # an adapter bug must not leave the delivery claimed forever
        logger.exception("notify adapter %s crashed", delivery.channel)
        error = f"{type(exc).__name__}: {exc}"
    return _record_outcome(delivery, error)


def _record_outcome(delivery: Delivery, error: str | None) -> str:
    now = timezone.now()
    max_attempts = int(settings.NOTIFY_MAX_ATTEMPTS)
    changes: dict[str, Any]
    if error is None:
        changes = {"status": DeliveryStatus.SENT, "sent_at": now, "next_attempt_at": None, "last_error": ""}
    elif delivery.attempts >= max_attempts:
        changes = {"status": DeliveryStatus.FAILED, "next_attempt_at": None, "last_error": error[:2000]}
    else:
        changes = {
            "status": DeliveryStatus.RETRYING,
            "next_attempt_at": now + timedelta(seconds=backoff_seconds(delivery.attempts)),
            "last_error": error[:2000],
        }
    with transaction.atomic():
        Delivery.objects.filter(pk=delivery.pk, attempts=delivery.attempts).update(**changes)
        if changes["status"] in (DeliveryStatus.SENT, DeliveryStatus.FAILED):
            audit_log(
                actor=None,
                action=f"notify.delivery.{changes['status']}",
                obj=delivery,
                object_repr=f"{delivery.channel} #{delivery.pk}",
                after={"status": changes["status"], "attempts": delivery.attempts, "error": error or ""},
            )
    return str(changes["status"])


def deliveries_due(now: datetime | None = None) -> list[int]:
    """Open deliveries whose next attempt is due (retries, and pending ones whose task was lost)."""
    now = now or timezone.now()
    return list(
        Delivery.objects.filter(status__in=OPEN_STATUSES)
        .filter(Q(next_attempt_at__lte=now) | Q(next_attempt_at__isnull=True))
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:RETRY_BATCH]
    )


def deliveries_retry_due() -> int:
    """Enqueue an attempt for each due delivery (the periodic job "core.notify_retry"); return how many."""
    from gaoxin.core.tasks import deliver

    ids = deliveries_due()
    for pk in ids:
        deliver.enqueue(pk)
    return len(ids)
