"""Periodic work: register a no-argument function with @periodic(name, every_seconds) in an
app's tasks.py; `manage.py scheduler` enqueues the due ones as tasks and the worker runs them.

    from gaoxin.core.periodic import periodic

    @periodic("rectifications.overdue_scan", every_seconds=300)
    def overdue_scan() -> None:
        ...

Each job has one PeriodicRun row. A job is due when it was never enqueued or was last
enqueued at least every_seconds ago. Enqueueing claims the slot with a conditional UPDATE
on last_enqueued_at, so two schedulers running side by side never enqueue a job twice.
Jobs must be idempotent (a crash between claim and run skips one period, never doubles).
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from django.apps import apps
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from gaoxin.core.models import PeriodicRun

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    every_seconds: int
    func: Callable[[], object]


REGISTRY: dict[str, PeriodicJob] = {}
_discovered = False


def periodic(name: str, every_seconds: int) -> Callable[[Callable[[], object]], Callable[[], object]]:
    """Register `func` to run every `every_seconds` seconds under the stable `name`."""
    if every_seconds < 1:
        raise ValueError("every_seconds must be at least 1")

    def register(func: Callable[[], object]) -> Callable[[], object]:
        existing = REGISTRY.get(name)
        if existing is not None and existing.func.__qualname__ != func.__qualname__:
            raise ValueError(f"periodic job {name!r} is already registered by {existing.func.__module__}")
        REGISTRY[name] = PeriodicJob(name=name, every_seconds=every_seconds, func=func)
        return func

    return register


def discover() -> dict[str, PeriodicJob]:
    """Import each installed gaoxin app's tasks.py once, so its @periodic jobs register."""
    global _discovered
    if not _discovered:
        for config in apps.get_app_configs():
            if config.name.startswith("gaoxin.") and importlib.util.find_spec(f"{config.name}.tasks"):
                importlib.import_module(f"{config.name}.tasks")
        _discovered = True
    return REGISTRY


def is_due(job: PeriodicJob, last_enqueued_at: datetime | None, now: datetime) -> bool:
    return last_enqueued_at is None or now - last_enqueued_at >= timedelta(seconds=job.every_seconds)


def periodic_enqueue_due(*, now: datetime | None = None) -> list[str]:
    """Enqueue run_periodic(name) for every due job; return the names enqueued by this call.

    Scheduler bookkeeping only (no AuditEvent: a tick per minute would bury the audit trail);
    what the jobs change is audited by the services they call."""
    from gaoxin.core.tasks import run_periodic

    now = now or timezone.now()
    jobs = discover()
    last = dict(PeriodicRun.objects.filter(name__in=list(jobs)).values_list("name", "last_enqueued_at"))
    for name in sorted(set(jobs) - set(last)):
        PeriodicRun.objects.get_or_create(name=name)
        last[name] = None
    enqueued = []
    # Read first, write only for due jobs: an idle pass takes no write lock (SQLite serialises writers).
    for name, entry in sorted(jobs.items()):
        if not is_due(entry, last[name], now):
            continue
        cutoff = now - timedelta(seconds=entry.every_seconds)
        with transaction.atomic():
            claimed = PeriodicRun.objects.filter(
                Q(last_enqueued_at__isnull=True) | Q(last_enqueued_at__lte=cutoff), name=name
            ).update(last_enqueued_at=now)
            if claimed:
                transaction.on_commit(partial(run_periodic.enqueue, name))
                enqueued.append(name)
    return enqueued


def periodic_run(name: str) -> object:
    """Run one job now (called by the run_periodic task) and record start, finish and error."""
    entry = discover().get(name)
    if entry is None:  # removed from the code since it was enqueued
        logger.warning("periodic job %r is not registered; skipped", name)
        return None
    PeriodicRun.objects.update_or_create(name=name, defaults={"last_started_at": timezone.now()})
    try:
        result = entry.func()
    except Exception as exc:
        PeriodicRun.objects.filter(name=name).update(
            last_finished_at=timezone.now(), last_error=f"{type(exc).__name__}: {exc}"[:2000]
        )
        raise
    PeriodicRun.objects.filter(name=name).update(last_finished_at=timezone.now(), last_error="")
    return result


def schedule_rows() -> list[dict[str, object]]:
    """The registered jobs with their last runs and next due time (for the scheduler's listing)."""
    jobs = discover()
    runs = {r.name: r for r in PeriodicRun.objects.filter(name__in=list(jobs))}
    rows = []
    for name, entry in sorted(jobs.items()):
        run = runs.get(name)
        last = run.last_enqueued_at if run else None
        rows.append(
            {
                "name": name,
                "every_seconds": entry.every_seconds,
                "last_enqueued_at": last,
                "next_due_at": last + timedelta(seconds=entry.every_seconds) if last else None,
                "last_finished_at": run.last_finished_at if run else None,
                "last_error": run.last_error if run else "",
            }
        )
    return rows
