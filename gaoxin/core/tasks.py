"""Core background tasks: external deliveries and the periodic-job runner.

Enqueued with transaction.on_commit by the services; the worker (`manage.py db_worker`)
runs them; in tests the immediate backend runs them inline."""

from __future__ import annotations

from django.tasks import task

from gaoxin.core.periodic import periodic, periodic_run


@task()
def deliver(delivery_id: int) -> str:
    """One attempt at sending a Delivery (idempotent: a sent or claimed delivery is left alone)."""
    from gaoxin.core.notify.delivery import delivery_attempt

    return delivery_attempt(delivery_id=delivery_id)


@task()
def run_periodic(name: str) -> None:
    """Run the periodic job `name` (enqueued by `manage.py scheduler`)."""
    periodic_run(name)


@periodic("core.notify_retry", every_seconds=60)
def notify_retry() -> int:
    """Re-send external deliveries whose retry (or lost first attempt) is due."""
    from gaoxin.core.notify.delivery import deliveries_retry_due

    return deliveries_retry_due()
