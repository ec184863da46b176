"""Core background tasks: external deliveries and the periodic-job runner.

Enqueued with transaction.on_commit by the services; the worker (`manage.py db_worker`)
runs them; in tests the immediate backend runs them inline."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.tasks import task
from django.utils import timezone

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


@periodic("core.task_results_prune", every_seconds=24 * 3600)
def task_results_prune() -> int:
    """Delete finished task results older than TASK_RESULTS_KEEP_DAYS (database queue only)."""
    from django.tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    if not isinstance(task_backends[DEFAULT_TASK_BACKEND_ALIAS], DatabaseBackend):
        return 0
    cutoff = timezone.now() - timedelta(days=settings.TASK_RESULTS_KEEP_DAYS)
    deleted, _ = DBTaskResult.objects.finished().filter(finished_at__lt=cutoff).delete()
    return deleted
